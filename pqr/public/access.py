"""Signed, expiring access for the public lookup.

After a successful lookup the browser keeps a signed, expiring, HttpOnly cookie with
only the PQR's id and a random nonce (never the document number or email); answer
attachments are served through signed tokens minted on the status page, which expire
and cannot be guessed or altered. The success page after a filing reads the same kind
of signed value from a cookie of its own.

No session row is written or read on the public side (issue 18: the session's cycle,
insert, update and delete were 10 of the lookup's 16 queries and two of its commits).
What the session gave is kept: the grant is minted fresh on each lookup (nothing a
third party planted beforehand is worth anything, as `cycle_key()` ensured), lasts
30 minutes, and "Terminar la consulta" revokes it: the cookie is deleted and its nonce
is recorded in Redis for the rest of its life, so a copy of the value taken before the
exit opens nothing either. Should Redis be unreachable the revocation check lets the
grant through (as the rate limits do): the cookie is gone from the browser all the same.
"""

import secrets
from contextlib import suppress

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

LOOKUP_COOKIE = "pqr_public_lookup"
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


def _revoked_key(nonce: str) -> str:
    return f"pqr-lookup-revoked:{nonce}"


def lookup_grant(response: HttpResponse, pqr_id: int) -> None:
    """A fresh grant on each lookup; ends with the browser session or after 30 min."""
    value = signing.dumps({"p": pqr_id, "n": secrets.token_urlsafe(16)}, salt=LOOKUP_SALT)
    response.set_cookie(
        LOOKUP_COOKIE,
        value,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _lookup_grant_read(request: HttpRequest) -> dict | None:
    data = _read(request.COOKIES.get(LOOKUP_COOKIE), LOOKUP_SALT, LOOKUP_MAX_AGE)
    if not data or not isinstance(data.get("p"), int) or not isinstance(data.get("n"), str):
        return None
    return data


def lookup_granted_pqr_id(request: HttpRequest) -> int | None:
    data = _lookup_grant_read(request)
    if data is None:
        return None
    with suppress(Exception):  # Redis down: the exit deleted the cookie anyway
        if cache.get(_revoked_key(data["n"])):
            return None
    return data["p"]


def lookup_forget(request: HttpRequest, response: HttpResponse) -> None:
    data = _lookup_grant_read(request)
    if data is not None:
        with suppress(Exception):  # the cookie is deleted below all the same
            cache.set(_revoked_key(data["n"]), 1, LOOKUP_MAX_AGE)
    response.delete_cookie(LOOKUP_COOKIE, samesite="Lax")


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
