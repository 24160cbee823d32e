"""Post/Redirect/Get for the PQR page's refused actions.

A refused action (a form error, or a service saying no) goes back to the PQR page's
own URL with the error message; reloading it shows the page again instead of
re-posting. What was typed travels in the session for exactly one display and
rebinds the form it came from, so its field errors show again and nothing is lost
(files excepted: a browser never re-sends them, and the page says so).
"""

from django.http import QueryDict

from .common import back

SESSION_KEY = "pqr_refused_form"
# Never kept: the CSRF token, and the step buttons' own names.
SKIPPED = ("csrfmiddlewaretoken",)


def refuse(request, pqr, *, form: str, anchor: str = "", action: str = "", errors=None):
    """Redirect to the PQR page keeping `request.POST` for the form named `form`.
    `errors` (field -> messages) are service refusals to show on that form again."""
    request.session[SESSION_KEY] = {
        "pqr": pqr.pk,
        "form": form,
        "action": action,
        "data": {k: request.POST.getlist(k) for k in request.POST if k not in SKIPPED},
        "errors": {k: [str(m) for m in v] for k, v in (errors or {}).items()},
    }
    return back(pqr, anchor)


def restore(request, pqr) -> dict | None:
    """The refused form of this PQR, once: {"form", "action", "data", "errors"}."""
    stash = request.session.get(SESSION_KEY)
    if not stash or stash.get("pqr") != pqr.pk:
        return None
    del request.session[SESSION_KEY]
    data = QueryDict(mutable=True)
    for key, values in stash["data"].items():
        data.setlist(key, values)
    return {**stash, "data": data}
