"""Admin of the programme app: the reference tables (plans, statuses, ICF frameworks) and a
way in to every record. Units work in the programme pages; the admin follows the same
owner rule (OwnedAdminMixin)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.programme import models as m


class ParticipantInline(admin.TabularInline):
    model = m.ItemParticipant
    extra = 0
    autocomplete_fields = ["organisation"]


class MilestoneInline(admin.TabularInline):
    model = m.Milestone
    extra = 0


@admin.register(m.Plan)
class PlanAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title_vi", "issued_on", "year", "rollup", "progress"]
    readonly_fields = ["progress"]


@admin.register(m.ItemStatus)
class ItemStatusAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "key", "name_vi", "name_en", "progress", "closed", "position"]
    list_filter = ["plan"]


@admin.register(m.Item)
class ItemAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title_vi", "kind", "owner", "status", "progress", "weight", "deadline"]
    list_filter = ["plan", "kind", "owner", "status", "strategic"]
    search_fields = ["number", "title_vi", "title_en", "text_vi"]
    readonly_fields = ["progress"]
    inlines = [ParticipantInline, MilestoneInline]


for model in (m.UnitPlan, m.ProgressReport, m.Escalation, m.Meeting, m.IcfApplication, m.IcfAnswer, m.Event, m.Membership):
    admin.site.register(model, type(f"{model.__name__}Admin", (OwnedAdminMixin, SimpleHistoryAdmin), {"list_display": ["__str__", "owner"]}))

for model in (m.ReportSchedule, m.Decision, m.IcfFramework, m.IcfFactor, m.IcfQuestion, m.IcfAssignment, m.IcfScore):
    admin.site.register(model, SimpleHistoryAdmin)
