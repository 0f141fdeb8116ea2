from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`).
_READY_MODULES = ("ui", "demo", "indicators")


class SchoolsConfig(AppConfig):
    name = "smartcity.schools"
    label = "schools"
    verbose_name = _("Advanced-modern primary schools")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
