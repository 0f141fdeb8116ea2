from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`):
# the module entry, the roll-up signals, the demo loader.
_READY_MODULES = ("ui", "signals", "demo", "indicators")


class ProgrammeConfig(AppConfig):
    name = "smartcity.programme"
    label = "programme"
    verbose_name = _("Programme management")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
