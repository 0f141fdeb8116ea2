"""Key indicators of bus transport: buses on the road now and the share of them running
on time (the service-quality window of `kpi.on_time`), for the website and the wall."""
import time

from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider

LIVE_WINDOW_S = 300  # as the public bus map: a bus silent for longer is not on the road


def otp_status(share) -> str:
    if share is None:
        return "none"
    return "ok" if share >= 0.8 else "warn" if share >= 0.6 else "alert"


def compute() -> list[Reading]:
    from smartcity.mobility import kpi
    from smartcity.mobility.models import Vehicle, VehicleState

    now = int(time.time())
    delays = list(VehicleState.objects.filter(t__gte=now - LIVE_WINDOW_S).values_list("delay_s", flat=True))
    fleet = Vehicle.objects.count()
    running = len(delays)
    known = [d for d in delays if d is not None]
    share = kpi.otp(known)
    url = reverse("mobility-map")
    return [
        Reading("mobility.buses_running", _("Buses on the road now"), running, "",
                "ok" if running else "none", _("%(n)d of %(fleet)d buses reported their position in the last 5 minutes")
                % {"n": running, "fleet": fleet}, url),
        Reading("mobility.on_time", _("Buses on time now"), None if share is None else round(100 * share), "%",
                otp_status(share), _("%(n)d of %(known)d buses matched to their timetable")
                % {"n": sum(1 for d in known if kpi.on_time(d)), "known": len(known)}, url),
    ]


def register() -> None:
    register_provider(Provider("mobility", gettext_lazy("Bus transport"), compute, order=20, icon="BUS"))
