"""The IMAP side, through imap-tools: log in, read the folder's UIDVALIDITY and UIDs,
fetch whole messages (the exact bytes, with the server's arrival date and size), move
them. Nothing here touches the database."""

import imaplib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import (
    MailboxCopyError,
    MailboxDeleteError,
    MailboxFolderCreateError,
    MailboxMoveError,
)

from .crypto import password_decrypt
from .models import Mailbox, Security

FETCH_ITEMS = "(UID RFC822.SIZE INTERNALDATE BODY.PEEK[])"
# Fetch in batches of about this many bytes (a 30 MB message comes alone).
BATCH_BYTES = 8 * 1024 * 1024
BATCH_MAX = 100
UID_RE = re.compile(rb"UID (\d+)")
SIZE_RE = re.compile(rb"RFC822\.SIZE (\d+)")
DATE_RE = re.compile(rb'INTERNALDATE "([^"]+)"')
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _internaldate(head: bytes) -> datetime:
    """INTERNALDATE ("02-Dec-2026 16:40:01 +0000"), independent of the locale."""
    match = DATE_RE.search(head)
    if match:
        day, month, rest = match.group(1).decode().strip().split("-", 2)
        if month in MONTHS:
            stamp = f"{day.zfill(2)}-{MONTHS.index(month) + 1:02d}-{rest}"
            try:
                return datetime.strptime(stamp, "%d-%m-%Y %H:%M:%S %z")
            except ValueError:
                pass
    return datetime.now(tz=UTC)


@dataclass
class Fetched:
    uid: int
    size: int
    arrived_at: datetime
    raw: bytes


def connect(mailbox: Mailbox, password: str | None = None):
    """A logged-in imap-tools mailbox on the configured folder (use it as a context)."""
    timeout = settings.MAILBOX_IMAP_TIMEOUT
    if mailbox.security == Security.SSL:
        box = MailBox(mailbox.host, mailbox.port, timeout=timeout)
    elif mailbox.security == Security.STARTTLS:
        box = MailBoxStartTls(mailbox.host, mailbox.port, timeout=timeout)
    else:
        box = MailBoxUnencrypted(mailbox.host, mailbox.port, timeout=timeout)
    secret = password if password is not None else password_decrypt(mailbox.password_encrypted)
    return box.login(mailbox.username, secret, initial_folder=mailbox.folder)


def uidvalidity(box, folder: str) -> int:
    return int(box.folder.status(folder, ["UIDVALIDITY"])["UIDVALIDITY"])


def uids(box) -> list[int]:
    return [int(uid) for uid in box.uids("ALL")]


def sizes(box, uid_list: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for start in range(0, len(uid_list), 500):
        chunk = ",".join(str(u) for u in uid_list[start : start + 500])
        typ, data = box.client.uid("FETCH", chunk, "(UID RFC822.SIZE)")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"FETCH sizes: {typ}")
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            if not line:
                continue
            uid, size = UID_RE.search(line), SIZE_RE.search(line)
            if uid and size:
                out[int(uid.group(1))] = int(size.group(1))
    return out


def _batches(uid_list: list[int], size_of: dict[int, int]) -> Iterator[list[int]]:
    batch, total = [], 0
    for uid in uid_list:
        size = size_of.get(uid, 0)
        if batch and (total + size > BATCH_BYTES or len(batch) >= BATCH_MAX):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += size
    if batch:
        yield batch


def fetch(box, uid_list: list[int]) -> Iterator[Fetched]:
    """The messages with these UIDs (gone ones are skipped), in batches by size."""
    if not uid_list:
        return
    size_of = sizes(box, uid_list)
    for batch in _batches([u for u in uid_list if u in size_of], size_of):
        typ, data = box.client.uid("FETCH", ",".join(map(str, batch)), FETCH_ITEMS)
        if typ != "OK":
            raise imaplib.IMAP4.error(f"FETCH: {typ}")
        for item in data:
            if not isinstance(item, tuple):
                continue
            head, raw = item
            uid = UID_RE.search(head)
            if uid is None:
                continue
            arrived = _internaldate(head)
            size = SIZE_RE.search(head)
            yield Fetched(
                uid=int(uid.group(1)),
                size=int(size.group(1)) if size else len(raw),
                arrived_at=arrived,
                raw=raw,
            )


def ensure_folder(box, name: str) -> None:
    if not box.folder.exists(name):
        try:
            box.folder.create(name)
        except MailboxFolderCreateError:
            if not box.folder.exists(name):
                raise


def move(box, uid_list: list[int], folder: str) -> None:
    """Move what is still there: another worker may have moved (expunged) some UIDs
    meanwhile, which makes the server refuse the whole command once."""
    if not uid_list:
        return
    ensure_folder(box, folder)
    try:
        box.move([str(u) for u in uid_list], folder)
    except (MailboxCopyError, MailboxDeleteError, MailboxMoveError):
        still = sorted(set(uid_list) & set(uids(box)))
        if still:
            box.move([str(u) for u in still], folder)
