from django import template

from surveys.selectors import open_recovery_cases

register = template.Library()


@register.simple_tag(takes_context=True)
def recovery_flag_cases(context, pqr=None, customer=None):
    """Open recovery cases for the flag on a PQR page or a customer profile (one query)."""
    return open_recovery_cases(
        user=context["request"].user, pqr=pqr or None, customer=customer or None
    )
