"""A request id on every log line of a request and of the Celery tasks it queues.

The id comes from the incoming `X-Request-ID` header (a load balancer's) when it is a
plain token, or is generated; it is sent back in the response. Tasks published while
it is set carry it in a message header (`before_task_publish`), and the worker sets it
again around the task (`task_prerun` / `task_postrun`), so one id ties the web log line
to the worker's. It is random or the proxy's: never personal data.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from contextlib import contextmanager

from celery import signals

HEADER = "X-Request-ID"
TASK_HEADER = "pqrdesk_request_id"
NO_REQUEST = "-"
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_current = contextvars.ContextVar("pqrdesk_request_id", default=NO_REQUEST)


def current_request_id() -> str:
    return _current.get()


def request_id_to_keep() -> str:
    """The id to store on an outbox row the relay publishes later ("" outside a request)."""
    request_id = _current.get()
    return "" if request_id == NO_REQUEST else request_id


@contextmanager
def publishing_for(request_id: str):
    """Publish as the request that wrote the row did: the outbox relay (core.relay)
    sends a task with the id of the request that queued it, so the worker's log lines
    still carry it."""
    if not request_id:
        yield
        return
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


def request_id_middleware(get_response):
    def middleware(request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Cleared when the response is finished (not here): Django logs a 4xx/5xx
        # ("Not Found: ...") after the middleware chain returns.
        _current.set(request_id)
        response = get_response(request)
        response[HEADER] = request_id
        return response

    return middleware


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (the JSON formatter prints it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


def _on_publish(headers=None, **kwargs) -> None:
    request_id = _current.get()
    if headers is not None and request_id != NO_REQUEST:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


def _on_task_start(task_id=None, task=None, **kwargs) -> None:
    request = task.request
    request_id = getattr(request, TASK_HEADER, None) or (request.headers or {}).get(TASK_HEADER)
    if request_id and _VALID.fullmatch(str(request_id)):
        _task_tokens[task_id] = _current.set(str(request_id))


def _on_task_end(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _current.reset(token)


def clear_on_request_finished(**kwargs) -> None:
    """request_finished receiver (core.apps)."""
    _current.set(NO_REQUEST)


def connect_celery_signals() -> None:
    signals.before_task_publish.connect(_on_publish, weak=False, dispatch_uid="pqr-rid-pub")
    signals.task_prerun.connect(_on_task_start, weak=False, dispatch_uid="pqr-rid-start")
    signals.task_postrun.connect(_on_task_end, weak=False, dispatch_uid="pqr-rid-end")
