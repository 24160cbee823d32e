"""Writes of the API app: creating and revoking keys (administrators only)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role, has_role

from .keys import key_generate, key_hash
from .models import ApiKey, Scope


def _require_admin(actor) -> None:
    if not has_role(actor, Role.ADMIN):
        raise PermissionDenied(_("Solo un administrador puede gestionar llaves de API."))


@transaction.atomic
def api_key_create(*, actor, name: str, scopes: list[str], teams) -> tuple[ApiKey, str]:
    """A new key and its raw value (shown once). Its service account holds the Agente
    role and no team membership: the key's teams scope it (pqr.visibility)."""
    _require_admin(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Escriba el nombre de la integración."))
    scopes = sorted(set(scopes))
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise ValidationError(_("Elija al menos un permiso válido."))
    teams = list(teams)
    if not teams:
        raise ValidationError(_("Una llave debe estar ligada al menos a un equipo."))
    prefix, raw = key_generate()
    user = get_user_model().objects.create(
        username=f"api.{prefix}",
        first_name="API",
        last_name=name[:150],
        is_active=True,
        is_staff=False,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=Role.AGENT))
    key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        key_hash=key_hash(raw),
        scopes=scopes,
        user=user,
        created_by=actor,
    )
    key.teams.set(teams)
    return key, raw


@transaction.atomic
def api_key_revoke(*, actor, key: ApiKey) -> ApiKey:
    """Revoked at once: the next request with it is refused (401)."""
    _require_admin(actor)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = actor
        key.save(update_fields=["revoked_at", "revoked_by"])
        get_user_model().objects.filter(pk=key.user_id).update(is_active=False)
    return key


def webhook_url_validate(url: str) -> None:
    """HTTPS only; plain http only to a loopback address where settings allow it."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme == "http" and loopback and settings.API_WEBHOOK_ALLOW_HTTP_LOOPBACK:
        return
    raise ValidationError(_("La dirección del webhook debe empezar por https://."))
