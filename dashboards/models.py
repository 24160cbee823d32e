"""Rollups the dashboards read instead of scanning a million PQRs per request.

Both tables are derived data: `dashboards.rollups` rebuilds them from `pqr_pqr` (Celery
beat every few minutes, and the whole history nightly), and tests check that they
give the same figures as aggregating the PQRs directly.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class DailyOutcomeMarginals(OutcomeCounts):
    """DailyTeamStats summed per day and team: in total (dimension "total"), per type
    and per channel (`dashboards.sla_marginals`)."""

    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=8)
    pqr_type = models.ForeignKey(
        "pqr.PqrType", on_delete=models.CASCADE, null=True, related_name="+"
    )
    channel = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [models.Index(fields=["day"], name="dash_marginal_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.dimension}"


class DailyAgentStats(models.Model):
    """Per day, team and agent, the promised-term outcomes of the PQRs resolved that day:
    DailyPqrStats summed over type and channel (about 30 times fewer rows), for the SLA
    page's breaches by agent when no type or channel filter is set."""

    day = models.DateField()
    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    due_measured = models.PositiveIntegerField()
    within_due = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"], name="dash_agent_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id}/{self.assigned_to_id}"


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


class OpenSlaCounts(models.Model):
    """The open-PQR snapshot summed per team (dimension "team") and per team and agent,
    type or channel, with the SLA page's figures in `counts` (count, per status, due
    bands, legal term, silence): `dashboards.open_counts`."""

    dimension = models.CharField(max_length=8)
    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    pqr_type = models.ForeignKey(
        "pqr.PqrType", on_delete=models.CASCADE, null=True, related_name="+"
    )
    channel = models.CharField(max_length=12, blank=True)
    counts = models.JSONField()

    def __str__(self) -> str:
        return f"{self.dimension} {self.team_id}: {self.counts.get('count')}"


