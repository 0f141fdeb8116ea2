from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`).
_READY_MODULES = ("hub_types", "bin_alerts", "ui", "demo", "bin_simulator", "indicators")


class SanitationConfig(AppConfig):
    name = "smartcity.sanitation"
    label = "sanitation"
    verbose_name = _("Smart bins and waste collection")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
