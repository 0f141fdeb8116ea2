"""The operations-centre wall's entry in the platform's navigation and home page. The wall
itself needs a government staff login (access.py); the entry only links to it."""
from django.utils.translation import gettext_lazy as _

from smartcity.core.modules import Module, register as register_module


def register() -> None:
    register_module(Module(
        key="opscentre", label=_("Operations centre"), url_name="opscentre-wall",
        plan_items=("P18",),
        description=_("The operations room's wall screen: every domain on one map, the live alert stream across modules, key indicators and rotating panels (staff of government organisations)."),
        order=96,
    ))
