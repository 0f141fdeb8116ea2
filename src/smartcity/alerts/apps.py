from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _open_alert_counts():
    from smartcity.alerts.models import Alert

    # the home page is public: count only alerts of published assets
    return [(_("open alerts"), Alert.objects.open().filter(asset__published=True).count())]


class AlertsConfig(AppConfig):
    name = "smartcity.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from smartcity.alerts import demo, index, services  # noqa: F401  (demo registers its loader)
        from smartcity.alerts.models import AlertRule
        from smartcity.core.modules import Module, register
        from smartcity.hub import store
        from smartcity.hub.models import Asset, Datastream

        if services.on_store not in store._AFTER_STORE:
            store.after_store(services.on_store)
        for signal in (post_save, post_delete):
            signal.connect(index.invalidate, sender=AlertRule, dispatch_uid=f"alerts-index-{signal is post_save}")
            signal.connect(index.on_datastream_saved, sender=Datastream, dispatch_uid=f"alerts-ds-{signal is post_save}")
            signal.connect(index.on_asset_saved, sender=Asset, dispatch_uid=f"alerts-asset-{signal is post_save}")
        register(Module(
            key="alerts", label=_("Alerts"), url_name="alert-list", plan_items=("P9", "P14", "P15", "P16", "P17"),
            description=_("Rules on the hub's readings: limits, sudden changes, silent stations; alerts by e-mail and webhook."),
            counts=_open_alert_counts, order=20,
        ))
        from smartcity.alerts import indicators
        indicators.register()
