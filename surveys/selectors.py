"""Reads for the survey pages: role-scoped, aggregated in SQL."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from core.roles import Role, has_role
from pqr.models import Team

from .models import (
    DIMENSION_FIELDS,
    RecoveryCase,
    RecoveryStatus,
    SatisfactionSurvey,
    SurveyResponse,
    SurveySource,
    SurveyStatus,
)


def teams_visible_to(user) -> QuerySet:
    teams = Team.objects.order_by("name")
    if has_role(user, Role.SUPERVISOR):
        return teams
    bound = getattr(user, "scope_team_ids", None)
    if bound is not None:  # an API key's service account: its key's teams, nothing else
        return teams.filter(pk__in=bound)
    return teams.filter(Q(members=user) | Q(supervisors=user)).distinct()


def agents_visible_to(user) -> QuerySet:
    users = get_user_model().objects.filter(is_active=True, groups__name=Role.AGENT)
    if not has_role(user, Role.SUPERVISOR):
        users = users.filter(pk__in=_team_member_ids(user))
    return users.distinct().order_by("first_name", "last_name", "username")


def _team_member_ids(user) -> QuerySet:
    return Team.objects.filter(pk__in=teams_visible_to(user).values("pk")).values("members")


def scope_to_user(user, queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Agents see only results of PQRs of their own teams (no general-form answers)."""
    if has_role(user, Role.SUPERVISOR):
        return queryset
    return queryset.filter(**{f"{prefix}pqr__team__in": teams_visible_to(user).values("pk")})


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filter(queryset: QuerySet, filters: dict, prefix: str, date_field: str) -> QuerySet:
    # Dates become local-midnight bounds so that the index on the datetime is usable.
    if filters.get("date_from"):
        queryset = queryset.filter(**{f"{date_field}__gte": _midnight(filters["date_from"])})
    if filters.get("date_to"):
        end = _midnight(filters["date_to"] + timedelta(days=1))
        queryset = queryset.filter(**{f"{date_field}__lt": end})
    lookups = {
        "team": f"{prefix}pqr__team",
        "agent": f"{prefix}pqr__assigned_to",
        "pqr_type": f"{prefix}pqr__pqr_type",
        "channel": f"{prefix}pqr__channel",
    }
    for key, lookup in lookups.items():
        if filters.get(key) not in (None, ""):
            queryset = queryset.filter(**{lookup: filters[key]})
    return queryset


def responses_for(*, user, filters: dict) -> QuerySet[SurveyResponse]:
    queryset = scope_to_user(user, SurveyResponse.objects.all(), "survey__")
    queryset = _filter(queryset, filters, "survey__", "answered_at")
    if filters.get("point_of_service"):
        queryset = queryset.filter(point_of_service=filters["point_of_service"])
    return queryset


def results_summary(*, user, filters: dict) -> dict:
    """Every number of the results page in three aggregate queries."""
    responses = responses_for(user=user, filters=filters)
    agg = responses.aggregate(
        total=Count("id"),
        satisfied=Count("id", filter=Q(score__gte=4)),
        average=Avg("score"),
        **{f"n{score}": Count("id", filter=Q(score=score)) for score in range(1, 6)},
        **{f"avg_{field}": Avg(field) for field in DIMENSION_FIELDS},
    )
    total = agg["total"]
    distribution = [
        {"score": s, "count": agg[f"n{s}"], "share": (agg[f"n{s}"] * 100 / total) if total else 0}
        for s in range(5, 0, -1)
    ]
    # Response rate: of the PQR surveys sent in the period, how many were answered.
    sent = None
    answered = None
    if not filters.get("point_of_service"):
        surveys = scope_to_user(
            user, SatisfactionSurvey.objects.filter(source=SurveySource.PQR), ""
        ).filter(sent_at__isnull=False)
        rate = _filter(surveys, filters, "", "sent_at").aggregate(
            sent=Count("id"), answered=Count("id", filter=Q(status=SurveyStatus.ANSWERED))
        )
        sent, answered = rate["sent"], rate["answered"]
    cases = scope_to_user(user, RecoveryCase.objects.all(), "survey__")
    cases = _filter(cases, filters, "survey__", "created_at")
    if filters.get("point_of_service"):
        cases = cases.filter(survey__response__point_of_service=filters["point_of_service"])
    recovery = cases.aggregate(
        open=Count("id", filter=Q(status=RecoveryStatus.OPEN)),
        closed=Count("id", filter=Q(status=RecoveryStatus.CLOSED)),
        # Cases of PQR surveys: the ones the queue can list (a general-form one has no PQR).
        pqr_open=Count("id", filter=Q(status=RecoveryStatus.OPEN, survey__pqr__isnull=False)),
        pqr_closed=Count("id", filter=Q(status=RecoveryStatus.CLOSED, survey__pqr__isnull=False)),
    )
    return {
        "total": total,
        "csat": (agg["satisfied"] * 100 / total) if total else None,
        "average": agg["average"],
        "distribution": distribution,
        "dimensions": {field: agg[f"avg_{field}"] for field in DIMENSION_FIELDS},
        "sent": sent,
        "answered": answered,
        "response_rate": (answered * 100 / sent) if sent else None,
        "recovery_open": recovery["open"],
        "recovery_closed": recovery["closed"],
        "recovery_pqr_open": recovery["pqr_open"],
        "recovery_pqr_closed": recovery["pqr_closed"],
    }


def comments_for(*, user, filters: dict) -> QuerySet[SurveyResponse]:
    return (
        responses_for(user=user, filters=filters)
        .exclude(comment="")
        .select_related("survey__pqr", "point_of_service")
        .order_by("-answered_at")
    )


def recovery_cases_for(*, user, filters: dict | None = None) -> QuerySet[RecoveryCase]:
    cases = scope_to_user(user, RecoveryCase.objects.all(), "survey__")
    if filters:
        cases = _filter(cases, filters, "survey__", "created_at")
    return cases.select_related(
        "survey__pqr", "customer", "assigned_to", "survey__response__point_of_service"
    ).order_by("status", "-created_at")


def export_rows(*, user, filters: dict):
    """Rows for the CSV export, streamed from one query."""
    return (
        responses_for(user=user, filters=filters)
        .order_by("answered_at")
        .values_list(
            "answered_at",
            "survey__source",
            "survey__pqr__radicado",
            "survey__pqr__team__name",
            "survey__pqr__pqr_type__name",
            "survey__pqr__channel",
            "point_of_service__name",
            "score",
            *DIMENSION_FIELDS,
            "comment",
        )
        .iterator(chunk_size=2000)
    )


def open_recovery_cases(*, user, pqr=None, customer=None) -> list[RecoveryCase]:
    """Open recovery cases the user may see, for the flag on the PQR page or profile."""
    if pqr is None and customer is None:
        return []
    cases = scope_to_user(user, RecoveryCase.objects.filter(status=RecoveryStatus.OPEN), "survey__")
    cases = cases.filter(survey__pqr=pqr) if pqr is not None else cases.filter(customer=customer)
    return list(cases.only("id", "score", "created_at"))
