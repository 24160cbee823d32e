"""The customer timeline, to which other apps contribute without being imported here.

An app registers a provider in its AppConfig.ready():

    from customers.timeline import register_timeline_provider
    register_timeline_provider(pqr_entries_for_customer)

A provider takes a Customer, a limit and the viewing user, and returns TimelineEntry
objects; it must issue a constant number of queries (no query per entry) and show only
what that user may see (e.g. PQRs of the agent's teams).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

TimelineProvider = Callable[["Customer", int, object], Iterable["TimelineEntry"]]  # noqa: F821

_providers: list[TimelineProvider] = []
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # short machine word: "pqr", "survey", "tag", "consent", ...
    title: str
    detail: str = ""
    url: str = ""
    icon: str = "dot"  # a Bootstrap Icons name


def register_timeline_provider(provider: TimelineProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def customer_timeline(customer, limit: int = 50, *, user=None) -> list[TimelineEntry]:
    """Newest first, across every registered provider; each gets `limit` as a hint."""
    entries: list[TimelineEntry] = []
    for provider in _providers:
        # One broken contributor (another app mid-migration) must not take the
        # agent's profile page down; it is logged (ids only, no PII) and skipped.
        try:
            entries.extend(provider(customer, limit, user))
        except Exception:
            logger.exception(
                "timeline provider %s failed for customer %s",
                getattr(provider, "__qualname__", provider),
                customer.pk,
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
