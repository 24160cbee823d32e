"""pqr_pqr keeps the indexes its pages read and no more (issue 18: each one is written
at every filing), and a radicado stays unique without its LIKE index."""

import pytest
from django.db import IntegrityError, connection, transaction

from .factories import make_pqr

pytestmark = pytest.mark.django_db


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'pqr_pqr'")
        return {name for (name,) in cursor.fetchall()}


def test_a_radicado_cannot_be_given_twice(team_a):
    first, second = make_pqr(team=team_a), make_pqr(team=team_a)
    second.radicado = first.radicado
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(update_fields=["radicado"])


def test_no_index_that_another_one_already_serves():
    names = _indexes()
    # Lookups by team or assignee use the composite indexes that start with them.
    assert {"pqr_team_status_due_idx", "pqr_assignee_status_idx", "pqr_pqr_radicado_key"} <= names
    assert (
        not {
            "pqr_pqr_radicado_4ed232e7_like",
            "pqr_pqr_team_id_ae9c34cb",
            "pqr_pqr_assigned_to_id_35eb779a",
        }
        & names
    )
