"""The PQR page's actions: answer, protocol checklist, assign, status, anger, tag.
Each one POSTs, calls one service and goes back to the PQR page; a refused action
goes back to it too, with the message and what was typed (pqr.views.refused)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pqr import selectors, services
from pqr.answer_forms import DeliveryForm
from pqr.forms import (
    AngerForm,
    AssignForm,
    CompletionExtendForm,
    MessageForm,
    ReclassifyForm,
    TagForm,
    TransitionForm,
)
from pqr.models import ProtocolStepCode, Status
from pqr.protocol_forms import ProtocolChecklistForm
from pqr.visibility import pqr_for_user

from .common import back, form_errors, run, staff
from .refused import refuse


@require_POST
@staff
def message_add(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return refuse(request, pqr, form="message", anchor="nota", errors=form.errors)
    data = form.cleaned_data
    ok = run(
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
        return refuse(request, pqr, form="message", anchor="nota")
    messages.success(request, _("Mensaje registrado."))
    return back(pqr, "responder")


@require_POST
@staff
def protocol_step(request, pk: int):
    """The protocol checklist: every marked step at once, or one step (its button)."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    form = ProtocolChecklistForm(request.POST, stepper=selectors.protocol_stepper(pqr=pqr))
    if not form.is_valid():
        messages.error(request, _("Revise los pasos marcados: no se guardó ninguno."))
        return refuse(request, pqr, form="protocol", anchor="protocolo")
    entries = form.entries()
    if not entries:
        messages.warning(request, _("No hay pasos nuevos ni cambios para guardar."))
        return refuse(request, pqr, form="protocol", anchor="protocolo")
    try:
        services.protocol_checklist_save(pqr=pqr, actor=request.user, entries=entries)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"0": exc.messages}
        for step, texts in errors.items():
            for text in texts:
                messages.error(request, _step_message(step, text))
        return refuse(request, pqr, form="protocol", anchor="protocolo", errors=errors)
    messages.success(
        request,
        ngettext(
            "Paso del protocolo registrado.",
            "%(n)s pasos del protocolo registrados.",
            len(entries),
        )
        % {"n": len(entries)},
    )
    if form.pending_elsewhere():
        # Saved one step: what was typed in the others stays on the page.
        return refuse(request, pqr, form="protocol", anchor="protocolo")
    return back(pqr, "protocolo")


