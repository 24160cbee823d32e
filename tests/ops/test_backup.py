"""Backup and restore (docs/operations.md): pg_dump of a database with PQRs, restored
into a new database with pg_restore; the app starts on the copy (manage.py check,
no migration pending, a page answers and the PQRs are there)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from pqr.models import Pqr
from tests.pqr.factories import make_pqr

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
PG = ["-h", "127.0.0.1", "-U", "postgres"]


def _run(*args, env=None, timeout=300):
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def test_a_pg_dump_restored_into_a_new_database_runs_the_app(agent, tmp_path):
    pqrs = [make_pqr(actor=agent, subject=f"Respaldo {n}") for n in range(3)]
    source = connection.settings_dict["NAME"]
    target = f"pqrdesk_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "pqrdesk.dump"
    _run("pg_dump", *PG, "--format=custom", "--no-owner", f"--file={dump}", source)
    _run("createdb", *PG, target)
    try:
        _run("pg_restore", *PG, "--no-owner", "--exit-on-error", f"--dbname={target}", str(dump))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{target}",
        }
        manage = [sys.executable, "manage.py"]
        assert "no issues" in _run(*manage, "check", "--database", "default", env=env)
        _run(*manage, "migrate", "--check", env=env)  # exits 1 if anything is unapplied
        code = (
            "from django.test import Client; from pqr.models import Pqr; "
            "print(Client(HTTP_HOST='127.0.0.1').get('/pqr/consulta/').status_code, "
            "sorted(Pqr.objects.values_list('radicado', flat=True)))"
        )
        out = _run(*manage, "shell", "-c", code, env=env).strip().splitlines()[-1]
    finally:
        connection.close()
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", target], check=False)
    status, radicados = out.split(" ", 1)
    assert status == "200"
    for pqr in pqrs:
        assert pqr.radicado in radicados
    assert Pqr.objects.count() >= 3
