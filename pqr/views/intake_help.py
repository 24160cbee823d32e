"""The intake page's live help: who the picked customer is (difficult-type guidance,
open PQRs) and the term the new PQR will get, both before filing."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from pqr.forms import TermPreviewForm
from pqr.selectors_intake import intake_customer_summary
from sla.preview import filing_terms

from .common import staff


@require_POST
@staff
def customer_summary(request):
    """POST, like the lookup: the typed document never lands in a URL or a log."""
    raw = request.POST.get("customer_id", "")
    summary = None
    if raw.isdigit():
        summary = intake_customer_summary(
            user=request.user, pk=int(raw), typed_documents=[request.POST.get("cq", "")]
        )
    return render(request, "pqr/_intake_customer.html", {"summary": summary})


@require_GET
@staff
def term_preview(request):
    form = TermPreviewForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"text": ""}, status=400)
    data = form.cleaned_data
    terms = filing_terms(
        received_at=data["received_at"] or timezone.now(),
        pqr_type_id=data["pqr_type"].pk,
        channel=data["channel"],
        priority=data["priority"] or "normal",
        team_id=data["team"].pk if data["team"] else None,
    )
    if not terms:
        return JsonResponse({"text": ""}, status=404)
    return JsonResponse(term_promise(terms[0]))


def term_promise(term) -> dict:
    """What the agent can tell the customer, in the page's language."""
    day = formats.date_format(term.legal_due_on, "DATE_FORMAT")
    text = ngettext(
        "Le respondemos a más tardar el %(day)s, %(n)s día hábil, %(source)s.",
        "Le respondemos a más tardar el %(day)s, %(n)s días hábiles, %(source)s.",
        term.days,
    ) % {"day": day, "n": term.days, "source": term.source}
    if term.target_due_at is not None:
        when = formats.date_format(timezone.localtime(term.target_due_at), "SHORT_DATETIME_FORMAT")
        text += " " + _("Meta interna (ANS): %(when)s.") % {"when": when}
    return {"text": text, "days": term.days, "due_on": term.legal_due_on.isoformat()}
