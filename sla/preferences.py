"""A person's alert emails: the daily digest (on or off, and its hour) and one email
per alert for the kinds they chose. Nobody has to create a row: without one (or with
`daily_digest` left empty) supervisors and administrators get the digest at 07:00 and
agents do not. One email per alert is opt-in, with one exception: a PQR that reports a
risk to someone's life or integrity is emailed at once to the supervisors who never
changed their preferences (a digest the next morning is too late for it); anyone can
untick it on the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from core.roles import Role, has_role
from sla.models import DIGEST_DEFAULT_HOUR, AlertKind, DigestPreference

# The roles whose digest is on unless they turn it off.
DIGEST_BY_DEFAULT = (Role.SUPERVISOR, Role.ADMIN)
# The kinds those roles get one email per alert of until they choose otherwise.
EMAILED_BY_DEFAULT = frozenset({AlertKind.LIFE_AT_RISK.value})


@dataclass(frozen=True)
class AlertPreferences:
    daily_digest: bool
    digest_hour: int
    email_kinds: frozenset[str]
    # True while the person never saved the page: these are their role's defaults.
    is_default: bool
    digest_failed_at: object = None
    digest_error: str = ""

    @property
    def email_kind_labels(self) -> list[str]:
        return [label for value, label in AlertKind.choices if value in self.email_kinds]


def digest_default_for(user) -> bool:
    return has_role(user, Role.SUPERVISOR)


def email_kinds_default_for(user) -> frozenset[str]:
    return EMAILED_BY_DEFAULT if digest_default_for(user) else frozenset()


def preferences_from(*, user, row: DigestPreference | None) -> AlertPreferences:
    """The effective preferences of `user`, given their row (or None)."""
    if row is None:
        return AlertPreferences(
            daily_digest=digest_default_for(user),
            digest_hour=DIGEST_DEFAULT_HOUR,
            email_kinds=email_kinds_default_for(user),
            is_default=True,
        )
    return AlertPreferences(
        daily_digest=digest_default_for(user) if row.daily_digest is None else row.daily_digest,
        digest_hour=row.digest_hour,
        email_kinds=(
            frozenset(row.email_kinds)
            if row.daily_digest is not None or row.email_kinds
            else email_kinds_default_for(user)
        ),
        is_default=row.daily_digest is None and not row.email_kinds,
        digest_failed_at=row.digest_failed_at,
        digest_error=row.digest_error,
    )


def alert_preferences_get(*, user) -> AlertPreferences:
    row = DigestPreference.objects.filter(user=user).first()
    return preferences_from(user=user, row=row)


def alert_preferences_set(
    *, user, daily_digest: bool, digest_hour: int, email_kinds: list[str]
) -> DigestPreference:
    """Save what the person chose; from then on their role no longer decides."""
    row, _created = DigestPreference.objects.update_or_create(
        user=user,
        defaults={
            "daily_digest": daily_digest,
            "digest_hour": digest_hour,
            "email_kinds": sorted(set(email_kinds)),
        },
    )
    return row


def emailed_one_by_one(*, user_ids, kind: str) -> set[int]:
    """Of these people, those who asked for one email per alert of `kind`, or get it by
    their role's default because they never saved the page (one query)."""
    wants = Q(sla_digest__email_kinds__contains=[kind])
    if kind in EMAILED_BY_DEFAULT:
        never_saved = Q(sla_digest__isnull=True) | Q(
            sla_digest__daily_digest__isnull=True, sla_digest__email_kinds=[]
        )
        wants |= never_saved & _by_default()
    return set(
        get_user_model()
        .objects.filter(wants, pk__in=list(user_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def _by_default() -> Q:
    role_users = get_user_model().objects.filter(groups__name__in=DIGEST_BY_DEFAULT)
    return Q(is_superuser=True) | Q(pk__in=role_users.values("pk"))


def digest_user_ids_due(*, now=None) -> list[int]:
    """People whose digest is due at `now`: it is on (chosen, or their role's
    default), their hour has come in Bogotá's local time and none went out today."""
    local = timezone.localtime(now or timezone.now())
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    on = Q(sla_digest__daily_digest=True) | (
        Q(sla_digest__daily_digest__isnull=True) & _by_default()
    )
    hour_reached = Q(sla_digest__digest_hour__lte=local.hour)
    if local.hour >= DIGEST_DEFAULT_HOUR:
        hour_reached |= Q(sla_digest__isnull=True)
    not_today = Q(sla_digest__last_digest_at__isnull=True) | Q(
        sla_digest__last_digest_at__lt=day_start
    )
    return list(
        get_user_model()
        .objects.filter(on & hour_reached & not_today, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
