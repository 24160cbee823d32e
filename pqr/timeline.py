"""Entries other apps add to the PQR detail timeline (SLA alerts, surveys, ...).

An app registers `fn(pqr) -> Iterable[customers.timeline.TimelineEntry]` in its
AppConfig.ready(); it must issue a constant number of queries.
"""

import logging
from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from customers.timeline import TimelineEntry

from .models import Pqr
from .visibility import pqr_visible_to

PqrTimelineProvider = Callable[[Pqr], Iterable[TimelineEntry]]

_providers: list[PqrTimelineProvider] = []
logger = logging.getLogger(__name__)


def register_pqr_timeline_provider(provider: PqrTimelineProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def pqr_external_entries(pqr, skip: tuple = ()) -> list[TimelineEntry]:
    """Every provider's entries; `skip`: providers whose rows the caller read itself."""
    entries: list[TimelineEntry] = []
    for provider in _providers:
        if provider in skip:
            continue
        # One broken contributor must not take the PQR page down; logged by id only.
        try:
            entries.extend(provider(pqr))
        except Exception:
            logger.exception(
                "pqr timeline provider %s failed for pqr %s",
                getattr(provider, "__qualname__", provider),
                pqr.pk,
            )
    return entries


def customer_pqr_entries(customer, limit: int, user=None):
    """The customer's PQRs the user may see, for the customer timeline (one query)."""
    visible = Pqr.objects.all() if user is None else pqr_visible_to(user=user)
    rows = (
        visible.filter(customer=customer)
        .select_related("pqr_type")
        .only("id", "radicado", "subject", "status", "created_at", "pqr_type__name")
        .order_by("-created_at")[:limit]
    )
    for row in rows:
        yield TimelineEntry(
            when=row.created_at,
            kind="pqr",
            title=_("%(type)s %(radicado)s (%(status)s)")
            % {
                "type": str(row.pqr_type),
                "radicado": row.radicado,
                "status": row.get_status_display(),
            },
            detail=row.subject,
            url=reverse("pqr:detail", args=[row.pk]),
            icon="inbox",
        )
