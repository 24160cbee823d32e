"""Actions on a notification record: delivered, returned, evidence, notify again."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pqr import selectors_answers, services
from pqr.answer_forms import (
    DeliveryForm,
    NotificationDeliveredForm,
    NotificationEvidenceForm,
    NotificationReturnedForm,
)

from .common import back, form_errors, run, staff
from .detail import detail_context


@require_POST
@staff
def notification_delivered(request, pk: int):
    row = selectors_answers.notification_for_user(user=request.user, pk=pk)
    form = NotificationDeliveredForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        services.notification_mark_delivered,
        notification=row,
        actor=request.user,
        on=form.cleaned_data["on"],
        evidence=form.cleaned_data["evidence"],
    ):
        messages.success(request, _("Entrega registrada."))
    return back(row.pqr, "notificaciones")


@require_POST
@staff
def notification_returned(request, pk: int):
    row = selectors_answers.notification_for_user(user=request.user, pk=pk)
    form = NotificationReturnedForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        services.notification_mark_returned,
        notification=row,
        actor=request.user,
        reason=form.cleaned_data["reason"],
    ):
        messages.warning(request, _("La notificación quedó fallida: comuníquela por otro canal."))
    return back(row.pqr, "notificaciones")


@require_POST
@staff
def notification_evidence(request, pk: int):
    row = selectors_answers.notification_for_user(user=request.user, pk=pk)
    form = NotificationEvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        services.notification_evidence_add,
        notification=row,
        actor=request.user,
        evidence=form.cleaned_data["evidence"],
    ):
        messages.success(request, _("Soporte guardado."))
    return back(row.pqr, "notificaciones")


@require_POST
@staff
def notification_renotify(request, pk: int):
    row = selectors_answers.notification_for_user(user=request.user, pk=pk)
    form = DeliveryForm(request.POST, request.FILES, pqr=row.pqr, prefix=f"renotify{row.pk}")
    ok = form.is_valid() and run(
        request,
        services.notification_renotify,
        notification=row,
        actor=request.user,
        delivery=form.delivery(),
    )
    if not ok:
        context = detail_context(request, row.pqr, renotify_forms={row.pk: form})
        return render(request, "pqr/detail.html", context, status=400)
    messages.success(request, _("Notificación registrada por el nuevo canal."))
    return back(row.pqr, "notificaciones")


@staff
def notification_evidence_download(request, pk: int):
    row = selectors_answers.notification_for_user(user=request.user, pk=pk)
    if not row.evidence:
        raise Http404
    response = FileResponse(
        row.evidence.open("rb"), as_attachment=True, filename=row.evidence_name or "soporte"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
