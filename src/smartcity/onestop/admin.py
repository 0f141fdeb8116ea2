"""Admin of the one-stop app: the reference tables (calendar, working rules, fields) and a
way in to every record. Staff work in the one-stop pages; the admin follows the same owner
rule (OwnedAdminMixin)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.onestop import models as m


class CalendarDayInline(admin.TabularInline):
    model = m.CalendarDay
    extra = 0


@admin.register(m.CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "confirmed", "seeded_at"]
    inlines = [CalendarDayInline]


@admin.register(m.WorkingRules)
class WorkingRulesAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "morning_start", "afternoon_end", "cutoff"]


@admin.register(m.ProcedureField)
class ProcedureFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en"]
    search_fields = ["code", "name_vi", "name_en"]


class RequiredDocumentInline(admin.TabularInline):
    model = m.RequiredDocument
    extra = 0


@admin.register(m.Procedure)
class ProcedureAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "field", "level", "owner"]
    list_filter = ["field", "level"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(m.ProcedureVersion)
class ProcedureVersionAdmin(SimpleHistoryAdmin):
    list_display = ["procedure", "number", "status", "valid_from", "rule_set", "time_limit_days"]
    list_filter = ["status", "rule_set"]
    inlines = [RequiredDocumentInline]


@admin.register(m.Dossier)
class DossierAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    """Lists show the masked identifiers only; the full record is read in the dossier page,
    which logs the access."""

    list_display = ["code", "procedure", "status", "channel", "applicant_name", "phone_masked", "received_at", "due_at", "current_unit"]
    list_filter = ["status", "channel", "rule_set"]
    search_fields = ["code", "applicant_name"]
    exclude = ["applicant_id_number", "applicant_phone", "applicant_email", "applicant_address", "lookup_secret"]
    readonly_fields = ["id_number_masked", "phone_masked"]


@admin.register(m.PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "dossier", "action", "fields", "ip"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
