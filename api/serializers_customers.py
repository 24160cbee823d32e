"""Customers as the API shows them: the profile an agent of the caller's teams can open,
with the PQRs of that profile the caller may see."""

from rest_framework import serializers

from customers.models import Customer
from pqr.models import Pqr


class CustomerListQuery(serializers.Serializer):
    """No personal data in the query string: searching by document, email or phone is
    POST /customers/search/."""

    active = serializers.BooleanField(required=False, allow_null=True, default=None)
    updated_since = serializers.DateTimeField(required=False)
    order = serializers.ChoiceField(
        choices=["-created", "created"], required=False, default="-created"
    )


class CustomerSearchIn(serializers.Serializer):
    query = serializers.CharField(
        max_length=200,
        help_text="Document number, email, phone (exact) or part of the name.",
    )


class CustomerOut(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = [
            "id",
            "person_type",
            "document_type",
            "document_number",
            "full_name",
            "email",
            "phone",
            "city",
            "preferred_channel",
            "is_active",
            "created_at",
            "updated_at",
        ]


class CustomerPqrOut(serializers.ModelSerializer):
    type = serializers.CharField(source="pqr_type.code")
    team = serializers.CharField(source="team.name")

    class Meta:
        model = Pqr
        fields = ["radicado", "subject", "status", "type", "team", "received_at", "legal_due_at"]


class CustomerDetailOut(CustomerOut):
    pqrs = CustomerPqrOut(source="visible_pqrs", many=True, read_only=True)

    class Meta(CustomerOut.Meta):
        fields = [*CustomerOut.Meta.fields, "secondary_phone", "address", "pqrs"]


class CustomerSearchOut(serializers.Serializer):
    results = CustomerOut(many=True)
