"""Signed, expiring access for the public lookup.

After a successful lookup the session keeps a signed value with only the PQR's id
(never the document number or email); answer attachments are served through signed
tokens minted on the status page, which expire and cannot be guessed or altered.
The success page after a filing reads the same kind of signed value from a cookie of
its own: filing touches no session row (four queries less per filing, issue 18).
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

LOOKUP_SESSION_KEY = "pqr_public_lookup"
FILED_COOKIE = "pqr_public_filed"
LOOKUP_SALT = "pqr.public-lookup"
FILED_SALT = "pqr.public-filed"
ATTACHMENT_SALT = "pqr.public-attachment"
LOOKUP_MAX_AGE = 30 * 60
FILED_MAX_AGE = 30 * 60
ATTACHMENT_MAX_AGE = 60 * 60


def _read(value, salt: str, max_age: int) -> dict | None:
    if not isinstance(value, str):
        return None
    try:
        data = signing.loads(value, salt=salt, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return data if isinstance(data, dict) else None


def lookup_grant(request: HttpRequest, pqr_id: int) -> None:
    # A new session key on each grant, so a planted session id is worth nothing.
    request.session.cycle_key()
    request.session[LOOKUP_SESSION_KEY] = signing.dumps({"p": pqr_id}, salt=LOOKUP_SALT)


def lookup_granted_pqr_id(request: HttpRequest) -> int | None:
    data = _read(request.session.get(LOOKUP_SESSION_KEY), LOOKUP_SALT, LOOKUP_MAX_AGE)
    return data.get("p") if data else None


def lookup_forget(request: HttpRequest) -> None:
    request.session.pop(LOOKUP_SESSION_KEY, None)


def filed_remember(response: HttpResponse, pqr_id: int) -> None:
    """Signed, expiring, HttpOnly: only this browser's success page reads it."""
    response.set_cookie(
        FILED_COOKIE,
        signing.dumps({"p": pqr_id}, salt=FILED_SALT),
        max_age=FILED_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def filed_pqr_id(request: HttpRequest) -> int | None:
    data = _read(request.COOKIES.get(FILED_COOKIE), FILED_SALT, FILED_MAX_AGE)
    return data.get("p") if data else None


def attachment_token(*, pqr_id: int, attachment_id: int) -> str:
    return signing.dumps({"p": pqr_id, "a": attachment_id}, salt=ATTACHMENT_SALT)


def attachment_token_read(token: str) -> tuple[int, int] | None:
    data = _read(token, ATTACHMENT_SALT, ATTACHMENT_MAX_AGE)
    if not data or not isinstance(data.get("p"), int) or not isinstance(data.get("a"), int):
        return None
    return data["p"], data["a"]


LETTER_SALT = "pqr.public-letter"


def letter_token(*, pqr_id: int, letter_id: int) -> str:
    return signing.dumps({"p": pqr_id, "l": letter_id}, salt=LETTER_SALT)


def letter_token_read(token: str) -> tuple[int, int] | None:
    data = _read(token, LETTER_SALT, ATTACHMENT_MAX_AGE)
    if not data or not isinstance(data.get("p"), int) or not isinstance(data.get("l"), int):
        return None
    return data["p"], data["l"]