class RollupStatus(models.Model):
    """A single row: when the rollups were last computed (the pages show that time next
    to the figures) and when a page last asked Celery to compute them. Pages never
    compute rollups themselves; this row is what makes a missing one visible."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    refreshed_at = models.DateTimeField(null=True)
    requested_at = models.DateTimeField(null=True)
    # Set once DailyCauseCounts holds the whole history: until then the causes page
    # counts every day from the PQR table (exact, as before the rollup existed).
    causes_history = models.BooleanField(default=False, db_default=False)
    # The instants the causes rollup and the repeat-complainants rows were computed up
    # to: the causes page counts only the facts from then on live.
    causes_until = models.DateTimeField(null=True)
    repeat_until = models.DateTimeField(null=True)

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


class CauseMeasure(models.TextChoices):
    """What a DailyCauseCounts row counts; `key` is the moment, cause or anger level."""

    MOMENT = "moment"  # PQRs received, key: moment of truth
    MOMENT_COMPLAINTS = "moment_complaints"  # quejas and reclamos among them
    MOMENT_RATED = "moment_rated"  # answers given that day, key: the PQR's moment
    MOMENT_SCORE = "moment_score"  # the sum of those answers' scores
    CAUSE = "cause"  # quejas/reclamos resolved, key: root cause
    ANGER = "anger"  # resolved with both anger levels recorded (key 0)
    ANGER_CALMER = "anger_calmer"
    ANGER_SAME = "anger_same"
    ANGER_ANGRIER = "anger_angrier"
    ANGER_INTAKE_SUM = "anger_intake_sum"
    ANGER_FINAL_SUM = "anger_final_sum"
    ANGER_INTAKE = "anger_intake"  # key: the level at intake
    ANGER_FINAL = "anger_final"  # key: the level at resolution


class RepeatCustomerCounts(models.Model):
    """PQRs per customer received in the 89 days before `day` (the window of the
    repeat complainants ending on `day`, without that day), per team and for all teams
    (team NULL). `top`: the count reaches the 20th largest of its scope (ties kept),
    the only customers that can be in the top 20 besides those with PQRs on `day`,
    counted live (`dashboards.rollups_causes.repeat_counts`)."""

    day = models.DateField()
    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, null=True, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    count = models.PositiveIntegerField()
    top = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["customer", "day"],
                include=["team", "count", "top"],
                name="dash_repeat_customer_idx",
            ),
            # The stored top of all teams, what the page without a team filter reads.
            models.Index(
                fields=["day"],
                condition=models.Q(top=True, team__isnull=True),
                name="dash_repeat_top_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.customer_id}: {self.count}"


class DailyCauseCounts(models.Model):
    """Per Bogotá day, per team and for all teams (team NULL), the counts behind the
    causes page (Pareto, moments of truth and their satisfaction, anger at intake vs at
    resolution): a few hundred rows a day whatever the number of PQRs (issue 18). Days
    are the day a PQR was received (moments), resolved (causes, anger) or an answer
    given (satisfaction). Rows with a zero count are not written."""

    day = models.DateField()
    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, null=True, related_name="+")
    measure = models.CharField(max_length=20, choices=CauseMeasure)
    key = models.PositiveIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["day"], name="dash_causes_day_idx"),
            # The rows of all teams: the planner reads them through the day index and
            # skips the teams' rows one by one without this one.
            models.Index(
                fields=["day"], condition=models.Q(team__isnull=True), name="dash_causes_all_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.measure} {self.key}: {self.count}"


# --- scheduled reports (issue 16) ------------------------------------------------------


class DailyReportOutcomes(models.Model):
    """The legal reports' figures per day of receipt and team: in total (dimension
    "total"), per type, per channel and per root cause ("cause"; no cause: NULL), each
    with how its PQRs stand now (`dashboards.rollups_reports`, rebuilt whole by every
    refresh because a PQR received long ago changes its figures when it is answered)."""

    day = models.DateField()
    team = models.ForeignKey("pqr.Team", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=8)
    pqr_type = models.ForeignKey(
        "pqr.PqrType", on_delete=models.CASCADE, null=True, related_name="+"
    )
    channel = models.CharField(max_length=12, blank=True)
    root_cause = models.ForeignKey(
        "pqr.RootCause", on_delete=models.CASCADE, null=True, related_name="+"
    )
    received = models.PositiveIntegerField()
    on_time = models.PositiveIntegerField()
    late = models.PositiveIntegerField()
    days_sum = models.PositiveIntegerField()
    days_count = models.PositiveIntegerField()
    transferred = models.PositiveIntegerField()
    desisted = models.PositiveIntegerField()
    rejected = models.PositiveIntegerField()
    pending = models.PositiveIntegerField()
    denied = models.PositiveIntegerField()
    # The report's list of late cases (answered late, or open past the legal term at
    # the refresh): its size.
    late_listed = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "dimension"], name="dash_report_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.dimension}"


class ScheduledReport(models.TextChoices):
    SLA_SATISFACTION = "sla_satisfaction", _("Resumen de ANS y satisfacción")
    PQRS = "pqrs", _("Informe de PQRS (Ley 1474, art. 76)")
    INFORMATION = "information", _("Informe de acceso a la información (Ley 1712)")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Semanal: la semana anterior, cada lunes")
    MONTHLY = "monthly", _("Mensual: el mes anterior, cada día 1")


class FileFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (XLSX)")
    BOTH = "both", _("PDF y Excel")


class ReportSubscription(models.Model):
    """A supervisor asks for one report about one team (or, administrators only, every
    team) by email, weekly or monthly. The scope is checked again at each send
    (`dashboards.subscriptions.subscription_scope`): it never outgrows what the owner
    may see on that day."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    report = models.CharField(_("informe"), max_length=20, choices=ScheduledReport)
    frequency = models.CharField(_("frecuencia"), max_length=10, choices=Frequency)
    file_format = models.CharField(_("formato"), max_length=4, choices=FileFormat)
    team = models.ForeignKey(
        "pqr.Team",
        verbose_name=_("equipo"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("activa"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("informe programado")
        verbose_name_plural = _("informes programados")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "report", "frequency", "team"],
                name="report_subscription_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.report} {self.frequency} {self.team_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    SENT = "sent", _("Enviado")
    FAILED = "failed", _("Falló")
    WITHHELD = "withheld", _("No enviado: fuera de su alcance")


class ReportDelivery(models.Model):
    """One (subscription, period): written once by beat (the unique constraint makes a
    second beat run or worker a no-op), sent once by a task that holds the row's lock."""

    subscription = models.ForeignKey(
        ReportSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_start"], name="report_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="report_delivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.period_start}..{self.period_end} {self.status}"
