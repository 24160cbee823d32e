"""Which PQRs a user may see, as the customers app needs it.

`customers` sits below `pqr` in the dependency order and never imports it. The PQR app
registers its visibility rule here in its AppConfig.ready():

    from customers.scoping import register_pqr_scope
    register_pqr_scope(pqr_visible_to)

Customer pages then ask `pqrs_visible_to(user)` (a QuerySet of PQRs) for, e.g., the
customer's PQRs the user may pick when tagging.
"""

from collections.abc import Callable

from django.db.models import QuerySet

PqrScope = Callable[..., QuerySet]

_scope: list[PqrScope] = []


def register_pqr_scope(scope: PqrScope) -> None:
    """`scope(user=...)` returns the PQRs `user` may see."""
    _scope[:] = [scope]


def pqrs_visible_to(*, user) -> QuerySet:
    if not _scope:
        raise RuntimeError("no PQR visibility rule registered (is the pqr app installed?)")
    return _scope[0](user=user)
