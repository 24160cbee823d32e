"""Read replica (issue 19) against a real PostgreSQL streaming replica of the local
cluster: the test database pytest-django created on the primary is on the replica,
rows written on the primary stream to it, the dashboards read from it, a visitor who
just wrote reads from the primary, and a lagging or unreachable replica is skipped with
a log line. Marker `replica` (in `make test`)."""

import logging
import time

import pytest
from django.db import connections
from django.db.utils import InternalError, OperationalError
from django.test.utils import CaptureQueriesContext

from core import replica as replica_module
from core.replica import LAST_WRITE_COOKIE, use_replica
from pqr.models import Pqr
from tests.pqr.factories import make_pqr
from tests.servers.replica import StreamingReplica

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    server = StreamingReplica()
    server.start()
    print(f"REPLICA pg_basebackup of the local cluster took {server.copy_seconds:.1f} s")
    yield server
    connections["replica"].close()
    server.stop()


@pytest.fixture
def on_replica(streaming_replica, settings):
    """The `replica` alias (a test mirror of default: same database name) pointed at the
    streaming replica, and the router switched on."""
    alias = connections["replica"]
    saved = (alias.settings_dict["HOST"], alias.settings_dict["PORT"])
    alias.close()
    alias.settings_dict.update(HOST="127.0.0.1", PORT=str(streaming_replica.port))
    settings.DATABASE_REPLICA_ENABLED = True
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 30
    replica_module.replica_lag_forget()
    yield streaming_replica
    alias.close()
    alias.settings_dict.update(HOST=saved[0], PORT=saved[1])
    replica_module.replica_lag_forget()


def _wait_for(condition, timeout=30.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_test_database_and_new_rows_stream_to_the_read_only_replica(on_replica, agent):
    name = connections["default"].settings_dict["NAME"]
    assert connections["replica"].settings_dict["NAME"] == name  # created on the primary only
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    pqr = make_pqr(actor=agent, subject="Escrita en el primario")
    assert _wait_for(lambda: Pqr.objects.using("replica").filter(pk=pqr.pk).exists())
    with pytest.raises((InternalError, OperationalError)), connections["replica"].cursor() as c:
        c.execute("CREATE TABLE replica_write_probe (id int)")


def test_marked_reads_go_to_the_replica_and_unmarked_ones_to_the_primary(on_replica, agent):
    pqr = make_pqr(actor=agent)
    assert _wait_for(lambda: Pqr.objects.using("replica").filter(pk=pqr.pk).exists())
    with CaptureQueriesContext(connections["replica"]) as on_standby:
        assert Pqr.objects.filter(pk=pqr.pk).exists()
    assert len(on_standby) == 0
    with CaptureQueriesContext(connections["replica"]) as on_standby, use_replica():
        assert Pqr.objects.filter(pk=pqr.pk).exists()
    assert len(on_standby) >= 1


def test_the_sla_dashboard_reads_from_the_replica_until_the_visitor_writes(
    on_replica, supervisor_client, agent
):
    make_pqr(actor=agent)
    with CaptureQueriesContext(connections["replica"]) as on_standby:
        assert supervisor_client.get("/tableros/").status_code == 200
    assert len(on_standby) >= 1
    # A write (any POST) pins this visitor to the primary for the next seconds.
    supervisor_client.post("/i18n/setlang/", {"language": "es-co", "next": "/tableros/"})
    assert LAST_WRITE_COOKIE in supervisor_client.cookies
    with CaptureQueriesContext(connections["replica"]) as on_standby:
        assert supervisor_client.get("/tableros/").status_code == 200
    assert len(on_standby) == 0


def test_a_lagging_replica_is_skipped_with_a_log_line(on_replica, agent, settings, caplog):
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 0.5
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        make_pqr(actor=agent, subject="Mientras la réplica está en pausa")
        time.sleep(1.5)
        replica_module.replica_lag_forget()
        with caplog.at_level(logging.WARNING, logger="core.replica"), use_replica():
            qs = Pqr.objects.filter(subject="Mientras la réplica está en pausa")
            assert qs.db == "default"
            assert qs.exists()  # read from the primary: the row is there
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    assert "read replica" in caplog.text
    assert "behind" in caplog.text


def test_an_unreachable_replica_is_skipped_with_a_log_line(on_replica, agent, caplog):
    alias = connections["replica"]
    alias.close()
    alias.settings_dict["PORT"] = "1"  # nothing listens there
    replica_module.replica_lag_forget()
    pqr = make_pqr(actor=agent)
    with caplog.at_level(logging.WARNING, logger="core.replica"), use_replica():
        assert Pqr.objects.filter(pk=pqr.pk).exists()
    assert "unreachable" in caplog.text


def test_readyz_reports_the_replica_lag(on_replica, client):
    body = client.get("/readyz").json()
    assert body["replica"]["state"] == "ok"
    assert body["replica"]["lag_seconds"] < 30
