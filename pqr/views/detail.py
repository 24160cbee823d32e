"""The PQR page and its attachments."""

from functools import wraps

from django.http import FileResponse
from django.shortcuts import render

from customers.selectors import customer_active_tags
from pqr import selectors, selectors_answers, selectors_detail, services
from pqr.answer_forms import AnswerForm, DeliveryForm
from pqr.emails import email_recipient
from pqr.forms import (
    AngerForm,
    AssignForm,
    MessageForm,
    ReclassifyForm,
    TagForm,
    TransitionForm,
    offer_rows,
)
from pqr.models import NotificationStatus, Status
from pqr.protocol_forms import ProtocolChecklistForm
from pqr.services.answer_templates import PLACEHOLDERS

from . import refused
from .common import staff


def _viewer_first(view):
    """The viewer's roles and unread count in one query, before the role check (which
    then reads nothing)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_active:
            selectors_detail.viewer_reads(request.user)
        return view(request, *args, **kwargs)

    return wrapped


@_viewer_first
@staff
def detail(request, pk: int):
    pqr = selectors_detail.pqr_for_detail(user=request.user, pk=pk)
    forms = restored_forms(pqr, refused.restore(request, pqr))
    return render(request, "pqr/detail.html", detail_context(request, pqr, **forms))


def restored_forms(pqr, stash: dict | None) -> dict:
    """The form a refused action came from, bound again to what was typed (its field
    errors show again), for the page it was redirected to (pqr.views.refused)."""
    if stash is None:
        return {}
    data, action, name = stash["data"], stash["action"], stash["form"]
    found: dict = {"open_action": action}
    if name == "message":
        found["message_form"] = _with_errors(MessageForm(data), stash["errors"])
    elif name == "protocol":
        found["protocol_data"], found["protocol_errors"] = data, stash["errors"]
    elif name == "tag":
        found["tag_form"] = TagForm(data)
    elif name == "transition":
        found["transition_form"] = TransitionForm(data)
    elif name == "answer":
        templates = selectors_answers.answer_templates_for(pqr=pqr)
        found["answer_form"] = _with_errors(AnswerForm(data, templates=templates), stash["errors"])
        found["answer_delivery"] = DeliveryForm(
            data, pqr=pqr, prefix="nanswer", acknowledgement=pqr.pqr_type.acknowledgement_suffices
        )
    elif name == "extension":
        found["extension_reason"] = data.get("reason", "")
    if action in DELIVERY_ACTIONS:
        found["delivery_forms"] = {action: DeliveryForm(data, pqr=pqr, prefix=f"n{action}")}
    return found


def _with_errors(form, errors: dict):
    """The errors the refused POST had that the rebound form cannot find again (a
    refused file: the browser does not send it twice)."""
    form.is_valid()
    for field, texts in errors.items():
        if field not in form.errors:
            form.add_error(field if field in form.fields else None, texts)
    return form


def detail_context(request, pqr, **forms):
    tags = []
    if pqr.customer_id:
        tags = customer_active_tags(customer=pqr.customer)
    allowed = services.allowed_transitions(pqr)
    stepper = selectors.protocol_stepper(pqr=pqr) if pqr.pqr_type.requires_protocol else []
    timeline = selectors_detail.detail_timeline(pqr=pqr, user=request.user)
    rules = selectors_detail.detail_rules(pqr)
    catalogues = selectors_detail.detail_catalogues(pqr=pqr)
    assign_form = AssignForm(
        initial={"team": pqr.team_id, "assigned_to": pqr.assigned_to_id},
        assignable=selectors.assignable_users(pqr=pqr),
    )
    offer_rows(assign_form, team=catalogues.teams, assigned_to=catalogues.assignable)
    transition_form = forms.get("transition_form") or TransitionForm()
    offer_rows(transition_form, root_cause=catalogues.root_causes)
    tag_form = forms.get("tag_form") or TagForm()
    offer_rows(tag_form, tag=catalogues.difficulty_tags)
    legal = selectors_detail.legal_panel(pqr=pqr, rules=rules)
    reclassify_form = ReclassifyForm(initial={"pqr_type": pqr.pqr_type_id})
    offer_rows(reclassify_form, pqr_type=catalogues.pqr_types)
    return {
        "pqr": pqr,
        "tags": tags,
        "timeline": timeline.items,
        "stepper": stepper,
        "intake_attachments": timeline.intake_attachments,
        "recovery_cases": timeline.recovery_cases,
        "allowed": allowed,
        "Status": Status,
        "message_form": forms.get("message_form") or MessageForm(),
        "protocol_form": _protocol_form(stepper, forms),
        "assign_form": assign_form,
        "transition_form": transition_form,
        "open_action": forms.get("open_action", ""),
        "anger_form": AngerForm(),
        "tag_form": tag_form,
        "legal": legal,
        # The due badges read the calendar from here (sla_due_state): no query.
        "sla_calendar": rules.cal,
        "reclassify_form": reclassify_form,
        **answer_area_context(pqr, forms, catalogues, _decisions_shown(pqr, allowed, legal)),
    }


def _protocol_form(stepper: list[dict], forms: dict):
    if not stepper:
        return None
    form = ProtocolChecklistForm(forms.get("protocol_data"), stepper=stepper)
    if forms.get("protocol_data") is not None:
        form.is_valid()
        form.add_step_errors(forms.get("protocol_errors") or {})
    return form


DELIVERY_ACTIONS = (
    "request_completion",
    "transfer",
    "reject",
    "desist",
    "desist_tacit",
    "extension",
    "recurso_decide",
)


def _decisions_shown(pqr, allowed, legal: dict) -> set[str]:
    """The decisions whose form the page shows (pqr/_actions.html, sla/_pqr_panel.html):
    a delivery form is built only for those (seven forms of seven fields each before)."""
    shown = {
        action
        for action, status in (
            ("request_completion", Status.EN_ESPERA_CLIENTE),
            ("transfer", Status.TRASLADADO),
            ("reject", Status.RECHAZADO),
            ("desist", Status.DESISTIDO),
        )
        if status in allowed
    }
    if Status.DESISTIDO in allowed and legal["tacit_proposed"]:
        shown.add("desist_tacit")
    if pqr.is_open and not legal["extension_refusal"]:
        shown.add("extension")
    if legal["recursos_apply"] and legal["recursos"]:
        shown.add("recurso_decide")
    return shown


def answer_area_context(pqr, forms: dict, catalogues=None, shown=DELIVERY_ACTIONS) -> dict:
    """The answer area and the "how is the customer told" fields of the decisions shown."""
    catalogues = catalogues or selectors_detail.detail_catalogues(pqr=pqr)
    given = forms.get("delivery_forms") or {}
    delivery = {
        action: given.get(action) or DeliveryForm(pqr=pqr, prefix=f"n{action}")
        for action in DELIVERY_ACTIONS
        if action in shown or action in given
    }
    notifications = selectors_answers.pqr_notifications(pqr=pqr)
    renotify = forms.get("renotify_forms") or {}
    for row in notifications:
        if row.status == NotificationStatus.FAILED:
            row.renotify_form = renotify.get(row.pk) or DeliveryForm(
                pqr=pqr, prefix=f"renotify{row.pk}"
            )
    # Validation (a POST) reads the templates from the database; the page lists the
    # ones kept in memory.
    answer_form = forms.get("answer_form") or AnswerForm(
        templates=selectors_answers.answer_templates_for(pqr=pqr)
    )
    offer_rows(answer_form, root_cause=catalogues.root_causes)
    return {
        "answer_form": answer_form,
        "answer_templates": catalogues.answer_templates,
        "answer_delivery": forms.get("answer_delivery")
        or DeliveryForm(
            pqr=pqr, prefix="nanswer", acknowledgement=pqr.pqr_type.acknowledgement_suffices
        ),
        "placeholders": PLACEHOLDERS.items(),
        "delivery": delivery,
        "recipient": email_recipient(pqr=pqr),
        "notifications": notifications,
        "extension_reason": forms.get("extension_reason", ""),
        "recurso_decision": forms.get("recurso_decision", ""),
    }


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
