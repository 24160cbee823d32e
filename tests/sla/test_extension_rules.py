"""Prórroga rules (Ley 1755 art. 14 parágrafo; Ley 1581 arts. 14-15; Ley 142 art. 158)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pqr.services import pqr_completion_received, pqr_request_completion
from sla.forms import LegalTermForm
from sla.models import LegalTerm, Organization, PqrClock
from sla.services import deadlines_recompute, extension_refusal, pqr_extension_grant
from tests.answers import IN_PERSON
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


def day(dt):
    return dt.astimezone(at(2026, 1, 1).tzinfo).date()


def _term_form(code, **values):
    term = LegalTerm.objects.get(pqr_type__code=code)
    data = {
        "days": term.days,
        "extension_rule": term.extension_rule,
        "extension_days": term.extension_days,
        "silence_effect": term.silence_effect,
        "source": term.source,
        "reason": "Ajuste de la política",
        **values,
    }
    return LegalTermForm(data=data, instance=term)


def test_fixed_extension_longer_than_the_term_is_refused_in_settings():
    form = _term_form("habeas_data_consulta", days=4, extension_days=5)
    assert not form.is_valid()
    assert "no puede ser mayor que el término inicial" in str(form.errors["extension_days"])


def test_term_above_the_law_is_refused_and_below_is_accepted():
    longer = _term_form("peticion", days=16)
    assert not longer.is_valid()
    assert "15 días hábiles" in str(longer.errors["days"])
    assert _term_form("peticion", days=10).is_valid()


def test_extension_the_law_does_not_give_is_refused_in_settings():
    garantia = _term_form("garantia", extension_rule="double")
    assert not garantia.is_valid()
    assert "extension_rule" in garantia.errors
    habeas = _term_form("habeas_data_reclamo", extension_days=9)
    assert not habeas.is_valid()


def test_grant_caps_a_stored_extension_longer_than_the_term_at_double(agent, travel):
    LegalTerm.objects.filter(pqr_type__code="habeas_data_consulta").update(days=3)
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(type_code="habeas_data_consulta", received_at=at(2026, 3, 16, 9), actor=agent)
    assert day(pqr.legal_due_at) == date(2026, 3, 19)  # 17, 18, 19
    travel(at(2026, 3, 18, 10))
    new_due = pqr_extension_grant(pqr=pqr, actor=agent, reason="Bases", delivery=IN_PERSON)
    assert day(new_due) == date(2026, 3, 25)  # +3 (not +5): 20, 24, 25


def test_habeas_data_extensions_fit_the_double_cap(agent, travel):
    travel(at(2026, 3, 16, 9))
    consulta = make_pqr(
        type_code="habeas_data_consulta", received_at=at(2026, 3, 16, 9), actor=agent
    )
    reclamo = make_pqr(type_code="habeas_data_reclamo", received_at=at(2026, 3, 16, 9), actor=agent)
    travel(at(2026, 3, 20, 10))
    assert day(pqr_extension_grant(pqr=consulta, actor=agent, reason="x", delivery=IN_PERSON)) == (
        date(2026, 4, 9)
    )
    assert day(pqr_extension_grant(pqr=reclamo, actor=agent, reason="x", delivery=IN_PERSON)) == (
        date(2026, 4, 21)
    )


def test_office_may_choose_a_shorter_new_date_and_it_survives_a_recompute(agent, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent)
    travel(at(2026, 4, 1, 10))
    new_due = pqr_extension_grant(
        pqr=pqr, actor=agent, reason="Concepto técnico", delivery=IN_PERSON, until=date(2026, 4, 20)
    )
    assert day(new_due) == date(2026, 4, 20)
    assert PqrClock.objects.get(pqr=pqr).extension_days == 7  # 10, 13-17, 20
    deadlines_recompute(pqr_ids=[pqr.pk])
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 20)


def test_new_date_past_double_or_on_a_holiday_is_refused(agent, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent)
    travel(at(2026, 4, 1, 10))
    with pytest.raises(ValidationError, match="no puede pasar del 2026-04-30"):
        pqr_extension_grant(
            pqr=pqr, actor=agent, reason="x", delivery=IN_PERSON, until=date(2026, 5, 4)
        )
    with pytest.raises(ValidationError, match="día hábil"):
        pqr_extension_grant(
            pqr=pqr, actor=agent, reason="x", delivery=IN_PERSON, until=date(2026, 4, 18)
        )
    assert not PqrClock.objects.get(pqr=pqr).extension_used


def test_extension_on_suspended_pqr_after_its_original_date_but_before_its_shifted_date(
    agent, travel
):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent)
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Factura", delivery=IN_PERSON)
    travel(at(2026, 4, 14, 10))  # after the original 9 April; suspended since 18 March
    assert extension_refusal(pqr=pqr) == ""
    pqr_extension_grant(pqr=pqr, actor=agent, reason="Peritaje", delivery=IN_PERSON)
    pqr_completion_received(pqr=pqr, arrived_on=date(2026, 4, 14), actor=agent, source="agent")
    pqr.refresh_from_db()
    # 13 + 15 days left on 18 March, counted from 15 April (1 and 18 May are holidays).
    assert day(pqr.legal_due_at) == date(2026, 5, 26)


def test_extension_not_offered_when_it_cannot_be_granted(agent, agent_client, team_a, travel):
    travel(at(2026, 3, 16, 9))
    garantia = make_pqr(
        type_code="garantia", received_at=at(2026, 3, 16, 9), actor=agent, team=team_a
    )
    expired = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent, team=team_a)
    extended = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent, team=team_a)
    travel(at(2026, 3, 20, 10))
    pqr_extension_grant(pqr=extended, actor=agent, reason="x", delivery=IN_PERSON)
    assert "no admite prórroga" in extension_refusal(pqr=garantia)
    assert "única prórroga" in extension_refusal(pqr=extended)
    travel(at(2026, 4, 10, 10))
    assert "antes del vencimiento" in extension_refusal(pqr=expired)
    # 10 April: `expired` is past 9 April. The page offers the form for none of them.
    for pqr in (garantia, expired, extended):
        page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
        assert 'id="prorroga"' not in page, pqr.subject
        assert 'data-testid="extension-refusal"' in page
    assert "antes del vencimiento" in agent_client.get(f"/pqr/{expired.pk}/").content.decode()


def test_extension_offered_with_its_resulting_date_when_it_can_be_granted(
    agent, agent_client, team_a, travel
):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent, team=team_a)
    travel(at(2026, 4, 9, 16))  # the last day of the term
    page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
    assert 'id="prorroga"' in page
    # 15 more business days after 9 April: 10, 13-17, 20-24, 27-30 April.
    assert "el término legal vence el 30 de abril de 2026" in page.lower()
    assert 'max="2026-04-30"' in page


def test_utility_reclamo_page_offers_no_extension(agent, agent_client, team_a, travel):
    Organization.objects.filter(pk=1).update(legal_regime="servicios_publicos")
    travel(at(2026, 3, 16, 9))
    reclamo = make_pqr(
        type_code="reclamo", received_at=at(2026, 3, 16, 9), actor=agent, team=team_a
    )
    travel(at(2026, 3, 20, 10))
    page = agent_client.get(f"/pqr/{reclamo.pk}/").content.decode()
    assert 'id="prorroga"' not in page
    assert "Ley 142 de 1994, art. 158" in page


def test_public_utility_claims_have_no_extension(agent, travel):
    Organization.objects.filter(pk=1).update(legal_regime="servicios_publicos")
    travel(at(2026, 3, 16, 9))
    reclamo = make_pqr(type_code="reclamo", received_at=at(2026, 3, 16, 9), actor=agent)
    travel(at(2026, 3, 20, 10))
    assert "Ley 142" in extension_refusal(pqr=reclamo)
    with pytest.raises(ValidationError, match="Ley 142"):
        pqr_extension_grant(pqr=reclamo, actor=agent, reason="x", delivery=IN_PERSON)
