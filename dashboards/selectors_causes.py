"""Causes and moments of truth: why customers complain, where, and whether we calmed them.

The Pareto, the moments of truth and the anger figures come from one query over the
daily counts (`dashboards.rollups_causes`: the rollup for past days, the PQR table for
today); Python only shapes the handful of resulting rows, never the PQRs themselves.
"""

import math
from datetime import timedelta

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext

from customers.models import AngerLevel, Customer, CustomerTagAssignment
from pqr.models import MomentOfTruth, RootCause

from .models import CauseMeasure
from .rollups_causes import REPEAT_WINDOW_DAYS, cause_counts, repeat_counts

LIST_LIMIT = 20


def pareto(filters, counts: dict | None = None) -> list[dict]:
    """Root causes of quejas and reclamos resolved in the period, most frequent first,
    each with its cumulative share (the Pareto line)."""
    counts = cause_counts(filters) if counts is None else counts
    by_cause = {key: n for (measure, key), n in counts.items() if measure == CauseMeasure.CAUSE}
    # Ties in the database's order of the names, as ORDER BY count DESC, name did.
    names = RootCause.objects.filter(pk__in=by_cause).order_by("name").values_list("pk", "name")
    rows = [
        {"root_cause": pk, "name": name, "count": by_cause[pk], "order": position}
        for position, (pk, name) in enumerate(names)
    ]
    rows.sort(key=lambda row: (-row["count"], row.pop("order")))
    total = sum(row["count"] for row in rows)
    running = 0
    for row in rows:
        row["name"] = gettext(row["name"])  # seeded causes have translations
        running += row["count"]
        row["share"] = round(row["count"] * 100 / total, 1)
        row["cumulative"] = round(running * 100 / total, 1)
    return rows


# --- the circle of moments of truth -------------------------------------------------

CIRCLE = {"width": 740, "height": 520, "cx": 370, "cy": 262, "radius": 160}
NODE_MIN, NODE_MAX = 16, 34
LABEL_GAP = 20


def _label_lines(text: str, width: int = 20) -> list[str]:
    """Break a moment's name into at most two lines near the middle."""
    if len(text) <= width:
        return [text]
    words = text.split()
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(text) / 2))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _tone(mean: float | None) -> str:
    if mean is None:
        return "none"
    if mean < 3:
        return "low"
    if mean < 4:
        return "mid"
    return "high"


def circle_layout(moments: list[dict]) -> list[dict]:
    """Place the ordered moments clockwise from twelve o'clock; node size by PQR count."""
    count = len(moments)
    biggest = max((m["count"] for m in moments), default=0)
    cx, cy, radius = CIRCLE["cx"], CIRCLE["cy"], CIRCLE["radius"]
    placed = []
    for index, moment in enumerate(moments):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        cos, sin = math.cos(angle), math.sin(angle)
        size = NODE_MIN
        if biggest:
            size = NODE_MIN + (NODE_MAX - NODE_MIN) * math.sqrt(moment["count"] / biggest)
        anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        label_r = radius + size + LABEL_GAP
        lines = _label_lines(moment["name"])
        label_y = cy + label_r * sin
        if sin < -0.5:  # above the circle: grow the label (and the weakest flag) upwards
            label_y -= 16 * (len(lines) - 1) + (17 if moment.get("weakest") else 0)
        placed.append(
            {
                **moment,
                "x": round(cx + radius * cos, 1),
                "y": round(cy + radius * sin, 1),
                "size": round(size, 1),
                "halo": round(size + 7, 1),
                "label_x": round(cx + label_r * cos, 1),
                "label_y": round(label_y, 1),
                "anchor": anchor,
                "lines": lines,
                "tone": _tone(moment["mean"]),
            }
        )
    return placed


def moments_of_truth(filters, counts: dict | None = None) -> dict:
    """PQRs received at each moment of the cycle, and the mean satisfaction of the
    answers given in the period about PQRs of that moment. The weakest moment has the
    lowest mean (ties: more PQRs), or the most quejas/reclamos when nothing is rated."""
    catalogue = list(MomentOfTruth.objects.filter(is_active=True).order_by("order", "name"))
    counts = cause_counts(filters) if counts is None else counts
    grouped = []
    for (measure, key), n in counts.items():
        if measure != CauseMeasure.MOMENT:
            continue
        row = {"moment_of_truth": key, "count": n}
        row["complaints"] = counts.get((CauseMeasure.MOMENT_COMPLAINTS, key), 0)
        # Satisfaction: the answers given in the period (as on the satisfaction page),
        # shown for the moments that received PQRs in the period.
        rated = counts.get((CauseMeasure.MOMENT_RATED, key), 0)
        if rated:
            row["rated"] = rated
            row["mean"] = counts.get((CauseMeasure.MOMENT_SCORE, key), 0) / rated
        grouped.append(row)
    by_moment = {row["moment_of_truth"]: row for row in grouped}
    moments = []
    for moment in catalogue:
        row = by_moment.get(moment.pk, {})
        mean = row.get("mean")
        moments.append(
            {
                "id": moment.pk,
                "name": str(moment),
                "count": row.get("count", 0),
                "complaints": row.get("complaints", 0),
                "rated": row.get("rated", 0),
                "mean": round(float(mean), 2) if mean is not None else None,
                "weakest": False,
            }
        )
    weakest = _weakest(moments)
    if weakest is not None:
        weakest["weakest"] = True
    return {
        "moments": circle_layout(moments) if moments else [],
        "weakest": weakest,
        "total": sum(m["count"] for m in moments),
        "circle": CIRCLE,
    }


