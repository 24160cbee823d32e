import pytest
from django.core.exceptions import ValidationError

from customers.services import customer_create
from customers.validation import nit_check_digit, validate_document


def test_nit_with_right_check_digit_is_accepted():
    # 890903938-8 is Bancolombia's published NIT.
    assert nit_check_digit("890903938") == 8
    assert validate_document("NIT", "890.903.938-8") == "8909039388"


def test_nit_with_wrong_check_digit_is_rejected_in_spanish():
    with pytest.raises(ValidationError, match="dígito de verificación"):
        validate_document("NIT", "890903938-3")


def test_cc_with_letters_is_rejected():
    with pytest.raises(ValidationError, match="solo admite números"):
        validate_document("CC", "52A123")


def test_passport_accepts_letters_and_is_upper_cased():
    assert validate_document("PA", "ab 123456") == "AB123456"


def test_document_number_is_stored_without_dots_or_spaces(agent):
    customer = customer_create(
        actor=agent,
        consent_channel="phone",
        document_type="CC",
        document_number="52.123 456",
        full_name="Ana Gómez",
    )
    customer.refresh_from_db()
    assert customer.document_number == "52123456"


def test_same_document_twice_is_refused_even_if_written_differently(agent):
    customer_create(
        actor=agent,
        consent_channel="phone",
        document_type="CC",
        document_number="52123456",
        full_name="Ana Gómez",
    )
    with pytest.raises(ValidationError):
        customer_create(
            actor=agent,
            consent_channel="phone",
            document_type="CC",
            document_number="52.123.456",
            full_name="Otra Persona",
        )


def test_same_number_with_another_document_type_is_allowed(agent):
    customer_create(
        actor=agent,
        consent_channel="phone",
        document_type="CC",
        document_number="52123456",
        full_name="Ana Gómez",
    )
    other = customer_create(
        actor=agent,
        consent_channel="phone",
        document_type="TI",
        document_number="52123456",
        full_name="Ana Junior",
    )
    assert other.pk


def test_bad_phone_is_rejected(agent):
    with pytest.raises(ValidationError, match="teléfono"):
        customer_create(
            actor=agent,
            consent_channel="phone",
            document_type="CC",
            document_number="1234567",
            full_name="X",
            phone="12ab",
        )
