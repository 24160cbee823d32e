"""Figures that look alike say what they count: every card of the SLA, workload and
satisfaction pages states its period (now, the period, today) and its unit (PQR,
answers, surveys, business hours, %)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.dashboards.analytics_data import answer

PERIOD = re.compile(r"ahora|en el período|hoy", re.I)
UNIT = re.compile(r"\bPQR\b|respuestas?|encuestas|horas hábiles|%|casos|/ 5", re.I)


class _Cards(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cards: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._depth:
            self._depth += tag != "br"
        elif tag in ("div", "a") and {"card", "h-100"} <= set(classes):
            self._depth = 1
            self.cards.append("")

    def handle_endtag(self, tag):
        if self._depth and tag != "br":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.cards[-1] += data


def _cards(body: str) -> list[str]:
    parser = _Cards()
    parser.feed(body.split('id="main"', 1)[-1])
    return [" ".join(card.split()) for card in parser.cards if card.strip()]


@pytest.fixture
def answered(office):
    answer(office.pqrs["p1"], 5, timezone.localdate())
    return office


@pytest.mark.parametrize(
    "page", ["dashboards:sla", "dashboards:workload", "dashboards:satisfaction"]
)
def test_every_card_states_its_period_and_unit(supervisor_client, answered, page):
    cards = _cards(supervisor_client.get(reverse(page)).content.decode())
    assert len(cards) >= 4
    vague = [card for card in cards if not (PERIOD.search(card) and UNIT.search(card))]
    assert vague == []


def test_answers_and_surveys_are_told_apart(supervisor_client, answered):
    body = supervisor_client.get(reverse("dashboards:satisfaction")).content.decode()
    assert "de 1 respuesta recibida en el período" in body
    assert "encuestas enviadas en el período ya respondidas" in body
