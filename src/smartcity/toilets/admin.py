"""Admin of the smart public toilets module (OwnedAdminMixin keeps the permission rule)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.toilets.models import CleaningRound, Toilet


@admin.register(Toilet)
class ToiletAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["asset", "owner", "cubicles_men", "cubicles_women", "cubicles_accessible", "opens", "closes", "fee_vnd", "published"]
    list_filter = ["owner", "published"]
    search_fields = ["asset__slug", "asset__name", "operator"]
    raw_id_fields = ["asset"]


@admin.register(CleaningRound)
class CleaningRoundAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["toilet", "planned_at", "kind", "state", "done_at", "done_by"]
    list_filter = ["state", "kind", "owner"]
    date_hierarchy = "planned_at"
    raw_id_fields = ["toilet", "alert", "cleaner", "done_by"]
