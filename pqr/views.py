"""Staff pages: queue, intake, detail and its actions. Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.mixins import role_required
from core.roles import Role
from customers.services import customer_create

from . import selectors, services
from .forms import (
    AngerForm,
    AssignForm,
    InlineCustomerForm,
    MessageForm,
    PqrCreateForm,
    ProtocolStepForm,
    QueueFilterForm,
    TagForm,
    TransitionForm,
)
from .models import Status

staff = role_required(Role.AGENT)


@staff
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = filters.get("sort") or selectors.DEFAULT_SORT
    qs = selectors.pqr_queue(
        user=request.user,
        query=filters.get("q", ""),
        status=filters.get("status") or "open",
        pqr_type=filters.get("pqr_type"),
        team=filters.get("team"),
        channel=filters.get("channel", ""),
        priority=filters.get("priority", ""),
        anger=filters.get("anger", False),
        due=filters.get("due", ""),
        mine=filters.get("mine", False),
        sort=sort,
    )
    page = selectors.page_of(qs, page=request.GET.get("page", 1))
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    return render(
        request,
        "pqr/queue.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "query": params.urlencode(),
            "sort_query": sort_params.urlencode(),
        },
    )


@staff
def create(request):
    form = PqrCreateForm(request.POST or None, request.FILES or None)
    wants_new = request.method == "POST" and bool(request.POST.get("new_customer"))
    # The fieldset keeps what was typed even when the agent switched it off.
    customer_form = (
        InlineCustomerForm(request.POST)
        if wants_new
        else InlineCustomerForm(initial=_typed_customer_values(request))
    )
    selected_customer = None
    if request.method == "POST":
        selected_customer = None if wants_new else _customer_from(form)
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
    return render(
        request,
        "pqr/create.html",
        {
            "form": form,
            "customer_form": customer_form,
            "wants_new": wants_new,
            "selected_customer": selected_customer,
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
            **customer_form.customer_fields(),
        )
    return services.pqr_create(
        actor=request.user, customer=customer, **{k: data[k] for k in PQR_FIELDS}
    )


def _typed_customer_values(request) -> dict:
    prefix = InlineCustomerForm().prefix
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


def _customer_from(form):
    from customers.models import Customer

    raw = form.data.get("customer_id")
    if not (raw or "").isdigit():
        return None
    customer = Customer.objects.filter(pk=int(raw), is_active=True).first()
    if customer is None:
        form.add_error(None, _("El cliente seleccionado ya no existe; búsquelo de nuevo."))
    return customer


@require_POST
@staff
def customer_lookup(request):
    """htmx partial for the intake page: customers matching the query box. POST, so a
    document number or email never lands in a URL or an access log."""
    from customers.selectors import customer_search

    query = request.POST.get("cq", "")
    results = list(customer_search(query=query)[:8]) if len(query.strip()) >= 3 else []
    return render(request, "pqr/_customer_results.html", {"results": results, "cq": query})


@staff
def detail(request, pk: int):
    pqr = selectors.pqr_for_user(user=request.user, pk=pk)
    return render(request, "pqr/detail.html", _detail_context(request, pqr))


def _detail_context(request, pqr, **forms):
    tags = []
    if pqr.customer_id:
        from customers.selectors import customer_active_tags

        tags = customer_active_tags(customer=pqr.customer)
    allowed = services.allowed_transitions(pqr)
    stepper = selectors.protocol_stepper(pqr=pqr) if pqr.pqr_type.requires_protocol else []
    current = next((s["code"] for s in stepper if s["current"]), None)
    return {
        "pqr": pqr,
        "tags": tags,
        "timeline": selectors.pqr_timeline(pqr=pqr),
        "stepper": stepper,
        "intake_attachments": selectors.pqr_intake_attachments(pqr=pqr),
        "allowed": allowed,
        "Status": Status,
        "message_form": forms.get("message_form") or MessageForm(),
        # The step form opens on the first step still pending.
        "step_form": forms.get("step_form") or ProtocolStepForm(initial={"step": current}),
        "assign_form": AssignForm(
            initial={"team": pqr.team_id, "assigned_to": pqr.assigned_to_id},
            assignable=selectors.assignable_users(pqr=pqr),
        ),
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "open_action": forms.get("open_action", ""),
        "anger_form": AngerForm(),
        "tag_form": forms.get("tag_form") or TagForm(),
    }


def _run(request, action, *args, **kwargs) -> bool:
    try:
        action(*args, **kwargs)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return False
    return True


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _back(pqr, anchor: str = ""):
    return redirect(reverse("pqr:detail", args=[pqr.pk]) + (f"#{anchor}" if anchor else ""))


@require_POST
@staff
def message_add(request, pk: int):
    pqr = selectors.pqr_for_user(user=request.user, pk=pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _detail_context(request, pqr, message_form=form)
        return render(request, "pqr/detail.html", context, status=400)
    data = form.cleaned_data
    ok = _run(
        request,
        services.pqr_message_add,
        pqr=pqr,
        actor=request.user,
        kind=data["kind"],
        body=data["body"],
        anger_level=data["anger_level"],
        attachments=data["attachments"],
    )
    if not ok:
        # Refused (e.g. an archived PQR): keep the text the agent wrote on the page.
        context = _detail_context(request, pqr, message_form=form)
        return render(request, "pqr/detail.html", context, status=400)
    messages.success(request, _("Mensaje registrado."))
    return _back(pqr, "responder")


@require_POST
@staff
def protocol_step(request, pk: int):
    pqr = selectors.pqr_for_user(user=request.user, pk=pk)
    form = ProtocolStepForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _step_refused(request, pqr, form)
    data = form.cleaned_data
    if data["not_applicable"]:
        ok = _run(
            request,
            services.protocol_step_not_applicable,
            pqr=pqr,
            step=data["step"],
            actor=request.user,
            justification=data["note"],
        )
    else:
        ok = _run(
            request,
            services.protocol_step_record,
            pqr=pqr,
            step=data["step"],
            actor=request.user,
            note=data["note"],
            compensation_kind=data["compensation_kind"],
            compensation_amount=data["compensation_amount"],
            compensation_currency=data["compensation_currency"],
        )
    if not ok:
        return _step_refused(request, pqr, form)
    messages.success(request, _("Paso del protocolo registrado."))
    return _back(pqr, "protocolo")


def _step_refused(request, pqr, form):
    """The page again with the step form as typed (the note is often long)."""
    context = _detail_context(request, pqr, step_form=form)
    return render(request, "pqr/detail.html", context, status=400)


@require_POST
@staff
def assign(request, pk: int):
    pqr = selectors.pqr_for_user(user=request.user, pk=pk)
    form = AssignForm(request.POST, assignable=selectors.assignable_users(pqr=pqr))
    if "team" in request.POST and request.POST.get("team") != str(pqr.team_id):
        # Moving to another team: the agent list of the old team does not apply.
        from django.contrib.auth import get_user_model

        form = AssignForm(request.POST, assignable=get_user_model().objects.filter(is_active=True))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(pqr)
    if _run(
        request,
        services.pqr_assign,
        pqr=pqr,
        actor=request.user,
        team=form.cleaned_data["team"],
        assigned_to=form.cleaned_data["assigned_to"],
    ):
        messages.success(request, _("Asignación actualizada."))
    return _back(pqr)


ACTIONS = {
    # action name in the form -> target status (must be in TRANSITIONS to be shown)
    "start": Status.EN_TRAMITE,
    "request_completion": Status.EN_ESPERA_CLIENTE,
    "transfer": Status.TRASLADADO,
    "resolve": Status.RESUELTO,
    "close": Status.CERRADO,
    "reopen": Status.REABIERTO,
    "reject": Status.RECHAZADO,
    "desist": Status.DESISTIDO,
}


@require_POST
@staff
def transition(request, pk: int, action: str):
    pqr = selectors.pqr_for_user(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    data, user = form.cleaned_data, request.user
    note = data.get("note", "")
    calls = {
        "start": lambda: services.pqr_transition(
            pqr=pqr, to_status=Status.EN_TRAMITE, actor=user, note=note
        ),
        "request_completion": lambda: services.pqr_request_completion(
            pqr=pqr, actor=user, missing=note
        ),
        "transfer": lambda: services.pqr_transfer(
            pqr=pqr, actor=user, destination=data.get("destination", ""), note=note
        ),
        "resolve": lambda: services.pqr_resolve(
            pqr=pqr, actor=user, root_cause=data.get("root_cause"), note=note
        ),
        "close": lambda: services.pqr_close(pqr=pqr, actor=user, note=note),
        "reopen": lambda: services.pqr_reopen(pqr=pqr, actor=user, reason=data.get("reason", "")),
        "reject": lambda: services.pqr_reject(pqr=pqr, actor=user, reason=data.get("reason", "")),
        "desist": lambda: services.pqr_desist(
            pqr=pqr, actor=user, tacit=data.get("tacit", False), note=note
        ),
    }
    if not _run(request, calls[action]):
        # Refused: show the page again with what was typed, in the same action open.
        pqr = selectors.pqr_for_user(user=request.user, pk=pk)
        context = _detail_context(request, pqr, transition_form=form, open_action=action)
        return render(request, "pqr/detail.html", context, status=400)
    messages.success(request, _("Estado actualizado: %(s)s.") % {"s": Status(pqr.status).label})
    return _back(pqr)


@require_POST
@staff
def anger(request, pk: int):
    pqr = selectors.pqr_for_user(user=request.user, pk=pk)
    form = AngerForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif _run(
        request,
        services.pqr_anger_record,
        pqr=pqr,
        level=form.cleaned_data["level"],
        actor=request.user,
        note=form.cleaned_data["note"],
    ):
        messages.success(request, _("Nivel de ira registrado."))
    return _back(pqr)


@require_POST
@staff
def tag(request, pk: int):
    pqr = selectors.pqr_for_user(user=request.user, pk=pk)
    form = TagForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif _run(
        request,
        services.pqr_customer_tag,
        pqr=pqr,
        tag=form.cleaned_data["tag"],
        reason=form.cleaned_data["reason"],
        actor=request.user,
    ):
        messages.success(request, _("Etiqueta asignada al cliente."))
        return _back(pqr)
    context = _detail_context(request, pqr, tag_form=form, open_action="tag")
    return render(request, "pqr/detail.html", context, status=400)


@staff
def attachment_download(request, pk: int):
    attachment = selectors.attachment_for_user(user=request.user, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
