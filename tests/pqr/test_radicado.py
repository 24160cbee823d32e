import re
import threading

import pytest
from django.db import connection
from django.utils import timezone

from pqr.models import Pqr
from pqr.services import next_radicado


def test_radicado_format_and_sequence(peticion, team_a, agent):
    from .factories import make_pqr

    year = timezone.localdate().year
    second = make_pqr(actor=agent, team=team_a)
    assert re.fullmatch(rf"PQR-{year}-\d{{6}}", peticion.radicado)
    assert int(second.radicado[-6:]) == int(peticion.radicado[-6:]) + 1


def test_numbering_restarts_each_year(db):
    assert next_radicado(year=2031) == "PQR-2031-000001"
    assert next_radicado(year=2031) == "PQR-2031-000002"
    assert next_radicado(year=2032) == "PQR-2032-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_gives_unique_radicados_without_errors(agent):
    from .factories import TeamFactory, make_pqr

    team = TeamFactory(name="Concurrencia")
    threads_n, per_thread = 8, 5
    errors, barrier = [], threading.Barrier(threads_n)

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                make_pqr(actor=agent, team=team)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    radicados = list(Pqr.objects.values_list("radicado", flat=True))
    assert errors == []
    assert len(radicados) == threads_n * per_thread
    assert len(set(radicados)) == len(radicados)
    numbers = sorted(int(r[-6:]) for r in radicados)
    assert numbers == list(range(1, threads_n * per_thread + 1))
