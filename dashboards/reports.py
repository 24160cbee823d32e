"""The two legal reports, as tables that the page, the CSV and the XLSX all render.

PQRS report (Ley 1474/2011 art. 76): the PQRs received in the period by type and by
channel, with how each ended up. Information-requests report (Ley 1712/2014, Decreto
1081/2015 art. 2.1.1.6.2): received, transferred, denied and the response time of each.
"""

from dataclasses import dataclass, field, replace

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pqr.models import OPEN_STATUSES, Channel, Pqr, PqrType, Status

from .filters import semester_before
from .grouping import grouping_sets

INFORMATION_TYPE_CODES = ("peticion_informacion",)
REQUESTS_PER_PAGE = 50


@dataclass
class ReportTable:
    """One table of a report: the page, the CSV and the XLSX show exactly these cells."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    # More rows exist than the caller asked for (the page and the API cap the case
    # lists); `count` is then how many cases the whole list holds.
    truncated: bool = False
    count: int | None = None
    # What each cell of rows + total counts, as queue parameters (None: not a count);
    # dashboards.drill turns them into `links` for the page.
    params: list[list[dict | None]] | None = None
    links: list[list[str | None]] | None = None
    # A list of cases: the queue parameters that list the same cases, and its link.
    list_params: dict | None = None
    list_link: str | None = None

    @property
    def more(self) -> int:
        """Cases of the list beyond the rows shown."""
        return (self.count or 0) - len(self.rows)

    def all_rows(self) -> list[list]:
        return [*self.rows, self.total] if self.total is not None else list(self.rows)

    def linked_rows(self) -> list[list[tuple]]:
        """Each row's cells as (value, link) for the page."""
        links = self.links or []
        return [
            list(zip(row, links[i] if i < len(links) else [None] * len(row), strict=True))
            for i, row in enumerate(self.all_rows())
        ]


def _days(value) -> float | None:
    return round(float(value), 1) if value is not None else None


def _outcome_aggregates() -> dict:
    """How the PQRs of a group ended up (ORM form, for the information summary)."""
    return {
        "received": Count("id"),
        "on_time": Count("id", filter=Q(resolved_within_legal=True)),
        "late": Count("id", filter=Q(resolved_within_legal=False)),
        "avg_days": Avg("resolution_business_days"),
        "transferred": Count("id", filter=Q(status=Status.TRASLADADO)),
        "desisted": Count("id", filter=Q(status=Status.DESISTIDO)),
        "rejected": Count("id", filter=Q(status=Status.RECHAZADO)),
        "pending": Count("id", filter=Q(status__in=OPEN_STATUSES)),
    }


# The same figures in SQL over the report's subquery (see _outcomes_by).
OUTCOME_SQL = (
    "COUNT(*) AS received, COUNT(*) FILTER (WHERE within_legal) AS on_time, "
    "COUNT(*) FILTER (WHERE NOT within_legal) AS late, AVG(days) AS avg_days, "
    "COUNT(*) FILTER (WHERE status = %s) AS transferred, "
    "COUNT(*) FILTER (WHERE status = %s) AS desisted, "
    "COUNT(*) FILTER (WHERE status = %s) AS rejected, "
    "COUNT(*) FILTER (WHERE status = ANY(%s)) AS pending"
)
OUTCOME_PARAMS = (Status.TRASLADADO, Status.DESISTIDO, Status.RECHAZADO, list(OPEN_STATUSES))


OUTCOME_COLUMNS = [
    ("received", _("Recibidas")),
    ("on_time", _("Respondidas a tiempo")),
    ("late", _("Respondidas tarde")),
    ("avg_days", _("Tiempo medio de respuesta (días hábiles)")),
    ("transferred", _("Trasladadas")),
    ("desisted", _("Desistidas")),
    ("rejected", _("Rechazadas o archivadas")),
    ("pending", _("Pendientes")),
]


def _outcome_row(label: str, values: dict) -> list:
    return [
        label,
        *[
            _days(values[key]) if key == "avg_days" else values[key]
            for key, _label in OUTCOME_COLUMNS
        ],
    ]


