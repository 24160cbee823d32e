"""Erasure leaves no trace of the holder anywhere: every text column of every row linked
to the customer (discovered through the models' meta, so a column added later is
covered without touching this test) holds a marker, plus an attachment file; after
the anonymisation the whole database and the media folder are searched for it
(issue 11, finding 2)."""

import pytest
from django.test import Client
from django.urls import reverse

from customers.models import Customer, CustomerAudit
from customers.services import customer_anonymise

from .holder_reach import UNRELATED, assert_content_keys_gone, holder_by_content, unexplained_models
from .holder_scenario import (
    MARK,
    database_hits,
    fill_with_marker,
    holder_everywhere,
    linked_models,
    media_hits,
)

pytestmark = pytest.mark.django_db
__all__ = ["holder_by_content", "holder_everywhere"]  # fixtures, imported for pytest


def test_every_linked_table_has_a_row_in_the_scenario(holder_everywhere):
    holder, *_ = holder_everywhere
    empty = [
        model._meta.label
        for model, path in linked_models().items()
        if not model._base_manager.filter(**{path: holder.pk}).exists()
    ]
    # A new model linked to customers needs a row here, so the erasure test covers it.
    assert empty == []


def test_every_project_model_is_linked_or_explained():
    """Each model of our apps is linked to the holder (by keys or by content) and so
    filled below, or listed in holder_reach.UNRELATED with why it cannot hold them."""
    assert unexplained_models() == []
    assert all(reason for reason in UNRELATED.values())


def test_erasure_leaves_the_marker_nowhere_in_the_database_nor_in_media(
    holder_everywhere, holder_by_content, administrator, django_capture_on_commit_callbacks
):
    holder, duplicate, _pqr, bystander = holder_everywhere
    paths = linked_models()
    fill_with_marker(holder, paths)
    fill_with_marker(duplicate, {Customer: "pk"})
    # Mail of theirs kept for review without a PQR comes from their (marked) address.
    held = holder_by_content["held"]
    held_from = Customer.objects.get(pk=holder.pk).email
    type(held).objects.filter(pk=held.pk).update(sender=held_from)
    holder.refresh_from_db()  # as the anonymise view loads it
    assert len(database_hits(MARK)) > 20  # the marker really is everywhere
    assert media_hits(MARK)

    with django_capture_on_commit_callbacks(execute=True):
        customer_anonymise(customer=holder, actor=administrator)

    assert database_hits(MARK) == []
    assert media_hits(MARK) == []
    assert_content_keys_gone(holder_by_content, held_from)
    # The rows themselves stay (statistics), the bystander is untouched.
    assert holder.pqrs.count() == 1
    bystander.refresh_from_db()
    assert bystander.full_name == "Vecino Intacto"
    assert bystander.pqrs.get().subject == "Asunto del vecino"
    # Both profiles are recorded as anonymised, in the same operation.
    assert CustomerAudit.objects.filter(action="anonymise").count() == 2


def test_staff_pages_no_longer_show_name_document_or_phone(
    holder_everywhere, administrator, supervisor
):
    holder, duplicate, pqr, _bystander = holder_everywhere
    identity = [holder.full_name, holder.document_number, holder.phone, "titular@correo.co"]
    identity += [duplicate.full_name, duplicate.document_number, duplicate.phone]
    client = Client()
    client.force_login(supervisor)
    pages = [reverse("pqr:detail", args=[pqr.pk]), reverse("customers:detail", args=[holder.pk])]
    before = "".join(client.get(url).content.decode() for url in pages)
    assert holder.full_name in before

    customer_anonymise(customer=holder, actor=administrator)

    after = "".join(client.get(url).content.decode() for url in pages)
    assert [text for text in identity if text in after] == []
    assert "Titular anonimizado" in after


@pytest.mark.parametrize("keep", [False, True])
def test_letter_pdfs_go_unless_the_office_must_keep_them(
    holder_everywhere, administrator, settings, django_capture_on_commit_callbacks, keep
):
    from pqr.models import AnswerLetter, CustomerNotification

    holder, _duplicate, pqr, _bystander = holder_everywhere
    settings.PQR_ERASURE_KEEPS_LETTERS = keep
    letter = AnswerLetter.objects.get(pqr=pqr)
    receipt = CustomerNotification.objects.exclude(evidence="").get(pqr=pqr)
    storage = letter.file.storage
    letter_name, receipt_name = letter.file.name, receipt.evidence.name
    assert storage.exists(letter_name)
    assert storage.exists(receipt_name)

    with django_capture_on_commit_callbacks(execute=True):
        customer_anonymise(customer=holder, actor=administrator)

    letter.refresh_from_db()
    assert storage.exists(letter_name) is keep
    assert not storage.exists(receipt_name)  # a scan of a signature is not a letter
    assert letter.number  # the register of outgoing correspondence stays
    staff = Client()
    staff.force_login(administrator)
    status = staff.get(reverse("pqr:letter", args=[letter.pk])).status_code
    assert status == (200 if keep else 404)
