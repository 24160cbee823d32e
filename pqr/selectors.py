"""Every read the PQR pages need, scoped by role."""

import bisect
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from core.roles import Role, has_role
from customers.models import Customer
from sla.selectors import calendar_get

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    CustomerEmail,
    Pqr,
    PqrAttachment,
    ProtocolStep,
    ProtocolStepCode,
    Status,
    Team,
)
from .visibility import pqr_visible_to, team_ids_of

DUE_SOON = timedelta(days=2)
SORTS = {
    "due": ("due_at", "id"),
    "-due": ("-due_at", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "radicado": ("radicado",),
    "-radicado": ("-radicado",),
    # Ley 1755 art. 20: priority petitions first, then by due date.
    "priority": ("priority_rank", "due_at", "id"),
}
DEFAULT_SORT = "priority"
UNASSIGNED = "none"
# The queue counts its results up to here; past it, it says "more than" (a count
# that stops after 1,001 index entries; docs/decisions.md, "Queue result count").
COUNT_CAP = 1_000


def due_window(due: str, now: datetime, *, cal=None) -> tuple[datetime, datetime]:
    """[from, to) of the queue's "today" (from now to midnight) and "next3" (tomorrow
    to the end of the third business day after today) due filters."""
    today = timezone.localdate(now)
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    if due == "today":
        return now, tomorrow
    third = (cal or calendar_get()).add_business_days(today, 3)
    return tomorrow, timezone.make_aware(datetime.combine(third + timedelta(days=1), time.min))


# The home page's counts of open PQRs, each with the queue parameters that list the
# same PQRs (`pqr_queue` applies the conditions of `workday_filters`).
WORKDAY_QUEUE_PARAMS = {
    "open": {},
    "overdue": {"due": "overdue"},
    "today": {"due": "today"},
    "next3": {"due": "next3"},
    "legal": {"legal": "on"},
    "waiting": {"status": Status.EN_ESPERA_CLIENTE.value},
    "anger": {"anger": "on"},
}


AGE_LIMITS = (5, 10, 15)
AGE_BANDS = ("0_5", "6_10", "11_15", "over_15")  # the workload page's columns


def business_days_back(cal, today: date, n: int) -> date:
    """The business day D such that (D, today] holds exactly n business days."""
    year = today.year
    days = cal.business_days_of(year)
    idx = bisect.bisect_right(days, today)  # business days <= today: days[:idx]
    while idx <= n:
        n -= idx
        year -= 1
        days = cal.business_days_of(year)
        idx = len(days)
    return days[idx - 1 - n]


def age_boundaries(cal, today: date) -> tuple[date, ...]:
    """Oldest filing date still inside each age bucket (0-5, 6-10, 11-15 business days)."""
    return tuple(business_days_back(cal, today, n) for n in AGE_LIMITS)


def _age_q(band: str, now: datetime) -> Q:
    """Open PQRs filed (filed_on, else the day received) that many business days ago."""
    a5, a10, a15 = age_boundaries(calendar_get(), timezone.localdate(now))
    return {
        "0_5": Q(filed_day__gte=a5),
        "6_10": Q(filed_day__lt=a5, filed_day__gte=a10),
        "11_15": Q(filed_day__lt=a10, filed_day__gte=a15),
        "over_15": Q(filed_day__lt=a15),
    }[band]


def workday_filters(now: datetime, *, cal=None) -> dict[str, Q]:
    running = Q(term_suspended=False)
    today, next3 = due_window("today", now, cal=cal), due_window("next3", now, cal=cal)
    return {
        "open": Q(),
        "overdue": running & Q(due_at__lt=now),
        "today": running & Q(due_at__gte=today[0], due_at__lt=today[1]),
        "next3": running & Q(due_at__gte=next3[0], due_at__lt=next3[1]),
        "legal": running & Q(legal_due_at__lt=now),
        "waiting": Q(status=Status.EN_ESPERA_CLIENTE),
        "anger": Q(needs_supervisor=True),
    }


def workday_counts(*, user, team_wide: bool) -> dict[str, dict[str, int]]:
    """Open PQRs assigned to `user` ("mine") and, when `team_wide`, every open PQR the
    user may see ("team"), counted per condition of `workday_filters`, in one query."""
    conditions = workday_filters(timezone.now())
    scopes = {"mine": Q(assigned_to_id=user.pk)}
    if team_wide:
        scopes["team"] = Q()
    counts = {
        f"{scope}__{name}": Count("id", filter=scope_q & cond)
        for scope, scope_q in scopes.items()
        for name, cond in conditions.items()
    }
    qs = pqr_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    if not team_wide:
        qs = qs.filter(assigned_to_id=user.pk)
    row = qs.aggregate(**counts)
    return {scope: {name: row[f"{scope}__{name}"] for name in conditions} for scope in scopes}


def result_count(qs: QuerySet, page: "Page") -> tuple[int, bool]:
    """How many rows the queue's filters match, counted up to COUNT_CAP (one query
    that stops there, none when the first page holds them all); True when more."""
    if page.number == 1 and not page.has_next:
        return len(page.rows), False
    n = qs.order_by()[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP


def _name_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def pqr_queue(
    *,
    user,
    query: str = "",
    status: str = "open",
    pqr_type=None,
    team=None,
    channel: str = "",
    priority: str = "",
    anger: bool = False,
    due: str = "",
    mine: bool = False,
    legal_overdue: bool = False,
    assignee: str = "",
    age: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet[Pqr]:
    qs = pqr_visible_to(user=user)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    elif status in Status.values:
        qs = qs.filter(status=status)
    if pqr_type is not None:
        qs = qs.filter(pqr_type=pqr_type)
    if team is not None:
        qs = qs.filter(team=team)
    if channel:
        qs = qs.filter(channel=channel)
    if priority:
        qs = qs.filter(priority=priority)
    if anger:
        qs = qs.filter(needs_supervisor=True)
    now = timezone.now()
    # A suspended term (art. 17) is neither late nor about to be; a late completion
    # request does not suspend, so status alone does not say it (sla.badges).
    running = {"status__in": OPEN_STATUSES, "term_suspended": False}
    if due == "overdue":
        qs = qs.filter(**running, due_at__lt=now)
    elif due == "soon":
        qs = qs.filter(**running, due_at__gte=now, due_at__lt=now + DUE_SOON)
    elif due in ("today", "next3"):
        lo, hi = due_window(due, now)
        qs = qs.filter(**running, due_at__gte=lo, due_at__lt=hi)
    if legal_overdue:
        qs = qs.filter(**running, legal_due_at__lt=now)
    if age in AGE_BANDS:
        qs = qs.alias(filed_day=Coalesce("filed_on", TruncDate("received_at")))
        qs = qs.filter(_age_q(age, now))
    if mine:
        qs = qs.filter(assigned_to_id=user.pk)
    if assignee == UNASSIGNED:
        qs = qs.filter(assigned_to__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assigned_to_id=int(assignee))
    query = (query or "").strip()
    if query:
        qs = qs.filter(_text_filter(query))
    # PostgreSQL's own NULL placement (last ascending, first descending) is what the
    # (due_at, id) indexes give when read forwards or backwards: no sort step.
    qs = qs.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    return qs.select_related("pqr_type", "customer", "team", "assigned_to").only(
        "id",
        "radicado",
        "subject",
        "status",
        "channel",
        "priority",
        "received_at",
        "created_at",
        "due_at",
        "term_suspended",
        "completion_due_on",
        "resolved_within_due",
        "first_response_due_at",
        "legal_due_at",
        "filed_on",
        "anger_level",
        "needs_supervisor",
        "identity_unverified",
        "pqr_type__name",
        "pqr_type__code",
        "customer__full_name",
        "team__name",
        "assigned_to__first_name",
        "assigned_to__last_name",
        "assigned_to__username",
    )


# What a caller reads out: "PQR-2026-000141", "pqr2026000141", "2026-141", "2026 141".
RADICADO_RE = re.compile(r"^(?:PQR[-\s]*)?(\d{4})[-\s]+(\d{1,6})$|^PQR(\d{4})(\d{6})$", re.I)
BARE_NUMBER_RE = re.compile(r"^\d{1,6}$")  # "141", "000141": the number in recent years
BARE_NUMBER_YEARS = 10


def radicado_candidates(text: str, *, today=None) -> list[str]:
    """The radicados `text` may stand for (newest year first), or [] when it is not
    one. A bare number is looked up in the last BARE_NUMBER_YEARS years."""
    text = (text or "").strip()
    match = RADICADO_RE.match(text)
    if match:
        year, number = (g for g in match.groups() if g is not None)
        return [f"PQR-{year}-{int(number):06d}"]
    if BARE_NUMBER_RE.match(text) and int(text) > 0:
        year = (today or timezone.localdate()).year
        return [f"PQR-{y}-{int(text):06d}" for y in range(year, year - BARE_NUMBER_YEARS, -1)]
    return []


def _text_filter(query: str) -> Q:
    """A radicado (any case, zeros, dashes and year optional) is looked up alone on the
    unique index; other text must have every word in the subject or the customer's
    name. The name side is a subquery on the customers' trigram index: no join."""
    radicados = radicado_candidates(query)
    if radicados:
        return Q(radicado__in=radicados)
    by_text = Q()
    for word in query.split()[:6]:
        names = Customer.objects.filter(search_name__contains=_name_key(word)).values("pk")
        by_text &= Q(subject__icontains=word) | Q(customer_id__in=names)
    return by_text


@dataclass
class Page:
    """Keyset-free but count-free page: fetch one row more than shown to know if there is a next."""

    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(raw) -> int:
    """A page number from a query string: anything that is not a number is page 1."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        number = 1
    return max(1, min(number, 10_000))


def page_of(qs: QuerySet, *, page, per_page: int = 25) -> Page:
    page = page_number(page)
    start = (page - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    return Page(rows=rows[:per_page], number=page, has_next=len(rows) > per_page)


# The queue's rows as values (issue 18): building 26 PQRs with four related models each
# was a fifth of the page's Python. `QueueRow` answers what `{% queue_rows %}` and
# `sla.badges.due_state` read of a PQR, with the same values.
_QUEUE_ROW = (
    *("id", "radicado", "subject", "status", "channel", "priority", "received_at", "due_at"),
    *("term_suspended", "completion_due_on", "resolved_within_due", "identity_unverified"),
    *("needs_supervisor", "pqr_type_id", "team_id", "customer_id", "assigned_to_id"),
    *("pqr_type__name", "team__name", "customer__full_name", "assigned_to__first_name"),
    *("assigned_to__last_name", "assigned_to__username"),
)


class _Named:
    __slots__ = ("first_name", "full_name", "last_name", "name", "username")

    def __str__(self) -> str:  # PqrType.__str__: seeded names are translated
        return gettext(self.name)

    def get_full_name(self) -> str:  # User.get_full_name
        return f"{self.first_name} {self.last_name}".strip()


class QueueRow:
    def __init__(self, row: dict):
        self.__dict__.update(row)
        self.pk = row["id"]
        self.pqr_type = self.team = self.customer = self.assigned_to = None
        for name, fields in (
            ("pqr_type", ("name",)),
            ("team", ("name",)),
            ("customer", ("full_name",)),
            ("assigned_to", ("first_name", "last_name", "username")),
        ):
            if row[f"{name}_id"] is not None:
                related = _Named()
                for field in fields:
                    setattr(related, field, row[f"{name}__{field}"])
                setattr(self, name, related)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def queue_page(qs: QuerySet, *, page) -> Page:
    """`page_of` for the queue, its rows as `QueueRow`s (one query, no model rows)."""
    found = page_of(qs.values(*_QUEUE_ROW), page=page)
    found.rows = [QueueRow(row) for row in found.rows]
    return found


def protocol_stepper(*, pqr: Pqr) -> list[dict]:
    """Six rows (done / n.a. / pending) and which is current, for the stepper."""
    steps = {s.step: s for s in ProtocolStep.objects.filter(pqr=pqr).select_related("recorded_by")}
    rows, current_found = [], False
    for code in ProtocolStepCode:
        row = steps.get(code.value)
        is_current = row is None and not current_found
        current_found = current_found or is_current
        rows.append({"code": code.value, "label": code.label, "row": row, "current": is_current})
    return rows


def attachment_for_user(*, user, pk: int) -> PqrAttachment:
    visible = pqr_visible_to(user=user).values("id")
    # An erased attachment keeps its row (with no file) for the counts; nothing to serve.
    files = PqrAttachment.objects.filter(pqr_id__in=visible).exclude(file="")
    return get_object_or_404(files, pk=pk)


def queue_assignees(*, user):
    """Staff the queue can be filtered by: everyone for supervisors, the agent's
    teammates (and the agent) for agents."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=list(Role.values))
    if not has_role(user, Role.SUPERVISOR):
        users = users.filter(Q(pqr_teams__in=team_ids_of(user)) | Q(pk=user.pk))
    return (
        users.distinct()
        .order_by("first_name", "last_name", "username")
        .only("id", "first_name", "last_name", "username")
    )


def team_choices_for(*, user) -> QuerySet[Team]:
    return Team.objects.filter(is_active=True).order_by("name")


def assignable_users(*, pqr: Pqr):
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(Q(pqr_teams=pqr.team_id) | Q(pqr_supervised_teams=pqr.team_id))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def failed_emails_for(*, user) -> QuerySet[CustomerEmail]:
    """Customer emails given up (retry window over, refused) that no one has closed
    yet, in the user's scope, newest first; their notification records come along."""
    return (
        CustomerEmail.objects.filter(
            failed_at__isnull=False,
            sent_at__isnull=True,
            handled_at__isnull=True,
            pqr__in=pqr_visible_to(user=user),
        )
        .select_related("pqr__pqr_type", "pqr__team", "pqr__assigned_to")
        .prefetch_related("notifications")
        .order_by("-failed_at")
    )


def failed_email_for_user(*, user, pk: int) -> CustomerEmail:
    qs = CustomerEmail.objects.filter(pqr__in=pqr_visible_to(user=user)).select_related("pqr")
    return get_object_or_404(qs, pk=pk, failed_at__isnull=False)


def pqr_by_radicado_for(*, user, radicado: str | None) -> Pqr | None:
    """The PQR with that radicado among those the user may see (None if blank or unknown)."""
    radicado = (radicado or "").strip().upper()
    if not radicado:
        return None
    return pqr_visible_to(user=user).filter(radicado=radicado).first()