def _outcomes_by(pqrs: QuerySet) -> dict[str, list[dict]]:
    """Outcomes by type, by channel and in total, from a single scan of the PQRs."""
    inner = pqrs.values(
        "channel",
        "status",
        type_key=F("pqr_type_id"),
        type_name=F("pqr_type__name"),
        team_key=F("team_id"),
        team_name=F("team__name"),
        cause_key=F("root_cause_id"),
        cause_name=F("root_cause__name"),
        within_legal=F("resolved_within_legal"),
        days=F("resolution_business_days"),
    )
    groupings = {
        "by_type": ("type_name", "type_key"),
        "by_channel": ("channel",),
        "by_team": ("team_name", "team_key"),
        "by_cause": ("cause_name", "cause_key"),
        "total": (),
    }
    return grouping_sets(inner, groupings, OUTCOME_SQL, OUTCOME_PARAMS)


# What each outcome column counts among the PQRs received in the period.
OUTCOME_QUEUE = {
    "received": {"status": "all"},
    "on_time": {"status": "all", "outcome": "legal_on_time"},
    "late": {"status": "all", "outcome": "legal_late"},
    # An average opens the PQRs it is worked out from: those with a resolution time.
    "avg_days": {"status": "all", "outcome": "resolved"},
    "transferred": {"status": Status.TRASLADADO.value},
    "desisted": {"status": Status.DESISTIDO.value},
    "rejected": {"status": Status.RECHAZADO.value},
    "pending": {"status": "open"},
}


def outcome_params(group: dict | None, columns=OUTCOME_COLUMNS) -> list[dict | None]:
    """Queue parameters of one outcome row's cells: the group (a type, channel...) plus
    the column; the label cell links nowhere."""
    if group is None:
        return [None] * (len(columns) + 1)
    return [
        None,
        *[
            None
            if OUTCOME_QUEUE[key] is None
            else {"period": "received", **group, **OUTCOME_QUEUE[key]}
            for key, _label in columns
        ],
    ]


def _table_rows(rows: list[dict], label_of, group_of) -> tuple[list[list], list]:
    labelled = sorted(
        ((str(label_of(row)), row) for row in rows), key=lambda p: (-p[1]["received"], p[0])
    )
    return (
        [_outcome_row(label, row) for label, row in labelled],
        [outcome_params(group_of(row)) for _label, row in labelled],
    )


def _table(key: str, title: str, first: str, grouped: list, label_of, group_of, total=None):
    rows, params = _table_rows(grouped, label_of, group_of)
    headers = [str(first), *[str(label) for _key, label in OUTCOME_COLUMNS]]
    if total is not None:
        params.append(outcome_params({}))
    return ReportTable(key, title, headers, rows, total, params=params)


def pqrs_report(filters, *, case_limit: int | None = None, figures: dict | None = None) -> dict:
    """The PQRS report for the filtered period, by type, by channel and in total;
    `case_limit` caps the two case lists (the page and the exports list them all);
    `figures` (dashboards.rollups_reports.pqrs_figures) replaces counting them live."""
    figures = figures or {}
    grouped = figures.get("grouped") or _outcomes_by(filters.pqrs(date_field="received_at"))
    totals = grouped["total"][0] if grouped["by_type"] else None
    total_row = _outcome_row(str(_("Total")), totals) if totals else None
    tables = [
        _table(
            "by_type",
            str(_("Por tipo de PQR")),
            _("Tipo"),
            grouped["by_type"],
            lambda row: gettext(row["type_name"]),
            lambda row: {"pqr_type": row["type_key"]},
            total_row,
        ),
        _table(
            "by_channel",
            str(_("Por canal de recepción")),
            _("Canal"),
            grouped["by_channel"],
            lambda row: Channel(row["channel"]).label,
            lambda row: {"channel": row["channel"]},
            total_row,
        ),
        _table(
            "by_team",
            str(_("Por equipo")),
            _("Equipo"),
            grouped["by_team"],
            lambda row: row["team_name"],
            lambda row: {"team": row["team_key"]},
        ),
        _table(
            "by_cause",
            str(_("Por causa raíz")),
            _("Causa raíz"),
            grouped["by_cause"],
            lambda row: gettext(row["cause_name"]) if row["cause_name"] else _("Sin causa raíz"),
            lambda row: {"cause": row["cause_key"] or "none"},
        ),
        _comparison(filters, totals, figures.get("before", False)),
        _case_list(
            "late",
            str(_("Casos respondidos tarde o vencidos sin respuesta")),
            filters.pqrs(date_field="received_at").filter(_late_q()),
            {"period": "received", "status": "all", "legal_breach": "on"},
            case_limit,
            figures.get("late_count"),
        ),
        _case_list(
            "pending",
            str(_("Casos pendientes")),
            filters.pqrs(date_field="received_at").filter(status__in=OPEN_STATUSES),
            {"period": "received", "status": "open"},
            case_limit,
            figures.get("pending_count"),
        ),
    ]
    return {"totals": totals, "tables": tables}


