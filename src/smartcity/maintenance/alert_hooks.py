"""Alerts become work orders: a post_save receiver on alerts.Alert (raised -> open or add
to the active work order; cleared -> a line on its timeline). A signal rather than a change
in the alerts app: the alerts app knows nothing of maintenance."""


def register() -> None:
    from django.db.models.signals import post_save

    from smartcity.alerts.models import Alert
    from smartcity.maintenance.services import alert_saved

    post_save.connect(alert_saved, sender=Alert, dispatch_uid="maintenance-alert-saved")
