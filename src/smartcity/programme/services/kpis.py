"""Live platform KPIs that ICF answers can cite as evidence: key -> label (vi/en), unit and a
function that reads another app's data where that app is installed. A KPI whose data is
absent (app not installed, nothing recorded yet) is None, never a made-up zero.

    value("env.stations_reporting") -> 7.0 | None
    registry() -> [Kpi, ...]

Keys are stable (ICF questions and evidence store them). The one-stop public service
figures will join when that module exists; they are not faked here."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from django.apps import apps
from django.utils.translation import get_language


@dataclass(frozen=True)
class Kpi:
    key: str
    label_vi: str
    label_en: str
    unit: str
    fn: Callable[[], float | None]
    app: str = ""

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "vi").startswith("en") else self.label_vi


_REGISTRY: dict[str, Kpi] = {}


def register(key, label_vi, label_en, unit, app=""):
    def deco(fn):
        _REGISTRY[key] = Kpi(key, label_vi, label_en, unit, fn, app)
        return fn
    return deco


def _installed(label: str) -> bool:
    return apps.is_installed(f"smartcity.{label}")


# -- data hub -----------------------------------------------------------------------------------
@register("hub.assets", "Số thiết bị, trạm đang hoạt động trên nền tảng", "Active devices and stations on the platform", "", "hub")
def _hub_assets():
    from smartcity.hub.models import Asset

    if not Asset.objects.exists():
        return None
    return float(Asset.objects.filter(active=True).count())


def _hub_type_counter(type_code):
    def count():
        from smartcity.hub.models import Asset

        if not Asset.objects.exists():
            return None
        return float(Asset.objects.filter(active=True, asset_type_id=type_code).count())
    return count


for _code, _vi, _en in [("wifi-hotspot", "Số điểm Wi-Fi công cộng", "Public Wi-Fi hotspots"),
                        ("air-station", "Số trạm quan trắc không khí", "Air monitoring stations"),
                        ("water-station", "Số trạm quan trắc nước mặt", "Surface-water monitoring stations"),
                        ("streetlight", "Số đèn đường thông minh", "Smart streetlights"),
                        ("waste-bin", "Số thùng rác thông minh", "Smart waste bins"),
                        ("public-toilet", "Số nhà vệ sinh công cộng thông minh", "Smart public toilets"),
                        ("bus", "Số xe buýt kết nối nền tảng", "Buses connected to the platform")]:
    register(f"hub.assets.{_code}", _vi, _en, "", "hub")(_hub_type_counter(_code))


# -- environment --------------------------------------------------------------------------------
@register("env.stations", "Số trạm quan trắc tự động", "Automatic monitoring stations", "", "environment")
def _env_stations():
    from smartcity.environment.models import Station

    n = Station.objects.count()
    return float(n) if n else None


@register("env.stations_reporting", "Số trạm có dữ liệu trong 24 giờ qua", "Stations with data in the last 24 hours", "",
          "environment")
def _env_reporting():
    from smartcity.environment.models import Station
    from smartcity.hub.models import Latest

    if not Station.objects.exists():
        return None
    since = int(time.time()) - 24 * 3600
    assets = Latest.objects.filter(received__gte=since).values("datastream__asset_id")
    return float(Station.objects.filter(asset_id__in=assets).count())


@register("env.aqi_good_share", "Tỷ lệ giờ có VN_AQI ở mức tốt (30 ngày dữ liệu gần nhất)",
          "Share of hours with a good VN_AQI (latest 30 days of data)", "%", "environment")
def _env_aqi_good():
    from django.db.models import Max

    from smartcity.environment.models import IndexKind, IndexValue

    qs = IndexValue.objects.filter(kind=IndexKind.VN_AQI_HOURLY, value__isnull=False)
    last = qs.aggregate(t=Max("t"))["t"]
    if last is None:
        return None
    window = qs.filter(t__gt=last - 30 * 86400)
    total = window.count()
    good = window.filter(value__lte=50).count()
    return round(100.0 * good / total, 1) if total else None


# -- mobility -----------------------------------------------------------------------------------
@register("mobility.routes", "Số tuyến xe buýt đang khai thác", "Bus routes in service", "", "mobility")
def _routes():
    from smartcity.mobility.models import Feed, FeedStatus, Route

    feeds = Feed.objects.filter(status=FeedStatus.ACTIVE)
    if not feeds.exists():
        return None
    return float(Route.objects.filter(feed__in=feeds).values("route_id").distinct().count())


@register("mobility.buses", "Số xe buýt", "Buses", "", "mobility")
def _buses():
    from smartcity.mobility.models import Vehicle

    n = Vehicle.objects.count()
    return float(n) if n else None


# -- programme ----------------------------------------------------------------------------------
def _plan():
    from smartcity.programme.models import Plan

    return Plan.objects.filter(code="kh-11-2018").first() or Plan.objects.order_by("-year", "-issued_on").first()


@register("programme.progress", "Tiến độ chung của Kế hoạch thành phố thông minh", "Overall progress of the smart city plan", "%",
          "programme")
def _progress():
    plan = _plan()
    return round(float(plan.progress), 1) if plan else None


@register("programme.helix_full", "Số nhiệm vụ có đủ Ba Nhà (chính quyền, doanh nghiệp, nhà trường)",
          "Plan items with all three helices (government, business, academia)", "", "programme")
def _helix_full():
    from smartcity.programme.services.helix import coverage

    plan = _plan()
    if not plan:
        return None
    cov = coverage(plan)
    return float(cov["complete"]) if cov["items"] else None


@register("programme.helix_share", "Tỷ lệ nhiệm vụ có đủ Ba Nhà", "Share of plan items with all three helices", "%", "programme")
def _helix_share():
    from smartcity.programme.services.helix import coverage

    plan = _plan()
    if not plan:
        return None
    cov = coverage(plan)
    return round(100.0 * cov["complete"] / cov["items"], 1) if cov["items"] else None


# -- API ----------------------------------------------------------------------------------------
def registry() -> list[Kpi]:
    return list(_REGISTRY.values())


def get(key: str) -> Kpi | None:
    return _REGISTRY.get(key)


def exists(key: str) -> bool:
    return key in _REGISTRY


def value(key: str) -> float | None:
    """The KPI's value now; None when unknown or when its app or data is absent."""
    kpi = _REGISTRY.get(key)
    if kpi is None or (kpi.app and not _installed(kpi.app)):
        return None
    return kpi.fn()


def label(key: str) -> str:
    kpi = _REGISTRY.get(key)
    return kpi.label if kpi else key


def snapshot() -> list[dict]:
    """Every KPI with its current value (the API and the evidence form list them)."""
    return [{"key": k.key, "label_vi": k.label_vi, "label_en": k.label_en, "unit": k.unit, "value": value(k.key)}
            for k in _REGISTRY.values()]
