"""The legal regime is the organisation's (docs/decisions.md, "Legal lifecycle"): it is
changed in the settings, audited, and the new regime's rules apply to every PQR at once.
Only regimes that change something documented exist: "financiero" was removed."""

import pytest
from django.urls import reverse

from sla.models import LegalRegime, Organization, SettingArea, SettingChange
from sla.services import extension_refusal
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db
ORG = reverse("sla:organization")


def _org_form(**overrides) -> dict:
    data = {
        "name": "Acueducto de Prueba E.S.P.",
        "legal_regime": "privada",
        "working_weekdays": ["0", "1", "2", "3", "4"],
        "office_start": "08:00",
        "office_end": "17:00",
        "warning_share": "75",
    }
    return {**data, **overrides}


def test_financiero_regime_no_longer_exists_and_is_refused(admin_client_role):
    assert "financiero" not in LegalRegime.values
    response = admin_client_role.post(ORG, _org_form(legal_regime="financiero"))
    assert response.status_code == 200  # the form comes back with its error
    assert "financiero" in response.content.decode()  # what was typed is kept
    assert Organization.objects.get(pk=1).legal_regime == "privada"
    assert not SettingChange.objects.filter(area=SettingArea.ORGANIZATION).exists()


def test_changing_the_regime_is_audited_and_applies_the_new_rules(
    admin_client_role, administrator, agent, travel
):
    travel(at(2026, 3, 16, 10))
    reclamo = make_pqr(type_code="reclamo", actor=agent, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 3, 20, 10))
    assert extension_refusal(pqr=reclamo) == ""  # a private company may extend
    assert admin_client_role.post(ORG, _org_form(legal_regime="servicios_publicos")).status_code
    audit = SettingChange.objects.get(area=SettingArea.ORGANIZATION)
    assert audit.actor == administrator
    assert "legal_regime=privada" in audit.before
    assert "legal_regime=servicios_publicos" in audit.after
    # Ley 142 art. 158: the same reclamo now has no prórroga.
    assert "Ley 142" in extension_refusal(pqr=reclamo)
