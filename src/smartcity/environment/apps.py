from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`):
# parameters into the hub registry, evaluators into alerts, store hooks, the module entry.
_READY_MODULES = ("parameters", "ui", "qc_hooks", "index_hooks", "limits_hooks", "demo", "indicators")


class EnvironmentConfig(AppConfig):
    name = "smartcity.environment"
    label = "environment"
    verbose_name = _("Environmental monitoring")

    def ready(self):
        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
