"""Pesos typed and read the Colombian way: the dot groups thousands, the comma the cents."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.money import CopAmountField, format_cop, parse_cop


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("89.900", Decimal("89900.00")),
        ("89.900,50", Decimal("89900.50")),
        ("$ 89.900", Decimal("89900.00")),
        ("$89.900,5", Decimal("89900.50")),
        ("89900", Decimal("89900.00")),
        ("1.234.567", Decimal("1234567.00")),
        (" 45.000 COP ", Decimal("45000.00")),
        ("0,99", Decimal("0.99")),
    ],
)
def test_colombian_amounts_parse(typed, amount):
    assert parse_cop(typed) == amount


@pytest.mark.parametrize(
    "typed", ["89.9", "89,900.50", "89.90.0", "12,345", "abc", "-5.000", "1.2345"]
)
def test_ambiguous_or_foreign_amounts_are_refused_with_an_example(typed):
    with pytest.raises(ValidationError) as exc:
        parse_cop(typed)
    text = exc.value.messages[0]
    assert typed.strip() in text
    assert "89.900,50" in text


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("89900.50"), "$ 89.900,50"),
        (Decimal("89900"), "$ 89.900"),
        (Decimal("1234567.8"), "$ 1.234.567,80"),
        (0, "$ 0"),
        (None, ""),
    ],
)
def test_amounts_display_as_cop(amount, shown):
    assert format_cop(amount) == shown


class _AmountForm(forms.Form):
    amount = CopAmountField(required=False, max_value=Decimal("100000000"))


def test_field_gives_a_decimal_and_keeps_a_bad_text_as_typed():
    good = _AmountForm({"amount": "89.900,50"})
    assert good.is_valid()
    assert good.cleaned_data["amount"] == Decimal("89900.50")
    bad = _AmountForm({"amount": "89,900.50"})
    assert not bad.is_valid()
    assert 'value="89,900.50"' in str(bad["amount"])
    assert "89.900,50" in bad.errors["amount"][0]


def test_field_refuses_an_amount_over_its_maximum():
    form = _AmountForm({"amount": "200.000.000"})
    assert not form.is_valid()
    assert "$ 100.000.000" in form.errors["amount"][0]


def test_field_shows_a_stored_amount_the_way_it_is_typed():
    form = _AmountForm(initial={"amount": Decimal("45000.00")})
    assert 'value="45.000"' in str(form["amount"])