def _late_q() -> Q:
    """Answered after the legal term, or still open past it (a suspended term is not late)."""
    now = timezone.now()
    return Q(resolved_within_legal=False) | Q(
        status__in=OPEN_STATUSES, term_suspended=False, legal_due_at__lt=now
    )


CASE_HEADERS = [_("Radicado"), _("Tipo"), _("Equipo"), _("Recibida"), _("Vence"), _("Estado")]


def _case_list(
    key: str, title: str, qs: QuerySet, list_params: dict, limit=None, count=None
) -> ReportTable:
    """The first `limit` cases in order of receipt (by the received_at index, so the
    cost follows the limit, not the period); `count`: the list's size when known."""
    tz = timezone.get_current_timezone()
    values = qs.order_by("received_at", "id").values_list(
        "radicado", "pqr_type__name", "team__name", "received_at", "legal_due_at", "status"
    )
    if limit is not None:
        values = values[: limit + 1]
    # A handful of types and statuses over thousands of cases: translate each once.
    types, statuses = {}, {}

    def type_label(name: str) -> str:
        if name not in types:
            types[name] = gettext(name)
        return types[name]

    def status_label(status: str) -> str:
        if status not in statuses:
            statuses[status] = str(Status(status).label)
        return statuses[status]

    rows = [
        [
            radicado,
            type_label(type_name),
            team,
            received.astimezone(tz).date(),
            due.astimezone(tz).date() if due else "",
            status_label(status),
        ]
        for radicado, type_name, team, received, due, status in values
    ]
    truncated = limit is not None and len(rows) > limit
    headers = [str(h) for h in CASE_HEADERS]
    return ReportTable(
        key,
        title,
        headers,
        rows[:limit] if truncated else rows,
        truncated=truncated,
        count=(qs.count() if count is None else count) if truncated else len(rows),
        list_params=list_params,
    )


