"""Staff actions on a web PQR whose filer's identity is to be confirmed
(pqr.services.identity)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.mixins import role_required
from core.roles import Role
from pqr.services.identity import pqr_identity_confirm, pqr_identity_reject
from pqr.visibility import pqr_for_user


def _back(pqr):
    return redirect(reverse("pqr:detail", args=[pqr.pk]))


@require_POST
@role_required(Role.AGENT)
def identity_confirm(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    try:
        pqr_identity_confirm(pqr=pqr, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Identidad confirmada: la PQR queda en el perfil del cliente."))
    return _back(pqr)


@require_POST
@role_required(Role.AGENT)
def identity_reject(request, pk: int):
    pqr = pqr_for_user(user=request.user, pk=pk)
    try:
        pqr_identity_reject(pqr=pqr, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("La PQR ya no está en el perfil de ese cliente."))
    return _back(pqr)
