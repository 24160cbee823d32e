"""Every figure of the SLA and workload dashboards opens the queue listing the PQRs it
counts: the queue's result count equals the figure."""

import html as html_lib
import re

from django.urls import reverse

from .test_home import _result_count

LINKED = re.compile(
    r'<a (?:class="[^"]*" )?href="(/pqr/\?[^"]+)"[^>]*>\s*(?:<div[^>]*>[^<]*</div>\s*)?'
    r'(?:<div[^>]*data-metric="([\w-]+)"[^>]*>)?\s*(\d+)\s*<'
)


def _linked_figures(body: str) -> list[tuple[str, int]]:
    return [(html_lib.unescape(href), int(n)) for href, _metric, n in LINKED.findall(body)]


def _check(client, page: str) -> int:
    body = client.get(reverse(page)).content.decode()
    figures = _linked_figures(body)
    for href, n in figures:
        assert _result_count(client.get(href).content.decode()) == n, (page, href, n)
    return len(figures)


def test_every_workload_figure_lists_as_many_pqrs(supervisor_client, office):
    # Totals (open + 4 ages) and each agent's and team's row (total + 4 ages).
    assert _check(supervisor_client, "dashboards:workload") >= 15


def test_every_sla_now_figure_lists_as_many_pqrs(supervisor_client, office):
    body = supervisor_client.get(reverse("dashboards:sla")).content.decode()
    assert "legal=on" in body
    assert _check(supervisor_client, "dashboards:sla") >= 5


def test_status_slices_link_to_the_queue_by_status(supervisor_client, office):
    body = supervisor_client.get(reverse("dashboards:sla")).content.decode()
    assert "status=en_espera_cliente" in body


def test_queue_filters_by_age_in_business_days(supervisor_client, office):
    body = supervisor_client.get(reverse("pqr:queue"), {"age": "over_15"}).content.decode()
    assert "Más de 15 días hábiles" in body
    _result_count(body)
