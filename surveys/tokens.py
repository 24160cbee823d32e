"""Survey link tokens.

Each invitation gets a token derived from its row with a keyed HMAC (the same on every
resend; other links use 32 random bytes); only its SHA-256 is stored, so a
database leak does not expose working links. The five one-click score links wrap
(token, score) in a Django signature so that a score cannot be altered in the URL.
"""

import hashlib
import secrets

from django.core import signing
from django.utils.crypto import salted_hmac

SCORE_SALT = "surveys.one-click-score"


def token_new() -> str:
    return secrets.token_urlsafe(32)


def token_for_survey(pk: int, created_at) -> str:
    """The survey's link token, derived from the row (keyed by SECRET_KEY): an
    invitation sent again after a crash between the mail server's accept and our
    commit carries the same working links as the first copy."""
    return salted_hmac(
        "surveys.invitation-token", f"{pk}:{created_at.isoformat()}", algorithm="sha256"
    ).hexdigest()


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
