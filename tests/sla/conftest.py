import importlib

import pytest
from django.apps import apps

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
