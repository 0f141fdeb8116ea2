"""Admin of the GIS app: a way in to layers, features, imports and planning checks, under
the owner rule."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.gis import models as m


@admin.register(m.Layer)
class LayerAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["key", "title_vi", "kind", "geometry_type", "source_crs", "version", "feature_count", "owner", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["key", "title_vi", "title_en"]


@admin.register(m.Feature)
class FeatureAdmin(SimpleHistoryAdmin):
    list_display = ["layer", "fid", "area", "updated_at"]
    list_filter = ["layer"]
    search_fields = ["fid"]


@admin.register(m.ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["layer", "file_name", "file_format", "status", "progress", "imported", "repaired", "rejected", "created_at"]


@admin.register(m.PlanningCheck)
class PlanningCheckAdmin(SimpleHistoryAdmin):
    list_display = ["dossier", "use", "floors", "height_m", "coverage_pct", "result", "checked_at"]
