"""Time customer search at 1,000,000 customers.

DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python bench/customers_search.py
Builds its data with generate_series in the separate database pqrdesk_bench_cust and
times `customer_search` as the search page runs it (first page of 25 + the count),
100 queries of each kind, printing median and p95.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DB = "pqrdesk_bench_cust"
N = int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
REUSE = os.environ.get("BENCH_REUSE") == "1"  # time again without rebuilding

from bench.database import django_on_bench_db, load_average  # noqa: E402

django_on_bench_db(DB, fresh=not REUSE)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from customers.pagination import CappedPaginator  # noqa: E402
from customers.selectors import customer_search  # noqa: E402

FIRST = [
    "María",
    "José",
    "Juan",
    "Carlos",
    "Luis",
    "Ana",
    "Andrés",
    "Camila",
    "Sofía",
    "Valentina",
    "Santiago",
    "Sebastián",
    "Daniela",
    "Alejandro",
    "Natalia",
    "Felipe",
    "Paula",
    "Jorge",
    "Laura",
    "Diego",
    "Mónica",
    "Óscar",
    "Inés",
    "Ramón",
    "Nicolás",
    "Manuela",
    "Julián",
    "Ángela",
    "Esteban",
    "Lucía",
    "Martín",
    "Tomás",
    "Gabriela",
    "Héctor",
    "Adriana",
    "Mauricio",
    "Catalina",
    "Jesús",
    "Verónica",
    "Iván",
]
LAST = [
    "Rodríguez",
    "Gómez",
    "González",
    "Martínez",
    "García",
    "López",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Díaz",
    "Muñoz",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Vargas",
    "Castro",
    "Gutiérrez",
    "Ortiz",
    "Álvarez",
    "Ruiz",
    "Suárez",
    "Romero",
    "Herrera",
    "Valencia",
    "Quintero",
    "Restrepo",
    "Ospina",
    "Cárdenas",
    "Giraldo",
    "Zapata",
    "Arango",
    "Mejía",
    "Patiño",
    "Peña",
    "Bermúdez",
    "Córdoba",
    "Salazar",
    "Londoño",
    "Ibáñez",
    "Castaño",
    "Acevedo",
    "Cifuentes",
    "Benítez",
    "Montoya",
    "Duque",
    "Agudelo",
    "Betancur",
    "Osorio",
    "Úsuga",
]
CITIES = "Bogotá Medellín Cali Barranquilla Cartagena Bucaramanga Pereira Manizales Cúcuta Ibagué"


def build() -> None:
    arr = lambda words: "ARRAY[" + ",".join(f"'{w}'" for w in words) + "]"  # noqa: E731
    started = time.perf_counter()
    with connection.cursor() as cur:
        # Drop the trigram index during the load and rebuild it after: much faster.
        cur.execute("DROP INDEX customer_search_trgm_idx")
        cur.execute(
            f"""
            INSERT INTO customers_customer (person_type, document_type, document_number,
              full_name, email, phone, secondary_phone, address, city, preferred_channel,
              notes, is_active, created_at, updated_at)
            SELECT 'natural', CASE WHEN g % 20 = 0 THEN 'CE' ELSE 'CC' END,
              (10000000 + g)::text,
              f[1 + (g * 7) % {len(FIRST)}] || ' ' || l[1 + (g * 13) % {len(LAST)}] || ' '
                || l[1 + (g / 7) % {len(LAST)}],
              'cliente' || g || '@example.co', (3000000000 + g)::text, '', '',
              c[1 + g % 10], 'email', '', true, now(), now()
            FROM generate_series(1, {N}) g,
              (SELECT {arr(FIRST)} f, {arr(LAST)} l, {arr(CITIES.split())} c) w
            """
        )
        cur.execute(
            "CREATE INDEX customer_search_trgm_idx ON customers_customer USING gin "
            "(search_name gin_trgm_ops)"
        )
        cur.execute("VACUUM ANALYZE customers_customer")
    print(f"built {N:,} customers in {time.perf_counter() - started:.1f} s")


# An unsaved superuser: the supervisors' unscoped search (agents add a team filter).
SUPERVISOR_VIEW = get_user_model()(username="bench", is_superuser=True, is_active=True)


def run_page(query: str) -> int:
    """What the search page does: page 1 of 25 plus the capped count."""
    qs = customer_search(query=query, user=SUPERVISOR_VIEW).only(
        "pk", "full_name", "document_type", "document_number"
    )
    page = CappedPaginator(qs, 25).get_page(1)
    list(page.object_list)
    return page.paginator.count


def timed(label: str, queries: list[str]) -> None:
    run_page(queries[0])  # warm the connection and caches once
    samples, hits = [], 0
    for q in queries:
        start = time.perf_counter()
        hits += run_page(q) > 0
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"| {label} | {statistics.median(samples):.1f} ms | {p95:.1f} ms | "
        f"{hits}/{len(queries)} found |"
    )


def strip_accents(text: str) -> str:
    import unicodedata

    return "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )


def main() -> None:
    if not REUSE:
        build()
    rng = random.Random(2026)
    ids = [rng.randint(1, N) for _ in range(100)]
    print("| query (100 each) | median | p95 | found |")
    print("|---|---|---|---|")
    timed("document, formatted `10.000.123`", [f"{10000000 + i:,}".replace(",", ".") for i in ids])
    timed("email", [f"cliente{i}@example.co" for i in ids])
    timed("phone", [str(3000000000 + i) for i in ids])
    full = [
        f"{FIRST[(i * 7) % len(FIRST)]} {LAST[(i * 13) % len(LAST)]} {LAST[(i // 7) % len(LAST)]}"
        for i in ids
    ]
    timed("full name without accents, lower case", [strip_accents(n).lower() for n in full])
    timed(
        "first name + partial surname (`ramon rodrig`)",
        [" ".join([n.split()[0], n.split()[1][:5]]) for n in (strip_accents(f) for f in full)],
    )
    timed("one surname (`Úsuga`, many matches)", [LAST[i % len(LAST)] for i in ids])
    print(load_average())


if __name__ == "__main__":
    main()
