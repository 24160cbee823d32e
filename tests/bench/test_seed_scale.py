"""The shared bench database is never wiped by a bench asking for other sizes."""

import pytest

from bench.seed_scale import bench_url, seed, seeded_state
from pqr.models import Pqr


def _quiet(*_args):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_seeded_database_is_reused_not_replaced_by_other_sizes():
    seed(pqrs=60, customers=20, surveys=0, out=_quiet)
    radicados = set(Pqr.objects.values_list("radicado", flat=True))
    with pytest.raises(SystemExit, match="not replacing"):
        seed(pqrs=80, customers=30, surveys=0, out=_quiet)
    assert set(Pqr.objects.values_list("radicado", flat=True)) == radicados
    assert seeded_state()["pqrs"] == 60


def test_each_size_has_its_own_database():
    assert bench_url(1_000_000).endswith("/pqrdesk_bench")
    assert bench_url(100_000).endswith("/pqrdesk_bench_100k")


@pytest.mark.django_db(transaction=True)
def test_a_reused_database_is_vacuumed_where_autovacuum_would_have_been():
    import time

    from django.db import connection

    from bench.database import vacuum_like_autovacuum
    from tests.pqr.factories import TeamFactory

    teams = [TeamFactory() for _ in range(100)]
    TeamFactory._meta.model.objects.filter(pk__in=[t.pk for t in teams[:60]]).delete()

    def dead() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'pqr_team'")
            return cursor.fetchone()[0]

    for _ in range(50):  # the statistics reach pg_stat_user_tables within a second
        if dead() >= 60:
            break
        time.sleep(0.1)
    assert "pqr_team" in vacuum_like_autovacuum(connection, out=_quiet)
    assert dead() == 0
