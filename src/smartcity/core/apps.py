from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "smartcity.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self):
        from smartcity.core import schema  # noqa: F401  (registers the OpenAPI extension)
