"""Admin of the schools programme (OwnedAdminMixin keeps the permission rule)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.schools.models import Assessment, CriteriaSet, School, SchoolMembership


class MembershipInline(admin.TabularInline):
    model = SchoolMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(School)
class SchoolAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "former_unit", "unit", "pupils", "joined_year", "status", "published"]
    list_filter = ["status", "former_unit", "published"]
    search_fields = ["code", "name_vi", "name_en", "address"]
    raw_id_fields = ["unit", "former_unit"]
    inlines = [MembershipInline]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["school_year", "version", "title_vi", "status", "published_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.frozen:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Assessment)
class AssessmentAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["school", "school_year", "state", "self_total", "dept_total", "decided_at"]
    list_filter = ["school_year", "state"]
    search_fields = ["school__name_vi", "school__code"]
    raw_id_fields = ["school", "criteria_set", "submitted_by", "evaluated_by", "decided_by"]
    readonly_fields = ["state", "self_total", "dept_total"]
