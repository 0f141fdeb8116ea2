from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`):
# the module entry, the demo loader.
_READY_MODULES = ("ui", "demo", "indicators")


class OneStopConfig(AppConfig):
    name = "smartcity.onestop"
    label = "onestop"
    verbose_name = _("One-stop shop")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
