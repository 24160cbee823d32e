"""Rollups the dashboards read instead of scanning a million PQRs per request.

Both tables are derived data: `dashboards.rollups` rebuilds them from `pqr_pqr` (Celery
beat every few minutes, and the whole history nightly), and tests check that they
give the same figures as aggregating the PQRs directly.
"""

from django.conf import settings
from django.db import models


class PqrDimensions(models.Model):
    """The columns the dashboard filters and breakdowns use, named as on `Pqr`, so that
    `DashboardFilters.scope_q()` applies to the rollups unchanged."""

    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, related_name="+")
    pqr_type = models.ForeignKey("pqr.PqrType", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=12)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        abstract = True


class OutcomeCounts(models.Model):
    """PQRs received on the row's day, and PQRs resolved that day with their stored
    outcome flags (measured = the flag is set, within = it is true)."""

    day = models.DateField()
    received = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    due_measured = models.PositiveIntegerField(default=0)
    within_due = models.PositiveIntegerField(default=0)
    legal_measured = models.PositiveIntegerField(default=0)
    within_legal = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyPqrStats(PqrDimensions, OutcomeCounts):
    """Per Bogotá day and (team, type, channel, agent): for agents' own figures and the
    breakdown by agent."""

    class Meta:
        indexes = [models.Index(fields=["day"], name="dash_daily_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}/{self.pqr_type_id}/{self.channel}"


class DailyTeamStats(OutcomeCounts):
    """The same counts without the agent: about a quarter of the rows, for the
    supervisors' totals, weeks and team/type/channel breakdowns."""

    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, related_name="+")
    pqr_type = models.ForeignKey("pqr.PqrType", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=12)

    class Meta:
        indexes = [models.Index(fields=["day"], name="dash_team_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}/{self.pqr_type_id}/{self.channel}"


class DueBand(models.TextChoices):
    OVERDUE = "overdue"
    TODAY = "today"
    NEXT3 = "next3"
    LATER = "later"
    PAUSED = "paused"  # waiting for the customer: the clock is stopped
    NONE = "none"


class OpenPqrSnapshot(PqrDimensions):
    """Open PQRs grouped by (team, type, channel, agent, status) and by where they stood
    at `taken_at`: due-date band, age band (business days since filing), legal term
    passed, silence flag. Rebuilt whole every few minutes."""

    taken_at = models.DateTimeField()
    status = models.CharField(max_length=20)
    due_band = models.CharField(max_length=8, choices=DueBand)
    age_band = models.PositiveSmallIntegerField()  # 0: 0-5, 1: 6-10, 2: 11-15, 3: >15 days
    legal_overdue = models.BooleanField()
    silence_flag = models.CharField(max_length=10)
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.team_id}/{self.status}/{self.due_band}: {self.count}"


class RollupStatus(models.Model):
    """A single row: when the rollups were last computed (the pages show that time next
    to the figures) and when a page last asked Celery to compute them. Pages never
    compute rollups themselves; this row is what makes a missing one visible."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    refreshed_at = models.DateTimeField(null=True)
    requested_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="rollup_status_one")]

    def __str__(self) -> str:
        return f"rollups computed at {self.refreshed_at}"


class DurationMeasure(models.TextChoices):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class DailyDurationBuckets(models.Model):
    """PQRs resolved per Bogotá day, by measure (business hours to the first response,
    to resolution) and duration bucket, for all teams (team NULL) and per team. The SLA
    dashboard's medians and p90 come from these counts instead of sorting every PQR
    resolved in the period (issue 18). Buckets are the value cut to 0.1 h below 10 h,
    to 1 h below 100 h and to 10 h above: the figures are exact for values on that grid
    and at most one bucket low otherwise."""

    day = models.DateField()
    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, null=True, related_name="+")
    measure = models.CharField(max_length=16, choices=DurationMeasure)
    bucket = models.DecimalField(max_digits=9, decimal_places=2)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="dash_buckets_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.measure} {self.bucket}: {self.count}"
