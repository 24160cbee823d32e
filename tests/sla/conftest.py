from datetime import datetime

import pytest
from django.utils import timezone

from sla.calendar import BOGOTA
from tests.pqr.conftest import customer, team_a  # noqa: F401


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
