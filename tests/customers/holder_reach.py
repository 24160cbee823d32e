"""Every model of the project apps, sorted by how it can hold something about a holder
(issue 11, finding 2): linked by foreign keys (holder_scenario.linked_models), linked
by content (a radicado inside JSON, a sender address), or unable to by design, with
the reason. A model added later is in none of them and fails
test_every_project_model_is_linked_or_explained until someone decides."""

import pytest
from django.apps import apps
from django.utils import timezone

from core.roles import PROJECT_APPS

from .holder_scenario import MARK, holder_everywhere, linked_models

__all__ = ["holder_everywhere"]

# Cannot hold a holder's data: configuration, catalogues, counters and aggregates the
# office or the application writes, never filled from a PQR or a profile.
UNRELATED = {
    "customers.DifficultyTag": "catalogue of difficulty labels and their guidance",
    "pqr.PqrType": "catalogue of PQR types",
    "pqr.Team": "the office's teams",
    "pqr.MomentOfTruth": "catalogue of moments of the customer journey",
    "pqr.RootCause": "catalogue of root causes",
    "pqr.RadicadoCounter": "a yearly counter (numbers only)",
    "dashboards.DailyDurationBuckets": "resolution-time counts per day (numbers only)",
    "pqr.LetterCounter": "a yearly counter (numbers only)",
    "pqr.CatalogueVersion": "one random token, replaced on every catalogue edit",
    "pqr.AnswerTemplate": "the office's model answers; placeholders are filled per PQR "
    "into the message, the template keeps only {{ }} fields",
    "sla.Organization": "the office's own name, NIT, address and appeal authority",
    "sla.NonWorkingDay": "the office's calendar (holidays and closures)",
    "sla.LegalTerm": "legal terms per PQR type",
    "sla.LegalTermChange": "audit of legal-term settings (field, old and new value)",
    "sla.SettingChange": "audit of office settings (organization, calendar, policies)",
    "sla.SlaPolicy": "service targets per type, team and channel",
    "sla.DigestPreference": "a staff member's alert preference",
    "surveys.PointOfService": "the office's service points",
    "dashboards.DailyPqrStats": "counts per day, team, type, channel and agent",
    "dashboards.DailyTeamStats": "counts per day, team, type and channel",
    "dashboards.OpenPqrSnapshot": "counts of open PQRs per band (no PQR id)",
    "dashboards.RollupStatus": "when the rollups were built",
    "dashboards.DailyOutcomeMarginals": "counts per day and team, by type or channel",
    "dashboards.DailyAgentStats": "on-time counts per day, team and agent",
    "dashboards.DailyCauseCounts": "counts per day, team and cause or moment",
    "dashboards.DailyReportOutcomes": "legal reports' counts per day, team and dimension",
    "dashboards.OpenSlaCounts": "counts of open PQRs per team, agent, type or channel",
    "dashboards.RepeatCustomerCounts": "PQR counts per day and customer id, no text: the "
    "customer row they point at is what erasure clears",
    "dashboards.ReportSubscription": "a supervisor's choice of report, period and team",
    "dashboards.ReportDelivery": "when a scheduled report was sent and the mail error",
    "core.PendingTask": "a task name and record ids (every caller passes ids only), "
    "deleted once published",
    "api.ApiKey": "an integration's name and key digest",
    "api.WebhookEndpoint": "an integration's URL and signing secret",
    "mailboxes.Mailbox": "the office's mailbox settings",
}

# Rows that name the holder by content, not by a foreign key (fixture below).
BY_CONTENT = {"api.WebhookDelivery", "api.IdempotencyRecord", "mailboxes.InboundEmail"}


def project_models() -> list:
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


@pytest.fixture
def holder_by_content(holder_everywhere):
    """Rows that name the holder without a foreign key to them: webhook deliveries and
    an idempotent API answer about their PQR, and mail of theirs kept for review with
    no PQR. Every text column is marked except the key that ties the row to them."""
    holder, _duplicate, pqr, _bystander = holder_everywhere
    from api.models import IdempotencyRecord, WebhookDelivery, WebhookEndpoint
    from mailboxes.models import InboundEmail, InboundStatus, Mailbox
    from tests.factories import UserFactory

    endpoint = WebhookEndpoint.objects.create(
        name="CRM", url="https://crm.test/h", secret="s", events=["pqr.created"]
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="pqr.created",
        delivery_id="6f1c2b7e-2d1a-4a52-9f55-0d3b6c1e9a10",
        dedupe_key="event:1",
        payload={
            "id": "6f1c2b7e-2d1a-4a52-9f55-0d3b6c1e9a10",
            "event": "pqr.created",
            "pqr": {"radicado": pqr.radicado, "team": f"{MARK}equipo"},
            "data": {"nota": f"{MARK}dato"},
        },
        last_error=f"400 del receptor: {MARK}eco",
    )
    answer = IdempotencyRecord.objects.create(
        user=UserFactory(username="integracion.crm"),
        key="req-1",
        operation="pqr_file",
        request_hash="0" * 64,
        status_code=201,
        response_body={"radicado": pqr.radicado, "asunto": f"{MARK}respuesta"},
    )
    held = InboundEmail.objects.create(
        mailbox=Mailbox.objects.get(name="Buzón"),
        uidvalidity=1,
        uid=99,
        raw=f"From: {holder.email}\r\nSubject: {MARK}\r\n\r\n{MARK}".encode(),
        size=60,
        sender=holder.email,
        subject=f"{MARK}retenido",
        reason=f"Adjunto rechazado de {MARK}",
        refused_attachments=[f"{MARK}.exe"],
        status=InboundStatus.QUARANTINED,
        arrived_at=timezone.now(),
    )
    return {"delivery": delivery, "answer": answer, "held": held}


def assert_content_keys_gone(rows: dict, holder_email: str) -> None:
    rows["delivery"].refresh_from_db()
    rows["answer"].refresh_from_db()
    rows["held"].refresh_from_db()
    assert rows["held"].sender != holder_email
    assert bytes(rows["held"].raw) == b""
    # What stays ties the row to a radicado only (the legal register keeps it).
    assert rows["delivery"].payload["pqr"] == {"radicado": rows["answer"].response_body["radicado"]}


def unexplained_models() -> list[str]:
    linked = {m._meta.label for m in linked_models()}
    return sorted(
        m._meta.label
        for m in project_models()
        if m._meta.label not in linked | set(UNRELATED) | BY_CONTENT
    )
