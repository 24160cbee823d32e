"""Every read the customer pages need, scoped by role (see customer_visible_to)."""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Exists, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.roles import Role, has_role

from .holder_data import holder_data, holder_sections_readable
from .models import (
    PURPOSE_SURVEYS,
    ConsentPurpose,
    ConsentRecord,
    Customer,
    CustomerAudit,
    CustomerTagAssignment,
)
from .scoping import pqrs_visible_to
from .validation import normalise_document, normalise_phone


def customer_visible_to(*, user) -> QuerySet[Customer]:
    """The profiles this user may open, edit, tag and change consent on.

    Supervisors and administrators: every profile. An agent: the profiles with a PQR
    of one of their teams (or assigned to them), and the ones they created that have no
    PQR yet (an intake in progress): the PQR side is pqr.visibility's rule, reached
    through customers.scoping. Everyone else's profiles are reachable at intake
    only through the exact document number, and then only as a minimal identity
    (customer_intake_lookup).
    """
    qs = Customer.objects.all()
    if has_role(user, Role.SUPERVISOR):
        return qs
    if not has_role(user, Role.AGENT):
        return qs.none()
    # The PQR app's own visibility rule (registered in customers.scoping): a profile is
    # seen through a PQR the agent may see, so both rules can never drift apart.
    through_pqr = pqrs_visible_to(user=user).filter(customer_id=OuterRef("pk"))
    any_pqr = Customer.objects.filter(pk=OuterRef("pk"), pqrs__isnull=False)
    return qs.filter(Exists(through_pqr) | (Q(created_by=user) & ~Exists(any_pqr)))


def customer_may_see(*, user, customer: Customer) -> bool:
    return customer_visible_to(user=user).filter(pk=customer.pk).exists()


def customer_for_user(*, user, pk: int, active_only: bool = False) -> Customer:
    """The profile behind a customer URL; 404 (not 403) outside the user's scope, so the
    page does not confirm that the profile exists."""
    qs = customer_visible_to(user=user).select_related("created_by")
    if active_only:
        qs = qs.filter(is_active=True)
    return get_object_or_404(qs, pk=pk)


def mask_email(email: str) -> str:
    local, _sep, domain = (email or "").partition("@")
    return f"{local[:2]}•••@{domain}" if domain else ""


def mask_phone(phone: str) -> str:
    return f"•••{phone[-3:]}" if len(phone or "") >= 7 else ""


@dataclass(frozen=True)
class IntakeMatch:
    """One row of the intake lookup. `limited` rows belong to profiles outside the
    agent's scope: only the identity needed to attach the new PQR, contact masked."""

    pk: int
    full_name: str
    document_type: str
    document_number: str
    city: str
    email_hint: str
    phone_hint: str
    limited: bool

    @classmethod
    def of(cls, customer: Customer, *, limited: bool) -> "IntakeMatch":
        return cls(
            pk=customer.pk,
            full_name=customer.full_name,
            document_type=customer.document_type,
            document_number=customer.document_number,
            city="" if limited else customer.city,
            email_hint=mask_email(customer.email),
            phone_hint=mask_phone(customer.phone),
            limited=limited,
        )


INTAKE_FIELDS = ("pk", "full_name", "document_type", "document_number", "city", "email", "phone")


def _document_key(query: str) -> str:
    document = normalise_document(query)
    return document if document.isalnum() and any(c.isdigit() for c in document) else ""


def customer_intake_lookup(*, user, query: str, limit: int = 8) -> list[IntakeMatch]:
    """The New PQR page's customer box: the user's own scope by any key, plus (for an
    agent) any active profile whose document number is exactly the one typed."""
    rows = [
        IntakeMatch.of(c, limited=False)
        for c in customer_search(query=query, user=user).only(*INTAKE_FIELDS)[:limit]
    ]
    document = _document_key(query)
    if document and not has_role(user, Role.SUPERVISOR):
        seen = [row.pk for row in rows]
        others = (
            Customer.objects.filter(is_active=True, document_number=document)
            .exclude(pk__in=seen)
            .only(*INTAKE_FIELDS)
            .order_by("document_type", "pk")[:limit]
        )
        rows += [IntakeMatch.of(c, limited=True) for c in others]
    return rows


