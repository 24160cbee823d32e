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

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import CatalogueVersion, Team

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
