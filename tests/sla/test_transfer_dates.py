"""Traslado por competencia (Ley 1755 art. 21): forwarded within 5 business days of
filing, judged on the day it was really forwarded. Filed Monday 16 March 2026: the
five days are 17, 18, 19, 20 and 24 March (23 March is a holiday)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pqr.models import Status
from pqr.services import pqr_transfer
from sla.models import Alert, AlertKind, PqrClock
from tests.answers import IN_PERSON
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


def _filed(travel, agent):
    travel(at(2026, 3, 16, 9))
    return make_pqr(received_at=at(2026, 3, 16, 9), actor=agent)


def test_transfer_recorded_late_with_the_real_earlier_date_is_on_time(agent, travel):
    pqr = _filed(travel, agent)
    travel(at(2026, 3, 26, 10))  # recorded two days after the deadline
    pqr_transfer(
        pqr=pqr,
        actor=agent,
        destination="Superintendencia de Industria y Comercio",
        transferred_on=date(2026, 3, 20),
        delivery=IN_PERSON,
    )
    pqr.refresh_from_db()
    assert pqr.status == Status.TRASLADADO
    assert pqr.transferred_on == date(2026, 3, 20)
    clock = PqrClock.objects.get(pqr=pqr)
    assert clock.transfer_due_at == at(2026, 3, 24, 23, 59).replace(second=59)
    assert not Alert.objects.filter(pqr=pqr, kind=AlertKind.TRANSFER_BREACH).exists()
    told = pqr.notifications.get(decision="transfer")
    assert told.channel == "in_person"
    assert told.constancia


def test_transfer_forwarded_after_day_five_raises_the_breach_alert(agent, travel):
    pqr = _filed(travel, agent)
    travel(at(2026, 3, 26, 10))
    pqr_transfer(
        pqr=pqr,
        actor=agent,
        destination="Superintendencia",
        transferred_on=date(2026, 3, 25),
        delivery=IN_PERSON,
    )
    assert Alert.objects.filter(pqr=pqr, kind=AlertKind.TRANSFER_BREACH).count() == 1


def test_transfer_forwarded_on_day_five_is_on_time(agent, travel):
    pqr = _filed(travel, agent)
    travel(at(2026, 3, 24, 16))
    pqr_transfer(pqr=pqr, actor=agent, destination="Superintendencia", delivery=IN_PERSON)
    pqr.refresh_from_db()
    assert pqr.transferred_on == date(2026, 3, 24)  # default: today
    assert not Alert.objects.filter(pqr=pqr, kind=AlertKind.TRANSFER_BREACH).exists()


def test_transfer_date_in_the_future_or_before_filing_is_refused(agent, travel):
    pqr = _filed(travel, agent)
    travel(at(2026, 3, 18, 10))
    with pytest.raises(ValidationError, match="futura"):
        pqr_transfer(
            pqr=pqr,
            actor=agent,
            destination="Superintendencia",
            transferred_on=date(2026, 3, 19),
            delivery=IN_PERSON,
        )
    with pytest.raises(ValidationError, match="anterior a la PQR"):
        pqr_transfer(
            pqr=pqr,
            actor=agent,
            destination="Superintendencia",
            transferred_on=date(2026, 3, 13),
            delivery=IN_PERSON,
        )
    pqr.refresh_from_db()
    assert pqr.status == Status.RADICADO


def test_agent_records_the_forwarded_date_on_the_page(agent_client, agent, team_a, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent, team=team_a)
    travel(at(2026, 3, 26, 10))
    agent_client.post(
        f"/pqr/{pqr.pk}/estado/transfer/",
        {
            "destination": "Superintendencia",
            "transferred_on": "2026-03-20",
            "ntransfer-channel": "in_person",
            "ntransfer-constancia": "Se le informó en la oficina.",
        },
    )
    pqr.refresh_from_db()
    assert pqr.transferred_on == date(2026, 3, 20)
    assert not Alert.objects.filter(pqr=pqr, kind=AlertKind.TRANSFER_BREACH).exists()
