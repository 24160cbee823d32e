"""Beat reads every active mailbox; one task per mailbox (two at once are safe)."""

import logging

from celery import shared_task
from django.conf import settings

from core.jobs import publish

from . import services
from .models import Mailbox

logger = logging.getLogger(__name__)
# New messages read per run; a bigger backlog continues in the next task at once.
POLL_LIMIT = 300


@shared_task(ignore_result=True)
def mailboxes_poll_all() -> int:
    ids = list(Mailbox.objects.filter(is_active=True).values_list("id", flat=True))
    for mailbox_id in ids:
        publish("mailboxes.tasks.mailbox_poll", mailbox_id)
    return len(ids)


@shared_task(
    ignore_result=True, acks_late=True, soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT
)
def mailbox_poll(mailbox_id: int) -> int:
    """A failure (server down, wrong password) is recorded on the mailbox, shown in
    the admin; beat tries again at the next poll."""
    try:
        result = services.mailbox_poll(mailbox_id=mailbox_id, limit=POLL_LIMIT)
    except Mailbox.DoesNotExist:
        return 0
    except Exception:
        logger.exception("mailbox %s could not be read", mailbox_id)
        return 0
    if result.more:
        publish("mailboxes.tasks.mailbox_poll", mailbox_id)
    return result.processed
