"""Test run: real PostgreSQL and Redis, fast hashing, mail kept in memory."""

import hashlib
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.queues import celery_queue_settings

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/pqrdesk-test-media")  # noqa: S108
# Time-travel tests jump days ahead with a signed-in client; the 8-hour staff session
# (base.py, tested in tests/core/test_sessions.py) would sign them out.
SESSION_COOKIE_AGE = 30 * 86400
API_WEBHOOK_ALLOW_HTTP_LOOPBACK = True
# Most tests run Celery work in-process; tests marked `worker` use a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL", default="redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": "pqrdesk-test",
    }
}

# The replica tests (tests/ops/test_replica.py) point this alias at a streaming replica
# they start; a test mirror of default, so it reads the test database pytest-django
# created on the primary. Unused elsewhere: the router is off (DATABASE_REPLICA_ENABLED).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_REPLICA_ENABLED = False

# Worker subprocesses started by tests (tests/sla/test_worker_process.py) set this:
# real Celery through Redis, and emails written to files the test can count.
if env.bool("PQRDESK_TEST_REAL_CELERY", default=False):
    CELERY_TASK_ALWAYS_EAGER = False
    EMAIL_BACKEND = env(
        "PQRDESK_TEST_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
    )
    EMAIL_FILE_PATH = env("PQRDESK_TEST_EMAIL_DIR", default="/tmp/pqrdesk-test-mail")  # noqa: S108

# --- Test isolation from a running app (docs/reliability.md) -------------------------
# The suite never shares a broker or a queue with `make run`: its own Redis database
# (never db 0, the app's default) and queue names under a prefix of its own. The
# prefix is per checkout, so two worktrees running their suites at once do not consume
# each other's tasks either. Per-kind queues (config/queues.py) compose with it: every
# queue name starts with PQRDESK_QUEUE_PREFIX.
TEST_REDIS_URL = env("PQRDESK_TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
if (urlsplit(TEST_REDIS_URL).path.strip("/") or "0") == "0":
    raise ImproperlyConfigured("PQRDESK_TEST_REDIS_URL must name a Redis database other than 0")
PQRDESK_QUEUE_PREFIX = env(
    "PQRDESK_TEST_QUEUE_PREFIX",
    default="pqrdesk-test-" + hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8],  # noqa: S324
)
CELERY_BROKER_URL = CELERY_RESULT_BACKEND = TEST_REDIS_URL
vars().update(celery_queue_settings(PQRDESK_QUEUE_PREFIX))
CACHES["default"]["LOCATION"] = TEST_REDIS_URL
# --- end of test isolation ------------------------------------------------------------
