"""Admin of the research app (OwnedAdminMixin keeps the permission rule)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.research.models import (Booking, Closure, Course, CourseEmployer, Equipment, Indicator, Lab, Pilot, PilotPartner,
                                       ProjectOutput, ResearchProject)


class EquipmentInline(admin.TabularInline):
    model = Equipment
    fields = ["name_vi", "name_en", "model", "quantity", "status", "hourly_fee_vnd", "bookable", "owner"]
    extra = 0


@admin.register(Lab)
class LabAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name_vi", "owner", "field", "opens", "closes", "open_days", "published"]
    list_filter = ["owner", "published"]
    search_fields = ["slug", "name_vi", "name_en", "field"]
    inlines = [EquipmentInline]


@admin.register(Closure)
class ClosureAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["lab", "start", "end", "reason"]
    raw_id_fields = ["lab"]


@admin.register(Booking)
class BookingAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["lab", "equipment", "start", "end", "status", "contact_name", "decided_by"]
    list_filter = ["status", "owner"]
    date_hierarchy = "start"
    raw_id_fields = ["lab", "equipment", "requester", "decided_by"]


class PartnerInline(admin.TabularInline):
    model = PilotPartner
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["name_vi", "unit", "baseline", "target", "measured", "datastream", "stat", "owner"]
    raw_id_fields = ["datastream"]
    extra = 0


@admin.register(Pilot)
class PilotAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title_vi", "owner", "status", "start", "end", "published"]
    list_filter = ["status", "owner"]
    filter_horizontal = ["assets"]
    inlines = [PartnerInline, IndicatorInline]


class OutputInline(admin.TabularInline):
    model = ProjectOutput
    extra = 0


@admin.register(ResearchProject)
class ResearchProjectAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title_vi", "owner", "status", "start", "end"]
    list_filter = ["status", "owner"]
    search_fields = ["code", "title_vi", "title_en", "principal_investigator"]
    filter_horizontal = ["partners", "plan_items"]
    inlines = [OutputInline]


class EmployerInline(admin.TabularInline):
    model = CourseEmployer
    raw_id_fields = ["enterprise"]
    extra = 0


@admin.register(Course)
class CourseAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title_vi", "owner", "topic", "start", "end", "participants", "completed"]
    list_filter = ["topic", "mode", "owner"]
    search_fields = ["code", "title_vi", "title_en"]
    inlines = [EmployerInline]
