"""PQR lifecycle data, by concern; every name is importable from `pqr.models`.

| module | what |
|---|---|
| `catalogues` | types, channels, priorities, statuses, teams, moments, causes, counter |
| `pqr` | the PQR |
| `history` | events (append-only), messages, attachments, protocol steps |
| `outbox` | customer emails waiting to be sent |
"""

from .catalogues import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    VERBAL_CHANNELS,
    Channel,
    MomentOfTruth,
    PqrType,
    Priority,
    RadicadoCounter,
    RootCause,
    Status,
    Team,
)
from .history import (
    CompensationKind,
    EventKind,
    MessageKind,
    PqrAttachment,
    PqrEvent,
    PqrEventQuerySet,
    PqrMessage,
    ProtocolStep,
    ProtocolStepCode,
    attachment_upload_to,
)
from .outbox import CustomerEmail, CustomerEmailKind
from .pqr import Pqr

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "VERBAL_CHANNELS",
    "Channel",
    "CompensationKind",
    "CustomerEmail",
    "CustomerEmailKind",
    "EventKind",
    "MessageKind",
    "MomentOfTruth",
    "Pqr",
    "PqrAttachment",
    "PqrEvent",
    "PqrEventQuerySet",
    "PqrMessage",
    "PqrType",
    "Priority",
    "ProtocolStep",
    "ProtocolStepCode",
    "RadicadoCounter",
    "RootCause",
    "Status",
    "Team",
    "attachment_upload_to",
]
