"""Keep secret tokens out of logs.

One-click survey links and the public lookup's download links carry a token in their
path (`/encuestas/c/<signed>/`, `/pqr/consulta/adjuntos/<token>/`...). Whoever reads
an access log must not be able to replay them, so every log line, from gunicorn's
access log (gunicorn.conf.py) and from Django's own loggers (django.server,
django.request's "Not Found: /path"), goes through `RedactTokensFilter`.

The URLs to redact are found in the URL configuration: any route with a `token` or
`signed` parameter, so a new tokenised URL is covered without touching this module.
"""

import logging
import re
from functools import cache

from pythonjsonlogger import json as jsonlogger

REDACTED = "[token-oculto]"
TOKEN_PARAMETERS = ("token", "signed")


@cache
def _token_routes() -> re.Pattern | None:
    from django.urls import URLPattern, URLResolver, get_resolver  # noqa: PLC0415

    prefixes = []

    def walk(resolver, base: str) -> None:
        for entry in resolver.url_patterns:
            route = base + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif isinstance(entry, URLPattern):
                for name in TOKEN_PARAMETERS:
                    for marker in (f"<str:{name}>", f"<{name}>", f"<path:{name}>"):
                        if marker in route:
                            prefixes.append(route.split(marker, 1)[0])

    walk(get_resolver(), "/")
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
    return re.compile(rf"({alternatives})[^/\s?\"']+")


def redact_tokens(text: str) -> str:
    try:
        pattern = _token_routes()
    except Exception:  # Django not configured (e.g. gunicorn's arbiter at start-up)
        return text
    return pattern.sub(rf"\1{REDACTED}", text) if pattern else text


class RedactTokensFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class JsonFormatter(jsonlogger.JsonFormatter):
    """JSON lines (python-json-logger) that keep the redaction: extra fields pass through
    `redact_tokens` too, and Django's `request` object (its repr holds the raw path,
    tokens included) is dropped; the message already names the path, redacted."""

    DROPPED = frozenset({"request"})

    def process_log_record(self, log_data):
        for key in self.DROPPED & log_data.keys():
            del log_data[key]
        for key, value in log_data.items():
            if isinstance(value, str):
                log_data[key] = redact_tokens(value)
        return log_data
