from django import template

from surveys.selectors import open_recovery_cases

register = template.Library()


@register.simple_tag
def recovery_flag_cases(pqr=None, customer=None):
    """Open recovery cases for the flag on a PQR page or a customer profile (one query)."""
    return open_recovery_cases(pqr=pqr or None, customer=customer or None)
