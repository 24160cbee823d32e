"""Stable Message-IDs for the emails we send from outbox rows.

Delivery is at least once: a worker that dies after the mail server accepted a message
and before its row was stamped sends it again. The repeat carries the same Message-ID
(derived from the row, never random), so relays and mail clients that drop duplicates
by Message-ID show it once, and a bounce quoting it finds its row.
"""

from functools import lru_cache
from smtplib import SMTPRecipientsRefused, SMTPResponseException
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.contrib.staticfiles import finders


def stable_message_id(kind: str, pk: int, stamp: str = "") -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "pqrdesk.local"
    suffix = f"-{stamp}" if stamp else ""
    return f"<pqr-{kind}-{pk}{suffix}@{domain}>"


# Outbox retries (customer and staff emails) wait 30 s, 60 s, 120 s ... up to an hour.
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600


def backoff_seconds(attempts: int) -> int:
    base = getattr(settings, "EMAIL_BACKOFF_BASE_SECONDS", BACKOFF_BASE_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


def smtp_error_is_permanent(error: BaseException) -> bool:
    """A 5xx answer (e.g. the recipient does not exist): retrying will not help."""
    if isinstance(error, SMTPRecipientsRefused):
        return True
    return isinstance(error, SMTPResponseException) and 500 <= error.smtp_code < 600


@lru_cache(maxsize=1)
def _email_inliner() -> css_inline.CSSInliner:
    with open(finders.find("css/email.css"), encoding="utf-8") as handle:
        css = handle.read()
    # Only our own rules: nothing is fetched while rendering a message.
    return css_inline.CSSInliner(extra_css=css, load_remote_stylesheets=False)


def email_html_inline(html: str) -> str:
    """The HTML part with static/css/email.css copied into style attributes.

    The templates carry classes only (no inline style anywhere in templates/, see
    docs/decisions.md); mail clients need the styles on the elements themselves.
    """
    return _email_inliner().inline(html)
