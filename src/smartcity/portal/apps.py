from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules of this app that register something when the app is ready (each has `register()`).
_READY_MODULES = ("ui", "demo")


class PortalConfig(AppConfig):
    name = "smartcity.portal"
    label = "portal"
    verbose_name = _("Smart City website")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from smartcity.portal.cache import forget_token

        for name in _READY_MODULES:
            import_module(f"{self.name}.{name}").register()
        for model in ("Article", "ArticleImage", "Category"):
            for signal in (post_save, post_delete):
                signal.connect(forget_token, sender=f"portal.{model}", dispatch_uid=f"portal-token-{model}-{signal is post_save}")
