"""Request bodies of the writing endpoints (the schema's description of them; the
intake itself is validated by the public form, so both say the same)."""

from django.db import DatabaseError
from rest_framework import serializers

from customers.models import DocumentType
from pqr.models import Channel, MessageKind, PqrType, Priority, Status

API_CHANNELS = [c for c in Channel.values if c not in ("presencial", "telefono")]
URGENCIES = ["", Priority.RIESGO_VIDA, Priority.DERECHO_FUNDAMENTAL]
URGENCIES += [Priority.PERJUICIO_IRREMEDIABLE, Priority.PERIODISTA]


class PqrFileIn(serializers.Serializer):
    type = serializers.SlugField(max_length=40, help_text="PQR type code, e.g. `peticion`")
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000)
    anonymous = serializers.BooleanField(default=False)
    document_type = serializers.ChoiceField(choices=DocumentType.values, required=False)
    document_number = serializers.CharField(max_length=25, required=False)
    full_name = serializers.CharField(max_length=200, required=False)
    contact_email = serializers.EmailField(required=False)
    consent = serializers.BooleanField(
        help_text="Habeas data (Ley 1581): the filer authorised the handling of their data. "
        "Must be true."
    )
    survey_consent = serializers.BooleanField(default=False)
    urgency = serializers.ChoiceField(choices=URGENCIES, required=False)
    channel = serializers.ChoiceField(choices=API_CHANNELS, default=Channel.WEB)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="multipart/form-data only"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The schema lists the types the public form offers today (an admin may add one).
        active = PqrType.objects.filter(is_active=True).order_by("order", "code")
        try:
            codes = list(active.values_list("code", flat=True))
        except DatabaseError:
            # `check --deploy` builds the schema, also on a database not migrated yet.
            codes = []
        self.fields["type"] = serializers.ChoiceField(choices=codes, help_text="PQR type code")


class PqrFiledOut(serializers.Serializer):
    radicado = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    legal_due_at = serializers.DateTimeField(allow_null=True)


class StatusLookupIn(serializers.Serializer):
    radicado = serializers.CharField(max_length=20)
    identifier = serializers.CharField(max_length=254, help_text="Document number or email")


class PublicAnswerOut(serializers.Serializer):
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class StatusLookupOut(serializers.Serializer):
    radicado = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    type = serializers.CharField()
    received_at = serializers.DateTimeField()
    legal_due_at = serializers.DateTimeField(allow_null=True)
    answered = serializers.BooleanField()
    missing_information = serializers.CharField()
    answers = PublicAnswerOut(many=True)


class MessageIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MessageKind.values)
    body = serializers.CharField(max_length=20000)


TRANSITION_TARGETS = [
    Status.EN_TRAMITE,
    Status.RESUELTO,
    Status.CERRADO,
    Status.REABIERTO,
    Status.TRASLADADO,
    Status.RECHAZADO,
]


class TransitionIn(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=TRANSITION_TARGETS)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=5000, required=False, default="")
    destination = serializers.CharField(max_length=200, required=False, default="")
    root_cause = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
