"""A request budget per API key (per staff member for sessions): a fixed one-minute
window counted in Redis. Over budget: 429 with Retry-After. Redis away: no limit
(the request is never refused or stalled because the cache is down)."""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from .models import ApiKey

WINDOW = 60


class PerKeyThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return True
        key = request.auth if isinstance(request.auth, ApiKey) else None
        limit = (key.rate_per_minute if key else None) or settings.API_KEY_RATE_PER_MINUTE
        who = f"k{key.pk}" if key else f"u{user.pk}"
        now = time.time()
        window = int(now // WINDOW)
        self.retry_after = max(1, int((window + 1) * WINDOW - now))
        name = f"api-rate:{who}:{window}"
        try:
            cache.add(name, 0, timeout=WINDOW + 5)
            hits = cache.incr(name)
        except Exception:
            return True
        return hits <= limit

    def wait(self) -> float:
        return getattr(self, "retry_after", WINDOW)
