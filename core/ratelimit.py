"""A fixed-window request counter in the shared cache (Redis), for public forms."""

import hashlib
import math
import time

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


def _key(request: HttpRequest, scope: str) -> str:
    # The IP is hashed so that no address lands in cache keys or logs.
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def rate_limit_hit(request: HttpRequest, scope: str) -> int:
    """Count one hit for this client and scope; the hits so far in the window. The
    window opens with the first hit; its end is kept beside the count, so a refused
    client can be told how long to wait."""
    window = settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    key = _key(request, scope)
    try:
        if cache.add(key, 0, timeout=window):
            cache.set(f"{key}:until", time.time() + window, timeout=window)
        return cache.incr(key)
    except Exception:
        return 0


def rate_limit_wait_seconds(request: HttpRequest, scope: str, limit: int | None = None) -> int:
    """Seconds until this client may try again (0: allowed now). Counts nothing: the
    caller decides which outcomes count (`rate_limit_hit`)."""
    limit = limit if limit is not None else settings.PUBLIC_FORM_RATE_LIMIT
    key = _key(request, scope)
    try:
        values = cache.get_many([key, f"{key}:until"])
    except Exception:
        return 0
    if (values.get(key) or 0) < limit:
        return 0
    until = values.get(f"{key}:until") or time.time() + settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    return max(math.ceil(until - time.time()), 1)


def rate_limit_exceeded(request: HttpRequest, scope: str, limit: int | None = None) -> bool:
    """Count one hit for this client and scope; True once the window's limit is passed."""
    limit = limit if limit is not None else settings.PUBLIC_FORM_RATE_LIMIT
    return rate_limit_hit(request, scope) > limit


def wait_minutes(seconds: int) -> int:
    """A waiting time as people read it: whole minutes, rounded up, at least one."""
    return max(math.ceil(seconds / 60), 1)


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
