"""The six protocol steps on one checklist: saved together or one at a time, guidance
per step, pesos typed the Colombian way; refusals keep the agent on the PQR page with
everything typed (Post/Redirect/Get)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pqr.models import EventKind, PqrEvent, ProtocolStep
from pqr.protocol_forms import GUIDANCE

from .refused import back_on_the_pqr_page

pytestmark = pytest.mark.django_db

NOTES = {
    1: "Le pedimos disculpas por el cobro doble del domicilio",
    2: "Contó que pagó en la app y la factura trae dos cargos",
    3: "Pide la devolución del cargo repetido a su tarjeta",
    4: "Devolvemos el cargo repetido a su tarjeta",
    5: "Se le llamó por su nombre y se revisó su historial de pedidos",
    6: "Confirmó que está de acuerdo con la devolución",
}


def _all_steps(**extra) -> dict:
    data = {f"s{n}_state": "done" for n in NOTES} | {f"s{n}_note": t for n, t in NOTES.items()}
    return data | {"compensation_kind": "refund", "compensation_amount": "89.900,50"} | extra


def _post(client, pqr, data):
    return client.post(reverse("pqr:protocol_step", args=[pqr.pk]), data, follow=True)


def test_all_six_steps_save_together_and_the_amount_reads_as_cop(agent_client, reclamo):
    response = _post(agent_client, reclamo, _all_steps())
    assert response.redirect_chain[-1][0].endswith(f"/pqr/{reclamo.pk}/#protocolo")
    assert ProtocolStep.objects.filter(pqr=reclamo).count() == 6
    step = ProtocolStep.objects.get(pqr=reclamo, step=4)
    assert (step.compensation_kind, step.compensation_amount) == ("refund", Decimal("89900.50"))
    body = response.content.decode()
    assert "6 pasos del protocolo registrados." in body
    assert "$ 89.900,50" in body
    event = PqrEvent.objects.get(pqr=reclamo, kind=EventKind.PROTOCOL, field="step_4")
    assert "$ 89.900,50" in event.note


def test_one_steps_button_saves_that_step_and_keeps_the_others_typed(agent_client, reclamo):
    data = {
        "only": "1",
        "s1_state": "done",
        "s1_note": NOTES[1],
        "s2_state": "done",
        "s2_note": "Lo que contó, todavía sin guardar",
    }
    body = back_on_the_pqr_page(_post(agent_client, reclamo, data), reclamo)
    assert list(ProtocolStep.objects.filter(pqr=reclamo).values_list("step", flat=True)) == [1]
    assert "Lo que contó, todavía sin guardar" in body


def test_a_refused_step_saves_none_and_keeps_everything_typed(agent_client, reclamo):
    data = _all_steps(compensation_amount="")
    body = back_on_the_pqr_page(_post(agent_client, reclamo, data), reclamo)
    assert not ProtocolStep.objects.filter(pqr=reclamo).exists()
    assert "Paso 4, «Compensar»: Indique el valor de la compensación." in body
    for note in NOTES.values():
        assert note in body


@pytest.mark.parametrize("typed", ["89,900.50", "89.9", "ochenta mil"])
def test_a_bad_amount_is_explained_and_kept_as_typed(agent_client, reclamo, typed):
    body = back_on_the_pqr_page(
        _post(agent_client, reclamo, _all_steps(compensation_amount=typed)), reclamo
    )
    assert not ProtocolStep.objects.filter(pqr=reclamo).exists()
    assert "con punto para los miles y coma para los centavos: 89.900 o 89.900,50" in body
    assert f'value="{typed}"' in body


def test_a_reload_after_a_refusal_shows_the_page_and_posts_nothing(agent_client, reclamo):
    _post(agent_client, reclamo, _all_steps(compensation_amount=""))
    events = PqrEvent.objects.filter(pqr=reclamo).count()
    again = agent_client.get(reverse("pqr:detail", args=[reclamo.pk]))
    assert again.status_code == 200
    assert "Indique el valor de la compensación" not in again.content.decode()
    assert PqrEvent.objects.filter(pqr=reclamo).count() == events


def test_each_step_shows_its_guidance_and_always_applicable_steps_offer_no_na(
    agent_client, reclamo
):
    body = agent_client.get(reverse("pqr:detail", args=[reclamo.pk])).content.decode()
    for text in GUIDANCE.values():
        assert str(text) in body
    assert 'name="s1_state" value="na"' not in body
    assert 'name="s4_state" value="na"' in body


def test_steps_saved_before_are_not_rewritten_when_saving_the_rest(agent_client, reclamo):
    _post(agent_client, reclamo, {"s1_state": "done", "s1_note": NOTES[1]})
    first = ProtocolStep.objects.get(pqr=reclamo, step=1)
    _post(agent_client, reclamo, _all_steps())
    assert ProtocolStep.objects.get(pqr=reclamo, step=1).recorded_at == first.recorded_at
    assert PqrEvent.objects.filter(pqr=reclamo, kind=EventKind.PROTOCOL).count() == 6


def test_nothing_marked_says_so_and_saves_nothing(agent_client, reclamo):
    body = back_on_the_pqr_page(_post(agent_client, reclamo, {}), reclamo)
    assert "No hay pasos nuevos ni cambios para guardar." in body
    assert not ProtocolStep.objects.filter(pqr=reclamo).exists()
