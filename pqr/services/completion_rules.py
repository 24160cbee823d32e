"""Art. 17 bookkeeping shared by `status.pqr_transition` and `completion`: whichever
way a PQR enters or leaves "waiting for the customer", its CompletionRequest row and
the denormalised `Pqr.term_suspended` / `Pqr.completion_due_on` follow."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.models import CompletionOutcome, CompletionRequest, Pqr
from sla import services as sla_services


def completion_pending(pqr: Pqr) -> CompletionRequest | None:
    return pqr.completion_requests.filter(outcome=CompletionOutcome.PENDING).first()


def completion_open(pqr: Pqr, *, actor, missing: str, now, fields: list[str]) -> CompletionRequest:
    """Record the request: it suspends the term only within 10 business days of filing."""
    requested_on = timezone.localdate(now)
    dates = sla_services.completion_dates_for(pqr=pqr, requested_on=requested_on)
    request = CompletionRequest.objects.create(
        pqr=pqr,
        missing=missing.strip(),
        requested_at=now,
        requested_on=requested_on,
        window_ends_on=dates.window_ends_on,
        suspends=dates.suspends,
        customer_due_on=dates.customer_due_on,
        first_customer_due_on=dates.customer_due_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    pqr.term_suspended = dates.suspends
    pqr.completion_due_on = dates.customer_due_on
    pqr.completion_requested_at = now
    fields += ["term_suspended", "completion_due_on", "completion_requested_at"]
    return request


def arrival_validate(request: CompletionRequest | None, arrived_on: date | None) -> date:
    """The day the information arrived: default today, never future, never before
    the request."""
    arrived_on = arrived_on or timezone.localdate()
    if arrived_on > timezone.localdate():
        raise ValidationError(_("La fecha de llegada no puede ser futura."))
    if request is not None and arrived_on < request.requested_on:
        raise ValidationError(
            _("La información no pudo llegar antes de pedirla (%(day)s).")
            % {"day": request.requested_on.isoformat()}
        )
    return arrived_on


def completion_close(
    pqr: Pqr, *, outcome: str, fields: list[str], actor=None, arrived_on=None, source=""
) -> CompletionRequest | None:
    """Close the pending request (information arrived, desistimiento, other)."""
    request = completion_pending(pqr)
    if request is not None:
        request.outcome = outcome
        if outcome == CompletionOutcome.ARRIVED:
            request.arrived_on = arrived_on
            request.arrival_source = source
            request.recorded_at = timezone.now()
            request.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        request.save()
    pqr.term_suspended = False
    pqr.completion_due_on = None
    fields += ["term_suspended", "completion_due_on"]
    return request


def tacit_refusal(pqr: Pqr, today: date | None = None) -> str:
    """Why desistimiento tácito cannot be declared now ("" when it can): never
    before a completion request and the customer's deadline have run out."""
    request = completion_pending(pqr)
    if request is None:
        return _(
            "El desistimiento tácito solo procede después de pedir al ciudadano que "
            "complete la petición y de vencer su plazo."
        )
    today = today or timezone.localdate()
    if today <= request.customer_due_on:
        return _(
            "El ciudadano tiene hasta el %(day)s para aportar la información; el "
            "desistimiento tácito procede a partir del día siguiente."
        ) % {"day": request.customer_due_on.isoformat()}
    return ""
