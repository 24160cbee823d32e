"""The answer area of the PQR page: template pick, letter preview, "Responder" and
"Responder y resolver", the letter download, "Asignarme", the prórroga."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pqr import selectors_answers, services
from pqr.answer_forms import AnswerForm, DeliveryForm
from pqr.notification_status import letter_bytes
from pqr.visibility import pqr_for_user
from sla.services import pqr_extension_grant, pqr_silence_recognize

from .common import back, run, staff
from .refused import refuse


def answer_forms(request, pqr):
    templates = selectors_answers.answer_templates_for(pqr=pqr)
    form = AnswerForm(request.POST, request.FILES, templates=templates)
    delivery = DeliveryForm(
        request.POST,
        request.FILES,
        pqr=pqr,
        prefix="nanswer",
        acknowledgement=pqr.pqr_type.acknowledgement_suffices,
    )
    return form, delivery


@require_POST
@staff
def answer(request, pk: int):
    """One submit: the answer, its notification, the letter and (if asked) the resolution."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    form, delivery_form = answer_forms(request, pqr)
    resolve = request.POST.get("do") == "resolve"
    ok = form.is_valid() & delivery_form.is_valid()
    if ok:
        data = form.cleaned_data
        ok = run(
            request,
            services.pqr_answer_send,
            pqr=pqr,
            actor=request.user,
            body=data["body"],
            delivery=delivery_form.delivery(),
            resolve=resolve,
            root_cause=data["root_cause"],
            template=data["template"],
            letter=data["letter"],
            attachments=data["attachments"],
            anger_level=data["anger_level"],
        )
    if not ok:
        # Refused: back to the page with everything typed, the answer area open.
        return refuse(
            request, pqr, form="answer", action="answer", anchor="responder", errors=form.errors
        )
    if resolve:
        messages.success(request, _("Respuesta enviada y PQR resuelta."))
    else:
        messages.success(request, _("Respuesta registrada; se notifica al cliente."))
    return back(pqr, "responder")


@require_GET
@staff
def answer_template_fill(request, pk: int):
    """htmx: the answer box filled from the chosen respuesta tipo (placeholders as text)."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    raw = request.GET.get("template", "")
    body = ""
    if raw.isdigit():
        template = selectors_answers.answer_template_for_pqr(pqr=pqr, pk=int(raw))
        body = services.answer_template_render(template=template, pqr=pqr, actor=request.user)
    return render(request, "pqr/_answer_body.html", {"body": body})


@require_POST
@staff
def answer_preview(request, pk: int):
    """The letter as it will be sent (a draft: no outgoing number is taken)."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    body = (request.POST.get("body") or "").strip()
    if not body:
        message = escape(_("Escriba la respuesta primero."))
        return HttpResponse(f'<p class="text-danger small mb-0">{message}</p>')
    as_pdf = request.GET.get("format") == "pdf"
    html = services.letter_preview(pqr=pqr, body=body, actor=request.user, pdf=as_pdf)
    if as_pdf:
        response = HttpResponse(services.letter_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="borrador.pdf"'
        return response
    return render(request, "pqr/_letter_preview.html", {"html": html})


@staff
def letter_download(request, pk: int):
    """The stored PDF, byte for byte (its hash is checked on the way out)."""
    letter = selectors_answers.letter_for_user(user=request.user, pk=pk)
    response = HttpResponse(letter_bytes(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Digest"] = f"sha-256={letter.sha256}"
    return response


@require_POST
@staff
def assign_me(request, pk: int):
    """One click, from the PQR page or a queue row (back to the same queue page)."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    if run(request, services.pqr_assign_self, pqr=pqr, actor=request.user):
        messages.success(request, _("La PQR quedó asignada a usted."))
    queue_page = request.POST.get("next", "")
    if queue_page.startswith(reverse("pqr:queue")) and url_has_allowed_host_and_scheme(
        queue_page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(queue_page)
    return back(pqr)


@require_POST
@staff
def extension(request, pk: int):
    """Prórroga, with its notification (the channel is asked for when there is no email)."""
    pqr = pqr_for_user(user=request.user, pk=pk)  # agents: their team's PQRs only
    delivery_form = DeliveryForm(request.POST, request.FILES, pqr=pqr, prefix="nextension")
    raw_until = request.POST.get("until", "").strip()
    until = parse_date(raw_until) if raw_until else None
    if raw_until and until is None:
        messages.error(request, _("La nueva fecha no es una fecha válida."))
    ok = (
        (until is not None or not raw_until)
        and delivery_form.is_valid()
        and run(
            request,
            pqr_extension_grant,
            pqr=pqr,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            delivery=delivery_form.delivery(),
            until=until,
        )
    )
    if not ok:
        return refuse(request, pqr, form="extension", action="extension")
    messages.success(request, _("Prórroga concedida; se le comunica al cliente."))
    return back(pqr)


@require_POST
@staff
def silence_recognize(request, pk: int):
    """Ley 142 art. 158: the company recognises the silencio positivo (within 72 hours)."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    if run(
        request,
        pqr_silence_recognize,
        pqr=pqr,
        actor=request.user,
        note=request.POST.get("note", ""),
    ):
        messages.success(request, _("Reconocimiento del silencio positivo registrado."))
    return back(pqr)
