"""Every read the customer pages need."""

from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Exists, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.forms.models import model_to_dict
from django.utils import timezone

from .models import ConsentRecord, Customer, CustomerAudit, CustomerTagAssignment
from .validation import normalise_document, normalise_phone


class ImmutableUnaccent(Func):
    function = "customers_immutable_unaccent"


def _name_key(expression):
    return Lower(ImmutableUnaccent(expression))


def customer_search(*, query: str) -> QuerySet[Customer]:
    """Document (exact, normalised), email, phone (exact) or name (partial, no accents).

    The name branch matches the GIN trigram index on lower(unaccent(full_name)).
    """
    query = (query or "").strip()
    base = Customer.objects.filter(is_active=True)
    if not query:
        return base.none()
    if "@" in query:
        return base.filter(email=query.lower())
    document = normalise_document(query)
    phone = normalise_phone(query)
    if phone.lstrip("+").isdigit():
        by_doc = base.filter(document_number=document)
        by_phone = base.filter(phone=phone) | base.filter(secondary_phone=phone)
        return (by_doc | by_phone).order_by("full_name", "pk")
    if document.isalnum() and any(c.isdigit() for c in document):
        by_doc = base.filter(document_number=document)
        if by_doc.exists():
            return by_doc
    qs = base
    for word in query.split()[:6]:
        qs = qs.filter(search_name__contains=_name_key(Value(word)))
    # search_name, not full_name: ordering by the btree-indexed full_name tempts
    # the planner into walking that index and filtering 100,000 rows.
    return qs.order_by("search_name", "pk")


def customer_active_tags(*, customer: Customer) -> list[CustomerTagAssignment]:
    return list(
        CustomerTagAssignment.objects.filter(customer=customer, removed_at__isnull=True)
        .select_related("tag", "assigned_by")
        .order_by("tag__order")
    )


def customer_tag_history(*, customer: Customer) -> list[CustomerTagAssignment]:
    return list(
        CustomerTagAssignment.objects.filter(customer=customer)
        .select_related("tag", "assigned_by", "removed_by", "pqr")
        .order_by("-assigned_at")
    )


def customer_current_consent(*, customer: Customer) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.filter(customer=customer)
        .select_related("recorded_by", "revoked_by")
        .order_by("-given_at")
        .first()
    )


def customer_consent_history(*, customer: Customer) -> list[ConsentRecord]:
    """Every authorisation, newest first; the first one is the current state."""
    return list(
        ConsentRecord.objects.filter(customer=customer)
        .select_related("recorded_by", "revoked_by")
        .order_by("-given_at", "-pk")
    )


def customer_can_be_surveyed(*, customer: Customer) -> bool:
    """Has an email and a consent that was never revoked."""
    if not customer or not customer.email or not customer.is_active:
        return False
    consent = ConsentRecord.objects.filter(customer=customer).order_by("-given_at").first()
    return consent is not None and consent.revoked_at is None


def customer_is_anonymised(*, customer: Customer) -> bool:
    return CustomerAudit.objects.filter(
        customer=customer, action=CustomerAudit.Action.ANONYMISE
    ).exists()


def customer_duplicates(
    *, document_type: str, document_number: str, email: str, phone: str, exclude_pk=None
) -> list[Customer]:
    """Profiles sharing document, email or phone with what is being entered."""
    cond = Q(document_type=document_type, document_number=normalise_document(document_number))
    if email:
        cond |= Q(email=email.strip().lower())
    if phone:
        cond |= Q(phone=normalise_phone(phone))
    qs = Customer.objects.filter(cond)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.only("pk", "full_name", "document_type", "document_number")[:5])


RISK_COMPLAINTS = 3  # quejas/reclamos within RISK_DAYS make a customer "at risk"
RISK_DAYS = 90


def _at_risk_condition():
    """Repeated complaints or a survey rated 1 or 2 recently (retention is cheaper)."""
    since = timezone.now() - timedelta(days=RISK_DAYS)
    condition = Q(pk__in=[])
    if apps.is_installed("pqr"):
        Pqr = apps.get_model("pqr", "Pqr")
        repeat = (
            Pqr.objects.filter(received_at__gte=since, pqr_type__code__in=["queja", "reclamo"])
            .values("customer_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=RISK_COMPLAINTS)
            .values("customer_id")
        )
        condition |= Q(pk__in=repeat)
    if apps.is_installed("surveys"):
        Response = apps.get_model("surveys", "SurveyResponse")
        low = Response.objects.filter(
            score__lte=2, answered_at__gte=since, survey__customer_id=OuterRef("pk")
        )
        condition |= Q(Exists(low))
    return condition


def customer_list(*, tag_id=None, city="", has_open_pqrs=None, at_risk=False) -> QuerySet[Customer]:
    """Supervisors' list; other apps' rows are reached through reverse FKs, if present."""
    qs = Customer.objects.filter(is_active=True)
    if at_risk:
        qs = qs.filter(_at_risk_condition())
    if tag_id:
        qs = qs.filter(
            Exists(
                CustomerTagAssignment.objects.filter(
                    customer=OuterRef("pk"), tag_id=tag_id, removed_at__isnull=True
                )
            )
        )
    if city:
        qs = qs.filter(city__iexact=city)
    if has_open_pqrs is not None:
        open_q = _open_pqrs_subquery()
        if open_q is not None:
            qs = qs.filter(open_q) if has_open_pqrs else qs.exclude(open_q)
    return qs.order_by("full_name", "pk")


def _open_pqrs_subquery():
    # Through the app registry: customers sits below pqr and never imports it.
    if not apps.is_installed("pqr"):
        return None
    Pqr = apps.get_model("pqr", "Pqr")
    return Exists(Pqr.objects.open().filter(customer=OuterRef("pk")))


def customer_export_data(*, customer: Customer) -> dict:
    """Everything stored about the holder, including rows from other apps (generic)."""
    data: dict = {"cliente": model_to_dict(customer)}
    data["cliente"]["created_at"] = customer.created_at
    for rel in Customer._meta.related_objects:
        if not (rel.one_to_many or rel.one_to_one):
            continue
        rows = rel.related_model._base_manager.filter(**{rel.field.name: customer})
        data[rel.related_model._meta.label_lower] = [model_to_dict(row) for row in rows]
    return data
