"""`{{ order.fault_type|fault_label }}`: the fault's translated name (faults.py)."""
from django import template

from smartcity.maintenance.faults import label

register = template.Library()


@register.filter
def fault_label(code):
    return label(code or "")
