"""Where a customer can reply to our emails, and the token that threads the reply.

The mailbox intake (the `mailboxes` app, above this layer) registers a provider in
its AppConfig.ready(): given a PQR it returns the address replies should go to
(`pqr+<token>@entidad.gov.co` with plus-addressing) or None when no mailbox is read.
Without a provider the emails say not to reply and point to the status page.

The token is the PQR's id in base 36 and a truncated HMAC of it (keyed by
SECRET_KEY): short enough for an address's local part, and not guessable, so a
reply to the token is attached to that PQR only.
"""

import hmac
from collections.abc import Callable

from django.utils.crypto import salted_hmac

from .models import Pqr

ReplyAddressProvider = Callable[[Pqr], str | None]
_providers: list[ReplyAddressProvider] = []
TOKEN_SALT = "pqr.reply-token"  # noqa: S105 (an HMAC salt, not a secret)
MAC_CHARS = 12
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def register_reply_address_provider(provider: ReplyAddressProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def reply_address(pqr: Pqr) -> str | None:
    """The Reply-To for this PQR's emails, or None when replies are not read."""
    for provider in _providers:
        address = provider(pqr)
        if address:
            return address
    return None


def _base36(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = DIGITS[digit] + out
        if number == 0:
            return out


def _mac(ref: str) -> str:
    return salted_hmac(TOKEN_SALT, ref).hexdigest()[:MAC_CHARS]


def reply_token(pqr_id: int) -> str:
    ref = _base36(pqr_id)
    return f"{ref}-{_mac(ref)}"


def reply_token_read(token: str) -> int | None:
    """The PQR id a token stands for, or None when it was altered or made up."""
    ref, sep, mac = (token or "").strip().lower().partition("-")
    if not sep or not ref or not all(ch in DIGITS for ch in ref) or len(ref) > 12:
        return None
    if not hmac.compare_digest(mac, _mac(ref)):
        return None
    return int(ref, 36)
