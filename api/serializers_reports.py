"""Parameters and answers of the report endpoints (legal reports, survey results, the
due-date check). Figures keep the names the dashboards use; table cells are exactly
what the page and the CSV show (labels in the caller's language)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dashboards.filters import PRESET_CHOICES
from pqr.models import Channel
from sla.models import LegalRegime, SilenceEffect


class ReportQuery(serializers.Serializer):
    """The report pages' filter bar. Without `preset` or dates: the last 30 days."""

    preset = serializers.ChoiceField(
        choices=[code for code, _name in PRESET_CHOICES], required=False
    )
    start = serializers.DateField(required=False, help_text="With preset=custom")
    end = serializers.DateField(required=False, help_text="With preset=custom (inclusive)")
    team = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="One of the key's teams"
    )
    type = serializers.SlugField(required=False, max_length=40, help_text="PQR type code")
    channel = serializers.ChoiceField(choices=Channel.values, required=False)


class InformationQuery(ReportQuery):
    page = serializers.IntegerField(required=False, min_value=1, max_value=100_000, default=1)


class PeriodOut(serializers.Serializer):
    preset = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    team = serializers.IntegerField(allow_null=True)
    type = serializers.CharField(allow_null=True)
    channel = serializers.CharField(allow_blank=True)


class TableOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    total = serializers.ListField(child=serializers.JSONField(), allow_null=True)
    truncated = serializers.BooleanField()


class OutcomeTotals(serializers.Serializer):
    received = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    avg_days = serializers.FloatField(allow_null=True)
    transferred = serializers.IntegerField()
    desisted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    pending = serializers.IntegerField()


class PqrsReportOut(serializers.Serializer):
    period = PeriodOut()
    totals = OutcomeTotals(allow_null=True)
    tables = TableOut(many=True)


class InformationSummary(OutcomeTotals):
    denied = serializers.IntegerField()


class InformationReportOut(serializers.Serializer):
    period = PeriodOut()
    summary = InformationSummary()
    tables = TableOut(many=True)
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    requests_count = serializers.IntegerField()


class ScoreShare(serializers.Serializer):
    score = serializers.IntegerField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


class SurveySummary(serializers.Serializer):
    total = serializers.IntegerField()
    csat = serializers.FloatField(allow_null=True)
    average = serializers.FloatField(allow_null=True)
    distribution = ScoreShare(many=True)
    dimensions = serializers.DictField(child=serializers.FloatField(allow_null=True))
    sent = serializers.IntegerField(allow_null=True)
    answered = serializers.IntegerField(allow_null=True)
    response_rate = serializers.FloatField(allow_null=True)
    recovery_open = serializers.IntegerField()
    recovery_closed = serializers.IntegerField()


class SurveyFigures(serializers.Serializer):
    total = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    csat = serializers.FloatField(allow_null=True)


class SurveyTrendRow(SurveyFigures):
    period = serializers.DateTimeField()


class SurveyBreakdownRow(SurveyFigures):
    key = serializers.IntegerField()
    label = serializers.CharField(allow_blank=True)


class SurveyResultsOut(serializers.Serializer):
    period = PeriodOut()
    summary = SurveySummary()
    grain = serializers.ChoiceField(choices=["week", "month"])
    trend = SurveyTrendRow(many=True)
    by_agent = SurveyBreakdownRow(many=True)
    by_team = SurveyBreakdownRow(many=True)
    by_type = SurveyBreakdownRow(many=True)


class DueDateQuery(serializers.Serializer):
    type = serializers.SlugField(max_length=40, help_text="PQR type code, e.g. peticion")
    received_at = serializers.DateTimeField(
        help_text="When it was received (ISO 8601; without an offset: Bogotá time)"
    )
    regime = serializers.ChoiceField(
        choices=LegalRegime.values, required=False, help_text="Default: the organisation's"
    )

    def validate_received_at(self, value):
        # The calendar page's range; it also keeps far years out of zone arithmetic.
        if not 1990 <= value.year <= 2100:
            raise serializers.ValidationError(_("Use una fecha entre 1990 y 2100."))
        return value


class DueDateOut(serializers.Serializer):
    type = serializers.CharField()
    regime = serializers.ChoiceField(choices=LegalRegime.values)
    received_at = serializers.DateTimeField()
    filed_on = serializers.DateField(help_text="Radicación day (next business day if needed)")
    moved = serializers.BooleanField(help_text="Filed on a later day than received")
    term_days = serializers.IntegerField(help_text="Business days of the legal term")
    legal_due_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    extension_days = serializers.IntegerField(help_text="Most a prórroga may add (0: none)")
    extended_due_at = serializers.DateTimeField(allow_null=True)
    silence_effect = serializers.ChoiceField(choices=SilenceEffect.values)
    law = serializers.CharField(allow_blank=True, help_text="The legal basis of the term")
