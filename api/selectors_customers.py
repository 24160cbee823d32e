"""Customer reads of the API: the customer pages' own scoping (customers.selectors.
customer_visible_to), so a key bound to team A never reaches a customer whose PQRs are
all in team B."""

from django.db.models import Prefetch, QuerySet

from customers.models import Customer
from customers.selectors import customer_search, customer_visible_to
from pqr.visibility import pqr_visible_to

SEARCH_LIMIT = 50


def api_customer_list(*, user, filters: dict) -> QuerySet[Customer]:
    qs = customer_visible_to(user=user)
    if filters.get("active") is not None:
        qs = qs.filter(is_active=filters["active"])
    if filters.get("updated_since"):
        qs = qs.filter(updated_at__gte=filters["updated_since"])
    return qs


def api_customer_detail(*, user, pk: int) -> Customer | None:
    """The profile with the PQRs of it the caller may see (constant queries)."""
    if not 0 < pk < 2**63:  # a bigint id; anything else exists nowhere
        return None
    pqrs = (
        pqr_visible_to(user=user).select_related("pqr_type", "team").order_by("-received_at", "-id")
    )
    return (
        customer_visible_to(user=user)
        .filter(pk=pk)
        .prefetch_related(Prefetch("pqrs", queryset=pqrs, to_attr="visible_pqrs"))
        .first()
    )


def api_customer_search(*, user, query: str) -> list[Customer]:
    return list(customer_search(query=query, user=user)[:SEARCH_LIMIT])
