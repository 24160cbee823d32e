"""Public pages (no login): file a PQR on the web form and follow it by radicado."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.ratelimit import (
    failure_record,
    rate_limit_exceeded,
    rate_limit_give_back,
    rate_limit_hit,
    rate_limit_take,
    rate_limit_wait_and_failures,
    rate_limit_wait_seconds,
    wait_minutes,
)
from customers.models import CURRENT_POLICY_VERSION
from pqr.attachments import MAX_FILES
from pqr.attachments import max_bytes as attachment_max_bytes
from pqr.emails import email_recipient
from pqr.models import Channel, Pqr, Status
from pqr.notification_status import letter_bytes
from pqr.selectors_answers import public_notices_current
from sla.preview import filing_terms

from . import access, selectors
from .forms import ANONYMOUS_DENUNCIA_MIN_CHARS, PublicLookupForm, PublicPqrForm, PublicReplyForm
from .services import pqr_public_file, pqr_public_reply

LOOKUP_FAILED = _(
    "No encontramos una solicitud con ese radicado y ese documento o correo. "
    "Revise los datos e inténtelo de nuevo."
)


def _rate_limited(request, *, per_radicado: bool = False):
    context = {"per_radicado": per_radicado}
    return render(request, "pqr/public/rate_limited.html", context, status=429)


def _form_context(form, *, wait_seconds: int = 0) -> dict:
    return {
        "form": form,
        "policy_version": CURRENT_POLICY_VERSION,
        "denuncia_min_chars": ANONYMOUS_DENUNCIA_MIN_CHARS,
        # What each type will be promised if filed now (same rules as the filing).
        "terms": filing_terms(received_at=timezone.now(), channel=Channel.WEB),
        "max_upload_mb": attachment_max_bytes() // (1024 * 1024),
        "max_files": MAX_FILES,
        "wait_minutes": wait_minutes(wait_seconds) if wait_seconds else 0,
    }


CREATE_SCOPE, LOOKUP_SCOPE = "pqr-public-create", "pqr-public-lookup"
RADICADO_SCOPE = "pqr-lookup-radicado"


@require_http_methods(["GET", "POST"])
def public_create(request):
    if request.method != "POST":
        return render(request, "pqr/public/create.html", _form_context(PublicPqrForm()))
    form = PublicPqrForm(request.POST, request.FILES)
    if form.is_bot():
        # Look like a success so the bot learns nothing; nothing is stored.
        return redirect("pqr:public_success")
    # Only filings count towards the limit: a form sent back for corrections does not.
    # A valid form is checked and counted in one Redis round trip (given back if the
    # filing is refused at the last step); an invalid one is only checked.
    valid = form.is_valid()
    take = rate_limit_take if valid else rate_limit_wait_seconds
    wait = take(request, CREATE_SCOPE)
    if wait:
        context = _form_context(form, wait_seconds=wait)
        return render(request, "pqr/public/create.html", context, status=429)
    if valid:
        try:
            pqr = pqr_public_file(**form.filing(language=translation.get_language() or "es-co"))
        except ValidationError as exc:
            rate_limit_give_back(request, CREATE_SCOPE)
            # Model-level messages may name fields the form does not have (e.g. "email").
            form.add_error(None, exc.messages)
        else:
            response = redirect("pqr:public_success")
            access.filed_remember(response, pqr.pk)
            return response
    return render(request, "pqr/public/create.html", _form_context(form), status=400)


def _mask_email(email: str) -> str:
    local, _sep, domain = email.partition("@")
    return f"{local[:2]}•••@{domain}" if domain else ""


def public_success(request):
    pqr_id = access.filed_pqr_id(request)
    pqr = (
        Pqr.objects.select_related("pqr_type").filter(pk=pqr_id).first()
        if pqr_id is not None
        else None
    )
    context = {"pqr": pqr}
    if pqr is not None:
        context["masked_email"] = _mask_email(email_recipient(pqr=pqr) or "")
    return render(request, "pqr/public/success.html", context)


@require_http_methods(["GET", "POST"])
def public_lookup(request):
    if request.method != "POST":
        return render(request, "pqr/public/lookup.html", {"form": PublicLookupForm()})
    form = PublicLookupForm(request.POST)
    # Only failed lookups count: a form with a missing field is not a guess. Per
    # radicado too: guesses spread over many addresses add up on the case. Both limits
    # in one Redis round trip when the form names a radicado.
    valid = form.is_valid()
    if valid:
        wait, radicado_exceeded = rate_limit_wait_and_failures(
            request,
            LOOKUP_SCOPE,
            subject_scope=RADICADO_SCOPE,
            subject=form.cleaned_data["radicado"],
            subject_limit=settings.PUBLIC_LOOKUP_RADICADO_FAILURES,
        )
    else:
        wait, radicado_exceeded = rate_limit_wait_seconds(request, LOOKUP_SCOPE), False
    if wait:
        context = {"form": form, "wait_minutes": wait_minutes(wait)}
        return render(request, "pqr/public/lookup.html", context, status=429)
    if valid:
        radicado = form.cleaned_data["radicado"]
        if radicado_exceeded:
            return _rate_limited(request, per_radicado=True)
        pqr = selectors.pqr_public_find(
            radicado=radicado, identifier=form.cleaned_data["identifier"]
        )
        if pqr is not None:
            response = redirect("pqr:public_status")
            access.lookup_grant(response, pqr.pk)
            return response
        rate_limit_hit(request, LOOKUP_SCOPE)
        failure_record(RADICADO_SCOPE, radicado)
        form.add_error(None, LOOKUP_FAILED)
    return render(request, "pqr/public/lookup.html", {"form": form}, status=400)


def public_status(request, reply_form=None, status_code=200):
    pqr_id = access.lookup_granted_pqr_id(request)
    status = selectors.pqr_public_status(pqr_id=pqr_id) if pqr_id is not None else None
    if status is None:
        return redirect("pqr:public_lookup")
    for answer in status.answers:
        letter = getattr(answer, "letter", None)
        if letter is not None:
            letter.download_token = access.letter_token(pqr_id=status.pqr.pk, letter_id=letter.pk)
        for attachment in answer.attachments.all():
            attachment.download_token = access.attachment_token(
                pqr_id=status.pqr.pk, attachment_id=attachment.pk
            )
    context = {"status": status}
    if status.pqr.status == Status.EN_ESPERA_CLIENTE:
        context["reply_form"] = reply_form or PublicReplyForm()
    response = render(request, "pqr/public/status.html", context, status=status_code)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def public_reply(request):
    """The customer sends the information a completion request asked for."""
    pqr_id = access.lookup_granted_pqr_id(request)
    if pqr_id is None:
        return redirect("pqr:public_lookup")
    if rate_limit_exceeded(request, "pqr-public-reply"):
        return _rate_limited(request)
    form = PublicReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            pqr = pqr_public_reply(
                pqr_id=pqr_id,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            # E.g. no longer waiting (answered meanwhile): the page has no form to show it.
            for text in exc.messages:
                messages.error(request, text)
            return redirect("pqr:public_status")
        messages.success(request, _reply_received_text(pqr))
        return redirect("pqr:public_status")
    return public_status(request, reply_form=form, status_code=400)


def _reply_received_text(pqr: Pqr) -> str:
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    text = gettext_now(
        "Recibimos su información el %(day)s. El plazo para responderle corre de nuevo "
        "desde el día hábil siguiente."
    ) % {"day": today}
    if pqr.legal_due_at and not pqr.term_suspended:
        due = formats.date_format(timezone.localtime(pqr.legal_due_at), "DATE_FORMAT")
        text += " " + gettext_now("Le responderemos a más tardar el %(due)s.") % {"due": due}
    return text


@require_POST
def public_lookup_exit(request):
    response = redirect("pqr:public_lookup")
    access.lookup_forget(request, response)
    return response


def public_attachment(request, token: str):
    ids = access.attachment_token_read(token)
    attachment = (
        selectors.public_attachment_get(pqr_id=ids[0], attachment_id=ids[1]) if ids else None
    )
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def public_letter(request, token: str):
    """The customer's formal letter, the stored bytes (signed, expiring link)."""
    ids = access.letter_token_read(token)
    letter = selectors.public_letter_get(pqr_id=ids[0], letter_id=ids[1]) if ids else None
    if letter is None:
        raise Http404
    response = HttpResponse(letter_bytes(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def public_notices(request):
    """Avisos: decisions that could not be notified personally, published for five
    business days (Ley 1437 art. 69). Radicado and notice text only."""
    return render(request, "pqr/public/notices.html", {"notices": public_notices_current()})
