"""Admin of the innovation module (OwnedAdminMixin keeps the permission rule). Proposers'
contacts are shown to staff only here and on the review page; supports hold no address."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.innovation import models as m


class TeamInline(admin.TabularInline):
    model = m.TeamMember
    extra = 0


class ProductInline(admin.TabularInline):
    model = m.Product
    extra = 0


class FundingInline(admin.TabularInline):
    model = m.FundingRound
    extra = 0


@admin.register(m.Startup)
class StartupAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "stage", "founded", "owner", "published"]
    list_filter = ["stage", "owner", "published"]
    search_fields = ["name", "slug", "search_text"]
    filter_horizontal = ["universities", "mentors"]
    raw_id_fields = ["enterprise", "sector", "unit"]
    inlines = [TeamInline, ProductInline, FundingInline]


@admin.register(m.Mentor)
class MentorAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "expertise", "organisation", "owner"]
    search_fields = ["name", "expertise"]


class MilestoneInline(admin.TabularInline):
    model = m.Milestone
    extra = 0


@admin.register(m.Programme)
class ProgrammeAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "starts", "ends", "owner"]
    filter_horizontal = ["startups"]
    inlines = [MilestoneInline]


@admin.register(m.MentoringSession)
class SessionAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["startup", "mentor", "at", "topic", "owner"]
    date_hierarchy = "at"
    raw_id_fields = ["startup", "mentor", "programme"]


@admin.register(m.Event)
class EventAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts", "registrations", "owner"]
    list_filter = ["kind"]


@admin.register(m.Centre)
class CentreAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation", "owner"]


class TransitionInline(admin.TabularInline):
    model = m.Transition
    extra = 0
    readonly_fields = ["from_state", "to_state", "at", "by", "reason"]
    can_delete = False


@admin.register(m.Initiative)
class InitiativeAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["reference", "title", "category", "state", "supports_count", "submitted_at"]
    list_filter = ["state", "category"]
    search_fields = ["reference", "search_text"]
    readonly_fields = ["state", "supports_count", "email_verified_at", "submitted_at", "published_at"]
    raw_id_fields = ["unit"]
    inlines = [TransitionInline]
