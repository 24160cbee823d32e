"""The formal letter (oficio) of an answer: an outgoing number, a PDF rendered once
with WeasyPrint from `templates/pqr/letter/oficio.html`, stored with its SHA-256.

The PDF is never rendered again: the email attaches the stored bytes and every
download serves them (`pqr.notification_status.letter_bytes` checks the hash).
WeasyPrint fetches nothing from outside: the logo is inlined as a data: URI and
every other URL is refused, so a typed text can never make the server load a URL.
"""

import base64
import hashlib
import mimetypes
from datetime import date

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from pqr.emails import email_language
from pqr.models import AnswerLetter, AnswerTemplate, Pqr, PqrMessage
from sla.models import Organization
from sla.selectors import organization_get

from .answer_templates import signer_title
from .recursos import django_language, recursos_for, recursos_text

DRAFT_NUMBER = "SAL-····-······"


def next_outgoing_number(*, year: int) -> str:
    """Take the next outgoing number of `year` (one upsert; concurrent callers queue on
    the counter row until the first commits, so numbers are unique and consecutive)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pqr_lettercounter (year, last_number) VALUES (%s, 1) "
            "ON CONFLICT (year) DO UPDATE "
            "SET last_number = pqr_lettercounter.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"SAL-{year}-{number:06d}"


def _logo_data_uri(org: Organization) -> str:
    if not org.logo:
        return ""
    try:
        with org.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(org.logo.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _recipient(pqr: Pqr) -> dict:
    customer = pqr.customer if pqr.customer_id else None
    if customer is None:
        return {"name": _("Ciudadano(a)"), "email": pqr.contact_email}
    return {
        "name": customer.full_name,
        "document": f"{customer.document_type} {customer.document_number}",
        "address": customer.address,
        "city": customer.city,
        "email": pqr.contact_email or customer.email,
    }


def long_date(on: date, language: str) -> str:
    text = formats.date_format(on, "DATE_FORMAT")
    # Spanish writes month names in lower case ("1 de diciembre de 2026").
    return text.lower() if language == "es" else text


def letter_context(
    *, pqr: Pqr, body: str, actor, number: str, language: str, on: date | None = None
) -> dict:
    org = organization_get()
    on = on or timezone.localdate()
    with translation.override(django_language(language)):
        recursos = recursos_for(pqr=pqr, org=org)
        if recursos and recursos_text(recursos) in body:
            recursos = []  # the answer already states them (the {{ recursos }} placeholder)
        return {
            "org": org,
            "logo": _logo_data_uri(org),
            "pqr": pqr,
            "pqr_type": str(pqr.pqr_type),
            "recipient": _recipient(pqr),
            "number": number,
            "draft": number == DRAFT_NUMBER,
            "date": long_date(on, language),
            "body": body,
            "recursos": recursos,
            "signer_name": (actor.get_full_name() or actor.get_username()) if actor else "",
            "signer_role": signer_title(actor),
            "team": pqr.team.name if pqr.team_id else "",
            "language": language,
        }


def letter_html(context: dict, *, pdf: bool = True) -> str:
    """The letter as HTML: for WeasyPrint (`pdf`, with its numbered @page rule) or for the
    browser preview, which links static/css/letter.css (the CSP allows no inline style)."""
    with translation.override(django_language(context["language"])):
        return render_to_string("pqr/letter/oficio.html", {**context, "pdf": pdf})


def letter_pdf(html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(filename=finders.find("css/letter.css"), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])


def letter_preview(*, pqr: Pqr, body: str, actor, pdf: bool = False) -> str:
    """The letter as it will look, as HTML, with no number taken (a draft)."""
    language = email_language(pqr)
    context = letter_context(
        pqr=pqr, body=body, actor=actor, number=DRAFT_NUMBER, language=language
    )
    return letter_html(context, pdf=pdf)


@transaction.atomic
def letter_create(
    *, pqr: Pqr, message: PqrMessage, actor, template: AnswerTemplate | None = None
) -> AnswerLetter:
    """Number, render and store the letter of `message` (inside the answer's transaction)."""
    language = email_language(pqr)
    number = next_outgoing_number(year=timezone.localdate().year)
    context = letter_context(
        pqr=pqr, body=message.body, actor=actor, number=number, language=language
    )
    pdf = letter_pdf(letter_html(context))
    letter = AnswerLetter(
        pqr=pqr,
        message=message,
        number=number,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        language=language,
        signer_name=context["signer_name"][:150],
        signer_role=context["signer_role"][:150],
        template=template,
        created_by=actor,
    )
    letter.file.save(f"{number}.pdf", ContentFile(pdf), save=False)
    letter.save()
    return letter
