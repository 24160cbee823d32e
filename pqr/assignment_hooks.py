"""Who wants to know, inside the transaction, that open PQRs changed hands (call down,
register up): the dashboards app recomputes its workload rows of the agents involved,
so the page shows a reassignment at once. Listeners only write rows."""

from collections.abc import Callable, Iterable

AssignmentListener = Callable[[set[int | None]], None]
_listeners: list[AssignmentListener] = []


def register_assignment_listener(listener: AssignmentListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def assignment_changed(*, assignee_ids: Iterable[int | None]) -> None:
    """`assignee_ids`: the previous and the new holder (None: unassigned)."""
    ids = set(assignee_ids)
    for listener in _listeners:
        listener(ids)
