"""Ley 1712 (denials) and Ley 1474 (breakdowns, late and pending lists, comparison) reports."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dashboards.filters import preset_range
from dashboards.reports import information_report, pqrs_report
from pqr.models import ProtocolStepCode, RootCause
from pqr.services import pqr_access_deny, pqr_reject, protocol_step_record
from tests.answers import IN_PERSON, resolve_answered
from tests.dashboards.analytics_data import period
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at

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


def test_ley_1474_report_breaks_down_by_team_and_cause_lists_late_and_pending_and_compares(
    agent, supervisor, team_a, travel
):
    travel(at(2025, 9, 1, 10))
    make_pqr(actor=agent, team=team_a, received_at=at(2025, 9, 1, 9))  # semester before
    travel(at(2026, 2, 2, 10))
    late = make_pqr(actor=agent, team=team_a, received_at=at(2026, 2, 2, 9))
    reclamo = make_pqr(actor=agent, team=team_a, type_code="reclamo")
    for step in ProtocolStepCode.values:
        protocol_step_record(
            pqr=reclamo, step=step, actor=agent, note="Hecho", compensation_kind="none"
        )
    cause = RootCause.objects.order_by("code").first()
    resolve_answered(reclamo, agent, root_cause=cause)
    travel(at(2026, 3, 20, 10))  # `late` was due on 23 February and is still open
    report = pqrs_report(period(date(2026, 1, 1), date(2026, 6, 30), supervisor))
    tables = {t.key: t for t in report["tables"]}
    assert [row[0] for row in tables["by_team"].rows] == ["Equipo A"]
    assert tables["by_team"].rows[0][1] == 2
    assert sorted(row[0] for row in tables["by_cause"].rows) == sorted(
        [str(cause), "Sin causa raíz"]
    )
    assert [row[0] for row in tables["late"].rows] == [late.radicado]
    assert [row[0] for row in tables["pending"].rows] == [late.radicado]
    comparison = {row[0]: row[1:] for row in tables["comparison"].rows}
    assert comparison["Recibidas"] == [2, 1]
    assert "2025-07-01" in tables["comparison"].headers[2]


def test_previous_semester_preset():
    assert preset_range("prev_semester", date(2026, 3, 20)) == (
        date(2025, 7, 1),
        date(2025, 12, 31),
    )
    assert preset_range("prev_semester", date(2026, 8, 1)) == (date(2026, 1, 1), date(2026, 6, 30))


def test_agent_records_the_denial_from_the_page(agent, agent_client, team_a):
    pqr = make_pqr(actor=agent, team=team_a, type_code="peticion_informacion")
    agent_client.post(
        f"/pqr/{pqr.pk}/negar-acceso/",
        {
            "ground": "clasificada",
            "basis": "Ley 1712 art. 18 literal a: datos de salud de terceros.",
        },
    )
    pqr.refresh_from_db()
    assert pqr.access_denied == "clasificada"
