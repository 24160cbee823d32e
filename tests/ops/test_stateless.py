"""Production settings keep no state in a web node's memory (issue 19): sessions in
PostgreSQL, cache and rate limits in Redis, media through STORAGES."""

from tests.core.test_deployment import PRODUCTION_ENV, _manage


def test_production_settings_keep_sessions_cache_and_media_off_the_node():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], "
        "s.STORAGES['default']['BACKEND'], s.DATABASE_ROUTERS[0])"
    )
    result = _manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    session, cache, media, router = result.stdout.strip().splitlines()[-1].split()
    assert session == "django.contrib.sessions.backends.db"
    assert cache == "django.core.cache.backends.redis.RedisCache"
    assert "locmem" not in cache.lower()
    assert media == "django.core.files.storage.FileSystemStorage"  # or django-storages
    assert router == "core.replica.ReplicaRouter"
