"""The PQR page's legal actions beyond the status ones: an access denial (Ley 1712) and
the recursos filed against a decision (reposición, apelación)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pqr import services
from pqr.answer_forms import DeliveryForm
from pqr.models import RecursoFiling
from pqr.visibility import pqr_for_user

from .common import back, run, staff
from .detail import detail_context


def _date(request, name: str):
    return parse_date(request.POST.get(name, "").strip() or "") or None


@require_POST
@staff
def access_deny(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    if run(
        request,
        services.pqr_access_deny,
        pqr=pqr,
        actor=request.user,
        ground=request.POST.get("ground", ""),
        basis=request.POST.get("basis", ""),
    ):
        messages.success(request, _("Negación registrada; la respuesta debe citar su fundamento."))
    return back(pqr)


@require_POST
@staff
def correction_received(request, pk: int):
    """Art. 19: the customer corrected an unclear petition (within 10 business days)."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    if run(
        request,
        services.pqr_correction_received,
        pqr=pqr,
        actor=request.user,
        note=request.POST.get("note", ""),
        received_on=_date(request, "received_on"),
    ):
        messages.success(request, _("Corrección registrada: la PQR vuelve a trámite."))
    return back(pqr)


@require_POST
@staff
def recurso_file(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    if run(
        request,
        services.pqr_recurso_file,
        pqr=pqr,
        actor=request.user,
        kind=request.POST.get("kind", ""),
        grounds=request.POST.get("grounds", ""),
        filed_on=_date(request, "filed_on"),
    ):
        messages.success(request, _("Recurso registrado."))
    return back(pqr)


@require_POST
@staff
def recurso_step(request, pk: int, recurso_id: int):
    """Decide the reposición, or forward the apelación to the Superintendencia."""
    pqr = pqr_for_user(user=request.user, pk=pk)
    recurso = get_object_or_404(RecursoFiling, pk=recurso_id, pqr=pqr)
    if request.POST.get("step") == "forward":
        ok = run(
            request,
            services.pqr_appeal_forward,
            recurso=recurso,
            actor=request.user,
            forwarded_on=_date(request, "on"),
        )
    else:
        # The decision is notified: email, or the channel the agent gives.
        form = DeliveryForm(request.POST, request.FILES, pqr=pqr, prefix="nrecurso_decide")
        ok = form.is_valid() and run(
            request,
            services.pqr_recurso_decide,
            recurso=recurso,
            actor=request.user,
            decision=request.POST.get("decision", ""),
            decided_on=_date(request, "on"),
            delivery=form.delivery(),
        )
        if not ok:
            context = detail_context(
                request,
                pqr,
                delivery_forms={"recurso_decide": form},
                recurso_decision=request.POST.get("decision", ""),
            )
            return render(request, "pqr/detail.html", context, status=400)
    if ok:
        messages.success(request, _("Recurso actualizado."))
    return back(pqr)
