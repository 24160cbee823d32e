"""What every PQR service shares: the row lock, the save, the customer-email outbox."""

from pqr.emails import customer_email_queue
from pqr.models import Pqr, PqrMessage


def lock(pqr: Pqr) -> None:
    """Lock the row and refresh the status, so concurrent actions serialise."""
    current = Pqr.objects.select_for_update().only("status").get(pk=pqr.pk)
    pqr.status = current.status


def save(pqr: Pqr, fields: list[str]) -> None:
    pqr.save(update_fields=[*fields, "updated_at"])


def queue_email(kind: str, pqr: Pqr, message: PqrMessage | None = None) -> None:
    """Write the customer-email outbox row in this transaction; sent after commit."""
    customer_email_queue(kind=kind, pqr=pqr, message=message)
