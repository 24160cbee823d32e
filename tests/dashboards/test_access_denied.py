"""Ley 1712 report: a real denial of access is counted as denied; rejections are not."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dashboards.reports import information_report
from pqr.services import pqr_access_deny, pqr_reject
from tests.answers import IN_PERSON, resolve_answered
from tests.dashboards.analytics_data import period
from tests.pqr.factories import make_pqr

pytestmark = pytest.mark.django_db


def test_denial_on_a_legal_ground_counts_as_denied_and_rejection_does_not(agent, supervisor):
    denied = make_pqr(actor=agent, type_code="peticion_informacion")
    rejected = make_pqr(actor=agent, type_code="peticion_informacion")
    pqr_access_deny(
        pqr=denied,
        actor=agent,
        ground="reservada",
        basis="Ley 1712 art. 19 literal a: defensa y seguridad nacional.",
    )
    resolve_answered(denied, agent, body="Negamos el acceso: la información es reservada.")
    pqr_reject(
        pqr=rejected,
        actor=agent,
        reason="Irrespetuosa",
        category="irrespetuosa",
        delivery=IN_PERSON,
    )
    today = date.today()
    summary = information_report(period(date(today.year, 1, 1), today, supervisor))["summary"]
    assert (summary["received"], summary["denied"], summary["rejected"]) == (2, 1, 1)


def test_denial_needs_a_ground_and_its_legal_basis(agent):
    pqr = make_pqr(actor=agent, type_code="peticion_informacion")
    with pytest.raises(ValidationError, match="clasificada o reservada"):
        pqr_access_deny(pqr=pqr, actor=agent, ground="", basis="x" * 40)
    with pytest.raises(ValidationError, match="Cite la norma"):
        pqr_access_deny(pqr=pqr, actor=agent, ground="clasificada", basis="n/a")
