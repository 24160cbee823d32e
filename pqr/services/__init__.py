"""Every write on a PQR, by concern. Each service is atomic and records PqrEvent rows
(`pqr.events`) in the same transaction; `status.pqr_transition` is the only function
that changes `Pqr.status`. Customer emails go through the outbox in `pqr.emails`.

| module | what |
|---|---|
| `intake` | the radicado, `pqr_create` from any channel |
| `completion` | incomplete petitions (art. 17): request, extension, arrival, desistimiento |
| `reclassify` | a new type with a reason: new terms, protocol and root-cause rules |
| `status` | the transition map and the named actions (resolve, transfer, reject, ...) |
| `assignment` | team/agent assignment, intake-data edits |
| `messages` | public answers, internal notes, attachments |
| `customer_messages` | what the customer sends (email reply, status page), refused files |
| `protocol` | the six-step complaint protocol |
| `anger` | the anger curve, difficult-customer tags from a PQR |
| `answers` | "Responder" and "Responder y resolver": answer, letter, notification, resolution |
| `answer_templates` | respuestas tipo and their placeholders |
| `letters` | the formal letter (oficio): outgoing number, PDF, hash |
| `recurso_filing` | recursos filed: on time or flagged, decided in 15 days, apelación forwarded |
| `recursos` | which recursos a decision allows, before whom, within how long |
| `notifications` | delivered / returned / evidence / notify again; the aviso's dates |
| `access` | Ley 1712: denying access on a legal ground (classified / reserved) |
| `identity` | confirming who filed a web PQR on an existing profile |
| `outbox` | failed customer emails: retry, or record another channel |

Notification records are written by `pqr.notify` (records layer, so the SLA engine
can notify extensions too); failures by `pqr.notification_status`.

The names below are re-exported so callers write `from pqr.services import pqr_create`.
"""

from pqr.events import pqr_event_record

from .access import pqr_access_deny
from .anger import pqr_anger_record, pqr_customer_tag
from .answer_templates import answer_template_render, answer_template_save
from .answers import pqr_answer_send
from .assignment import EDITABLE_FIELDS, pqr_assign, pqr_assign_self, pqr_update
from .completion import (
    pqr_completion_extend,
    pqr_completion_received,
    pqr_desist,
    pqr_request_completion,
)
from .completion_rules import completion_pending, tacit_refusal
from .customer_messages import pqr_attachment_refused_record, pqr_customer_message_add
from .intake import default_team, next_radicado, pqr_create
from .letters import letter_create, letter_pdf, letter_preview, next_outgoing_number
from .messages import pqr_attachment_add, pqr_message_add
from .notifications import (
    notice_delivery,
    notification_evidence_add,
    notification_mark_delivered,
    notification_mark_returned,
    notification_renotify,
)
from .outbox import customer_email_other_channel, customer_email_retry
from .protocol import (
    StepEntry,
    protocol_checklist_save,
    protocol_missing_steps,
    protocol_step_not_applicable,
    protocol_step_record,
)
from .reclassify import pqr_reclassify
from .recurso_filing import pqr_appeal_forward, pqr_recurso_decide, pqr_recurso_file
from .status import (
    TRANSITIONS,
    allowed_transitions,
    pqr_close,
    pqr_correction_received,
    pqr_reject,
    pqr_reopen,
    pqr_resolve,
    pqr_transfer,
    pqr_transition,
)

__all__ = [
    "EDITABLE_FIELDS",
    "TRANSITIONS",
    "StepEntry",
    "allowed_transitions",
    "answer_template_render",
    "answer_template_save",
    "completion_pending",
    "customer_email_other_channel",
    "customer_email_retry",
    "default_team",
    "letter_create",
    "letter_pdf",
    "letter_preview",
    "next_outgoing_number",
    "next_radicado",
    "notice_delivery",
    "notification_evidence_add",
    "notification_mark_delivered",
    "notification_mark_returned",
    "notification_renotify",
    "pqr_access_deny",
    "pqr_anger_record",
    "pqr_answer_send",
    "pqr_appeal_forward",
    "pqr_assign",
    "pqr_assign_self",
    "pqr_attachment_add",
    "pqr_attachment_refused_record",
    "pqr_close",
    "pqr_completion_extend",
    "pqr_completion_received",
    "pqr_correction_received",
    "pqr_create",
    "pqr_customer_message_add",
    "pqr_customer_tag",
    "pqr_desist",
    "pqr_event_record",
    "pqr_message_add",
    "pqr_reclassify",
    "pqr_recurso_decide",
    "pqr_recurso_file",
    "pqr_reject",
    "pqr_reopen",
    "pqr_request_completion",
    "pqr_resolve",
    "pqr_transfer",
    "pqr_transition",
    "pqr_update",
    "protocol_checklist_save",
    "protocol_missing_steps",
    "protocol_step_not_applicable",
    "protocol_step_record",
    "tacit_refusal",
]
