"""Post/Redirect/Get on the PQR page: what a refused action must look like."""

from django.urls import reverse


def back_on_the_pqr_page(response, pqr) -> str:
    """The refused POST redirected to the PQR page's own URL (a reload shows the page,
    it does not post again); the page it landed on, as text."""
    assert response.redirect_chain, "a refused action redirects to the PQR page"
    url, code = response.redirect_chain[-1]
    assert code == 302
    assert url.split("#")[0] == reverse("pqr:detail", args=[pqr.pk])
    assert response.status_code == 200
    return response.content.decode()
