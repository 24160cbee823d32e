"""Reads of the intake page: what the agent should know about a customer before
filing a new PQR for them."""

from dataclasses import dataclass

from customers.models import Customer, CustomerTagAssignment
from customers.selectors import customer_active_tags, customer_for_intake
from pqr.models import OPEN_STATUSES, Pqr
from pqr.visibility import pqr_visible_to

OPEN_PQRS_SHOWN = 5


@dataclass(frozen=True)
class IntakeCustomer:
    customer: Customer
    tags: list[CustomerTagAssignment]
    open_pqrs: list[Pqr]
    open_total: int


def intake_customer_summary(*, user, pk: int, typed_documents: list[str]) -> IntakeCustomer | None:
    """The picked customer's difficult-type guidance and their open PQRs the user may
    see (the same scope rule as attaching the customer: `customer_for_intake`)."""
    customer = customer_for_intake(user=user, pk=pk, typed_documents=typed_documents)
    if customer is None:
        return None
    open_qs = (
        pqr_visible_to(user=user)
        .filter(customer=customer, status__in=OPEN_STATUSES)
        .select_related("pqr_type")
        .order_by("due_at")
    )
    rows = list(open_qs[: OPEN_PQRS_SHOWN + 1])
    total = len(rows) if len(rows) <= OPEN_PQRS_SHOWN else open_qs.count()
    return IntakeCustomer(
        customer, customer_active_tags(customer=customer), rows[:OPEN_PQRS_SHOWN], total
    )
