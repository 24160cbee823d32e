"""An email reply while the PQR waits on the customer (Ley 1755 art. 17) is the
requested information arriving: the term runs again from the day after the office's
server received it (IMAP INTERNALDATE), not the day the mailbox was read.

Calendar (Colombia 2026): Monday 23 March, Thursday 2 and Friday 3 April are holidays.
A petición filed Monday 16 March is due Thursday 9 April; asked to complete on
Wednesday 18 March, 13 business days were left (19 March to 9 April).
"""

from datetime import date

import pytest

from mailboxes import services
from pqr.models import Status
from pqr.reply_address import reply_address
from pqr.services import pqr_request_completion
from sla.calendar import BOGOTA
from tests.answers import IN_PERSON
from tests.customers.factories import CustomerFactory
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at, travel  # noqa: F401 (travel is a fixture)

from .messages import customer_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(office_mailbox, agent, travel):  # noqa: F811
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(email="ana@cliente.test", document_number="52111222")
    pqr = make_pqr(actor=agent, customer=customer, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia de la factura", delivery=IN_PERSON)
    pqr.refresh_from_db()
    assert pqr.term_suspended
    return pqr


def test_email_received_friday_and_read_on_wednesday_counts_from_friday(
    waiting,
    office_mailbox,
    imap,
    travel,  # noqa: F811
):
    imap.append(
        customer_mail(sender="ana@cliente.test", to=reply_address(waiting), body="Va la factura."),
        arrived_at=at(2026, 3, 27, 17),  # Friday 27 March, 17:00
    )
    travel(at(2026, 4, 1, 8))  # the mailbox is read on Wednesday 1 April
    services.mailbox_poll(mailbox_id=office_mailbox.pk)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.term_suspended) == (Status.EN_TRAMITE, False)
    # 13 days from Monday 30 March: 30, 31 March, 1, 6-10, 13-17 April.
    assert waiting.legal_due_at.astimezone(BOGOTA).date() == date(2026, 4, 17)
    assert waiting.completion_requests.get().arrived_on == date(2026, 3, 27)
    assert waiting.events.filter(note__contains="Información recibida el 2026-03-27 (email)")


def test_email_from_another_address_does_not_resume_the_term(
    waiting,
    office_mailbox,
    imap,
    travel,  # noqa: F811
):
    imap.append(
        customer_mail(sender="otro@nadie.test", to=reply_address(waiting)),
        arrived_at=at(2026, 3, 27, 17),
    )
    travel(at(2026, 4, 1, 8))
    services.mailbox_poll(mailbox_id=office_mailbox.pk)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.term_suspended) == (Status.EN_ESPERA_CLIENTE, True)
