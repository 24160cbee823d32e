"""Which recursos a decision allows, before whom and within how long.

Public utilities (Ley 142/1994 arts. 154-159): reposición before the company and, in
subsidy, apelación before the Superintendencia de Servicios Públicos Domiciliarios,
within 5 business days of the notification. Public entities (Ley 1437/2011 arts. 74-76):
reposición before whoever decided and apelación before their superior, within the 10
business days after the notification. Private companies: none are stated.
Felicitaciones and sugerencias decide nothing, so no recursos apply.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from pqr.models import Pqr
from sla.models import LegalRegime, Organization

UTILITY_DAYS = 5
PUBLIC_ENTITY_DAYS = 10


@dataclass(frozen=True)
class Recurso:
    name: str
    before: str
    term: str


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
