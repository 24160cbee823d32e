"""The workload rows follow a reassignment in the same transaction.

`pqr.services.pqr_assign` tells `pqr.assignment_hooks` whose PQRs changed; this
listener rewrites those agents' snapshot rows (`rollups.open_snapshot_recompute`).
A bulk reassignment opens `snapshot_batch()`, so the rows are rewritten once at the
end of the batch (still inside its transaction) instead of after every PQR.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .rollups import open_snapshot_recompute

_batch: ContextVar[set | None] = ContextVar("workload_batch", default=None)


def on_assignment(holders: set[int | None]) -> None:
    pending = _batch.get()
    if pending is not None:
        pending.update(holders)
    else:
        open_snapshot_recompute(holders)


@contextmanager
def snapshot_batch() -> Iterator[None]:
    pending: set[int | None] = set()
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    if pending:
        open_snapshot_recompute(pending)
