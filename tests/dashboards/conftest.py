import pytest

from tests.pqr.conftest import customer, team_a, team_b  # noqa: F401
from tests.sla.conftest import travel  # noqa: F401


@pytest.fixture
def office(agent):
    from dashboards.rollups import rollups_refresh

    from .fixtures import build_office

    built = build_office(agent)
    rollups_refresh(days_back=60, now=built.now)
    return built
