"""Settings shared by every environment, read from the environment with django-environ."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from config.queues import celery_queue_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.admin_config.PqrAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "customers",
    "pqr",
    "sla",
    "surveys",
    "dashboards",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "mailboxes",
]

MIDDLEWARE = [
    "core.request_id.request_id_middleware",
    "ops.metrics.request_metrics",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.auth.admins_need_two_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.private_pages_not_stored",
    "core.replica.replica_pinning",
    # Last, so it sees the login view's failures (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Spelled out so no settings module loses it (issue 18): templates are
            # parsed once per process, in development too (Django drops the cache
            # when a template file changes under runserver).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/pqrdesk"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# A PostgreSQL streaming replica for the dashboards, reports and exports (core/replica.py):
# reads marked `use_replica()` go there unless it lags more than the limit, or the
# visitor wrote in the last few seconds (read-your-writes). Absent: everything on default.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_REPLICA_ENABLED = "replica" in DATABASES
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("PQRDESK_REPLICA_MAX_LAG_SECONDS", default=30.0)
DATABASE_REPLICA_STICKY_SECONDS = env.int("PQRDESK_REPLICA_STICKY_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL", default="redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": "pqrdesk",
        # A request never waits on Redis: the cache (rate limits) fails fast and the
        # callers treat a failure as a miss.
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.5},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sessions: a working day, and gone when the browser closes (shared counters).
SESSION_COOKIE_AGE = env.int("PQRDESK_SESSION_AGE_SECONDS", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("PQRDESK_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
# Login throttle (django-axes): after PQRDESK_LOGIN_FAILURE_LIMIT failures in a row for
# one username, or from one address, that username or address is refused for
# PQRDESK_LOGIN_COOLOFF_MINUTES; an administrator unlocks earlier (docs/decisions.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("PQRDESK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PQRDESK_LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.auth.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "core.auth.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Two-step verification (django-otp, TOTP): offered to all staff; with this on,
# administrators must set it up before reaching any page.
PQRDESK_REQUIRE_2FA_FOR_ADMINS = env.bool("PQRDESK_REQUIRE_2FA_FOR_ADMINS", default=False)
OTP_TOTP_ISSUER = "PQR Desk"
# Content-Security-Policy (django-csp): Bootstrap, htmx and Chart.js are served from
# here, so scripts come only from this origin or carry the page's nonce; no inline
# handlers, no eval. Styles only from our stylesheets: no <style> block, no style=""
# attribute (tests/core/test_security_headers.py). Listed in docs/decisions.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'none'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features no page of ours uses (core.middleware.permissions_policy).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", _("Español (Colombia)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party assets come from npm; only the packages we use are exposed.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="PQR Desk <no-reply@pqrdesk.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute base for links in emails (survey links, lookup links).
SITE_URL = env("PQRDESK_SITE_URL", default="http://127.0.0.1:8000")

# Celery: Redis broker, JSON only, tasks safe to run twice.
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", default=env("REDIS_URL", default="redis://127.0.0.1:6379/0")
)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# No caller reads a task's result: with results ignored a publish never waits on the
# result backend's reconnect loop (a Redis outage stalled every request ~19 s).
CELERY_TASK_IGNORE_RESULT = True
# Publishing from a request: one quick try, then core.jobs logs it and the outbox
# rows are queued again by beat (docs/reliability.md).
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# The worker keeps reconnecting however long Redis is away.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # An unacknowledged task (its worker died) comes back after this many seconds, not
    # the default hour; longer waits (email backoff) are kept in the database, never as
    # a countdown longer than this.
    "visibility_timeout": env.int("PQRDESK_VISIBILITY_TIMEOUT", default=600),
    "socket_connect_timeout": 0.5,
    "socket_timeout": 5,
    # A publish tries the connection once (not 2 s of reconnects); the worker's own
    # consumer reconnects forever (CELERY_BROKER_CONNECTION_MAX_RETRIES above).
    "max_retries": 0,
}
# SMTP: a stuck server must not hold a worker until the hard time limit.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=20)
# Customer emails are retried (capped backoff) for this long, then marked failed, shown
# on the failed-emails page and alerted to the supervisor.
EMAIL_GIVE_UP_AFTER = timedelta(seconds=env.int("PQRDESK_EMAIL_GIVE_UP_AFTER", default=3 * 86400))
# First retry wait; it doubles up to an hour (the fault suite shortens it).
EMAIL_BACKOFF_BASE_SECONDS = env.int("PQRDESK_EMAIL_BACKOFF_BASE_SECONDS", default=30)
# How often beat looks for outbox rows that are due (never queued, or due a retry).
OUTBOX_POLL_SECONDS = env.int("PQRDESK_OUTBOX_POLL_SECONDS", default=60)
# Seconds between idle passes of the outbox relay (`manage.py outbox_relay`, core.relay).
OUTBOX_RELAY_SECONDS = env.float("PQRDESK_OUTBOX_RELAY_SECONDS", default=1.0)
# An outbox row unsent this long after it was written was never queued: queue it.
OUTBOX_REQUEUE_AFTER = timedelta(seconds=env.int("PQRDESK_OUTBOX_REQUEUE_AFTER", default=120))
SWEEP_SECONDS = env.int("PQRDESK_SWEEP_SECONDS", default=60)
# Alerts queued but not sent after this long are queued again (worker died).
ALERT_RESEND_AFTER = timedelta(seconds=env.int("PQRDESK_ALERT_RESEND_AFTER", default=120))
# Mailbox intake (mailboxes app): how often each mailbox is read, the largest message
# turned into a PQR (a bigger one is kept whole for staff), and the key that encrypts
# the mailbox passwords (Fernet, 32 url-safe base64 bytes; by default derived from
# SECRET_KEY, so set it to keep the passwords readable across a SECRET_KEY rotation).
MAILBOX_POLL_SECONDS = env.int("PQRDESK_MAILBOX_POLL_SECONDS", default=60)
MAILBOX_MAX_MESSAGE_BYTES = env.int("PQRDESK_MAILBOX_MAX_MESSAGE_BYTES", default=25 * 1024 * 1024)
MAILBOX_SECRET_KEY = env("PQRDESK_MAILBOX_KEY", default="")
MAILBOX_IMAP_TIMEOUT = env.int("PQRDESK_MAILBOX_IMAP_TIMEOUT", default=30)
# One queue per kind of work (config/queues.py); `<prefix>-<kind>`, default queue `<prefix>`.
vars().update(celery_queue_settings(env("PQRDESK_QUEUE_PREFIX", default="pqrdesk")))
CELERY_BEAT_SCHEDULE = {
    "health-heartbeat": {
        "task": "core.tasks.health_check",
        "schedule": crontab(minute="*/15"),
        # Beat reads no result: never wait on the result backend when Redis is away.
        "options": {"ignore_result": True},
    },
    "sla-sweep": {"task": "sla.tasks.sla_sweep", "schedule": timedelta(seconds=SWEEP_SECONDS)},
    "dashboards-rollups": {
        "task": "dashboards.tasks.rollups_refresh",
        "schedule": crontab(minute="*/5"),
    },
    "dashboards-rollups-nightly": {
        "task": "dashboards.tasks.daily_stats_rebuild_all",
        "schedule": crontab(hour=2, minute=30),
    },
    # Each person's digest goes out at the hour they chose (07:00 by default), so it
    # runs every hour; a run sends only the digests whose hour has come and that were
    # not sent yet today (a missed hour, or SMTP down, is caught up by the next run).
    "sla-daily-digest": {
        "task": "sla.tasks.sla_daily_digest",
        "schedule": crontab(minute=0),
    },
    # Customer emails whose task never reached the broker (Redis down at commit time)
    # or whose retry is due; the outbox row holds the schedule.
    "pqr-customer-email-requeue": {
        "task": "pqr.tasks.requeue_customer_emails",
        "schedule": timedelta(seconds=OUTBOX_POLL_SECONDS),
    },
    # The outbox relay's pass (core.relay), in case its process is not running.
    "outbox-relay": {"task": "core.tasks.outbox_relay", "schedule": OUTBOX_POLL_SECONDS},
    # Survey invitations written at resolution whose task never ran.
    "surveys-send-pending": {
        "task": "surveys.tasks.surveys_send_pending_task",
        "schedule": timedelta(seconds=OUTBOX_POLL_SECONDS),
    },
    # Each active mailbox is read for new PQRs and replies (mailboxes.tasks).
    "mailboxes-poll": {
        "task": "mailboxes.tasks.mailboxes_poll_all",
        "schedule": timedelta(seconds=MAILBOX_POLL_SECONDS),
        "options": {"ignore_result": True},
    },
    # Webhook deliveries due a retry, or never queued (broker down at commit time).
    "api-webhooks-requeue": {
        "task": "api.tasks.webhooks_requeue",
        "schedule": timedelta(seconds=OUTBOX_POLL_SECONDS),
    },
    # Scheduled reports (dashboards.deliveries): write the due deliveries (Mondays and
    # 1sts from 06:00) and queue the pending ones, retries included.
    "dashboards-scheduled-reports": {
        "task": "dashboards.tasks.scheduled_reports_plan",
        "schedule": crontab(minute="*/5"),
    },
    "surveys-expire": {
        "task": "surveys.tasks.surveys_expire_due_task",
        "schedule": crontab(minute=7),
    },
}

# Public forms: requests per IP and window before a 429.
PUBLIC_FORM_RATE_LIMIT = env.int("PQRDESK_PUBLIC_FORM_RATE_LIMIT", default=10)
PUBLIC_FORM_RATE_WINDOW_SECONDS = env.int("PQRDESK_PUBLIC_FORM_RATE_WINDOW", default=600)
# Failed public lookups of one radicado (from any address) per window before a 429.
PUBLIC_LOOKUP_RADICADO_FAILURES = env.int("PQRDESK_LOOKUP_RADICADO_FAILURES", default=5)
# How many reverse proxies of ours append to X-Forwarded-For in front of the app (0: none,
# the client is REMOTE_ADDR). The rate limit counts the address the outermost one saw.
TRUSTED_PROXY_COUNT = env.int("PQRDESK_TRUSTED_PROXIES", default=0)

# PQR attachments (staff and public intake): largest file accepted, in bytes.
PQR_ATTACHMENT_MAX_BYTES = env.int("PQRDESK_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Erasure of a holder's data (Ley 1581) deletes the PDFs of the letters sent to them,
# keeping their register (number, hash, date). An office with a legal duty to keep its
# correspondence (retention tables, Código de Comercio art. 60) sets this to True.
PQR_ERASURE_KEEPS_LETTERS = env.bool("PQRDESK_ERASURE_KEEPS_LETTERS", default=False)

# REST API (api/, docs/api.md): API keys or a staff session, problem+json errors, a
# request budget per key, schema and docs served from our own static files.
API_KEY_RATE_PER_MINUTE = env.int("PQRDESK_API_KEY_RATE_PER_MINUTE", default=600)
# Webhooks: the outbox row holds the schedule (30 s, 60 s ... capped at 1 h), given up
# after 3 days and shown in the admin; plain http only to loopback (tests, local).
API_WEBHOOK_BACKOFF_BASE_SECONDS = env.int("PQRDESK_WEBHOOK_BACKOFF_BASE_SECONDS", default=30)
API_WEBHOOK_TIMEOUT = env.int("PQRDESK_WEBHOOK_TIMEOUT", default=10)
API_WEBHOOK_GIVE_UP_AFTER = timedelta(
    seconds=env.int("PQRDESK_WEBHOOK_GIVE_UP_AFTER", default=3 * 86400)
)
API_WEBHOOK_ALLOW_HTTP_LOOPBACK = env.bool("PQRDESK_WEBHOOK_ALLOW_HTTP_LOOPBACK", default=False)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PQR Desk API",
    "DESCRIPTION": "PQRs, customers, surveys, legal reports and webhooks (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ChannelEnum": "pqr.models.Channel",
        "FilingChannelEnum": "api.serializers_write.API_CHANNELS",
        "DocumentTypeEnum": "customers.models.DocumentType",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
        "api.schema.add_links",
    ],
}

# /metrics (ops/metrics.py): scrapers from these networks, or with this bearer token.
METRICS_ALLOWED_IPS = env.list("PQRDESK_METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = env("PQRDESK_METRICS_TOKEN", default="")

# JSON lines (python-json-logger) with the request id of the request or task that wrote
# them (core/request_id.py); DJANGO_LOG_FORMAT=plain for a human on a terminal.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "core.logging.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    # Survey and download tokens never reach a log line (core/logging.py).
    "filters": {
        "redact_tokens": {"()": "core.logging.RedactTokensFilter"},
        "request_id": {"()": "core.request_id.RequestIdFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO; only its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
