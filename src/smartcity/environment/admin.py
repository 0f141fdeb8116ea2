"""Admin of environmental monitoring. Owned records (stations, FTP accounts, permit limits)
follow the platform's permission rule through OwnedAdminMixin; history is kept for all."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.environment.models import IndexValue, LegalLimit, PermitLimit, QcFlag, Station, StationFile


@admin.register(Station)
class StationAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "asset", "kind", "owner", "river", "industrial_park", "published"]
    list_filter = ["kind", "owner"]
    search_fields = ["code", "asset__name", "short_name", "river", "industrial_park", "facility"]
    raw_id_fields = ["asset"]


@admin.register(StationFile)
class StationFileAdmin(admin.ModelAdmin):
    list_display = ["name", "station", "outcome", "lines", "stored", "replaced", "rejected", "received_at"]
    list_filter = ["outcome"]
    search_fields = ["name"]
    readonly_fields = [f.name for f in StationFile._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(QcFlag)
class QcFlagAdmin(SimpleHistoryAdmin):
    list_display = ["datastream", "t", "rule", "state", "value", "decided_by"]
    list_filter = ["rule", "state"]
    raw_id_fields = ["datastream"]


@admin.register(IndexValue)
class IndexValueAdmin(admin.ModelAdmin):
    list_display = ["station", "kind", "t", "value", "dominant", "band"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False


@admin.register(LegalLimit)
class LegalLimitAdmin(SimpleHistoryAdmin):
    list_display = ["regulation", "station_kind", "quantity", "averaging", "limit_min", "limit_max", "unit", "valid_from", "valid_to"]
    list_filter = ["regulation", "station_kind", "averaging"]


@admin.register(PermitLimit)
class PermitLimitAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["station", "quantity", "averaging", "limit_min", "limit_max", "unit", "valid_from", "valid_to", "permit_ref"]
    list_filter = ["averaging"]
    raw_id_fields = ["station"]
