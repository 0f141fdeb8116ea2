"""Admin of the maintenance work orders module (OwnedAdminMixin keeps the permission rule).
The automatic work-order rules are configured here; work orders themselves move through
their steps on the pages and the API (services keep the timeline), so the admin shows
them read-only."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.maintenance.models import AutoRule, WorkOrder, WorkOrderEvent


@admin.register(AutoRule)
class AutoRuleAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "owner", "asset_type", "fault_types", "min_severity", "priority", "clear_alerts_on_fix", "enabled")
    list_filter = ("enabled", "asset_type", "owner")
    search_fields = ("name", "fault_types")


class EventInline(admin.TabularInline):
    model = WorkOrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "at", "user", "from_state", "to_state", "note", "alert")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ("id", "title", "state", "priority", "fault_type", "asset", "assigned_to", "raised_at", "fixed_at", "closed_at")
    list_filter = ("state", "priority", "source", "owner")
    search_fields = ("title", "fault_type", "asset__slug", "asset__name")
    inlines = [EventInline]
    readonly_fields = [f.name for f in WorkOrder._meta.fields if f.name not in ("description", "published")]
    raw_id_fields = ("asset", "assigned_to", "created_by")
