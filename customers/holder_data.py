"""The habeas-data export: everything stored about a holder (Ley 1581 art. 8, right to
know), from every app, without this app importing the others.

Rows pointing straight at the Customer (PQRs, consents, tags, audits, surveys,
recovery cases...) are found by walking Customer._meta.related_objects, so a new
model with a customer foreign key is exported without touching this file. Rows one
step further away (messages, events, attachments, survey answers) come from
providers other apps register in their AppConfig.ready():

    from customers.holder_data import register_holder_data_provider
    register_holder_data_provider(pqr_holder_data)

A provider takes the Customer and returns a list of `Section`s (see `section_of`).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Customer, CustomerAudit

# Columns never exported: secrets (a token digest), values derived from others, and
# the outbox's technical keys. Named as "app_label.Model.field".
NOT_EXPORTED = {
    "customers.Customer.search_name",
    "surveys.SatisfactionSurvey.token_hash",
    "pqr.CustomerEmail.dedupe_key",
    # The email as received (bytes): its sender, subject and date are exported.
    "mailboxes.InboundEmail.raw",
}


@dataclass
class Section:
    key: str
    title: str
    model: type[models.Model]
    rows: list[dict] = field(default_factory=list)

    @property
    def columns(self) -> list[models.Field]:
        return _exported_fields(self.model)


HolderDataProvider = Callable[[Customer], Iterable[Section]]
_providers: list[HolderDataProvider] = []


def register_holder_data_provider(provider: HolderDataProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def _exported_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f"{model._meta.label}.{f.name}" not in NOT_EXPORTED
        and not isinstance(f, models.GeneratedField)
    ]


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def row_of(obj: models.Model) -> dict:
    return {f.name: _plain(f.value_from_object(obj)) for f in _exported_fields(type(obj))}


def section_of(queryset: models.QuerySet, *, key: str = "") -> Section:
    model = queryset.model
    return Section(
        key=key or model._meta.label_lower,
        title=capfirst(str(model._meta.verbose_name_plural)),
        model=model,
        rows=[row_of(obj) for obj in queryset.order_by("pk")],
    )


def merged_profiles(customer: Customer) -> list[Customer]:
    """Profiles merged into this one, directly or through a chain: the same person,
    whose retired rows still hold what they held when they were merged."""
    found: dict[int, Customer] = {}
    frontier = [customer.pk]
    while frontier:
        ids = (
            set(
                CustomerAudit.objects.filter(
                    customer_id__in=frontier, action=CustomerAudit.Action.MERGE
                ).values_list("other_customer_id", flat=True)
            )
            - set(found)
            - {None, customer.pk}
        )
        merged = list(Customer.objects.filter(pk__in=ids))
        found.update({c.pk: c for c in merged})
        frontier = [c.pk for c in merged]
    return list(found.values())


def holder_sections(customer: Customer) -> list[Section]:
    """The profile (and the profiles merged into it) first, then every row linked to
    it, then the providers' rows."""
    sections = [
        Section(
            key="cliente",
            title=capfirst(str(Customer._meta.verbose_name)),
            model=Customer,
            rows=[row_of(customer)],
        ),
        Section(
            key="perfiles_fusionados",
            title=_("Perfiles duplicados fusionados en este"),
            model=Customer,
            rows=[row_of(c) for c in merged_profiles(customer)],
        ),
    ]
    for rel in Customer._meta.related_objects:
        if rel.many_to_many or not (rel.one_to_many or rel.one_to_one):
            continue
        rows = rel.related_model._base_manager.filter(**{rel.field.name: customer})
        sections.append(section_of(rows))
    for provider in _providers:
        sections.extend(provider(customer))
    return sections


def holder_data(customer: Customer) -> dict:
    """JSON-ready: {"cliente": {...}, "<app>.<model>": [rows], ...}."""
    data: dict = {}
    for section in holder_sections(customer):
        data[section.key] = section.rows[0] if section.key == "cliente" else section.rows
    return data


# --- the readable page ---------------------------------------------------------------


def _display(column: models.Field, value) -> str:
    if value is None or value == "":
        return "—"
    if column.choices:
        return str(dict(column.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1, default=str)
    if isinstance(value, Decimal | int | float):
        return formats.number_format(value)
    return str(value)


def _related_names(section: Section) -> dict[str, dict]:
    """{fk column: {id: str(row)}}, one query per foreign key column."""
    names = {}
    for column in section.columns:
        if column.is_relation:
            ids = {row[column.name] for row in section.rows} - {None}
            related = column.related_model._base_manager.in_bulk(ids) if ids else {}
            names[column.name] = {pk: str(obj) for pk, obj in related.items()}
    return names


def holder_sections_readable(customer: Customer) -> list[dict]:
    """Sections with labelled, human-readable values for the HTML page."""
    readable = []
    for section in holder_sections(customer):
        columns = section.columns
        related = _related_names(section)
        rows = []
        for row in section.rows:
            cells = []
            for c in columns:
                value = row.get(c.name)
                if c.name in related and value is not None:
                    value = related[c.name].get(value, value)
                cells.append((capfirst(str(c.verbose_name)), _display(c, value)))
            rows.append(cells)
        readable.append({"title": section.title, "rows": rows})
    return readable
