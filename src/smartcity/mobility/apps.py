from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`):
# the module entry, the hub store hook that matches bus positions, the demo loader.
_READY_MODULES = ("ui", "realtime_hooks", "demo", "indicators")


class MobilityConfig(AppConfig):
    name = "smartcity.mobility"
    label = "mobility"
    verbose_name = _("Bus transport")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
