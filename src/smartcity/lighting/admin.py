"""Admin of the street lighting module (OwnedAdminMixin keeps the permission rule). Saving a
luminaire or cabinet here creates or refreshes its hub asset, as the API and the import do."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin, can_change
from smartcity.lighting import services
from smartcity.lighting.models import (
    Cabinet, Calendar, CalendarRule, Circuit, Command, ControlProgram, LightingGroup, Luminaire, Pole,
)


class CircuitInline(admin.TabularInline):
    model = Circuit
    extra = 0
    fields = ["code", "name", "phase", "owner"]


@admin.register(Cabinet)
class CabinetAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "phases", "rated_kva", "owner", "published"]
    list_filter = ["owner", "phases"]
    search_fields = ["code", "name", "address", "meter_number"]
    raw_id_fields = ["asset"]
    inlines = [CircuitInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.ensure_cabinet_asset(obj)


@admin.register(LightingGroup)
class LightingGroupAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "calendar", "owner", "published"]
    list_filter = ["owner", "calendar"]
    search_fields = ["code", "name"]


@admin.register(Pole)
class PoleAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "street", "latitude", "longitude", "height_m", "owner"]
    list_filter = ["owner"]
    search_fields = ["code", "street"]


@admin.register(Luminaire)
class LuminaireAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "technology", "rated_power_w", "replaced_technology", "replaced_power_w", "group", "controller_id", "owner"]
    list_filter = ["technology", "replaced_technology", "owner", "group"]
    search_fields = ["code", "controller_id", "model_name", "pole__street"]
    raw_id_fields = ["asset", "pole", "circuit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.ensure_luminaire_asset(obj)


@admin.register(ControlProgram)
class ControlProgramAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "owner", "published"]
    search_fields = ["code", "name"]


class CalendarRuleInline(admin.TabularInline):
    model = CalendarRule
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "switching", "on_offset_min", "off_offset_min", "default_program", "owner"]
    inlines = [CalendarRuleInline]


@admin.register(Command)
class CommandAdmin(admin.ModelAdmin):
    list_display = ["created_at", "controller_id", "action", "level", "transport", "state", "acked_at"]
    list_filter = ["state", "action", "transport"]
    search_fields = ["controller_id", "luminaire__code"]
    readonly_fields = [f.name for f in Command._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and can_change(request.user, obj)
