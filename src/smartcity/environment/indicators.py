"""Key indicators of the environment module for the public website and the operations wall:
the worst current air quality (VN_AQI hourly) and where, the worst river water quality
(VN_WQI), how many stations report, and the quality-control flags waiting for a decision."""
import time

from django.urls import reverse
from django.utils.translation import get_language, gettext as _, gettext_lazy

from smartcity.core.indicators import Provider, Reading, register as register_provider


def aqi_status(value) -> str:
    """VN_AQI bands (Decision 1459/QĐ-TCMT): up to 100 good/moderate, 101-150 poor, above bad."""
    if value is None:
        return "none"
    return "ok" if value <= 100 else "warn" if value <= 150 else "alert"


def wqi_status(value) -> str:
    """VN_WQI (Decision 1460/QĐ-TCMT): 76+ fit for drinking supply, 51-75 irrigation, lower poor."""
    if value is None:
        return "none"
    return "ok" if value >= 76 else "warn" if value >= 51 else "alert"


def _worst(kind: str, station_kinds, pick, now: int):
    from smartcity.environment import publish

    stations = {s.pk: s for s in publish.public_stations(",".join(station_kinds))}
    current = publish.current_indices(list(stations), kinds=(kind,))
    fresh = [(iv, stations[sid]) for (sid, _k), iv in current.items()
             if iv.value is not None and now - iv.t <= publish.STALE_AFTER[kind]]
    if not fresh:
        return None, None, len(stations)
    iv, station = pick(fresh, key=lambda p: p[0].value)
    return iv, station, len(stations)


def compute() -> list[Reading]:
    from smartcity.environment import publish
    from smartcity.environment.models import FlagState, QcFlag

    now = int(time.time())
    english = (get_language() or "vi").startswith("en")
    out = []
    iv, station, n_air = _worst("vn_aqi_h", ("air", "mobile"), max, now)
    if iv is not None:
        name = publish.station_name(station, english)
        out.append(Reading("environment.aqi_max", _("Air quality now (highest VN_AQI)"), iv.value, "VN_AQI",
                           aqi_status(iv.value), _("Highest at %(station)s") % {"station": name},
                           reverse("env-station", args=[station.code])))
    else:
        out.append(Reading("environment.aqi_max", _("Air quality now (highest VN_AQI)"), None, "VN_AQI", "none",
                           _("No air station has reported in the last three hours."), reverse("env-map")))
    iv, station, _n = _worst("vn_wqi", ("surface-water",), min, now)
    if iv is not None:
        out.append(Reading("environment.wqi_min", _("River water quality (lowest VN_WQI)"), iv.value, "VN_WQI",
                           wqi_status(iv.value), _("Lowest at %(station)s") % {"station": publish.station_name(station, english)},
                           reverse("env-station", args=[station.code])))
    reporting = publish.public_stations().filter(asset__datastreams__latest__t__gte=now - 3 * 3600).distinct().count()
    total = publish.public_stations().count()
    out.append(Reading("environment.stations_reporting", _("Monitoring stations reporting"), reporting, "",
                       "ok" if total and reporting == total else "warn" if reporting else "alert" if total else "none",
                       _("%(n)d of %(total)d stations sent data in the last three hours") % {"n": reporting, "total": total},
                       reverse("env-map")))
    flags = QcFlag.objects.filter(state=FlagState.RAISED).count()
    out.append(Reading("environment.qc_flags_open", _("Quality-control flags to decide"), flags, "",
                       "ok" if flags == 0 else "warn", _("Suspicious readings waiting for a technician"),
                       reverse("env-qc-flags"), public=False))
    return out


def register() -> None:
    register_provider(Provider("environment", gettext_lazy("Environment"), compute, order=10, icon="AQI"))
