"""Key indicators of public Wi-Fi: hotspots working now (fresh readings, `services.states`)
and the sessions started today (the hub's daily rollup of `wifi_sessions`)."""
import datetime as dt

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def today_bucket() -> int:
    """The hub's daily bucket of today: local midnight (UTC+7) in UTC seconds."""
    today = timezone.localdate()
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=timezone.get_current_timezone()).timestamp())


def compute() -> list[Reading]:
    from smartcity.hub.models import DailyRollup
    from smartcity.wifi import services

    hotspots = [h for h in services.public_hotspots() if h.status == "active"]
    states = services.states(hotspots)
    up = sum(1 for s in states.values() if s["state"] == "up")
    sessions = DailyRollup.objects.filter(datastream__asset_id__in=[h.asset_id for h in hotspots],
                                          datastream__quantity_id="wifi_sessions", bucket=today_bucket()) \
        .aggregate(s=Sum("total"))["s"] or 0
    url = reverse("wifi-map")
    return [
        Reading("wifi.hotspots_up", _("Wi-Fi hotspots working"), up, "",
                "none" if not hotspots else "ok" if up == len(hotspots) else "warn" if up >= len(hotspots) / 2 else "alert",
                _("%(n)d of %(total)d active hotspots reporting") % {"n": up, "total": len(hotspots)}, url),
        Reading("wifi.sessions_today", _("Wi-Fi sessions today"), int(round(sessions)), "", "ok" if sessions else "none",
                _("Connections started since midnight"), url),
    ]


def register() -> None:
    register_provider(Provider("wifi", gettext_lazy("Public Wi-Fi"), compute, order=70, icon="WiFi"))
