"""PQR lifecycle data, by concern; every name is importable from `pqr.models`.

| module | what |
|---|---|
| `catalogues` | types, channels, priorities, statuses, teams, moments, causes, counter |
| `pqr` | the PQR |
| `history` | events (append-only), messages, attachments, protocol steps |
| `outbox` | customer emails waiting to be sent |
| `notifications` | how each decision reached the customer, public notices (avisos) |
| `completion` | requests to complete an incomplete petition (art. 17) |
| `recursos` | recursos filed against a decision (reposición, apelación) |
| `answers` | answer templates (respuestas tipo), formal letters and their outgoing number |
"""

from .answers import AnswerLetter, AnswerTemplate, LetterCounter, TemplateLanguage
from .catalogues import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PRIORITY_RANK,
    URGENT_PRIORITIES,
    VERBAL_CHANNELS,
    AccessDenial,
    CatalogueVersion,
    Channel,
    MomentOfTruth,
    PqrType,
    Priority,
    RadicadoCounter,
    RejectionCategory,
    RootCause,
    Status,
    Team,
)
from .completion import CompletionOutcome, CompletionRequest, CompletionSource
from .history import (
    CompensationKind,
    EventKind,
    MessageKind,
    MessageSource,
    PqrAttachment,
    PqrEvent,
    PqrEventQuerySet,
    PqrMessage,
    ProtocolStep,
    ProtocolStepCode,
    attachment_upload_to,
)
from .notifications import (
    WENT_OUT,
    CustomerNotification,
    NotificationChannel,
    NotificationDecision,
    NotificationStatus,
    PublicNotice,
)
from .outbox import CustomerEmail, CustomerEmailKind
from .pqr import Pqr
from .recursos import RecursoFiling, RecursoKind

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "PRIORITY_RANK",
    "URGENT_PRIORITIES",
    "VERBAL_CHANNELS",
    "WENT_OUT",
    "AccessDenial",
    "AnswerLetter",
    "AnswerTemplate",
    "CatalogueVersion",
    "Channel",
    "CompensationKind",
    "CompletionOutcome",
    "CompletionRequest",
    "CompletionSource",
    "CustomerEmail",
    "CustomerEmailKind",
    "CustomerNotification",
    "EventKind",
    "LetterCounter",
    "MessageKind",
    "MessageSource",
    "MomentOfTruth",
    "NotificationChannel",
    "NotificationDecision",
    "NotificationStatus",
    "Pqr",
    "PqrAttachment",
    "PqrEvent",
    "PqrEventQuerySet",
    "PqrMessage",
    "PqrType",
    "Priority",
    "ProtocolStep",
    "ProtocolStepCode",
    "PublicNotice",
    "RadicadoCounter",
    "RecursoFiling",
    "RecursoKind",
    "RejectionCategory",
    "RootCause",
    "Status",
    "Team",
    "TemplateLanguage",
    "attachment_upload_to",
]
