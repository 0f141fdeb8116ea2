"""Template filters of the innovation pages."""
from django import template

from smartcity.programme.services.items_tree import vnd as _vnd

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1234567 -> '1.234.567 ₫' (the programme app's formatting)."""
    return _vnd(value)
