from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`).
_READY_MODULES = ("registry_hooks", "ui", "demo", "indicators")


class WifiConfig(AppConfig):
    name = "smartcity.wifi"
    label = "wifi"
    verbose_name = _("Public Wi-Fi")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
