"""Reads for the SLA engine: the cached calendar, policies and terms."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sla.calendar import BusinessCalendar, CalendarConfig
from sla.models import (
    LegalRegime,
    LegalTerm,
    NonWorkingDay,
    Organization,
    SilenceEffect,
    SlaPolicy,
)

# Ley 142/1994 art. 158: a public-utility company that leaves a petition, complaint
# or claim unanswered for 15 business days is taken to have granted it.
PUBLIC_UTILITY_SILENCE_TYPES = frozenset({"peticion", "queja", "reclamo"})

_lock = threading.Lock()
# name -> (calendar_version, value): rebuilt when the organisation's version changes.
_cache: dict[str, tuple[int, object]] = {}


def _same_version(name: str, version: int):
    cached = _cache.get(name)
    return cached[1] if cached and cached[0] == version else None


def _remember(name: str, version: int, value) -> None:
    with _lock:
        _cache[name] = (version, value)


def organization_get() -> Organization:
    org, created = Organization.objects.get_or_create(
        pk=1, defaults={"working_weekdays": [0, 1, 2, 3, 4]}
    )
    if created:
        org.refresh_from_db()  # turn string defaults into time values
    return org


def calendar_get(org: Organization | None = None) -> BusinessCalendar:
    """The business calendar, rebuilt only when the organisation's
    `calendar_version` changes (bumped on every settings or extra-day edit).
    One query for the version; the year tables live in process memory."""
    org = org or organization_get()
    cached = _same_version("cal", org.calendar_version)
    if cached is not None:
        return cached
    config = CalendarConfig(
        weekdays=frozenset(org.working_weekdays or [0, 1, 2, 3, 4]),
        office_start=org.office_start,
        office_end=org.office_end,
        cutoff=org.cutoff,
        extra_days=frozenset(NonWorkingDay.objects.values_list("day", flat=True)),
    )
    cal = BusinessCalendar(config)
    _remember("cal", org.calendar_version, cal)
    return cal


def policies_active() -> list[SlaPolicy]:
    return list(SlaPolicy.objects.filter(is_active=True).order_by("order", "id"))


def policy_for(pqr, policies: list[SlaPolicy] | None = None) -> SlaPolicy | None:
    for policy in policies if policies is not None else policies_active():
        if policy.matches(pqr):
            return policy
    return None


def legal_terms_by_type() -> dict[int, LegalTerm]:
    return {t.pqr_type_id: t for t in LegalTerm.objects.select_related("pqr_type")}


def silence_effect_of(term: LegalTerm | None, regime: str) -> str:
    """The term's own silence effect; under the public-utility regime petitions,
    complaints and claims also get silencio administrativo positivo."""
    if term is None:
        return SilenceEffect.NONE
    if (
        term.silence_effect == SilenceEffect.NONE
        and regime == LegalRegime.SERVICIOS_PUBLICOS
        and term.pqr_type.code in PUBLIC_UTILITY_SILENCE_TYPES
    ):
        return SilenceEffect.ACCEPTED
    return term.silence_effect


@dataclass(frozen=True)
class Rules:
    """Everything the clock needs to date and watch PQRs, read in a few queries."""

    cal: BusinessCalendar
    share: int
    regime: str
    policies: list[SlaPolicy]
    terms: dict[int, LegalTerm]

    def term_for(self, pqr_type_id: int) -> LegalTerm | None:
        return self.terms.get(pqr_type_id)

    def silence_for(self, pqr_type_id: int) -> str:
        return silence_effect_of(self.terms.get(pqr_type_id), self.regime)

    def public_utility(self, pqr_type_id: int) -> bool:
        """Ley 142/1994: petitions, complaints and claims of a public-utility user
        (no prórroga; silencio positivo)."""
        term = self.terms.get(pqr_type_id)
        return (
            self.regime == LegalRegime.SERVICIOS_PUBLICOS
            and term is not None
            and term.pqr_type.code in PUBLIC_UTILITY_SILENCE_TYPES
        )

    def policy_for(self, pqr) -> SlaPolicy | None:
        return policy_for(pqr, self.policies)


def rules_get(*, version: int | None = None) -> Rules:
    """The rules, read once per process and per `calendar_version` (one query for the
    version): every edit of the calendar, a policy or a legal term bumps it
    (sla.services.deadlines_recompute_later). Intake dated each filing with three
    extra queries before (issue 18). A caller that read the version with its own
    query (the PQR page, with the PQR) passes it and saves that one too."""
    if version is not None:
        cached = _same_version("rules", version)
        if cached is not None:
            return cached
    org = organization_get()
    cached = _same_version("rules", org.calendar_version)
    if cached is not None:
        return cached
    rules = Rules(
        cal=calendar_get(org),
        share=org.warning_share,
        regime=org.legal_regime,
        policies=policies_active(),
        terms=legal_terms_by_type(),
    )
    _remember("rules", org.calendar_version, rules)
    return rules


def process_caches_clear() -> None:
    """Forget the calendar and rules read by this process: after an edit made here,
    and in tests (each test's database starts again at the same version)."""
    with _lock:
        _cache.clear()
