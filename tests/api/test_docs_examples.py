"""The examples of docs/api.md, run as written: the Python and shell (openssl/curl)
signature checks against real deliveries, and the five-minute integration (curl files a
PQR on the live server, the resolved webhook reaches a real receiver, the lookup)."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from api.models import WebhookDelivery
from api.webhooks import signature_verify
from pqr.models import Pqr, ProtocolStepCode, RootCause
from pqr.services import pqr_transition, protocol_step_not_applicable, protocol_step_record
from pqr.services.protocol import ALWAYS_APPLICABLE
from tests.answers import resolve_answered

from .conftest import key_for
from .test_webhooks import SECRET, Receiver, endpoint_for

DOC = (Path(django_settings.BASE_DIR) / "docs" / "api.md").read_text()
# `uuidgen` is in util-linux/macOS but not in every container: the same, from Python.
UUIDGEN = 'uuidgen() { python3 -c "import uuid; print(uuid.uuid4())"; }\n'


def _block(heading: str, lang: str, index: int = 0) -> str:
    section = DOC.split(heading, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    return re.findall(rf"```{lang}\n(.*?)```", section, re.S)[index]


def _protocol_done(pqr, actor) -> None:
    for step in ProtocolStepCode.values:
        if step in ALWAYS_APPLICABLE:
            protocol_step_record(pqr=pqr, step=step, actor=actor, note="Hablamos con ella")
        else:
            protocol_step_not_applicable(
                pqr=pqr, step=step, actor=actor, justification="No aplica a un cobro doble"
            )


def _doc_verify():
    namespace: dict = {}
    exec(_block("### Verify the signature — Python", "python"), namespace)  # noqa: S102
    return namespace["verify"]


@pytest.fixture
def delivered(team_a, django_capture_on_commit_callbacks):
    """One real delivery of pqr.created, as the receiver got it."""
    receiver = Receiver()
    endpoint_for(receiver.url, ["pqr.created"])
    from tests.pqr.factories import make_pqr

    with django_capture_on_commit_callbacks(execute=True):
        make_pqr(team=team_a)
    yield receiver.requests[0]
    receiver.close()


@pytest.mark.django_db
def test_python_signature_example_of_the_docs_accepts_a_real_delivery_only(delivered):
    verify = _doc_verify()
    header, body = delivered["headers"]["X-PQRDesk-Signature"], delivered["body"]
    assert verify(SECRET, header, body) is True
    assert verify(SECRET, header, body + b" ") is False
    assert verify("another-secret", header, body) is False


@pytest.mark.django_db
def test_shell_signature_examples_of_the_docs_match_a_real_delivery(delivered, tmp_path):
    header, body = delivered["headers"]["X-PQRDesk-Signature"], delivered["body"]
    parts = dict(p.split("=", 1) for p in header.split(","))
    (tmp_path / "body.json").write_bytes(body)
    env = {**os.environ, "SECRET": SECRET}
    recompute = re.sub(r"^T=\S+", f"T={parts['t']}", _block("shell (curl", "sh", 0), flags=re.M)
    out = subprocess.run(
        ["/bin/bash", "-c", recompute], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == parts["v1"]
    # The curl example signs a test request; our verifier (and the doc's) accept it.
    receiver = Receiver()
    try:
        send = _block("shell (curl", "sh", 1).replace("https://your.site/hooks/pqr", receiver.url)
        out = subprocess.run(
            ["/bin/bash", "-c", UUIDGEN + send], cwd=tmp_path, env=env, capture_output=True
        )
        assert out.returncode == 0, out.stderr
        got = receiver.requests[0]
        assert got["body"] == body
        assert signature_verify(SECRET, got["headers"]["X-PQRDesk-Signature"], got["body"])
        assert _doc_verify()(SECRET, got["headers"]["X-PQRDesk-Signature"], got["body"])
    finally:
        receiver.close()


@pytest.mark.django_db(transaction=True)
def test_five_minute_example_files_by_curl_hears_resolved_and_looks_up(
    live_server, api_admin, team_a, agent, django_capture_on_commit_callbacks
):
    team_a.members.add(agent)
    _key, raw = key_for(api_admin, team_a, scopes=("intake", "read"))
    receiver = Receiver()
    endpoint_for(receiver.url, ["pqr.resolved"])
    try:
        filing = _block("## Five minutes", "sh").replace("https://pqr.example.org", live_server.url)
        out = subprocess.run(
            ["/bin/bash", "-c", UUIDGEN + filing],
            env={**os.environ, "PQR_KEY": raw},
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr
        filed = json.loads(out.stdout)
        assert filed["status"] == "radicado"
        pqr = Pqr.objects.get(radicado=filed["radicado"])
        assert pqr.team == team_a
        with django_capture_on_commit_callbacks(execute=True):
            pqr_transition(pqr=pqr, to_status="en_tramite", actor=agent)
            _protocol_done(pqr, agent)  # the example files a queja
            cause = RootCause.objects.filter(is_active=True).first()
            resolve_answered(pqr, agent, root_cause=cause, note="Devolvimos el cobro doble.")
        row = WebhookDelivery.objects.get(event="pqr.resolved")
        got = receiver.requests[0]
        assert got["headers"]["X-PQRDesk-Delivery"] == str(row.delivery_id)
        assert _doc_verify()(SECRET, got["headers"]["X-PQRDesk-Signature"], got["body"])
        assert json.loads(got["body"])["pqr"]["radicado"] == filed["radicado"]
        from django.test import Client

        lookup = Client(headers={"X-API-Key": raw}).post(
            "/api/v1/status-lookup/",
            {"radicado": filed["radicado"], "identifier": "1020304050"},
            content_type="application/json",
        )
        assert lookup.json()["status"] == "resuelto"
    finally:
        receiver.close()
