import importlib
from datetime import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from sla.calendar import BOGOTA
from tests.pqr.conftest import _catalogues, customer, team_a  # noqa: F401

_seed = importlib.import_module("sla.migrations.0002_seed_terms").seed


@pytest.fixture(autouse=True)
def _legal_terms(request, _catalogues):  # noqa: F811
    """Flushing tests (transactional_db) empty the data-migration legal terms."""
    names = set(request.fixturenames)
    if names & {"db", "transactional_db", "live_server"} or request.node.get_closest_marker(
        "django_db"
    ):
        _seed(apps, None)


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=BOGOTA)


@pytest.fixture
def travel(monkeypatch):
    """Move "now" (services, auto_now fields) to a given Bogotá instant: travel(at(...))."""
    state = {}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def go(instant):
        state["now"] = instant
        return instant

    return go
