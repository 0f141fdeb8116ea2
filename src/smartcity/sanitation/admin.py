"""Admin of the smart bins and waste collection module (OwnedAdminMixin keeps the permission rule)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.sanitation.models import Bin, Collection, CollectionPlan, Depot, DisposalSite, PlannedRoute, RoadGraph, Truck


@admin.register(Bin)
class BinAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("code", "zone", "waste_kind", "capacity_l", "threshold_pct", "last_emptied_at", "owner")
    list_filter = ("waste_kind", "zone", "owner")
    search_fields = ("code", "asset__name")
    raw_id_fields = ("asset",)


@admin.register(Truck)
class TruckAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("plate", "model_name", "capacity", "capacity_unit", "depot", "driver", "active", "owner")


@admin.register(Depot, DisposalSite, RoadGraph)
class PlaceAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "owner", "published")


@admin.register(CollectionPlan)
class PlanAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "state", "distance_m", "feasible", "owner")
    list_filter = ("state", "shift", "owner")


@admin.register(PlannedRoute)
class RouteAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "truck", "driver", "distance_m", "load")


@admin.register(Collection)
class CollectionAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("bin", "collected_at", "fill_before_pct", "weight_kg", "truck", "recorded_by")
    raw_id_fields = ("bin", "stop")
