"""The token of the catalogues the PQR page's forms offer (issue 18).

The page used to read six catalogues on every request (root causes twice, difficulty
tags, teams, types, assignable users) and the answer templates. Each process now keeps
them in memory (pqr.selectors_detail) under the token of `CatalogueVersion`, which the
page reads inside the PQR's own query. Every save or delete of a catalogue row, every
change of a team's members or supervisors or of a user's roles (groups) and every edit
of a staff user replaces the
token in the same transaction as the edit (signals below), so the next PQR page on any
node, after the edit commits, reads the new token and rebuilds its copy: no node shows
a stale catalogue, whatever the number of nodes, and Redis plays no part.

Edits that send no signal (`QuerySet.update()`, `bulk_create`, raw SQL, a data
migration) must call `catalogue_version_bump()` themselves; restoring a backup changes
nothing either way (a token never repeats).
"""

from __future__ import annotations

import contextvars
import copy
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import CatalogueVersion, PqrType, Team

# What the PQR page's forms offer, and the rows it shows for the PQR's own foreign keys
# (pqr.selectors_detail.pqr_for_detail), and the queue's filter bar (which also keys on
# the catalogues it reads); customers.DifficultyTag by name (no import upward).
CATALOGUE_MODELS = (
    "pqr.PqrType",
    "pqr.Team",
    "pqr.RootCause",
    "pqr.MomentOfTruth",
    "pqr.AnswerTemplate",
    "customers.DifficultyTag",
)
# A login only stamps last_login: the assignable-user lists do not change.
_USER_FIELDS_NOT_SHOWN = frozenset({"last_login"})


def catalogue_version_bump() -> None:
    """A new token: every process rebuilds its catalogues on its next PQR page."""
    if not CatalogueVersion.objects.filter(pk=1).update(token=uuid.uuid4()):
        CatalogueVersion.objects.get_or_create(pk=1)


def catalogue_token_subquery() -> Subquery:
    """The current token, to annotate onto the PQR read (no query of its own)."""
    return Subquery(CatalogueVersion.objects.filter(pk=1).values("token")[:1])


# The active PQR types of this process and the token they were read under: the public
# form validates the chosen type against this copy (no query), and the filing, which
# reads the current token with its radicado, reads the type again when the tokens
# differ (pqr.services.intake). The token is read before the types, so a copy is never
# newer than its token says; at worst it is re-read once more (issue 18).
_kept_types: tuple[uuid.UUID | None, dict[int, PqrType]] | None = None


def active_type_kept(pk: int) -> tuple[uuid.UUID, PqrType] | None:
    """(token, a copy of the active type) from this process's copy, or None when the
    type is not in it or there is no token row (the caller reads the database)."""
    kept = _kept_types or active_types_reread()
    token, types = kept
    pqr_type = types.get(pk)
    if token is None or pqr_type is None:
        return None
    return token, copy.copy(pqr_type)


def active_types_reread(token: uuid.UUID | None = None) -> tuple:
    """Read the active types again (under `token` when the caller has just read it)."""
    global _kept_types
    if token is None:
        token = CatalogueVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    _kept_types = (token, {t.pk: t for t in PqrType.objects.filter(is_active=True)})
    return _kept_types


def active_types_token_seen(token: uuid.UUID | None) -> None:
    """A filing read `token` with its radicado: a copy kept under another is read again."""
    if token is not None and (_kept_types is None or _kept_types[0] != token):
        active_types_reread(token)


# The token a filing read with its radicado, while it runs: listeners it announces to
# (the webhook outbox) keep their catalogue under it too (api.webhooks).
_token_read = contextvars.ContextVar("pqrdesk_catalogue_token", default=None)


@contextmanager
def catalogue_token_in_force(token: uuid.UUID | None):
    reset = _token_read.set(token)
    try:
        yield
    finally:
        _token_read.reset(reset)


def catalogue_token_current() -> uuid.UUID | None:
    """The token read in this transaction by the filing that runs (None: read yours)."""
    return _token_read.get()


def active_types_forget() -> None:
    global _kept_types
    _kept_types = None


def _catalogue_saved(sender, instance=None, **kwargs):
    if not kwargs.get("raw"):
        catalogue_version_bump()


def _user_saved(sender, instance=None, **kwargs):
    if kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= _USER_FIELDS_NOT_SHOWN:
        return
    catalogue_version_bump()


def _membership_changed(sender, action: str = "", **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        catalogue_version_bump()


def connect() -> None:
    """Called once from PqrConfig.ready()."""
    for model in CATALOGUE_MODELS:
        post_save.connect(_catalogue_saved, sender=model, dispatch_uid=f"cat_save_{model}")
        post_delete.connect(_catalogue_saved, sender=model, dispatch_uid=f"cat_del_{model}")
    user = settings.AUTH_USER_MODEL
    post_save.connect(_user_saved, sender=user, dispatch_uid="cat_user_save")
    post_delete.connect(_catalogue_saved, sender=user, dispatch_uid="cat_user_del")
    # A role given or taken changes who the queue's "assigned to" filter lists.
    groups = get_user_model().groups.through
    for through in (Team.members.through, Team.supervisors.through, groups):
        m2m_changed.connect(
            _membership_changed, sender=through, dispatch_uid=f"cat_m2m_{through.__name__}"
        )
