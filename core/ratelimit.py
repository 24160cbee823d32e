"""A fixed-window request counter in the shared cache (Redis), for public forms."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address to count. X-Forwarded-For is trusted only for the hops our own proxies
    add (PQRDESK_TRUSTED_PROXIES): its left part is whatever the client chose to send."""
    proxies = settings.TRUSTED_PROXY_COUNT
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_exceeded(request: HttpRequest, scope: str, limit: int | None = None) -> bool:
    """Count one hit for this client and scope; True once the window's limit is passed.

    The IP is hashed so that no address lands in cache keys or logs.
    """
    limit = limit if limit is not None else settings.PUBLIC_FORM_RATE_LIMIT
    window = settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    try:
        cache.add(key, 0, timeout=window)
        hits = cache.incr(key)
    except Exception:
        return False
    return hits > limit


def _failure_key(scope: str, subject: str) -> str:
    digest = hashlib.sha256(subject.strip().upper().encode()).hexdigest()[:32]
    return f"failures:{scope}:{digest}"


def failures_exceeded(scope: str, subject: str, limit: int) -> bool:
    """True once `subject` (e.g. a radicado) has `limit` recorded failures in the window,
    whatever addresses they came from. Hashed: no radicado lands in a cache key."""
    try:
        return (cache.get(_failure_key(scope, subject)) or 0) >= limit
    except Exception:
        return False


def failure_record(scope: str, subject: str) -> None:
    key = _failure_key(scope, subject)
    try:
        cache.add(key, 0, timeout=settings.PUBLIC_FORM_RATE_WINDOW_SECONDS)
        cache.incr(key)
    except Exception:
        return
