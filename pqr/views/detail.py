"""The PQR page and its attachments."""

from django.http import FileResponse
from django.shortcuts import render

from customers.selectors import customer_active_tags
from pqr import selectors, selectors_answers, services
from pqr.answer_forms import AnswerForm, DeliveryForm
from pqr.emails import email_recipient
from pqr.forms import (
    AngerForm,
    AssignForm,
    MessageForm,
    ProtocolStepForm,
    ReclassifyForm,
    TagForm,
    TransitionForm,
)
from pqr.models import NotificationStatus, Status
from pqr.services.answer_templates import PLACEHOLDERS
from pqr.visibility import pqr_for_user

from .common import staff


@staff
def detail(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    return render(request, "pqr/detail.html", detail_context(request, pqr))


def detail_context(request, pqr, **forms):
    tags = []
    if pqr.customer_id:
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
        "legal": selectors.legal_panel(pqr=pqr),
        "reclassify_form": ReclassifyForm(initial={"pqr_type": pqr.pqr_type_id}),
        **answer_area_context(pqr, forms),
    }


DELIVERY_ACTIONS = (
    "request_completion",
    "transfer",
    "reject",
    "desist",
    "desist_tacit",
    "extension",
    "recurso_decide",
)


def answer_area_context(pqr, forms: dict) -> dict:
    """The answer area and the "how is the customer told" fields of every decision."""
    given = forms.get("delivery_forms") or {}
    delivery = {
        action: given.get(action) or DeliveryForm(pqr=pqr, prefix=f"n{action}")
        for action in DELIVERY_ACTIONS
    }
    notifications = selectors_answers.pqr_notifications(pqr=pqr)
    renotify = forms.get("renotify_forms") or {}
    for row in notifications:
        if row.status == NotificationStatus.FAILED:
            row.renotify_form = renotify.get(row.pk) or DeliveryForm(
                pqr=pqr, prefix=f"renotify{row.pk}"
            )
    templates = selectors_answers.answer_templates_for(pqr=pqr)
    return {
        "answer_form": forms.get("answer_form") or AnswerForm(templates=templates),
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
