"""Response headers every page gets."""

from django.conf import settings
from django.utils.cache import patch_cache_control


def private_pages_not_stored(get_response):
    """A page served to a signed-in user carries personal data (names, documents,
    phones): no browser or proxy may keep a copy (Cache-Control: no-store), unless the
    view already said how it may be cached."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def permissions_policy(get_response):
    """Permissions-Policy on every response: no page uses camera, microphone,
    location or payment, so no script (ours or injected) may ask for them."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
