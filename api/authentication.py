"""Who is calling: an integration's API key (header X-API-Key) or a staff session."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from core.roles import ROLE_RANK, Role

from .keys import key_matches, key_prefix
from .models import ApiKey

HEADER = "HTTP_X_API_KEY"
LAST_USED_EVERY = timedelta(minutes=1)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`X-API-Key: pqrk_...` (or `Authorization: Bearer pqrk_...`). The request runs as
    the key's service account, scoped to the key's teams."""

    def authenticate(self, request):
        raw = request.META.get(HEADER, "")
        if not raw:
            scheme, _sep, value = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
            if scheme.lower() != "bearer" or not value.startswith("pqrk_"):
                return None
            raw = value
        prefix = key_prefix(raw)
        key = (
            ApiKey.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
        )
        if key is None or not key_matches(raw, key.key_hash):
            raise exceptions.AuthenticationFailed(_("Llave de API no válida."))
        if key.revoked_at is not None or not key.user.is_active:
            raise exceptions.AuthenticationFailed(_("Esta llave de API fue revocada."))
        user = key.user
        # The visibility rule reads these instead of team membership and groups.
        user.scope_team_ids = list(key.teams.values_list("id", flat=True))
        user._pqr_role_rank = ROLE_RANK[Role.AGENT]
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return user, key

    def authenticate_header(self, request) -> str:
        return "ApiKey"


class StaffSessionAuthentication(authentication.SessionAuthentication):
    """The browser (Swagger UI while logged in): the staff member's own scope; CSRF is
    enforced on writes as in the UI."""
