"""Numbers with thousands grouped the way each language writes them (1.234.567 in
Vietnamese, 1,234,567 in English), whatever the locale's format module says."""
from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def num(value):
    if value is None or value == "":
        return ""
    try:
        n = round(float(value))
    except (TypeError, ValueError):
        return value
    text = f"{n:,}"
    return text if (get_language() or "vi").startswith("en") else text.replace(",", ".")
