"""The daily digest: one email per supervisor who chose it, listing the breach
alerts that were not emailed to them one by one."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.mail import stable_message_id
from sla.models import BREACH_KINDS, DigestPreference, Notification


def digests_send(*, now=None) -> int:
    """Send every due digest (at most one per user and local day). Returns emails sent."""
    now = now or timezone.now()
    user_ids = DigestPreference.objects.filter(daily_digest=True, user__is_active=True).values_list(
        "user_id", flat=True
    )
    sent, failures = 0, []
    for uid in list(user_ids):
        try:
            sent += digest_send_for(user_id=uid, now=now)
        except Exception as exc:
            # Nothing was stamped for this user (rolled back): the task's retry, or the
            # next hourly run, sends it; the other digests go out now.
            failures.append(exc)
    if failures:
        raise DigestsFailed(f"{len(failures)} digest(s) not sent, {sent} sent") from failures[0]
    return sent


class DigestsFailed(Exception):
    """Some digests could not be sent (SMTP down): retried like any email."""


@transaction.atomic
def digest_send_for(*, user_id: int, now) -> bool:
    pref = (
        DigestPreference.objects.select_for_update(skip_locked=True)
        .select_related("user")
        .filter(user_id=user_id, daily_digest=True)
        .first()
    )
    today = timezone.localdate(now)
    if pref is None or (pref.last_digest_at and timezone.localdate(pref.last_digest_at) == today):
        return False
    pending = list(
        Notification.objects.filter(
            user_id=user_id, emailed=False, alert__kind__in=BREACH_KINDS, created_at__lte=now
        )
        .select_related("alert__pqr")
        .order_by("alert__pqr__radicado", "created_at")
    )
    pref.last_digest_at = now
    pref.save(update_fields=["last_digest_at"])
    if not pending or not pref.user.email:
        return False
    lines = [f"- {n.alert.pqr.radicado}: {n.alert.get_kind_display()}" for n in pending]
    subject = ngettext(
        "Resumen diario: %(count)d alerta de vencimiento",
        "Resumen diario: %(count)d alertas de vencimiento",
        len(pending),
    ) % {"count": len(pending)}
    intro = _("Estas PQR vencieron un término desde su último resumen:")
    EmailMessage(
        subject,
        "\n".join([intro, "", *lines]),
        to=[pref.user.email],
        headers={"Message-ID": stable_message_id("digest", pref.user_id, f"{today:%Y%m%d}")},
    ).send()
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed=True)
    return True
