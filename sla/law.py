"""The law's terms: the ceiling under which an office may set its own (an office may
promise faster service, never slower). Seeded into LegalTerm by migration 0002;
kept here so an edit can be checked against them."""

from __future__ import annotations

from django.utils.translation import gettext as _

# code: (business days, extension rule, fixed extension days)
LAW_TERMS = {
    "peticion": (15, "double", 0),
    "peticion_informacion": (10, "double", 0),
    "consulta": (30, "double", 0),
    "queja": (15, "double", 0),
    "reclamo": (15, "double", 0),
    "sugerencia": (15, "double", 0),
    "denuncia": (15, "double", 0),
    "felicitacion": (15, "double", 0),
    "habeas_data_consulta": (10, "fixed", 5),
    "habeas_data_reclamo": (15, "fixed", 8),
    "garantia": (15, "none", 0),
}
# Types an administrator adds: the general rule of Ley 1755 art. 14.
GENERAL_TERM = (15, "double", 0)


def _extension_allowed(days: int, rule: str, extra: int) -> int:
    if rule == "double":
        return days
    if rule == "fixed":
        return extra
    return 0


def legal_term_errors(*, code: str, days: int, rule: str, extension_days: int) -> dict:
    """Field errors for a term longer than the law's, or a prórroga the law does not
    allow (longer than the term itself, or than the law's own extension)."""
    law_days, law_rule, law_extra = LAW_TERMS.get(code, GENERAL_TERM)
    errors = {}
    if days > law_days:
        errors["days"] = _(
            "La ley fija %(n)s días hábiles para este tipo: la oficina puede prometer menos, "
            "nunca más."
        ) % {"n": law_days}
    extra = _extension_allowed(days, rule, extension_days)
    if rule == "fixed" and extension_days > days:
        errors["extension_days"] = _(
            "La prórroga no puede ser mayor que el término inicial (como máximo, el doble)."
        )
    elif extra > _extension_allowed(law_days, law_rule, law_extra):
        errors["extension_rule" if rule != "fixed" else "extension_days"] = _(
            "La ley no permite una prórroga tan larga para este tipo."
        )
    return errors
