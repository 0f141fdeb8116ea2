from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "smartcity.hub"
    label = "hub"
    verbose_name = _("City data hub")

    def ready(self):
        from smartcity.hub import services

        post_migrate.connect(services.sync_registry_signal, sender=self)
        post_delete.connect(services.purge_on_delete, sender="hub.Datastream", dispatch_uid="hub-purge-readings")
        from smartcity.hub import ui

        ui.register()