def _weakest(moments: list[dict]) -> dict | None:
    rated = [m for m in moments if m["mean"] is not None]
    if rated:
        return min(rated, key=lambda m: (m["mean"], -m["count"]))
    with_complaints = [m for m in moments if m["complaints"]]
    if with_complaints:
        return max(with_complaints, key=lambda m: m["complaints"])
    return None


# --- anger at intake vs at resolution -----------------------------------------------


def anger_change(filters, counts: dict | None = None) -> dict:
    """For PQRs resolved in the period with both levels recorded: how many customers
    ended calmer, the same or angrier, and the distribution of each level."""
    counts = cause_counts(filters) if counts is None else counts

    def count(measure: str, key: int = 0) -> int:
        return counts.get((measure, key), 0)

    total = count(CauseMeasure.ANGER)
    agg = {
        "total": total,
        "calmer": count(CauseMeasure.ANGER_CALMER),
        "same": count(CauseMeasure.ANGER_SAME),
        "angrier": count(CauseMeasure.ANGER_ANGRIER),
    }
    for key, measure in (
        ("mean_intake", CauseMeasure.ANGER_INTAKE_SUM),
        ("mean_resolution", CauseMeasure.ANGER_FINAL_SUM),
    ):
        agg[key] = round(count(measure) / total, 2) if total else None
    agg["calmer_share"] = round(agg["calmer"] * 100 / total, 1) if total else None
    agg["levels"] = [
        {
            "level": n,
            "label": AngerLevel(n).label,
            "intake": count(CauseMeasure.ANGER_INTAKE, n),
            "resolution": count(CauseMeasure.ANGER_FINAL, n),
        }
        for n in AngerLevel.values
    ]
    return agg


# --- customers who come back, and tagged customers ----------------------------------


def repeat_window(filters) -> tuple:
    end = filters.end or timezone.localdate()
    return end - timedelta(days=REPEAT_WINDOW_DAYS - 1), end


def repeat_complainants(filters) -> list[dict]:
    """Customers with 3 or more PQRs received in the 90 days up to the period's end.

    Grouped on the bare customer id and cut to the top rows before the names are
    read; the days before the end come from the refresh's rows when it is today
    (`rollups_causes.repeat_counts`): the 90-day window holds far more PQRs than
    the period."""
    start, end = repeat_window(filters)
    counts = repeat_counts(filters, start=start, end=end)
    names = dict(
        Customer.objects.filter(pk__in=[pk for pk, _count in counts]).values_list("pk", "full_name")
    )
    rows = [{"customer": pk, "name": names.get(pk, ""), "count": n} for pk, n in counts]
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


def tagged_customers(filters) -> dict:
    """Customers of the period's PQRs who carry difficult-customer tags today."""
    pqrs = filters.pqrs(date_field="received_at").filter(customer__isnull=False)
    active = CustomerTagAssignment.objects.filter(
        removed_at__isnull=True, customer__in=pqrs.values("customer")
    )
    # Per tag, its customers and their PQRs of the period (the queue's `tag` filter).
    by_tag = list(
        # Both conditions in one filter(): one inner join on the active assignments (on
        # its own, removed_at IS NULL would also match customers without any tag).
        pqrs.filter(
            customer__tag_assignments__removed_at__isnull=True,
            customer__tag_assignments__tag__isnull=False,
        )
        .values(
            tag=F("customer__tag_assignments__tag"),
            name=F("customer__tag_assignments__tag__name"),
        )
        .annotate(customers=Count("customer", distinct=True), pqrs=Count("id", distinct=True))
        .order_by("-customers", "name")
    )
    listed = list(
        active.values("customer", name=F("customer__full_name"))
        .annotate(tags=StringAgg("tag__name", delimiter=", ", order_by="tag__name"))
        .order_by("name", "customer")[:LIST_LIMIT]
    )
    # Seeded tag names have translations; StringAgg joined them in SQL, so translate here.
    for row in by_tag:
        row["name"] = gettext(row["name"])
    for row in listed:
        row["tags"] = ", ".join(gettext(name) for name in row["tags"].split(", "))
    return {"by_tag": by_tag, "customers": listed}


def causes_dashboard(filters) -> dict:
    counts = cause_counts(filters)  # Pareto, moments and anger in one query
    return {
        "pareto": pareto(filters, counts),
        "moments": moments_of_truth(filters, counts),
        "anger": anger_change(filters, counts),
        "repeat": repeat_complainants(filters),
        "repeat_window": repeat_window(filters),
        "tags": tagged_customers(filters),
    }
