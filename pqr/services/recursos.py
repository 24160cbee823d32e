"""Which recursos a decision allows, before whom and within how long.

Public utilities (Ley 142/1994 arts. 154-159): reposición before the company and, in
subsidy, apelación before the Superintendencia de Servicios Públicos Domiciliarios,
within 5 business days of the notification. Public entities (Ley 1437/2011 arts. 74-76):
reposición before whoever decided and apelación before their superior, within the 10
business days after the notification. Private companies: none are stated.
Felicitaciones and sugerencias decide nothing, so no recursos apply.

`decision_recursos` is the one text a decision gives the customer about recursos: the
deciding service stores it on the notification record, and the emails, the PQR page
and the public status page show that stored text (docs/decisions.md, "Recursos").
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from pqr.emails import email_language
from pqr.models import NotificationDecision, Pqr, RecursoFiling, RecursoKind, RejectionCategory
from sla.models import LegalRegime, Organization
from sla.selectors import organization_get

UTILITY_DAYS = 5
PUBLIC_ENTITY_DAYS = 10
# Acts of procedure (Ley 1437 art. 75): nothing is decided on the petition itself.
PROCEDURAL = (
    NotificationDecision.EXTENSION,
    NotificationDecision.TRANSFER,
    NotificationDecision.COMPLETION_REQUEST,
)


@dataclass(frozen=True)
class Recurso:
    name: str
    before: str
    term: str


def django_language(language: str) -> str:
    return "en" if language == "en" else "es-co"


def recursos_for(*, pqr: Pqr, org: Organization) -> list[Recurso]:
    """The recursos of this PQR's decision, in the active language."""
    if pqr.pqr_type.acknowledgement_suffices:
        return []
    if org.legal_regime == LegalRegime.SERVICIOS_PUBLICOS:
        term = _("dentro de los %(days)s días hábiles siguientes a la notificación") % {
            "days": UTILITY_DAYS
        }
        return [
            Recurso(_("Reposición"), org.name, term),
            Recurso(
                _("Apelación, en subsidio de la reposición"),
                org.appeal_authority
                or _("la Superintendencia de Servicios Públicos Domiciliarios"),
                _("en el mismo escrito de la reposición, %(term)s") % {"term": term},
            ),
        ]
    if org.legal_regime == LegalRegime.PUBLICA:
        term = _("dentro de los %(days)s días hábiles siguientes a la notificación") % {
            "days": PUBLIC_ENTITY_DAYS
        }
        return [
            Recurso(
                _("Reposición"),
                _("quien firma esta decisión, en %(org)s") % {"org": org.name},
                term,
            ),
            Recurso(
                _("Apelación"),
                org.appeal_authority or _("el superior jerárquico de quien firma"),
                term,
            ),
        ]
    return []


def recursos_text(recursos: list[Recurso]) -> str:
    """One paragraph for the {{ recursos }} placeholder; empty when none apply."""
    if not recursos:
        return ""
    items = "; ".join(
        _("%(name)s, ante %(before)s, %(term)s")
        % {"name": r.name, "before": r.before, "term": r.term}
        for r in recursos
    )
    return _("Contra esta decisión proceden los siguientes recursos: %(items)s.") % {"items": items}


def decision_recursos(
    *,
    pqr: Pqr,
    decision: str,
    tacit: bool = False,
    recurso: RecursoFiling | None = None,
    org: Organization | None = None,
) -> str:
    """What the customer is told about recursos with this decision, in the customer's
    language; "" for acts of procedure and acknowledgements, which decide nothing."""
    org = org or organization_get()
    with translation.override(django_language(email_language(pqr))):
        return _decision_text(pqr, decision, tacit, recurso, org)


def _decision_text(pqr, decision, tacit, recurso, org) -> str:
    if decision in PROCEDURAL or pqr.pqr_type.acknowledgement_suffices:
        return ""
    none_apply = _("Contra esta decisión no procede ningún recurso.")
    recursos = recursos_for(pqr=pqr, org=org)
    if decision == NotificationDecision.DESISTIMIENTO:
        if not tacit:
            return _(
                "Contra el archivo por su propio desistimiento no procede ningún recurso; "
                "puede presentar la solicitud de nuevo."
            )
        if not recursos:
            return none_apply
        # Ley 1755 art. 17: against the tacit withdrawal only reposición.
        return _(
            "Contra esta decisión solo procede el recurso de reposición (Ley 1755 de 2015, "
            "art. 17), ante %(before)s, %(term)s."
        ) % {"before": recursos[0].before, "term": recursos[0].term}
    if decision == NotificationDecision.RECURSO:
        if recurso is not None and recurso.kind == RecursoKind.REPOSICION_APELACION:
            return _(
                "Contra esta decisión no procede otro recurso; la apelación que usted "
                "presentó en subsidio se envía a %(before)s, que la decidirá."
            ) % {"before": recursos[-1].before if recursos else org.name}
        return _("Contra esta decisión no procede ningún otro recurso.")
    if (
        decision == NotificationDecision.REJECTION
        and pqr.rejection_category == RejectionCategory.OSCURA
    ):
        return _(
            "Esta devolución es un acto de trámite: contra ella no procede recurso; "
            "corrija o aclare su solicitud dentro del plazo indicado."
        )
    return recursos_text(recursos) or none_apply
