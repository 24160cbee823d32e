"""The daily digest: one email a day, at the hour each person chose (Bogotá time),
listing the alerts that were not emailed to them one by one (sla.preferences)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.mail import stable_message_id
from sla.models import DigestPreference, Notification
from sla.preferences import digest_user_ids_due, preferences_from

# A digest never reaches further back than this: someone who turns it on again after
# months does not get every alert of those months.
DIGEST_LOOKBACK = timedelta(days=7)
# A notification committed a little after the previous digest looked (its alert's
# email was still being sent) may carry an earlier time: the window reaches this far
# before that digest; `emailed` keeps what it already listed out.
DIGEST_OVERLAP = timedelta(hours=1)
# Lines listed in one email; the rest are counted and wait on the notifications page.
DIGEST_MAX_LINES = 300


def digests_send(*, now=None) -> int:
    """Send every due digest (at most one per person and local day). Returns emails sent."""
    now = now or timezone.now()
    sent, failures = 0, []
    for uid in digest_user_ids_due(now=now):
        try:
            sent += digest_send_for(user_id=uid, now=now)
        except Exception as exc:
            # Nothing was stamped for this person (rolled back): the task's retry, or the
            # next hourly run, sends it; the other digests go out now. The person sees
            # the failure on their notifications and preferences pages.
            DigestPreference.objects.update_or_create(
                user_id=uid, defaults={"digest_failed_at": now, "digest_error": str(exc)[:500]}
            )
            failures.append(exc)
    if failures:
        raise DigestsFailed(f"{len(failures)} digest(s) not sent, {sent} sent") from failures[0]
    return sent


class DigestsFailed(Exception):
    """Some digests could not be sent (SMTP down): retried like any email."""


def _locked_row(user_id: int) -> DigestPreference | None:
    # A person on their role's default has no row yet: the digest's stamp needs one.
    DigestPreference.objects.get_or_create(user_id=user_id)
    return (
        DigestPreference.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(user_id=user_id)
        .first()
    )


@transaction.atomic
def digest_send_for(*, user_id: int, now) -> bool:
    row = _locked_row(user_id)
    if row is None:  # another worker is sending it
        return False
    prefs = preferences_from(user=row.user, row=row)
    local = timezone.localtime(now)
    today = local.date()
    if (
        not prefs.daily_digest
        or local.hour < prefs.digest_hour
        or (row.last_digest_at and timezone.localdate(row.last_digest_at) == today)
    ):
        return False
    last = row.last_digest_at - DIGEST_OVERLAP if row.last_digest_at else None
    since = max(filter(None, [last, now - DIGEST_LOOKBACK]))
    pending = list(
        Notification.objects.filter(
            user_id=user_id, emailed=False, created_at__gt=since, created_at__lte=now
        )
        .select_related("alert__pqr")
        .order_by("alert__pqr__radicado", "created_at")
    )
    row.last_digest_at = now
    row.digest_failed_at, row.digest_error = None, ""
    row.save(update_fields=["last_digest_at", "digest_failed_at", "digest_error"])
    if not pending or not row.user.email:
        return False
    EmailMessage(
        _subject(len(pending)),
        _body(pending),
        to=[row.user.email],
        headers={"Message-ID": stable_message_id("digest", row.user_id, f"{today:%Y%m%d}")},
    ).send()
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed=True)
    return True


def _subject(count: int) -> str:
    return ngettext(
        "Resumen diario: %(count)d alerta",
        "Resumen diario: %(count)d alertas",
        count,
    ) % {"count": count}


def _body(pending: list[Notification]) -> str:
    lines = [
        f"- {n.alert.pqr.radicado}: {n.alert.get_kind_display()}"
        for n in pending[:DIGEST_MAX_LINES]
    ]
    if len(pending) > DIGEST_MAX_LINES:
        more = len(pending) - DIGEST_MAX_LINES
        lines.append(
            ngettext("… y %(count)d alerta más.", "… y %(count)d alertas más.", more)
            % {"count": more}
        )
    intro = _("Estas alertas llegaron desde su último resumen y no se le enviaron una por una:")
    page = settings.SITE_URL.rstrip("/") + reverse("sla:notifications")
    outro = _("Véalas todas, y cambie cuándo y cómo le avisamos, en %(url)s") % {"url": page}
    return "\n".join([intro, "", *lines, "", outro])
