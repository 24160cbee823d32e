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
