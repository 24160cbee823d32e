"""Reads for the SLA engine: the cached calendar, policies and terms."""

from __future__ import annotations

import threading

from sla.calendar import BusinessCalendar, CalendarConfig
from sla.models import LegalTerm, NonWorkingDay, Organization, SlaPolicy

_lock = threading.Lock()
_cache: dict[str, tuple[int, BusinessCalendar]] = {}


def organization_get() -> Organization:
    org, created = Organization.objects.get_or_create(
        pk=1, defaults={"working_weekdays": [0, 1, 2, 3, 4]}
    )
    if created:
        org.refresh_from_db()  # turn string defaults into time values
    return org


def calendar_get() -> BusinessCalendar:
    """The business calendar, rebuilt only when the organisation's
    `calendar_version` changes (bumped on every settings or extra-day edit).
    One query for the version; the year tables live in process memory."""
    org = organization_get()
    cached = _cache.get("cal")
    if cached and cached[0] == org.calendar_version:
        return cached[1]
    config = CalendarConfig(
        weekdays=frozenset(org.working_weekdays or [0, 1, 2, 3, 4]),
        office_start=org.office_start,
        office_end=org.office_end,
        cutoff=org.cutoff,
        extra_days=frozenset(NonWorkingDay.objects.values_list("day", flat=True)),
    )
    cal = BusinessCalendar(config)
    with _lock:
        _cache["cal"] = (org.calendar_version, cal)
    return cal


def policies_active() -> list[SlaPolicy]:
    return list(SlaPolicy.objects.filter(is_active=True).order_by("order", "id"))


def policy_for(pqr, policies: list[SlaPolicy] | None = None) -> SlaPolicy | None:
    for policy in policies if policies is not None else policies_active():
        if policy.matches(pqr):
            return policy
    return None


def legal_terms_by_type() -> dict[int, LegalTerm]:
    return {t.pqr_type_id: t for t in LegalTerm.objects.all()}
