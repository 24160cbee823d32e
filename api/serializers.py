"""What the API reads and writes. Field names in English, values as stored (status
codes, radicados); labels come along where a person reads them."""

from rest_framework import serializers

from pqr.models import Channel, Pqr, PqrEvent, PqrMessage, Priority, Status

STATUS_FILTERS = ["open", "closed", "all", *Status.values]
DUE_FILTERS = ["soon", "overdue", "today", "next3"]


class PqrListQuery(serializers.Serializer):
    """The queue's filters."""

    q = serializers.CharField(required=False, max_length=100, allow_blank=True)
    status = serializers.ChoiceField(choices=STATUS_FILTERS, required=False, default="open")
    type = serializers.SlugField(required=False, max_length=40, help_text="PQR type code")
    team = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    channel = serializers.ChoiceField(choices=Channel.values, required=False)
    priority = serializers.ChoiceField(choices=Priority.values, required=False)
    due = serializers.ChoiceField(choices=DUE_FILTERS, required=False)
    anger = serializers.BooleanField(required=False, default=False)
    mine = serializers.BooleanField(required=False, default=False)
    order = serializers.ChoiceField(
        choices=["-created", "created"], required=False, default="-created"
    )


class PqrListItem(serializers.ModelSerializer):
    type = serializers.CharField(source="pqr_type.code")
    type_name = serializers.CharField(source="pqr_type.name")
    team = serializers.CharField(source="team.name")
    customer_name = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField()

    class Meta:
        model = Pqr
        fields = [
            "radicado",
            "subject",
            "status",
            "type",
            "type_name",
            "channel",
            "priority",
            "team",
            "customer_name",
            "assigned_to",
            "received_at",
            "due_at",
            "legal_due_at",
            "term_suspended",
            "needs_supervisor",
        ]

    def get_customer_name(self, pqr) -> str:
        return pqr.customer.full_name if pqr.customer_id else ""

    def get_assigned_to(self, pqr) -> str:
        user = pqr.assigned_to
        return (user.get_full_name() or user.username) if user else ""


class AttachmentOut(serializers.Serializer):
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class MessageOut(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    attachments = AttachmentOut(many=True, read_only=True)

    class Meta:
        model = PqrMessage
        fields = ["id", "kind", "body", "author", "created_at", "attachments"]

    def get_author(self, message) -> str:
        user = message.author
        return (user.get_full_name() or user.username) if user else ""


class EventOut(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = PqrEvent
        fields = ["id", "kind", "field", "old_value", "new_value", "note", "actor", "created_at"]

    def get_actor(self, event) -> str:
        user = event.actor
        return (user.get_full_name() or user.username) if user else ""


class PqrDetail(PqrListItem):
    description = serializers.CharField()
    customer_id = serializers.IntegerField(allow_null=True)
    root_cause = serializers.SerializerMethodField()
    attachments = AttachmentOut(source="intake_attachments", many=True, read_only=True)
    messages = MessageOut(many=True, read_only=True)
    events = EventOut(many=True, read_only=True)

    class Meta(PqrListItem.Meta):
        fields = [
            *PqrListItem.Meta.fields,
            "description",
            "customer_id",
            "first_response_due_at",
            "first_responded_at",
            "resolved_at",
            "closed_at",
            "resolved_within_due",
            "root_cause",
            "attachments",
            "messages",
            "events",
        ]

    def get_root_cause(self, pqr) -> str:
        return str(pqr.root_cause) if pqr.root_cause_id else ""
