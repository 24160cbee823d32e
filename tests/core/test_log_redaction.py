"""Survey and download tokens never reach a log line (issue 11, finding 8): the filter
on Django's loggers and on gunicorn's access log, and a real gunicorn serving a
tokenised URL."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from core.logging import REDACTED, RedactTokensFilter, redact_tokens

TOKEN = "eyJwIjoxLCJhIjoyfQ:1tXyZa:QX7SECRETOKEN"
ROOT = Path(__file__).resolve().parents[2]


def _tokenised_urls() -> list[str]:
    return [
        reverse("surveys:score", args=[TOKEN]),
        reverse("surveys:public_survey", args=[TOKEN]),
        reverse("pqr:public_attachment", args=[TOKEN]),
        reverse("pqr:public_letter", args=[TOKEN]),
    ]


@pytest.mark.parametrize("url", _tokenised_urls())
def test_every_tokenised_url_is_redacted(url):
    line = f'203.0.113.7 - - [02/Dec/2026:10:00:00] "GET {url} HTTP/1.1" 200 512 "-" "Mozilla"'
    redacted = redact_tokens(line)
    assert TOKEN not in redacted
    assert url.replace(TOKEN, REDACTED) in redacted


def test_other_urls_are_left_alone():
    line = '"GET /pqr/consulta/?page=2 HTTP/1.1" 200'
    assert redact_tokens(line) == line


def test_filter_rewrites_a_django_server_record():
    url = reverse("surveys:public_survey", args=[TOKEN])
    # django.server logs '"%s" %s %s' with the request line as an argument.
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET {url} HTTP/1.1", 200, 9),
        None,
    )
    assert RedactTokensFilter().filter(record) is True
    assert TOKEN not in record.getMessage()
    assert REDACTED in record.getMessage()


def test_filter_rewrites_a_not_found_warning():
    url = reverse("pqr:public_attachment", args=[TOKEN])
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (url,), None
    )
    RedactTokensFilter().filter(record)
    assert record.getMessage() == f"Not Found: {url.replace(TOKEN, REDACTED)}"


def test_settings_put_the_filter_on_the_console_handler(settings):
    assert "redact_tokens" in settings.LOGGING["handlers"]["console"]["filters"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_access_log_hides_the_token(tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}" + reverse("pqr:public_attachment", args=[TOKEN])
            status = None
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(url, timeout=2)
                except urllib.error.HTTPError as exc:
                    status = exc.code
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert status == 404  # a bad token: not found, nothing served
    text = log.read_text()
    assert "/pqr/consulta/adjuntos/" + REDACTED in text  # the request was logged
    assert TOKEN not in text
