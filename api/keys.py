"""The key format and its hash. Keys are random (256 bits), so one SHA-256 is enough at
rest (no slow password hash on every request); the prefix finds the row."""

import hashlib
import hmac
import secrets

KEY_MARK = "pqrk"


def key_generate() -> tuple[str, str]:
    """(prefix, raw key). The raw key is shown once and never stored."""
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_MARK}_{prefix}_{secrets.token_urlsafe(32)}"


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def key_prefix(raw: str) -> str | None:
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_MARK or len(parts[1]) != 8:
        return None
    return parts[1]


def key_matches(raw: str, stored_hash: str) -> bool:
    return hmac.compare_digest(key_hash(raw.strip()), stored_hash)
