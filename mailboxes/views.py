"""The original .eml of a received email, for staff who may see its PQR, and the page
of messages kept for review (with "process again")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.mixins import role_required
from core.roles import Role, has_role
from pqr.visibility import pqr_visible_to

from . import selectors, services
from .models import InboundEmail, InboundStatus


@role_required(Role.AGENT)
def inbound_raw(request, pk: int):
    """An agent gets the emails of the PQRs they may see; a message with no PQR (kept
    for review) only supervisors and administrators."""
    rows = InboundEmail.objects.only("id", "raw", "pqr_id")
    if has_role(request.user, Role.SUPERVISOR):
        row = rows.filter(pk=pk).first()
    else:
        row = rows.filter(pk=pk, pqr__in=pqr_visible_to(user=request.user)).first()
    if row is None or not row.raw:
        raise Http404
    response = HttpResponse(bytes(row.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="correo-{row.pk}.eml"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.SUPERVISOR)
def held_messages(request):
    page_number = request.GET.get("page", "1")
    page = Paginator(selectors.held_messages(), 50).get_page(
        int(page_number) if page_number.isdigit() else 1
    )
    context = {"page": page, "mailboxes_in_error": list(selectors.mailboxes_in_error())}
    return render(request, "mailboxes/held.html", context)


@require_POST
@role_required(Role.SUPERVISOR)
def held_message_retry(request, pk: int):
    row = get_object_or_404(InboundEmail, pk=pk, status=InboundStatus.QUARANTINED)
    try:
        services.inbound_retry(inbound=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mailboxes:held")
    row = services.inbound_process(inbound_id=row.pk)
    if row is not None and row.status != InboundStatus.QUARANTINED:
        messages.success(
            request, _("El correo se procesó: %(result)s.") % {"result": row.get_status_display()}
        )
    else:
        messages.warning(
            request,
            _("El correo sigue guardado para revisión: %(reason)s")
            % {"reason": row.reason if row else ""},
        )
    return redirect("mailboxes:held")
