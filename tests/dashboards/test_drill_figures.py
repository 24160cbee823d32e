"""Every figure of the dashboards and the legal reports opens the queue listing the
PQRs it counts: for each page, each linked figure is followed and the queue's result
count compared with it."""

import html

import pytest
from django.urls import reverse

from .figures import assert_links_match, chart_figures, linked_figures

# Page, and the figures that must be among its links (by data-metric).
PAGES = {
    "dashboards:sla": {
        "open",
        "overdue",
        "due-today",
        "due-next3",
        "legal-overdue",
        "within-due",
        "due-measured",
        "within-legal",
        "legal-measured",
        "answered",
        "resolved",
        "silence-accepted",
        "silence-late",
    },
    "dashboards:workload": {"open", "age-0-5", "age-6-10", "age-11-15", "age-over-15"},
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_linked_figure_lists_as_many_pqrs(supervisor_client, office, page):
    body = supervisor_client.get(reverse(page)).content.decode()
    figures = linked_figures(body)
    assert PAGES[page] <= {metric for _href, metric, _n in figures}
    assert assert_links_match(supervisor_client, figures) >= len(PAGES[page])


@pytest.mark.parametrize("page", ["dashboards:sla", "dashboards:workload"])
def test_every_chart_bar_lists_as_many_pqrs(supervisor_client, office, page):
    body = supervisor_client.get(reverse(page)).content.decode()
    assert assert_links_match(supervisor_client, chart_figures(body)) >= 3


def test_breach_bars_count_late_and_overdue_pqrs(supervisor_client, office):
    # p2 resolved late (agent2, team A) and p3 open past its date (agent_b, team B).
    body = supervisor_client.get(reverse("dashboards:sla")).content.decode()
    bars = {m.split(":", 1)[1]: n for _h, m, n in chart_figures(body) if "breaches-agent" in m}
    assert bars == {"Ana Ruiz": 1, "Beto Gil": 1}
    breaches = [f for f in chart_figures(body) if f[1].startswith("breaches-")]
    assert len(breaches) >= 6
    assert_links_match(supervisor_client, breaches)


@pytest.fixture
def reported(office, agent):
    """The office plus an information request denied and a queja with a root cause."""
    from pqr.models import Pqr, RootCause
    from tests.pqr.factories import make_pqr

    denied = make_pqr(actor=agent, type_code="peticion_informacion", team=office.team_a)
    Pqr.objects.filter(pk=denied.pk).update(access_denied="clasificada")
    make_pqr(actor=agent, type_code="peticion_informacion", team=office.team_b)
    p2 = office.pqrs["p2"]
    Pqr.objects.filter(pk=p2.pk).update(root_cause=RootCause.objects.order_by("pk").first())
    # The report pages show the figures of the last refresh: run it, as Celery would.
    from dashboards.rollups import rollups_refresh

    rollups_refresh(days_back=2)
    return office


@pytest.mark.parametrize(
    ("page", "at_least"),
    [("dashboards:report_pqrs", 4 * 7 + 7 + 2 * 7), ("dashboards:report_information", 7)],
)
def test_every_report_figure_lists_as_many_pqrs(supervisor_client, reported, page, at_least):
    body = supervisor_client.get(reverse(page)).content.decode()
    figures = linked_figures(body)
    assert len(figures) >= at_least
    assert_links_match(supervisor_client, figures)


def test_report_case_lists_open_in_the_queue(supervisor_client, reported):
    import re

    from .test_home import _result_count

    body = supervisor_client.get(reverse("dashboards:report_pqrs")).content.decode()
    lists = re.findall(r'<a href="([^"]+)" data-list="(\w+)">[^<]*?(\d+)?[^<\d]*</a>', body)
    assert {key for _h, key, _n in lists} == {"late", "pending"}
    for href, _key, n in lists:
        listed = _result_count(supervisor_client.get(html.unescape(href)).content.decode())
        assert listed == int(n or 1)


def test_each_week_of_the_compliance_chart_lists_the_pqrs_it_was_worked_out_from(
    supervisor_client, office
):
    import json
    import re

    from .test_home import _result_count

    body = supervisor_client.get(reverse("dashboards:sla")).content.decode()
    spec = json.loads(
        html.unescape(
            re.search(
                r'id="compliance-weekly-data" type="application/json">(.*?)</script>', body
            ).group(1)
        )
    )
    links = spec["options"]["links"]
    assert links
    listed = sum(_result_count(supervisor_client.get(href).content.decode()) for href in links)
    assert listed == 2  # p1 and p2, resolved in the period with a promised date measured
