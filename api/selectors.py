"""Reads of the API: the UI's own selectors, scoped to the caller (a key's teams through
the visibility rule, or the staff member's role)."""

from django.db.models import Prefetch, QuerySet

from pqr.models import Pqr, PqrAttachment, PqrEvent, PqrMessage, PqrType, Team
from pqr.selectors import pqr_queue
from pqr.visibility import pqr_visible_to


def api_pqr_list(*, user, filters: dict) -> QuerySet[Pqr]:
    """The queue with its filters (pqr.selectors.pqr_queue); ordering is the cursor's."""
    team = Team.objects.filter(pk=filters["team"]).first() if filters.get("team") else None
    pqr_type = PqrType.objects.filter(code=filters["type"]).first() if filters.get("type") else None
    if (filters.get("team") and team is None) or (filters.get("type") and pqr_type is None):
        return Pqr.objects.none()
    return pqr_queue(
        user=user,
        query=filters.get("q", ""),
        status=filters.get("status") or "open",
        pqr_type=pqr_type,
        team=team,
        channel=filters.get("channel", ""),
        priority=filters.get("priority", ""),
        anger=filters.get("anger", False),
        due=filters.get("due", ""),
        mine=filters.get("mine", False),
    )


def api_pqr_detail(*, user, radicado: str) -> Pqr | None:
    """One PQR in the caller's scope with its conversation and events (constant queries)."""
    radicado = (radicado or "").strip().upper()
    messages = PqrMessage.objects.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=PqrAttachment.objects.order_by("id"))
    )
    return (
        pqr_visible_to(user=user)
        .filter(radicado=radicado)
        .select_related("pqr_type", "customer", "team", "assigned_to", "root_cause")
        .prefetch_related(
            Prefetch("messages", queryset=messages.order_by("created_at", "id")),
            Prefetch("events", queryset=PqrEvent.objects.select_related("actor").order_by("id")),
            Prefetch(
                "attachments",
                queryset=PqrAttachment.objects.filter(message__isnull=True).order_by("id"),
                to_attr="intake_attachments",
            ),
        )
        .first()
    )
