"""Admin of the rainwater reservoirs module (OwnedAdminMixin keeps the permission rule).
Stage-storage rows are shown read-only: a table changes as a whole through the import or
the API, which check it and recompute the volumes."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.water.models import Reservoir, StageRow, StageTable


class StageRowInline(admin.TabularInline):
    model = StageRow
    extra = 0
    fields = ["level", "volume"]
    readonly_fields = ["level", "volume"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reservoir)
class ReservoirAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["asset", "kind", "owner", "crest_level", "min_operating_level", "capacity_m3", "rain_gauge"]
    list_filter = ["kind", "owner"]
    raw_id_fields = ["asset", "rain_gauge"]


@admin.register(StageTable)
class StageTableAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["reservoir", "valid_from", "source", "owner"]
    inlines = [StageRowInline]
