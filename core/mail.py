"""Stable Message-IDs for the emails we send from outbox rows.

Delivery is at least once: a worker that dies after the mail server accepted a message
and before its row was stamped sends it again. The repeat carries the same Message-ID
(derived from the row, never random), so relays and mail clients that drop duplicates
by Message-ID show it once, and a bounce quoting it finds its row.
"""

from urllib.parse import urlsplit

from django.conf import settings


def stable_message_id(kind: str, pk: int, stamp: str = "") -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "pqrdesk.local"
    suffix = f"-{stamp}" if stamp else ""
    return f"<pqr-{kind}-{pk}{suffix}@{domain}>"
