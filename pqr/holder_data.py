"""The PQR app's part of the habeas-data export: rows one step away from the holder.

The PQRs themselves point at the Customer and are exported by customers.holder_data;
here come their messages (answers received and internal notes), events, attachment
list (names, types, sizes: not the files), protocol steps, emails sent, the
notifications of each decision, the avisos published and the letters' register.
"""

from customers.holder_data import Section, section_of

from .models import (
    AnswerLetter,
    CompletionRequest,
    CustomerEmail,
    CustomerNotification,
    PqrAttachment,
    PqrEvent,
    PqrMessage,
    ProtocolStep,
    PublicNotice,
    RecursoFiling,
)

HANGING_FROM_PQRS = (
    PqrMessage,
    PqrEvent,
    PqrAttachment,
    ProtocolStep,
    CustomerEmail,
    CustomerNotification,
    PublicNotice,
    AnswerLetter,
    CompletionRequest,
    RecursoFiling,
)


def pqr_holder_data(customer) -> list[Section]:
    of_holder = {"pqr__customer": customer}
    return [section_of(model._base_manager.filter(**of_holder)) for model in HANGING_FROM_PQRS]
