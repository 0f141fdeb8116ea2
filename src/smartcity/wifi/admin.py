"""Admin of the public Wi-Fi module (OwnedAdminMixin keeps the permission rule)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.wifi.models import Hotspot, RoadmapItem


@admin.register(Hotspot)
class HotspotAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["asset", "owner", "operator", "ssid", "capacity", "backhaul_mbps", "status", "venue_kind", "published"]
    list_filter = ["status", "operator", "venue_kind", "owner"]
    search_fields = ["asset__slug", "asset__name", "operator", "ssid"]
    raw_id_fields = ["asset", "ward"]


@admin.register(RoadmapItem)
class RoadmapItemAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "phase", "title_vi", "target_year", "planned_hotspots", "status", "published"]
    list_filter = ["phase", "status"]
    raw_id_fields = ["programme_item"]
