"""Schemathesis fuzzes every operation of the live schema against a real server.

The schema is fetched over HTTP from Django's live server (a real socket, the whole
middleware stack), every operation gets generated requests (positive mode: data the
schema says is valid, plus the path parameters of real PQRs), and each response is
checked: no 5xx, a documented status code, content type, headers and body schema.
Examples are capped (API_FUZZ_EXAMPLES, default 15 per operation) to keep the suite fast.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.pqr.factories import make_pqr

from .conftest import key_for

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_target(live_server, settings, api_admin, team_a):
    settings.API_KEY_RATE_PER_MINUTE = 100_000
    _key, raw = key_for(api_admin, team_a, scopes=("intake", "read", "write", "reports"))
    radicados = [make_pqr(team=team_a, subject=f"PQR para el fuzz {n}").radicado for n in range(3)]
    return live_server.url, raw, radicados


def _fuzz(operation, base_url: str, raw: str, radicados: list[str], calls: dict):
    """Hypothesis test of one operation; half of the cases use a real radicado."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        calls["n"] += 1
        if case.path_parameters and "radicado" in case.path_parameters and calls["n"] % 2:
            case.path_parameters["radicado"] = radicados[calls["n"] % len(radicados)]
        case.call_and_validate(
            base_url=base_url, headers={"X-API-Key": raw}, checks=CHECKS, timeout=30
        )

    return run


def test_every_operation_of_the_live_schema_passes_schemathesis(fuzz_target):
    base_url, raw, radicados = fuzz_target
    schema = schemathesis.openapi.from_url(f"{base_url}/api/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4
    failures: list[str] = []
    calls = {"n": 0}
    for operation in operations:
        try:
            _fuzz(operation, base_url, raw, radicados, calls)()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    print(f"schemathesis: {len(operations)} operations, {calls['n']} requests")
    assert not failures, "\n\n".join(failures)
