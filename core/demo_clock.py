"""Simulated time for the demo data: each step of a demo PQR's life runs at its own
moment, so events, answers, emails and surveys carry believable times.

The code reads the time through `django.utils.timezone.now` (the tests rely on the
same seam), so patching that one function moves every timestamp: `auto_now_add`
fields, services' own `timezone.now()` and `timezone.localdate()`. Celery tasks queued
on commit run in the same process (eager) while the clock is set, and emails go to a
backend that keeps nothing: the history is written as it would have happened, without
mailing the demo addresses.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from datetime import datetime

from celery import current_app
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

_real_now = timezone.now
# How far back the demo history goes (a test writes a shorter one).
HISTORY_MONTHS = float(os.environ.get("PQRDESK_DEMO_MONTHS", "18"))
HISTORY_DAYS = round(HISTORY_MONTHS * 30.4)


@contextmanager
def history_mode():
    """Tasks eager and emails discarded while the demo history is written."""
    conf = current_app.conf
    eager, propagate = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    trace = logging.getLogger("celery.app.trace")  # one line per task: thousands
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        conf.task_always_eager, conf.task_eager_propagates = eager, propagate
        trace.setLevel(level)
        timezone.now = _real_now


@contextmanager
def at(moment: datetime):
    """Run one committed step as if it were `moment` (never later than the real now)."""
    if moment > _real_now():
        raise ValueError("a demo step cannot happen in the future")
    timezone.now = lambda: moment
    try:
        with transaction.atomic():
            yield
    finally:
        timezone.now = _real_now


def real_now() -> datetime:
    return _real_now()
