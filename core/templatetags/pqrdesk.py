from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """Reverse `name`, or return "" while the page it names is not built yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
