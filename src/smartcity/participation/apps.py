from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`).
_READY_MODULES: tuple[str, ...] = ("ui", "demo", "indicators")


class ParticipationConfig(AppConfig):
    name = "smartcity.participation"
    label = "participation"
    verbose_name = _("Consultations and citizen reports")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
