"""Admin: rules follow the platform rule (OwnedAdminMixin); alerts and deliveries are
read here and changed through the alert pages and the API."""
from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from smartcity.alerts import services
from smartcity.alerts.models import Alert, AlertEvent, AlertRule, Delivery, NotificationPreference
from smartcity.alerts.params import clean_rule
from smartcity.core.permissions import OwnedAdminMixin


class AlertRuleAdminForm(forms.ModelForm):
    class Meta:
        model = AlertRule
        fields = "__all__"

    def clean(self):
        data = super().clean()
        params, errors = clean_rule(kind=data.get("kind"), target=data.get("target"), asset_type=data.get("asset_type"),
                                    asset=data.get("asset"), datastream=data.get("datastream"), quantity=data.get("quantity"),
                                    params=data.get("params") or {})
        for field, items in errors.items():
            name = field if field in self.fields else ("params" if field.startswith("params") else None)
            for _code, message in items:
                self.add_error(name, f"{field}: {message}" if name == "params" else message)
        data["params"] = params
        return data


@admin.register(AlertRule)
class AlertRuleAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    form = AlertRuleAdminForm
    list_display = ["name", "owner", "kind", "target", "asset_type", "quantity", "severity", "enabled"]
    list_filter = ["kind", "severity", "enabled", "owner"]
    search_fields = ["name"]
    raw_id_fields = ["asset", "datastream"]

    def save_model(self, request, obj, form, change):
        before = services.snapshot(AlertRule.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        services.rule_changed(obj, before, request.user)

    def delete_model(self, request, obj):
        services.delete_rule(obj, request.user)


class AlertEventInline(admin.TabularInline):
    model = AlertEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "at", "data_at", "user", "value", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["id", "rule_name", "asset", "state", "severity", "first_at", "last_at"]
    list_filter = ["state", "severity", "kind", "owner"]
    search_fields = ["rule_name", "asset__slug", "asset__name"]
    inlines = [AlertEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["user", "organisation", "asset_type", "min_severity", "by_email", "by_webhook", "active"]
    list_filter = ["min_severity", "by_email", "by_webhook", "active"]
    raw_id_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = \
        lambda self, request, obj=None: request.user.is_superuser


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "alert", "event", "channel", "target", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
