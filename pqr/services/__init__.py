"""Every write on a PQR, by concern. Each service is atomic and records PqrEvent rows
(`pqr.events`) in the same transaction; `status.pqr_transition` is the only function
that changes `Pqr.status`. Customer emails go through the outbox in `pqr.emails`.

| module | what |
|---|---|
| `intake` | the radicado, `pqr_create` from any channel |
| `status` | the transition map and the named actions (resolve, transfer, reject, ...) |
| `assignment` | team/agent assignment, intake-data edits |
| `messages` | public answers, internal notes, attachments |
| `protocol` | the six-step complaint protocol |
| `anger` | the anger curve, difficult-customer tags from a PQR |

The names below are re-exported so callers write `from pqr.services import pqr_create`.
"""

from pqr.events import pqr_event_record

from .anger import pqr_anger_record, pqr_customer_tag
from .assignment import EDITABLE_FIELDS, pqr_assign, pqr_update
from .intake import default_team, next_radicado, pqr_create
from .messages import pqr_attachment_add, pqr_message_add
from .protocol import protocol_missing_steps, protocol_step_not_applicable, protocol_step_record
from .status import (
    TRANSITIONS,
    allowed_transitions,
    pqr_close,
    pqr_desist,
    pqr_reject,
    pqr_reopen,
    pqr_request_completion,
    pqr_resolve,
    pqr_transfer,
    pqr_transition,
)

__all__ = [
    "EDITABLE_FIELDS",
    "TRANSITIONS",
    "allowed_transitions",
    "default_team",
    "next_radicado",
    "pqr_anger_record",
    "pqr_assign",
    "pqr_attachment_add",
    "pqr_close",
    "pqr_create",
    "pqr_customer_tag",
    "pqr_desist",
    "pqr_event_record",
    "pqr_message_add",
    "pqr_reject",
    "pqr_reopen",
    "pqr_request_completion",
    "pqr_resolve",
    "pqr_transfer",
    "pqr_transition",
    "pqr_update",
    "protocol_missing_steps",
    "protocol_step_not_applicable",
    "protocol_step_record",
]