def _comparison(filters, totals: dict | None, before=False) -> ReportTable:
    """This period next to the whole semester before it (Ley 1474 art. 76); `before`:
    its totals when already counted."""
    start, end = semester_before(filters.start)
    if before is False:
        previous = replace(filters, start=start, end=end, preset="custom")
        before = _outcomes_by(previous.pqrs(date_field="received_at"))["total"]
        before = before[0] if before else None
    rows, params = [], []
    earlier = {"received_from": start, "received_to": end}
    for key, label in OUTCOME_COLUMNS:
        now_value = totals[key] if totals else None
        old_value = before[key] if before else None
        if key == "avg_days":
            now_value, old_value = _days(now_value), _days(old_value)
        rows.append([str(label), now_value or 0, old_value or 0])
        cell = OUTCOME_QUEUE[key]
        params.append(
            [
                None,
                *(
                    [None, None]
                    if cell is None
                    else [{"period": "received", **cell}, {**earlier, **cell}]
                ),
            ]
        )
    title = str(_("Comparación con el semestre anterior"))
    previous_label = _("Semestre anterior (%(start)s a %(end)s)") % {
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    headers = [str(_("Indicador")), str(_("Este período")), previous_label]
    return ReportTable("comparison", title, headers, rows, params=params)


# --- information requests (Ley 1712) -------------------------------------------------


def information_requests(filters) -> QuerySet[Pqr]:
    return (
        filters.pqrs(date_field="received_at")
        .filter(pqr_type__code__in=INFORMATION_TYPE_CODES)
        .order_by("received_at", "id")
    )


def information_summary(filters) -> dict:
    agg = information_requests(filters).aggregate(
        **_outcome_aggregates(), denied=Count("id", filter=~Q(access_denied=""))
    )
    agg["avg_days"] = _days(agg["avg_days"])
    return agg


INFORMATION_SUMMARY_COLUMNS = [
    ("received", _("Solicitudes recibidas")),
    ("transferred", _("Trasladadas por no ser competencia")),
    ("denied", _("Negadas (información clasificada o reservada)")),
    ("rejected", _("Rechazadas o archivadas (no son negaciones)")),
    ("on_time", _("Respondidas a tiempo")),
    ("late", _("Respondidas tarde")),
    ("pending", _("Pendientes")),
    ("avg_days", _("Tiempo medio de respuesta (días hábiles)")),
]

REQUEST_HEADERS = [
    _("Radicado"),
    _("Recibida"),
    _("Estado"),
    _("Respondida"),
    _("Días hábiles de respuesta"),
    _("Dentro del término legal"),
]


def information_request_rows(queryset: QuerySet[Pqr]):
    """One row per request (in the queryset's order), read in a single query."""
    tz = timezone.get_current_timezone()
    values = queryset.values_list(
        "radicado",
        "received_at",
        "status",
        "resolved_at",
        "resolution_business_days",
        "resolved_within_legal",
    )
    yes, no = str(_("Sí")), str(_("No"))
    for radicado, received, status, resolved, days, within in values:
        yield [
            radicado,
            received.astimezone(tz).date(),
            str(Status(status).label),
            resolved.astimezone(tz).date() if resolved else "",
            days if days is not None else "",
            "" if within is None else (yes if within else no),
        ]


INFORMATION_QUEUE = {**OUTCOME_QUEUE, "denied": {"status": "all", "denied": "on"}}


def information_params(filters) -> list[list[dict | None]] | None:
    """The summary's figures as queue parameters: the information-request type(s)
    received in the period, plus what each line counts."""
    types = list(
        PqrType.objects.filter(code__in=INFORMATION_TYPE_CODES).values_list("pk", flat=True)
    )
    if len(types) != 1 or (filters.pqr_type is not None and filters.pqr_type.pk != types[0]):
        return None  # the queue filters by one type: no link rather than a wrong one
    group = {"period": "received", "pqr_type": types[0]}
    return [
        [None, None if INFORMATION_QUEUE[key] is None else {**group, **INFORMATION_QUEUE[key]}]
        for key, _label in INFORMATION_SUMMARY_COLUMNS
    ]


def information_report(filters, *, requests=None, summary=None) -> dict:
    """Summary plus the per-request table; `requests` lets the page pass one page of rows,
    `summary` the figures from the rollup (dashboards.rollups_reports)."""
    if summary is None:
        summary = information_summary(filters)
    else:
        summary = {**summary, "avg_days": _days(summary["avg_days"])}
    queryset = requests if requests is not None else information_requests(filters)
    tables = [
        ReportTable(
            "summary",
            str(_("Resumen")),
            [str(_("Indicador")), str(_("Valor"))],
            [[str(label), summary[key]] for key, label in INFORMATION_SUMMARY_COLUMNS],
        ),
        ReportTable(
            "requests",
            str(_("Respuesta por solicitud")),
            [str(label) for label in REQUEST_HEADERS],
            list(information_request_rows(queryset)),
        ),
    ]
    return {"summary": summary, "tables": tables}
