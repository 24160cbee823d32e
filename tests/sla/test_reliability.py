"""Issue 12 on the SLA side: alerts queued only after commit, the sweep stamps before
it publishes, stable Message-IDs, the daily digest retried when SMTP is down."""

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.db import transaction
from django.utils import timezone

from sla.digest import DigestsFailed, digests_send
from sla.models import Alert, AlertKind, DigestPreference
from sla.services import alert_raise
from sla.sweep import alerts_queue_unsent
from tests.pqr.factories import make_pqr
from tests.sla.alert_emails import email_every_alert
from tests.sla.conftest import at
from tests.sla.test_digest import _breached, _to
from tests.sla.test_digest import digest_boss as digest_boss  # the fixture

pytestmark = pytest.mark.django_db


def _raise_then_roll_back(pqr) -> None:
    try:
        with transaction.atomic():
            alert_raise(pqr=pqr, kind=AlertKind.ANGER, threshold="x")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass


def test_an_alert_raised_in_a_rolled_back_transaction_is_neither_kept_nor_sent(
    agent, team_a, django_capture_on_commit_callbacks
):
    pqr = make_pqr(actor=agent, team=team_a, assigned_to=agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _raise_then_roll_back(pqr)
    # Eager mode would have sent it at once had it been queued before the commit.
    assert callbacks == []
    assert not Alert.objects.filter(pqr=pqr, kind=AlertKind.ANGER).exists()
    assert mail.outbox == []


def test_the_sweep_stamps_alerts_before_their_task_runs(agent, team_a):
    pqr = make_pqr(actor=agent, team=team_a, assigned_to=agent)
    alert = Alert.objects.create(pqr=pqr, kind=AlertKind.WARNING, threshold="s")
    seen = []

    def before_task(sender=None, args=None, **kwargs):
        if sender.name == "sla.tasks.alerts_send":
            seen.append(Alert.objects.get(pk=alert.pk).claimed_at)

    task_prerun.connect(before_task, weak=False)
    try:
        now = timezone.now()
        assert alerts_queue_unsent(now=now) == 1
    finally:
        task_prerun.disconnect(before_task)
    # The task (eager: run inside publish) already saw the sweep's stamp.
    assert seen == [now]
    alert.refresh_from_db()
    assert alert.sent_at is not None


def test_alert_email_has_a_message_id_derived_from_the_alert(agent, team_a):
    email_every_alert(agent)
    pqr = make_pqr(actor=agent, team=team_a, assigned_to=agent)
    mail.outbox.clear()
    alert = Alert.objects.create(pqr=pqr, kind=AlertKind.WARNING, threshold="m")
    alerts_queue_unsent(now=timezone.now())
    (message,) = [m for m in mail.outbox if pqr.radicado in m.subject]
    assert message.extra_headers["Message-ID"] == f"<pqr-alert-{alert.pk}@127.0.0.1>"


def test_digest_not_sent_while_smtp_is_down_is_sent_by_a_later_run(
    agent,
    team_a,
    digest_boss,
    travel,
    settings,
):
    _breached(travel, agent, team_a, n=1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with pytest.raises(DigestsFailed):
        digests_send(now=at(2026, 4, 11, 7))
    assert DigestPreference.objects.get(user=digest_boss).last_digest_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send(now=at(2026, 4, 11, 8)) == 1
    (digest,) = _to(digest_boss)
    assert digest.extra_headers["Message-ID"].startswith(f"<pqr-digest-{digest_boss.pk}-20260411")
