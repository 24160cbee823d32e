"""The SLA app's part of the habeas-data export: each PQR's clock (terms, prórroga and
its reason) and the alerts raised about it."""

from customers.holder_data import Section, section_of

from .models import Alert, PqrClock


def sla_holder_data(customer) -> list[Section]:
    of_holder = {"pqr__customer": customer}
    return [section_of(model.objects.filter(**of_holder)) for model in (PqrClock, Alert)]
