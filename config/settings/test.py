"""Test run: real PostgreSQL and Redis, fast hashing, mail kept in memory."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/pqrdesk-test-media")  # noqa: S108
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

# Worker subprocesses started by tests (tests/sla/test_worker_process.py) set this:
# real Celery through Redis, and emails written to files the test can count.
if env.bool("PQRDESK_TEST_REAL_CELERY", default=False):
    CELERY_TASK_ALWAYS_EAGER = False
    EMAIL_BACKEND = env(
        "PQRDESK_TEST_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
    )
    EMAIL_FILE_PATH = env("PQRDESK_TEST_EMAIL_DIR", default="/tmp/pqrdesk-test-mail")  # noqa: S108
