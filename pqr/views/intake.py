"""Intake by staff from any channel, registering the customer inline if needed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.selectors import customer_for_intake, customer_intake_lookup
from customers.services import customer_create
from pqr import services
from pqr.forms import InlineCustomerForm, PqrCreateForm
from pqr.selectors_intake import intake_customer_summary

from .common import staff


@staff
def create(request):
    form = PqrCreateForm(request.POST or None, request.FILES or None, user=request.user)
    wants_new = request.method == "POST" and bool(request.POST.get("new_customer"))
    # The fieldset keeps what was typed even when the agent switched it off.
    customer_form = (
        InlineCustomerForm(request.POST, user=request.user)
        if wants_new
        else InlineCustomerForm(initial=_typed_customer_values(request), user=request.user)
    )
    selected_customer = None
    if request.method == "POST":
        selected_customer = None if wants_new else _customer_from(request, form)
        pqr_ok = form.is_valid()
        customer_ok = not wants_new or _inline_customer_ok(customer_form)
        if pqr_ok and customer_ok:
            data = form.cleaned_data
            customer = None if data["anonymous"] else selected_customer
            try:
                pqr = _file_pqr(request, data, customer_form if wants_new else None, customer)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("PQR radicada con el número %(radicado)s. Entréguelo al cliente.")
                    % {"radicado": pqr.radicado},
                )
                return redirect("pqr:detail", pk=pqr.pk)
    summary = None
    if selected_customer is not None:
        summary = intake_customer_summary(
            user=request.user,
            pk=selected_customer.pk,
            typed_documents=[request.POST.get("cq", ""), selected_customer.document_number],
        )
    return render(
        request,
        "pqr/create.html",
        {
            "form": form,
            "customer_form": customer_form,
            "wants_new": wants_new,
            "selected_customer": selected_customer,
            "summary": summary,
        },
    )


PQR_FIELDS = (
    "pqr_type",
    "channel",
    "subject",
    "description",
    "team",
    "contact_email",
    "received_at",
    "priority",
    "moment_of_truth",
    "anger_level",
    "verbal_constancia",
    "attachments",
)


@transaction.atomic
def _file_pqr(request, data: dict, customer_form, customer):
    """The new customer (if any) and the PQR in one transaction: a refused PQR leaves
    no stray customer behind."""
    if customer_form is not None:
        customer = customer_create(
            actor=request.user,
            consent_channel=customer_form.cleaned_data["consent_channel"],
            consent_purposes=customer_form.consent_purposes(),
            **customer_form.customer_fields(),
        )
    return services.pqr_create(
        actor=request.user, customer=customer, **{k: data[k] for k in PQR_FIELDS}
    )


def _typed_customer_values(request) -> dict:
    prefix = InlineCustomerForm.PREFIX
    return {
        name: request.POST[f"{prefix}-{name}"]
        for name in InlineCustomerForm.base_fields
        if f"{prefix}-{name}" in request.POST
    }


def _inline_customer_ok(customer_form) -> bool:
    """Valid, and any look-alike profiles (same email or phone) reviewed by the agent."""
    if not customer_form.is_valid():
        return False
    if customer_form.duplicates and not customer_form.cleaned_data["confirm_duplicates"]:
        customer_form.add_error(
            "confirm_duplicates",
            _(
                "Hay clientes con el mismo correo o teléfono: elija uno de ellos arriba o "
                "confirme que es otra persona."
            ),
        )
        return False
    return True


def _customer_from(request, form):
    raw = form.data.get("customer_id")
    if not (raw or "").isdigit():
        return None
    # A profile outside the agent's teams is attached only with its exact document
    # typed on this page (the lookup box or the new-customer fieldset).
    typed = [
        request.POST.get("cq", ""),
        request.POST.get(f"{InlineCustomerForm.PREFIX}-document_number", ""),
    ]
    customer = customer_for_intake(user=request.user, pk=int(raw), typed_documents=typed)
    if customer is None:
        form.add_error(None, _("El cliente seleccionado ya no existe; búsquelo de nuevo."))
    return customer


@require_POST
@staff
def customer_lookup(request):
    """htmx partial for the intake page: customers matching the query box. POST, so a
    document number or email never lands in a URL or an access log."""
    query = request.POST.get("cq", "")
    results = (
        customer_intake_lookup(user=request.user, query=query) if len(query.strip()) >= 3 else []
    )
    return render(request, "pqr/_customer_results.html", {"results": results, "cq": query})
