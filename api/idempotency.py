"""Idempotency-Key: a retried POST returns the first answer instead of doing it twice.

The record is written in the same transaction as the work it answers for, under a
unique (caller, operation, key) constraint: two concurrent retries both do the work
inside their own transaction, the second one's insert waits for the first to commit
and then fails, rolling its work back (no second radicado), and it returns the
stored answer.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .models import IdempotencyRecord

MAX_KEY_LENGTH = 255


@dataclass
class Outcome:
    status_code: int
    body: dict
    replayed: bool = False
    conflict: bool = False


def request_fingerprint(data, files) -> str:
    """A hash of what was sent, stable across retries (multipart boundaries differ)."""
    digest = hashlib.sha256()
    fields = {k: data.getlist(k) if hasattr(data, "getlist") else data[k] for k in data}
    digest.update(json.dumps(fields, sort_keys=True, default=str).encode())
    for name in sorted(files or {}):
        for upload in files.getlist(name):
            digest.update(name.encode() + b"\0" + (upload.name or "").encode() + b"\0")
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def _stored(user, operation: str, key: str, fingerprint: str) -> Outcome | None:
    row = IdempotencyRecord.objects.filter(user=user, operation=operation, key=key).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        return Outcome(status_code=422, body={}, conflict=True)
    return Outcome(status_code=row.status_code, body=row.response_body, replayed=True)


def idempotent_run(
    *, user, operation: str, key: str, fingerprint: str, work: Callable[[], Outcome]
) -> Outcome:
    """Run `work` once per key; a repeat with the same request gets the stored outcome,
    one with a different request a conflict."""
    if not key:
        return work()
    earlier = _stored(user, operation, key, fingerprint)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            outcome = work()
            if outcome.status_code < 500:
                IdempotencyRecord.objects.create(
                    user=user,
                    operation=operation,
                    key=key,
                    request_hash=fingerprint,
                    status_code=outcome.status_code,
                    response_body=outcome.body,
                )
            return outcome
    except IntegrityError:
        earlier = _stored(user, operation, key, fingerprint)
        if earlier is None:
            raise
        return earlier
