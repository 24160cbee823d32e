"""Staff pages of the PQR app. Thin: parse input, call one service or selector, render.

| module | pages |
|---|---|
| `queue` | the queue |
| `intake` | staff intake, the inline customer lookup |
| `detail` | the PQR page, attachment downloads |
| `actions` | the PQR page's POST actions |

The public pages (filing form, status lookup) are in `pqr.public` (a package of its own).
"""

from .actions import anger, assign, message_add, protocol_step, tag, transition
from .detail import attachment_download, detail
from .intake import create, customer_lookup
from .queue import queue

__all__ = [
    "anger",
    "assign",
    "attachment_download",
    "create",
    "customer_lookup",
    "detail",
    "message_add",
    "protocol_step",
    "queue",
    "tag",
    "transition",
]
