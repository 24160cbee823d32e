"""Respuestas tipo: supervisors keep them per type and root cause, in Spanish and
English; agents pick one and its placeholders are filled from the PQR.

Placeholders are `{{ name }}` from a fixed list, replaced by plain text: a template is
never run through the template engine (so it cannot reach settings or objects), and
the text it yields is escaped wherever it is shown (page, preview, letter, email).
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role, highest_role
from pqr.models import AnswerTemplate, Pqr
from sla.models import LegalTerm
from sla.selectors import organization_get

from .recursos import django_language, recursos_for, recursos_text

PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
PLACEHOLDERS = {
    "cliente": gettext_lazy("nombre del cliente"),
    "documento": gettext_lazy("documento del cliente"),
    "radicado": gettext_lazy("radicado de la PQR"),
    "asunto": gettext_lazy("asunto de la PQR"),
    "fecha_recibida": gettext_lazy("fecha en que se recibió"),
    "fecha_radicacion": gettext_lazy("fecha de radicación legal"),
    "fecha_hoy": gettext_lazy("fecha de hoy"),
    "fecha_vencimiento": gettext_lazy("fecha máxima de respuesta (término legal)"),
    "termino_legal": gettext_lazy("término legal, p. ej. «15 días hábiles»"),
    "agente": gettext_lazy("nombre de quien responde"),
    "cargo": gettext_lazy("cargo de quien responde"),
    "entidad": gettext_lazy("nombre de la organización"),
    "recursos": gettext_lazy("recursos que proceden contra la decisión (si aplican)"),
}
ROLE_TITLES = {
    Role.AGENT: gettext_lazy("Agente de atención al cliente"),
    Role.SUPERVISOR: gettext_lazy("Supervisor de atención al cliente"),
    Role.ADMIN: gettext_lazy("Administrador de atención al cliente"),
}


def unknown_placeholders(body: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER_RE.findall(body) if name not in PLACEHOLDERS})


def signer_title(user) -> str:
    role = highest_role(user) if user is not None else None
    return str(ROLE_TITLES.get(role, ROLE_TITLES[Role.AGENT]))


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localdate(value)
    text = formats.date_format(value, "DATE_FORMAT")
    # Spanish writes month names in lower case ("16 de marzo de 2026").
    return text.lower() if translation.get_language() != "en" else text


def placeholder_values(*, pqr: Pqr, actor, language: str) -> dict[str, str]:
    """Every placeholder's text for this PQR, in `language` ("es" or "en")."""
    org = organization_get()
    with translation.override(django_language(language)):
        term = LegalTerm.objects.filter(pqr_type_id=pqr.pqr_type_id).first()
        customer = pqr.customer if pqr.customer_id else None
        return {
            "cliente": customer.full_name if customer else _("ciudadano(a)"),
            "documento": (
                f"{customer.document_type} {customer.document_number}" if customer else ""
            ),
            "radicado": pqr.radicado,
            "asunto": pqr.subject,
            "fecha_recibida": _date(pqr.received_at),
            "fecha_radicacion": _date(pqr.filed_on or pqr.received_at),
            "fecha_hoy": _date(timezone.localdate()),
            "fecha_vencimiento": _date(pqr.legal_due_at),
            "termino_legal": (
                _("%(days)s días hábiles") % {"days": term.days} if term is not None else ""
            ),
            "agente": (actor.get_full_name() or actor.get_username()) if actor else "",
            "cargo": signer_title(actor),
            "entidad": org.name,
            "recursos": recursos_text(recursos_for(pqr=pqr, org=org)),
        }


def placeholders_render(body: str, values: dict[str, str]) -> str:
    """Replace known placeholders by their plain text; anything else stays as written."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return values[name] if name in values else match.group(0)

    return PLACEHOLDER_RE.sub(replace, body)


def answer_template_render(*, template: AnswerTemplate, pqr: Pqr, actor) -> str:
    values = placeholder_values(pqr=pqr, actor=actor, language=template.language)
    return placeholders_render(template.body, values)


def _check(name: str, body: str) -> None:
    if not name.strip() or not body.strip():
        raise ValidationError(_("La respuesta tipo necesita un nombre y un texto."))
    unknown = unknown_placeholders(body)
    if unknown:
        raise ValidationError(
            _("Estos campos no existen: %(names)s. Use solo los de la lista.")
            % {"names": ", ".join(f"{{{{ {n} }}}}" for n in unknown)}
        )


@transaction.atomic
def answer_template_save(
    *,
    actor,
    name: str,
    body: str,
    language: str,
    pqr_type=None,
    root_cause=None,
    is_active: bool = True,
    template: AnswerTemplate | None = None,
) -> AnswerTemplate:
    """Create or edit a respuesta tipo; unknown placeholders are refused."""
    _check(name, body)
    template = template or AnswerTemplate()
    template.name = name.strip()
    template.body = body.strip()
    template.language = language
    template.pqr_type = pqr_type
    template.root_cause = root_cause
    template.is_active = is_active
    template.updated_by = actor
    if (
        AnswerTemplate.objects.filter(name=template.name, language=language)
        .exclude(pk=template.pk)
        .exists()
    ):
        raise ValidationError(_("Ya existe una respuesta tipo con ese nombre en ese idioma."))
    template.save()
    return template


def answer_template_used(*, template: AnswerTemplate) -> None:
    """Count one use (an answer sent from it), without a read-modify-write race."""
    AnswerTemplate.objects.filter(pk=template.pk).update(
        use_count=F("use_count") + 1, last_used_at=timezone.now()
    )
