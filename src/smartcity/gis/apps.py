from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`).
_READY_MODULES = ("ui", "demo", "permit_hooks", "indicators")


class GisConfig(AppConfig):
    name = "smartcity.gis"
    label = "gis"
    verbose_name = _("GIS and construction")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
