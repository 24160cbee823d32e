"""Opting people in to one email per alert, for the tests that follow such an email."""

from sla.models import AlertKind, DigestPreference


def email_every_alert(*users, kinds=None) -> None:
    """These people asked for one email per alert of `kinds` (default: every kind);
    their digest stays their role's default."""
    for user in users:
        DigestPreference.objects.update_or_create(
            user=user,
            defaults={"email_kinds": list(AlertKind.values if kinds is None else kinds)},
        )
