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


# One round trip per decision (issue 18: the limit took three). The count and the
# window's end live in two keys that expire together; `now` comes from Python so the
# wait is told in the caller's clock. ARGV: limit (0: count without checking), window
# seconds, now. Returns {hits so far, seconds to wait (0: counted)}. Both values are
# stored as whole numbers, as Django's cache stores integers, so `cache.get` reads them.
_HIT = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit = tonumber(ARGV[1])
if limit > 0 and count >= limit then
  local untl = tonumber(redis.call('GET', KEYS[2]) or '0')
  return {count, math.max(math.ceil(untl - tonumber(ARGV[3])), 1)}
end
count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('SET', KEYS[2], math.ceil(tonumber(ARGV[3]) + tonumber(ARGV[2])), 'EX', ARGV[2])
end
return {count, 0}
"""
_scripts: dict = {}


def _redis(key: str):
    """(script, full key) on Django's Redis cache, or None for another backend. The
    client and its registered script are kept per connection pool: Django's backend
    builds a new client object on every call (issue 18: a tenth of a millisecond)."""
    backend = getattr(cache, "_cache", None)
    if backend is None or not hasattr(backend, "get_client"):
        return None
    full = cache.make_key(key)  # hex digests: nothing to validate
    pool_of = getattr(backend, "_get_connection_pool", None)
    pool = pool_of(True) if pool_of is not None else None
    script = _scripts.get(id(pool)) if pool is not None else None
    if script is None:
        client = backend.get_client(full, write=True)
        script = client.register_script(_HIT)
        if pool is not None:
            _scripts[id(pool)] = script
    return script, full


def _hit(key: str, limit: int) -> tuple[int, int]:
    """(hits, wait): count one hit unless `limit` hits are already in the window."""
    window = settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    raw = _redis(key)
    if raw is None:  # another cache backend (not used in production): the plain way
        if limit and (cache.get(key) or 0) >= limit:
            return limit, rate_limit_wait_for(key, limit)
        if cache.add(key, 0, timeout=window):
            cache.set(f"{key}:until", time.time() + window, timeout=window)
        return cache.incr(key), 0
    script, full = raw
    count, wait = script(keys=[full, f"{full}:until"], args=[limit, window, time.time()])
    return int(count), int(wait)


def rate_limit_hit(request: HttpRequest, scope: str) -> int:
    """Count one hit for this client and scope; the hits so far in the window. The
    window opens with the first hit; its end is kept beside the count, so a refused
    client can be told how long to wait."""
    try:
        return _hit(_key(request, scope), 0)[0]
    except Exception:
        return 0


def rate_limit_take(request: HttpRequest, scope: str, limit: int | None = None) -> int:
    """Check and count in one step (one round trip): 0 when this hit was counted,
    else the seconds to wait (nothing counted). `rate_limit_give_back` undoes the hit
    when the outcome turns out not to count (a form refused at the last step)."""
    limit = limit if limit is not None else settings.PUBLIC_FORM_RATE_LIMIT
    try:
        return _hit(_key(request, scope), max(limit, 1))[1]
    except Exception:
        return 0


def rate_limit_give_back(request: HttpRequest, scope: str) -> None:
    try:
        cache.decr(_key(request, scope))
    except Exception:
        return


def rate_limit_wait_for(key: str, limit: int) -> int:
    try:
        values = cache.get_many([key, f"{key}:until"])
    except Exception:
        return 0
    if (values.get(key) or 0) < limit:
        return 0
    until = values.get(f"{key}:until") or time.time() + settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    return max(math.ceil(float(until) - time.time()), 1)


def rate_limit_wait_seconds(request: HttpRequest, scope: str, limit: int | None = None) -> int:
    """Seconds until this client may try again (0: allowed now). Counts nothing: the
    caller decides which outcomes count (`rate_limit_hit`)."""
    limit = limit if limit is not None else settings.PUBLIC_FORM_RATE_LIMIT
    return rate_limit_wait_for(_key(request, scope), limit)


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


def rate_limit_wait_and_failures(
    request: HttpRequest, scope: str, *, subject_scope: str, subject: str, subject_limit: int
) -> tuple[int, bool]:
    """`rate_limit_wait_seconds(request, scope)` and `failures_exceeded(subject_scope,
    subject, subject_limit)` in one round trip (the public lookup asks both)."""
    key, failures = _key(request, scope), _failure_key(subject_scope, subject)
    try:
        values = cache.get_many([key, f"{key}:until", failures])
    except Exception:
        return 0, False
    exceeded = (values.get(failures) or 0) >= subject_limit
    if (values.get(key) or 0) < settings.PUBLIC_FORM_RATE_LIMIT:
        return 0, exceeded
    until = values.get(f"{key}:until") or time.time() + settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    return max(math.ceil(float(until) - time.time()), 1), exceeded


def failure_record(scope: str, subject: str) -> None:
    try:
        _hit(_failure_key(scope, subject), 0)
    except Exception:
        return
