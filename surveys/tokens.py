"""Survey link tokens.

Each invitation gets 32 random bytes (URL-safe); only their SHA-256 is stored, so a
database leak does not expose working links. The five one-click score links wrap
(token, score) in a Django signature so that a score cannot be altered in the URL.
"""

import hashlib
import secrets

from django.core import signing

SCORE_SALT = "surveys.one-click-score"


def token_new() -> str:
    return secrets.token_urlsafe(32)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def score_link_sign(raw: str, score: int) -> str:
    return signing.dumps([raw, score], salt=SCORE_SALT, compress=False)


def score_link_read(signed: str) -> tuple[str, int] | None:
    """(token, score) when the signature is valid and well formed, else None."""
    try:
        raw, score = signing.loads(signed, salt=SCORE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(raw, str) or not isinstance(score, int):
        return None
    return raw, score
