"""core.rows.row_insert writes the row save() would, with the same signals."""

import pytest
from django.db.models.signals import post_save

from core.rows import row_insert
from pqr.models import PqrEvent
from tests.pqr.factories import make_pqr

pytestmark = pytest.mark.django_db


def test_the_row_its_key_and_post_save_are_those_of_save():
    pqr = make_pqr()
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance, created))

    post_save.connect(listener, sender=PqrEvent, weak=False)
    try:
        event = PqrEvent(pqr=pqr, kind="note", note="Llamó el cliente")
        row_insert(event)
    finally:
        post_save.disconnect(listener, sender=PqrEvent)
    stored = PqrEvent.objects.get(pk=event.pk)
    assert (stored.pqr_id, stored.kind, stored.note) == (pqr.pk, "note", "Llamó el cliente")
    assert stored.created_at == event.created_at is not None  # auto_now_add, as save()
    assert heard == [(event, True)]
    assert not event._state.adding
