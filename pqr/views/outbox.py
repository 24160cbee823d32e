"""The failed-emails page: customer emails given up after their retry window (or
refused), with "try again" and "told by another channel"."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pqr import selectors, services

from .common import run, staff


@staff
def failed_emails(request):
    rows = selectors.page_of(
        selectors.failed_emails_for(user=request.user), page=_page(request), per_page=50
    )
    return render(request, "pqr/failed_emails.html", {"page": rows})


def _page(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() else 1


@require_POST
@staff
def failed_email_retry(request, pk: int):
    row = selectors.failed_email_for_user(user=request.user, pk=pk)
    if run(request, services.customer_email_retry, email=row, actor=request.user):
        messages.success(
            request, _("Correo de %(radicado)s enviado de nuevo.") % {"radicado": row.pqr.radicado}
        )
    return redirect("pqr:failed_emails")


@require_POST
@staff
def failed_email_other_channel(request, pk: int):
    row = selectors.failed_email_for_user(user=request.user, pk=pk)
    if run(
        request,
        services.customer_email_other_channel,
        email=row,
        actor=request.user,
        note=request.POST.get("note", ""),
    ):
        messages.success(request, _("Registrado: se le comunicó por otro canal."))
    return redirect("pqr:failed_emails")
