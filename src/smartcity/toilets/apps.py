from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`).
_READY_MODULES = ("registry_hooks", "alert_hooks", "ui", "demo", "indicators")


class ToiletsConfig(AppConfig):
    name = "smartcity.toilets"
    label = "toilets"
    verbose_name = _("Smart public toilets")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
