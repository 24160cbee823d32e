from django import template
from django.urls import NoReverseMatch, reverse

from core.money import format_cop

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """Reverse `name`, or return "" while the page it names is not built yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def cop(value) -> str:
    """Pesos as Colombians read them: `$ 89.900,50` (core.money.format_cop)."""
    return format_cop(value)
