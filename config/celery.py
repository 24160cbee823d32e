"""The Celery application: Redis broker, configuration from Django settings."""

import os
from logging.config import dictConfig

from celery import Celery, signals
from django.conf import settings

from core.request_id import connect_celery_signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("pqrdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
connect_celery_signals()


@signals.setup_logging.connect(weak=False)
def _django_logging(**kwargs) -> None:
    """Workers log like the web (JSON with the request id, tokens redacted): Django's
    LOGGING instead of Celery's own root handler."""
    dictConfig(settings.LOGGING)
