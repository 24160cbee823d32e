"""The scheduled PQRS report's PDF prints the first cases of each list, as the page,
and says how many more there are; the XLSX beside it lists every case."""

import re

import pytest

from dashboards import report_files

from .scheduled_data import october, subscribe
from .test_scheduled_figures import _only_sub, attachments, pdf_text, send_october, xlsx_sheets

pytestmark = pytest.mark.django_db
CUT = re.compile(r"primeros\s+1\s+de\s+(\d+)\s+casos;\s+faltan\s+(\d+)\.\s+El\s+informe\s+en")


@pytest.fixture
def office(agent, team_a, team_b, supervisor):
    team_a.supervisors.add(supervisor)
    return october(agent=agent, team_a=team_a, team_b=team_b)


@pytest.mark.parametrize("file_format", ["pdf", "both"])
def test_pdf_lists_the_first_cases_and_the_xlsx_all_of_them(
    file_format,
    smtp_server,
    office,
    supervisor,
    team_a,
    monkeypatch,
):
    monkeypatch.setattr(report_files, "PDF_CASES", 1)
    subscribe(supervisor, team_a, report="pqrs", file_format=file_format)
    send_october(_only_sub())
    [message] = smtp_server.messages
    files = attachments(message)
    stem = "informe-pqrs-2026-10-01-2026-10-31"
    text = pdf_text(files[f"{stem}.pdf"])
    cuts = CUT.findall(text)
    assert cuts, text
    assert all(int(total) - 1 == int(more) > 0 for total, more in cuts)
    assert "formato XLSX los lista todos" in " ".join(text.split())
    cases = office.radicados_a[1:]  # late or pending
    assert 0 < sum(radicado in text for radicado in cases) < len(cases)
    if file_format == "both":
        cells = {
            str(c) for rows in xlsx_sheets(files[f"{stem}.xlsx"]).values() for r in rows for c in r
        }
        assert set(cases) <= cells
