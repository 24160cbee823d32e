"""Mailbox passwords at rest: Fernet (AES-128-CBC + HMAC-SHA256, `cryptography`).

The key is settings.MAILBOX_SECRET_KEY (env PQRDESK_MAILBOX_KEY) or, when unset, one
derived from SECRET_KEY. A password is never shown back: the admin form only
replaces it.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = getattr(settings, "MAILBOX_SECRET_KEY", "") or ""
    if not key:
        digest = hashlib.sha256(f"pqrdesk.mailbox:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def password_encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode()


class PasswordUnreadable(Exception):
    """The stored password was encrypted with another key (PQRDESK_MAILBOX_KEY changed)."""


def password_decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise PasswordUnreadable(
            "the mailbox password cannot be decrypted with the current key: enter it again"
        ) from exc
