import importlib

import pytest
from django.apps import apps

from tests.pqr.conftest import _catalogues, customer, team_a, team_b  # noqa: F401

_seed_terms = importlib.import_module("sla.migrations.0002_seed_terms").seed


@pytest.fixture(autouse=True)
def _legal_terms(request, _catalogues):  # noqa: F811
    names = set(request.fixturenames)
    if names & {"db", "transactional_db", "live_server"} or request.node.get_closest_marker(
        "django_db"
    ):
        _seed_terms(apps, None)


@pytest.fixture
def office(agent):
    from dashboards.rollups import rollups_refresh

    from .fixtures import build_office

    built = build_office(agent)
    rollups_refresh(days_back=60, now=built.now)
    return built
