"""Admin of the survey engine (OwnedAdminMixin keeps the permission rule). Recipients carry
answers: the admin shows them read-only; answering goes through the token only."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin, can_change
from smartcity.surveys.models import Campaign, Finding, Questionnaire, QuestionnaireVersion, Recipient


@admin.register(Questionnaire)
class QuestionnaireAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title_vi", "owner", "published", "created_at"]
    list_filter = ["owner", "published"]
    search_fields = ["code", "title_vi", "title_en"]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["questionnaire", "number", "state", "published_at", "owner"]
    list_filter = ["state", "owner"]

    def get_readonly_fields(self, request, obj=None):
        # a published version is frozen: its content cannot change here either
        return ["definition", "state", "number", "questionnaire"] if obj is not None and obj.frozen else ["state", "published_at"]


@admin.register(Campaign)
class CampaignAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title_vi", "owner", "version", "opens_at", "closes_at", "open_link"]
    list_filter = ["owner", "open_link"]
    raw_id_fields = ["version"]


@admin.register(Recipient)
class RecipientAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "enterprise", "channel", "state", "sent_at", "submitted_at", "reminders"]
    list_filter = ["state", "channel"]
    raw_id_fields = ["campaign", "enterprise"]
    readonly_fields = ["token", "answers", "profile", "state", "submitted_at", "saved_at", "opened_at"]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return can_change(request.user, obj.campaign)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False


@admin.register(Finding)
class FindingAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title_vi", "campaign", "severity", "priority", "owner"]
    list_filter = ["severity", "owner"]
    raw_id_fields = ["campaign", "author"]
    filter_horizontal = ["programme_items"]