@require_POST
@staff
def assign(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    form = AssignForm(request.POST, assignable=selectors.assignable_users(pqr=pqr))
    if "team" in request.POST and request.POST.get("team") != str(pqr.team_id):
        # Moving to another team: the agent list of the old team does not apply.
        form = AssignForm(request.POST, assignable=get_user_model().objects.filter(is_active=True))
    if not form.is_valid():
        form_errors(request, form)
        return back(pqr)
    if run(
        request,
        services.pqr_assign,
        pqr=pqr,
        actor=request.user,
        team=form.cleaned_data["team"],
        assigned_to=form.cleaned_data["assigned_to"],
    ):
        messages.success(request, _("Asignación actualizada."))
    return back(pqr)


# Actions whose decision must reach the customer: their form carries the channel.
NOTIFIED_ACTIONS = ("request_completion", "transfer", "reject", "desist", "desist_tacit")
ACTIONS = {
    # action name in the form -> target status (must be in TRANSITIONS to be shown)
    "start": Status.EN_TRAMITE,
    "request_completion": Status.EN_ESPERA_CLIENTE,
    "transfer": Status.TRASLADADO,
    "resolve": Status.RESUELTO,
    "close": Status.CERRADO,
    "reopen": Status.REABIERTO,
    "reject": Status.RECHAZADO,
    # Two actions, not one with a checkbox: the customer withdrawing (art. 18) and the
    # office declaring tacit withdrawal after the customer's deadline (art. 17).
    "desist": Status.DESISTIDO,
    "desist_tacit": Status.DESISTIDO,
}


@require_POST
@staff
def transition(request, pk: int, action: str):
    pqr = pqr_for_user(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    data, user = form.cleaned_data, request.user
    note = data.get("note", "")
    delivery_form = None
    delivery = None
    if action in NOTIFIED_ACTIONS:
        delivery_form = DeliveryForm(request.POST, request.FILES, pqr=pqr, prefix=f"n{action}")
        if delivery_form.is_valid():
            delivery = delivery_form.delivery()
        else:
            return _transition_refused(request, pk, action)
    calls = {
        "start": lambda: _start(pqr, user, note, data.get("arrived_on")),
        "request_completion": lambda: services.pqr_request_completion(
            pqr=pqr, actor=user, missing=note, delivery=delivery
        ),
        "transfer": lambda: services.pqr_transfer(
            pqr=pqr,
            actor=user,
            destination=data.get("destination", ""),
            transferred_on=data.get("transferred_on"),
            note=note,
            delivery=delivery,
        ),
        "resolve": lambda: services.pqr_resolve(
            pqr=pqr, actor=user, root_cause=data.get("root_cause"), note=note
        ),
        "close": lambda: services.pqr_close(pqr=pqr, actor=user, note=note),
        "reopen": lambda: services.pqr_reopen(pqr=pqr, actor=user, reason=data.get("reason", "")),
        "reject": lambda: services.pqr_reject(
            pqr=pqr,
            actor=user,
            reason=data.get("reason", ""),
            delivery=delivery,
            category=data.get("category") or "otra",
            earlier=selectors.pqr_by_radicado_for(user=user, radicado=data.get("earlier_radicado")),
        ),
        "desist": lambda: services.pqr_desist(
            pqr=pqr, actor=user, tacit=False, note=note, delivery=delivery
        ),
        "desist_tacit": lambda: services.pqr_desist(
            pqr=pqr, actor=user, tacit=True, note=note, delivery=delivery
        ),
    }
    if not run(request, calls[action]):
        return _transition_refused(request, pk, action)
    messages.success(request, _("Estado actualizado: %(s)s.") % {"s": Status(pqr.status).label})
    if action == "request_completion" and not pqr.term_suspended:
        messages.warning(request, completion_late_warning(pqr))
    return back(pqr)


def _start(pqr, user, note: str, arrived_on):
    """Back in handling; from "waiting for the customer" it means the information arrived."""
    if pqr.status == Status.EN_ESPERA_CLIENTE:
        return services.pqr_completion_received(
            pqr=pqr, arrived_on=arrived_on, actor=user, source="agent"
        )
    return services.pqr_transition(pqr=pqr, to_status=Status.EN_TRAMITE, actor=user, note=note)


def completion_late_warning(pqr) -> str:
    return _(
        "La solicitud se hizo después del décimo día hábil desde la radicación: NO suspende "
        "el término legal, que sigue corriendo hasta el %(day)s."
    ) % {"day": date_format(timezone.localtime(pqr.legal_due_at), "DATE_FORMAT")}


@require_POST
@staff
def reclassify(request, pk: int):
    """A new type with a reason: new terms; the new type's rules apply."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    form = ReclassifyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        services.pqr_reclassify,
        pqr=pqr,
        actor=request.user,
        pqr_type=form.cleaned_data["pqr_type"],
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, _("PQR reclasificada; los términos se recalcularon."))
    return back(pqr)


@require_POST
@staff
def completion_extend(request, pk: int):
    """The customer asked for more time to complete the petition (once, up to a month)."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    form = CompletionExtendForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        services.pqr_completion_extend,
        pqr=pqr,
        actor=request.user,
        note=form.cleaned_data["note"],
        until=form.cleaned_data["until"],
    ):
        messages.success(request, _("Nuevo plazo del ciudadano registrado."))
    return back(pqr)


def _step_message(step: str, text: str) -> str:
    if step.isdigit() and int(step) in ProtocolStepCode.values:
        label = ProtocolStepCode(int(step)).label
        return _("Paso %(n)s, «%(step)s»: %(text)s") % {"n": step, "step": label, "text": text}
    return text


def _transition_refused(request, pk: int, action: str):
    """Back to the PQR page with what was typed, in the same action open."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    return refuse(request, pqr, form="transition", action=action)


@require_POST
@staff
def anger(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    form = AngerForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        services.pqr_anger_record,
        pqr=pqr,
        level=form.cleaned_data["level"],
        actor=request.user,
        note=form.cleaned_data["note"],
    ):
        messages.success(request, _("Nivel de ira registrado."))
    return back(pqr)


@require_POST
@staff
def tag(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    form = TagForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        services.pqr_customer_tag,
        pqr=pqr,
        tag=form.cleaned_data["tag"],
        reason=form.cleaned_data["reason"],
        actor=request.user,
    ):
        messages.success(request, _("Etiqueta asignada al cliente."))
        return back(pqr)
    return refuse(request, pqr, form="tag", action="tag")
