from django.contrib import admin
from django.db import models
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.models import AdministrativeUnit, ApiToken, Organisation, User
from smartcity.core.permissions import OwnedAdminMixin, is_coordinator


@admin.register(Organisation)
class OrganisationAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "abbreviation", "name_vi", "name_en", "kind", "helix", "is_coordinator"]
    list_filter = ["kind", "helix", "is_coordinator"]
    search_fields = ["code", "abbreviation", "name_vi", "name_en"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def get_readonly_fields(self, request, obj=None):
        if is_coordinator(request.user):
            return []
        return ["code", "kind", "helix", "parent", "is_coordinator"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "level", "unit_type", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "valid_from", "valid_to"]
    search_fields = ["code", "name_vi", "name_en"]

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_staff", "is_active"]
    list_filter = ["organisation", "role", "is_staff", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Organisation and role"), {"fields": ("organisation", "role")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Organisation and role"), {"fields": ("organisation", "role")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]

    def has_add_permission(self, request):
        return False  # tokens are issued in the UI, where the key is shown once
