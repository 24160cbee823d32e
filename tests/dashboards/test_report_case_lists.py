"""The PQRS report's case lists at scale: a constant number of queries however many late
and pending cases the semester holds, and rows written by `plain_report_rows` exactly as
the per-cell template writes them (it cost 30 s a page at 100,000 PQRs)."""

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from pqr.models import Pqr
from tests.pqr.factories import TeamFactory

from .analytics_data import new_pqr, resolve

pytestmark = pytest.mark.django_db

SEMESTER = {"preset": "custom", "start": "2026-07-01", "end": "2026-12-31"}

# The loop report_base.html uses for linked tables, each cell through _report_cell.html.
PER_CELL = Template(
    "{% for row in table.linked_rows %}\n      <tr>{% for value, link in row %}"
    '{% if forloop.first %}<th scope="row" class="fw-normal">{{ value }}</th>'
    '{% else %}<td class="text-end">{% include "dashboards/_report_cell.html" %}</td>'
    "{% endif %}{% endfor %}</tr>\n    {% endfor %}"
)
PLAIN = Template("{% load report_tags %}{% plain_report_rows table.rows %}")


def _cases(team, agent, n: int) -> None:
    """n PQRs still open past their legal term and n answered late, in the semester."""
    for i in range(n):
        new_pqr(team=team, agent=agent, received=date(2026, 7, 1 + i % 28), type_code="queja")
        late = new_pqr(team=team, agent=agent, received=date(2026, 8, 1 + i % 28))
        resolve(late, on=date(2026, 9, 1 + i % 28), days=20, within_legal=False)


def _rows(body: str, key: str) -> int:
    table = re.search(rf'data-table="{key}">(.*?)</table>', body, re.S).group(1)
    return table.count("<tr>") - 1  # the header row


@pytest.mark.parametrize("n", [2, 12])
def test_semester_report_queries_do_not_grow_with_the_cases(
    n, team_a, agent, supervisor_client, django_assert_max_num_queries
):
    _cases(team_a, agent, n)
    with django_assert_max_num_queries(11):
        response = supervisor_client.get(reverse("dashboards:report_pqrs"), SEMESTER)
    body = response.content.decode()
    assert _rows(body, "pending") == n
    assert _rows(body, "late") == 2 * n  # answered late, and open past the term


def test_case_list_rows_are_the_cells_the_template_writes(team_a, agent, supervisor_client):
    odd = TeamFactory(name="Cobros & <Cartera>")
    odd.members.add(agent)
    _cases(odd, agent, 2)
    no_due = new_pqr(team=team_a, agent=agent, received=date(2026, 7, 9))
    Pqr.objects.filter(pk=no_due.pk).update(legal_due_at=None)

    response = supervisor_client.get(reverse("dashboards:report_pqrs"), SEMESTER)
    body = response.content.decode()
    assert "Cobros &amp; &lt;Cartera&gt;" in body
    assert "<Cartera>" not in body
    lists = [t for t in response.context["report"]["tables"] if t.key in ("late", "pending")]
    assert [len(t.rows) for t in lists] == [4, 3]
    for table in lists:
        plain = PLAIN.render(Context({"table": table}))
        assert plain in body
        assert plain == PER_CELL.render(Context({"table": table}))
    row = re.search(rf"<tr><th[^>]*>{no_due.radicado}</th>(.*?)</tr>", body, re.S).group(1)
    assert re.findall(r'<td class="text-end">([^<]*?)\n</td>', row)[3] == "—"  # no due date


def test_page_shows_the_first_cases_and_the_downloads_list_them_all(
    team_a, agent, supervisor_client, monkeypatch
):
    """At 1M PQRs a semester holds some 250,000 cases: the page lists the first ones,
    says so, and links to all of them; the CSV keeps every case."""
    monkeypatch.setattr("dashboards.views_reports.PAGE_CASES", 3)
    _cases(team_a, agent, 5)
    url = reverse("dashboards:report_pqrs")
    body = supervisor_client.get(url, SEMESTER).content.decode()
    assert _rows(body, "pending") == 3
    assert _rows(body, "late") == 3
    assert "Se muestran los primeros 3 de 5 casos." in body
    assert "Se muestran los primeros 3 de 10 casos." in body
    assert "Ver estas 5 PQR en la bandeja" in body
    assert "Ver estas 10 PQR en la bandeja" in body
    csv = supervisor_client.get(url, {**SEMESTER, "format": "csv"}).content.decode("utf-8-sig")
    assert sum(line.startswith("PQR-") for line in csv.splitlines()) == 15