def customer_for_intake(*, user, pk: int, typed_documents: list[str]) -> Customer | None:
    """The profile a new PQR is attached to: one in the user's scope, or one whose exact
    document number the user typed at intake (so a bare id cannot attach a stranger)."""
    customer = customer_visible_to(user=user).filter(pk=pk, is_active=True).first()
    if customer is not None:
        return customer
    documents = {_document_key(text) for text in typed_documents} - {""}
    if not documents:
        return None
    return Customer.objects.filter(pk=pk, is_active=True, document_number__in=documents).first()


class ImmutableUnaccent(Func):
    function = "customers_immutable_unaccent"


def _name_key(expression):
    return Lower(ImmutableUnaccent(expression))


def customer_search(*, query: str, user) -> QuerySet[Customer]:
    """Document (exact, normalised), email, phone (exact) or name (partial, no accents),
    among the profiles the user may see.

    The name branch matches the GIN trigram index on lower(unaccent(full_name)).
    """
    query = (query or "").strip()
    base = customer_visible_to(user=user).filter(is_active=True)
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


def customer_consent_by_purpose(*, consents: list[ConsentRecord]) -> list[dict]:
    """Per purpose: its latest record (newest first in `consents`) and whether it is live."""
    rows = []
    for purpose in ConsentPurpose:
        latest = next((c for c in consents if c.purposes == purpose.value), None)
        rows.append(
            {
                "purpose": purpose.value,
                "label": purpose.label,
                "record": latest,
                "live": latest is not None and latest.revoked_at is None,
            }
        )
    return rows


def customer_has_consent(*, customer: Customer, purpose: str) -> bool:
    """A live (never revoked) authorisation for this purpose (Ley 1581: per purpose)."""
    return ConsentRecord.objects.filter(
        customer=customer, purposes=purpose, revoked_at__isnull=True
    ).exists()


def customer_can_be_surveyed(*, customer: Customer) -> bool:
    """Active, with an email, and a live authorisation for satisfaction surveys."""
    if not customer or not customer.email or not customer.is_active:
        return False
    return customer_has_consent(customer=customer, purpose=PURPOSE_SURVEYS)


def customer_is_anonymised(*, customer: Customer) -> bool:
    return CustomerAudit.objects.filter(
        customer=customer, action=CustomerAudit.Action.ANONYMISE
    ).exists()


@dataclass
class Duplicates:
    """Look-alike profiles. `shown` are Customers, those outside the user's scope
    flagged `limited` (same document only, contact masked); `hidden` counts profiles
    outside the scope that share only the email or phone: they are named to nobody."""

    shown: list
    hidden: int = 0

    def __bool__(self) -> bool:
        return bool(self.shown or self.hidden)

    def __iter__(self):
        return iter(self.shown)


def customer_duplicates(
    *, user, document_type: str, document_number: str, email: str, phone: str, exclude_pk=None
) -> Duplicates:
    """Profiles sharing document, email or phone with what is being entered."""
    number = normalise_document(document_number)
    cond = Q(document_type=document_type, document_number=number)
    if email:
        cond |= Q(email=email.strip().lower())
    if phone:
        cond |= Q(phone=normalise_phone(phone))
    qs = Customer.objects.filter(cond)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    found = list(qs.only(*INTAKE_FIELDS)[:5])
    visible = set(
        customer_visible_to(user=user)
        .filter(pk__in=[c.pk for c in found])
        .values_list("pk", flat=True)
    )
    result = Duplicates(shown=[])
    for customer in found:
        customer.limited = customer.pk not in visible
        customer.email_hint = mask_email(customer.email)
        customer.phone_hint = mask_phone(customer.phone)
        same_document = (customer.document_type, customer.document_number) == (
            document_type,
            number,
        )
        if customer.limited and not same_document:
            result.hidden += 1
        else:
            result.shown.append(customer)
    return result


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
    """Everything stored about the holder, from every app (customers.holder_data)."""
    return holder_data(customer)


def customer_export_sections(*, customer: Customer) -> list[dict]:
    """The same, labelled and formatted for the readable page."""
    return holder_sections_readable(customer)
