"""Business events other apps may listen to, inside the transaction that causes them.

Lower apps announce ("pqr.created", "pqr.answered", "pqr.resolved", "pqr.breached",
"survey.answered"); a higher app registers a listener from its AppConfig.ready() (call
down, register up). Listeners run synchronously in the caller's transaction and only
write rows (the API writes its webhook outbox): a rollback undoes them with the event.
They must never send anything themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DomainEvent:
    name: str
    # Unique per occurrence: a repeat of the same occurrence has the same key.
    key: str
    pqr_id: int | None = None
    data: dict = field(default_factory=dict)


Listener = Callable[[list[DomainEvent]], None]
_listeners: list[Listener] = []


def register_listener(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def announce(events: list[DomainEvent]) -> None:
    if events:
        for listener in _listeners:
            listener(events)
