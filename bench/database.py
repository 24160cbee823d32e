"""Point Django at a bench database of its own, so a bench never touches the dev data."""

import os

import psycopg2

SERVER = "postgres://postgres@127.0.0.1:5432"


def load_average() -> str:
    """The machine's load next to every figure: on a shared machine a median means
    little without it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} CPUs"


def django_on_bench_db(name: str, *, fresh: bool, server: str = SERVER) -> None:
    """Create (or with `fresh`, drop and recreate) database `name`, set Django up on it
    and migrate. Call before importing any model."""
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        if fresh:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    os.environ["DATABASE_URL"] = f"{server}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django
    from django.conf import settings

    if settings.configured and settings.DATABASES["default"]["NAME"] != name:
        raise RuntimeError(f"Django already points at {settings.DATABASES['default']['NAME']}")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def drop_bench_db(name: str, server: str = SERVER) -> None:
    """Drop a throw-away bench database once its figures are printed."""
    from django.db import connection

    connection.close()
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


# autovacuum's default trigger: 50 rows + 20 % of the table dead.
VACUUM_THRESHOLD, VACUUM_SCALE = 50, 0.2


def vacuum_like_autovacuum(connection, out=print) -> list[str]:
    """VACUUM (ANALYZE) the tables autovacuum would have vacuumed by now. A production
    server runs autovacuum; this machine's PostgreSQL has it off (its CI config), so the
    rows the benches roll back, and the rollups' refreshes, pile up as dead tuples and
    every later figure drifts. Run when a bench reuses its database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables"
            " WHERE n_dead_tup > %s + %s * n_live_tup ORDER BY relname",
            [VACUUM_THRESHOLD, VACUUM_SCALE],
        )
        tables = [name for (name,) in cursor.fetchall()]
        for name in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{name}"')
    if tables:
        out(f"vacuumed as autovacuum would have: {', '.join(tables)}")
    return tables
