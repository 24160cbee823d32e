"""Colombian pesos as people type and read them: `89.900`, `89.900,50`, `$ 89.900`.

The dot groups thousands and the comma separates the cents (the es-CO habit), so
`89.900` is eighty-nine thousand nine hundred pesos, never 89.9. Anything that does
not read unambiguously is refused with an example of the expected form.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AMOUNT_HELP = _("En pesos, como se escribe en Colombia: 89.900 o 89.900,50.")
AMOUNT_ERROR = _(
    "No entendimos el valor «%(value)s». Escríbalo en pesos, con punto para los miles y "
    "coma para los centavos: 89.900 o 89.900,50."
)
# Integer part: plain digits, or groups of three separated by dots (1.234.567).
_INTEGER = re.compile(r"^(\d+|\d{1,3}(\.\d{3})+)$")
_CENTS = re.compile(r"^\d{1,2}$")
_NOISE = re.compile(r"[\s\u00a0$]|COP", re.IGNORECASE)


def parse_cop(text: str) -> Decimal:
    """The amount in `text` as a Decimal with two places; ValidationError otherwise."""
    raw = (text or "").strip()
    cleaned = _NOISE.sub("", raw)
    integer, comma, cents = cleaned.partition(",")
    if not _INTEGER.match(integer) or (comma and not _CENTS.match(cents)):
        raise ValidationError(AMOUNT_ERROR, code="invalid", params={"value": raw})
    try:
        value = Decimal(f"{integer.replace('.', '')}.{cents or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - the patterns leave digits only
        raise ValidationError(AMOUNT_ERROR, code="invalid", params={"value": raw}) from exc
    return value.quantize(Decimal("0.01"))


def format_cop(value: Decimal | int | None) -> str:
    """`$ 89.900` or `$ 89.900,50` (cents only when there are some); "" for None."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    integer, _dot, cents = f"{abs(amount):.2f}".partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    return f"{sign}$ {grouped}" + (f",{cents}" if cents != "00" else "")


class CopAmountField(forms.Field):
    """A text box for pesos: parses the Colombian way; on error the page shows the
    text exactly as typed (a bound form renders the raw value)."""

    widget = forms.TextInput

    def __init__(self, *, max_value: Decimal | None = None, **kwargs):
        self.max_value = max_value
        kwargs.setdefault("help_text", AMOUNT_HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        return {**attrs, "inputmode": "decimal", "autocomplete": "off", "maxlength": "30"}

    def prepare_value(self, value):
        # Initial values (Decimals from the database) read the way they are typed.
        return format_cop(value).removeprefix("$ ") if isinstance(value, Decimal) else value

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        amount = parse_cop(text)
        if self.max_value is not None and amount > self.max_value:
            raise ValidationError(
                _("El valor no puede pasar de %(max)s."),
                code="max_value",
                params={"max": format_cop(self.max_value)},
            )
        return amount
