"""The original .eml of a received email, for staff who may see its PQR."""

from django.http import Http404, HttpResponse

from core.mixins import role_required
from core.roles import Role, has_role
from pqr.visibility import pqr_visible_to

from .models import InboundEmail


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
