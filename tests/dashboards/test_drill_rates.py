"""The figures that are not bare counts open their PQRs too: the satisfaction page
(answers, sent surveys, recovery cases), the causes page's shares, satisfaction per
moment, anger levels and difficult-customer tags, and the SLA page's rates and
medians. A count opens a queue of that size; a rate or an average opens the PQRs it
is worked out from, so the queue's count gives it back."""

import html
import re

import pytest
from django.urls import reverse

from .figures import assert_links_match, chart_figures, linked_figures
from .test_causes import world  # noqa: F401  (fixture)
from .test_home import _result_count
from .test_satisfaction import answers  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
OCTOBER = {"preset": "custom", "start": "2026-10-05", "end": "2026-10-25"}


def _listed(client, href: str) -> int:
    return _result_count(client.get(html.unescape(href)).content.decode())


def test_satisfaction_figures_open_the_pqrs_whose_surveys_they_count(
    answers,  # noqa: F811
    supervisor_client,
):
    body = supervisor_client.get(reverse("dashboards:satisfaction"), OCTOBER).content.decode()
    figures = linked_figures(body)
    by_metric = {metric: n for _h, metric, n in figures if metric}
    # Six answers about PQRs (the general-form one has none), four of them 4 or 5;
    # one recovery case open (score 1) and one closed (score 2).
    assert by_metric["answered"] == 6
    assert by_metric["satisfied"] == 4
    assert (by_metric["recovery-open"], by_metric["recovery-closed"]) == (1, 1)
    assert "1 del formulario general, sin PQR" in body
    # Breakdown cells: answers per agent (4 + 2), per team, per type.
    breakdown = [f for f in figures if not f[1]]
    assert sorted(n for _h, _m, n in breakdown) == sorted([4, 2, 4, 2, 5, 1])
    assert assert_links_match(supervisor_client, figures) >= 10


def test_satisfaction_rates_and_trend_open_the_answers_they_are_worked_out_from(
    answers,  # noqa: F811
    supervisor_client,
):
    body = supervisor_client.get(reverse("dashboards:satisfaction"), OCTOBER).content.decode()
    csat = re.search(
        r'<a class="dashboard-stat-link" href="([^"]+)"><span[^>]*data-figure="csat"', body
    )
    assert _listed(supervisor_client, csat.group(1)) == 6
    # A breakdown's CSAT and average cells open the same answers as its count.
    rates = re.findall(r'<a href="([^"]+)" data-rate>', body)
    assert rates
    assert all(_listed(supervisor_client, h) in (4, 2, 5, 1) for h in rates)
    # Each week of the CSAT trend opens the PQRs answered that week: 3 + 2 + 1 = 6.
    weeks = re.search(r'id="csat-trend-data" type="application/json">(.*?)</script>', body)
    import json

    links = json.loads(html.unescape(weeks.group(1)))["options"]["links"]
    assert sorted(_listed(supervisor_client, h) for h in links) == [1, 2, 3]


def test_causes_tags_shares_and_moment_satisfaction_open_their_pqrs(
    world,  # noqa: F811
    supervisor_client,
):
    body = supervisor_client.get(
        reverse("dashboards:causes"),
        {"preset": "custom", "start": "2026-10-01", "end": "2026-10-31"},
    ).content.decode()
    tags = [f for f in linked_figures(body) if f[1] == "tag-pqrs"]
    assert tags, "each difficult-customer tag shows its PQRs of the period"
    assert_links_match(supervisor_client, tags)
    # The Pareto's shares open every complaint resolved in the period with a cause (6).
    shares = re.findall(r'<a href="([^"]+)" data-rate>', body)
    assert shares
    assert {_listed(supervisor_client, h) for h in shares} == {6}
    # A moment's satisfaction opens the PQRs of that moment answered in the period.
    rated = re.findall(r'<a href="([^"]+)" data-rated="(\d+)">', body)
    assert rated
    for href, n in rated:
        assert _listed(supervisor_client, href) == int(n)
    calmer = re.search(r'href="([^"]+)"><span[^>]*data-figure="calmer"', body)
    assert _listed(supervisor_client, calmer.group(1)) == 4


def test_sla_rates_and_medians_open_the_pqrs_they_are_worked_out_from(supervisor_client, office):
    body = supervisor_client.get(reverse("dashboards:sla")).content.decode()
    counts = {m: (h, n) for h, m, n in linked_figures(body)}
    for rate, whole in (("due-rate", "due-measured"), ("legal-rate", "legal-measured")):
        href = re.search(
            rf'href="([^"]+)">\s*<div[^>]*>[^<]*</div>\s*<div[^>]*data-metric="{rate}"', body
        )
        assert href, rate
        assert _listed(supervisor_client, href.group(1)) == counts[whole][1]
    for median, whole in (("first-response-median", "answered"), ("resolution-p90", "resolved")):
        href = re.search(rf'href="([^"]+)" data-metric="{median}"', body).group(1)
        assert _listed(supervisor_client, href) == counts[whole][1]


def test_queue_keeps_team_scoping_with_the_survey_filter(answers, agent_client):  # noqa: F811
    # agente.prueba (Equipo A) sees only Equipo A's answered PQRs: 4 of the 6.
    url = reverse("pqr:queue") + "?status=all&survey=answered&survey_from=2026-10-05"
    assert _listed(agent_client, url) == 4


def test_bad_survey_dates_are_refused_and_kept(supervisor_client, answers):  # noqa: F811
    url = reverse("pqr:queue") + "?survey=answered&survey_from=2026-10-20&survey_to=2026-10-01"
    body = supervisor_client.get(url).content.decode()
    assert "La fecha final debe ser igual o posterior a la inicial." in body
    assert 'value="2026-10-20"' in body


def test_chart_bars_still_match(supervisor_client, answers):  # noqa: F811
    body = supervisor_client.get(reverse("dashboards:satisfaction"), OCTOBER).content.decode()
    assert_links_match(supervisor_client, chart_figures(body))


def test_report_average_days_open_the_pqrs_it_averages(supervisor_client, office):
    from pqr.models import Pqr

    from .figures import NUMBER

    body = supervisor_client.get(reverse("dashboards:report_pqrs")).content.decode()
    # The total line of the table by type: every PQR received in the period.
    body = body.split('data-table="by_type"', 1)[1].split("<tfoot>", 1)[1].split("</tfoot>")[0]
    averages = [
        href
        for href, text in re.findall(r'<td class="text-end"><a href="([^"]+)">([^<]+)</a>', body)
        if not NUMBER.match(text)
    ]
    assert len(averages) == 1, "the average-days cell links to the queue"
    timed = Pqr.objects.filter(resolution_business_days__isnull=False).count()
    assert _listed(supervisor_client, averages[0]) == timed


def test_causes_page_with_untagged_customers_lists_only_real_tags(
    world,  # noqa: F811
    supervisor_client,
    team_a,
    agent,
):
    from datetime import date

    from tests.dashboards.analytics_data import new_pqr
    from tests.pqr.factories import CustomerFactory

    untagged = new_pqr(team=team_a, agent=agent, received=date(2026, 10, 3))
    untagged.customer = CustomerFactory(full_name="Sin Etiquetas")
    untagged.save(update_fields=["customer"])
    response = supervisor_client.get(
        reverse("dashboards:causes"),
        {"preset": "custom", "start": "2026-10-01", "end": "2026-10-31"},
    )
    assert response.status_code == 200
    tags = [f for f in linked_figures(response.content.decode()) if f[1] == "tag-pqrs"]
    assert tags
    assert_links_match(supervisor_client, tags)
