"""Identification rules for Colombian documents, with Spanish messages."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NIT_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)
DIGITS_ONLY = {"CC", "NIT", "TI", "NUIP"}
PHONE_RE = re.compile(r"^\+?\d{7,15}$")


def normalise_document(number: str) -> str:
    """No dots, spaces or dashes; upper case (passports carry letters)."""
    return re.sub(r"[\s.\-]", "", number or "").upper()


def normalise_phone(phone: str) -> str:
    return re.sub(r"[\s.\-()]", "", phone or "")


def nit_check_digit(base: str) -> int:
    """DIAN módulo 11: weights applied from the rightmost digit."""
    total = sum(int(d) * w for d, w in zip(reversed(base), NIT_WEIGHTS, strict=False))
    rest = total % 11
    return rest if rest in (0, 1) else 11 - rest


def validate_document(document_type: str, raw_number: str) -> str:
    """Return the normalised number or raise ValidationError."""
    number = normalise_document(raw_number)
    if not number:
        raise ValidationError(_("Escriba el número de documento."))
    if document_type in DIGITS_ONLY and not number.isdigit():
        raise ValidationError(_("Este tipo de documento solo admite números."))
    if not number.isalnum():
        raise ValidationError(_("Use solo letras y números, sin símbolos."))
    if document_type == "NIT":
        # A trailing verification digit is written after a dash: 900123456-8.
        parts = re.split(r"-", (raw_number or "").replace(".", "").replace(" ", ""))
        if len(parts) == 2:
            base, dv = parts
            if not (base.isdigit() and dv.isdigit() and len(dv) == 1):
                raise ValidationError(_("Escriba el NIT como 900123456-8."))
            if nit_check_digit(base) != int(dv):
                raise ValidationError(
                    _("El dígito de verificación del NIT no corresponde (módulo 11 de la DIAN).")
                )
            number = base + dv
    if not 3 <= len(number) <= 20:
        raise ValidationError(_("El número debe tener entre 3 y 20 caracteres."))
    return number


def validate_phone(phone: str) -> str:
    value = normalise_phone(phone)
    if value and not PHONE_RE.match(value):
        raise ValidationError(_("Escriba un teléfono de 7 a 15 dígitos (puede iniciar con +)."))
    return value
