"""A real PostgreSQL streaming replica of the local cluster, for the replica tests.

`pg_basebackup -R` (standby.signal + primary_conninfo) of 127.0.0.1:5432 into a
temporary directory owned by postgres, started with pg_ctl on a free port. Debian keeps
postgresql.conf and pg_hba.conf in /etc, so the copy gets minimal ones of its own.
scripts/setup.sh lets the local cluster accept replication connections from 127.0.0.1.
The copy holds the whole cluster: its duration is printed (docs/operations.md).
"""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2

from tests.servers.redis import free_port

BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class StreamingReplica:
    def __init__(self, primary_host: str = "127.0.0.1", primary_port: int = 5432):
        self.primary = (primary_host, primary_port)
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="pqrdesk-replica-"))
        self.data = self.root / "data"
        self.copy_seconds = 0.0

    def start(self) -> None:
        shutil.chown(self.root, "postgres", "postgres")
        started = time.monotonic()
        result = _as_postgres(
            str(BIN / "pg_basebackup"),
            "-h", self.primary[0], "-p", str(self.primary[1]), "-U", "postgres",
            "-D", str(self.data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        self.copy_seconds = time.monotonic() - started
        if result.returncode != 0:
            raise RuntimeError(f"pg_basebackup failed: {result.stderr}")
        (self.data / "postgresql.conf").write_text(
            f"port = {self.port}\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.root}'\n"
            "hot_standby = on\n"
            "shared_buffers = 32MB\n"
            "wal_receiver_status_interval = 1s\n"
            "hot_standby_feedback = on\n" + self._primary_limits()
        )
        (self.data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n")
        (self.data / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(self.data / name, "postgres", "postgres")
        result = _as_postgres(
            str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "replica.log"),
            "-w", "-t", "120", "start",
        )  # fmt: skip
        if result.returncode != 0:
            log = (self.root / "replica.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"replica did not start: {result.stderr}\n{log}")

    def _primary_limits(self) -> str:
        """A hot standby refuses to start with lower limits than its primary's."""
        names = (
            "max_connections",
            "max_worker_processes",
            "max_wal_senders",
            "max_prepared_transactions",
            "max_locks_per_transaction",
        )
        with (
            psycopg2.connect(
                host=self.primary[0], port=self.primary[1], user="postgres", dbname="postgres"
            ) as conn,
            conn.cursor() as cursor,
        ):
            cursor.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(names)]
            )
            return "".join(f"{name} = {value}\n" for name, value in cursor.fetchall())

    def query(self, dbname: str, sql: str):
        with (
            psycopg2.connect(
                host="127.0.0.1", port=self.port, user="postgres", dbname=dbname
            ) as conn,
            conn.cursor() as cursor,
        ):
            cursor.execute(sql)
            return cursor.fetchall()

    def stop(self) -> None:
        if self.data.exists():
            _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
