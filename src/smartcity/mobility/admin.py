"""Admin of the mobility app (feeds, vehicles, projects); the staff pages are the main UI.

Feed versions are read-only here: they are created by import and changed only by
activation (services/feeds.py), so that what is stored always matches what was validated.
"""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin, can_change
from smartcity.mobility.models import Feed, Milestone, RealtimeSource, TransportProject, ValidationNotice, Vehicle


class ValidationNoticeInline(admin.TabularInline):
    model = ValidationNotice
    fields = ["severity", "code", "count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Feed)
class FeedAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "version", "owner", "status", "errors", "warnings", "start_date", "end_date", "activated_at", "forced"]
    list_filter = ["status", "owner"]
    search_fields = ["name", "source_name", "sha256"]
    readonly_fields = [f.name for f in Feed._meta.fields if f.name not in ("published", "description")]
    inlines = [ValidationNoticeInline]

    def has_add_permission(self, request):
        return False  # feeds come from import (CLI, upload page, API)


@admin.register(Vehicle)
class VehicleAdmin(SimpleHistoryAdmin):
    list_display = ["label", "license_plate", "asset", "capacity", "fuel"]
    search_fields = ["label", "license_plate", "asset__slug", "asset__name"]
    raw_id_fields = ["asset"]

    def has_change_permission(self, request, obj=None):
        """A bus is changed by those who may change its hub asset."""
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return can_change(request.user, obj.asset)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["date", "title_vi", "title_en", "done"]


@admin.register(TransportProject)
class TransportProjectAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "kind", "status", "progress", "owner", "start_date", "end_date"]
    list_filter = ["kind", "status", "owner"]
    search_fields = ["code", "name_vi", "name_en"]
    inlines = [MilestoneInline]


@admin.register(RealtimeSource)
class RealtimeSourceAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    """GTFS-Realtime producers to poll or to accept pushes from (also `smartcity mobility rt-source-add`)."""

    list_display = ["name", "feed_name", "owner", "enabled", "interval_s", "last_polled_at"]
    list_filter = ["enabled", "owner"]
    search_fields = ["name", "feed_name"]
    readonly_fields = ["last_polled_at", "last_header_t", "last_error"]
