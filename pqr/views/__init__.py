"""Staff pages of the PQR app. Thin: parse input, call one service or selector, render.

| module | pages |
|---|---|
| `queue` | the queue |
| `intake` | staff intake, the inline customer lookup |
| `intake_help` | the intake page's customer summary and term preview, before filing |
| `refused` | Post/Redirect/Get for the PQR page's refused actions |
| `detail` | the PQR page, attachment downloads |
| `actions` | the PQR page's POST actions |
| `answers` | the answer area: templates, letter preview, answer / answer and resolve, prórroga |
| `legal` | access denial (Ley 1712), recursos filed, decided, apelación forwarded |
| `notifications` | a notification's delivered / returned / evidence / notify again |
| `answer_templates` | supervisors' pages for respuestas tipo |
| `identity` | confirming who filed a web PQR on an existing profile |

The public pages (filing form, status lookup) are in `pqr.public` (a package of its own).
"""

from .actions import (
    anger,
    assign,
    completion_extend,
    message_add,
    protocol_step,
    reclassify,
    tag,
    transition,
)
from .answer_templates import answer_template_edit, answer_templates
from .answers import (
    answer,
    answer_preview,
    answer_template_fill,
    assign_me,
    extension,
    letter_download,
    silence_recognize,
)
from .detail import attachment_download, detail
from .intake import create, customer_lookup
from .intake_help import customer_summary, term_preview
from .legal import access_deny, correction_received, recurso_file, recurso_step
from .notifications import (
    notification_delivered,
    notification_evidence,
    notification_evidence_download,
    notification_renotify,
    notification_returned,
)
from .outbox import failed_email_other_channel, failed_email_retry, failed_emails
from .queue import queue, queue_export

__all__ = [
    "access_deny",
    "anger",
    "answer",
    "answer_preview",
    "answer_template_edit",
    "answer_template_fill",
    "answer_templates",
    "assign",
    "assign_me",
    "attachment_download",
    "completion_extend",
    "correction_received",
    "create",
    "customer_lookup",
    "customer_summary",
    "detail",
    "extension",
    "failed_email_other_channel",
    "failed_email_retry",
    "failed_emails",
    "letter_download",
    "message_add",
    "notification_delivered",
    "notification_evidence",
    "notification_evidence_download",
    "notification_renotify",
    "notification_returned",
    "protocol_step",
    "queue",
    "queue_export",
    "reclassify",
    "recurso_file",
    "recurso_step",
    "silence_recognize",
    "tag",
    "term_preview",
    "transition",
]
