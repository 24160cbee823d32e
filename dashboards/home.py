"""The staff home page's counts of the working day, each a link to the queue that
lists exactly the PQRs it counts (the same conditions, `pqr.selectors.workday_filters`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role, has_role
from pqr import selectors as pqr_selectors

LABELS = {
    "open": _("Abiertas"),
    "overdue": _("Vencidas"),
    "today": _("Vencen hoy"),
    "next3": _("Vencen en 3 días hábiles"),
    "legal": _("Término legal vencido"),
    "waiting": _("Esperando al ciudadano"),
    "anger": _("Alerta de ira"),
}
TONES = {"overdue": "danger", "legal": "danger", "today": "warning", "anger": "danger"}


def workday_cards(*, user) -> list[dict]:
    """Rows of cards: the user's own open PQRs, and for agents their teams' queue."""
    team_wide = not has_role(user, Role.SUPERVISOR)
    counts = pqr_selectors.workday_counts(user=user, team_wide=team_wide)
    titles = {"mine": _("Asignadas a mí"), "team": _("Mis equipos")}
    rows = []
    for scope, figures in counts.items():
        cards = []
        for name, value in figures.items():
            params = dict(pqr_selectors.WORKDAY_QUEUE_PARAMS[name])
            if scope == "mine":
                params["mine"] = "on"
            cards.append(
                {
                    "name": name,
                    "scope": scope,
                    "label": LABELS[name],
                    "value": value,
                    "tone": TONES.get(name, "") if value else "",
                    "href": f"{reverse('pqr:queue')}?{urlencode(params)}",
                }
            )
        rows.append({"scope": scope, "title": titles[scope], "cards": cards})
    return rows


def workday_panel(request):
    if not has_role(request.user, Role.AGENT):
        return None
    return "dashboards/_home_counts.html", {"rows": workday_cards(user=request.user)}
