"""Admin of environmental monitoring. Owned records (stations, FTP accounts, permit limits)
follow the platform's permission rule through OwnedAdminMixin; history is kept for all."""
from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.environment.models import FtpAccount, IndexValue, LegalLimit, PermitLimit, QcFlag, Station, StationFile


@admin.register(Station)
class StationAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "asset", "kind", "owner", "river", "industrial_park", "published"]
    list_filter = ["kind", "owner"]
    search_fields = ["code", "asset__name", "short_name", "river", "industrial_park", "facility"]
    raw_id_fields = ["asset"]


@admin.register(StationFile)
class StationFileAdmin(admin.ModelAdmin):
    list_display = ["name", "station", "outcome", "lines", "stored", "replaced", "rejected", "received_at"]
    list_filter = ["outcome"]
    search_fields = ["name"]
    readonly_fields = [f.name for f in StationFile._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(QcFlag)
class QcFlagAdmin(SimpleHistoryAdmin):
    list_display = ["datastream", "t", "rule", "state", "value", "decided_by"]
    list_filter = ["rule", "state"]
    raw_id_fields = ["datastream"]


@admin.register(IndexValue)
class IndexValueAdmin(admin.ModelAdmin):
    list_display = ["station", "kind", "t", "value", "dominant", "band"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False


@admin.register(LegalLimit)
class LegalLimitAdmin(SimpleHistoryAdmin):
    list_display = ["regulation", "station_kind", "quantity", "averaging", "limit_min", "limit_max", "unit", "valid_from", "valid_to"]
    list_filter = ["regulation", "station_kind", "averaging"]


@admin.register(PermitLimit)
class PermitLimitAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["station", "quantity", "averaging", "limit_min", "limit_max", "unit", "valid_from", "valid_to", "permit_ref"]
    list_filter = ["averaging"]
    raw_id_fields = ["station"]


class FtpAccountAdminForm(forms.ModelForm):
    """The hash is never shown; a new password may be set (stored hashed)."""

    new_password = forms.CharField(required=False, min_length=12, strip=False, widget=forms.PasswordInput(render_value=False))

    class Meta:
        fields = ["username", "owner", "stations", "active", "published"]


@admin.register(FtpAccount)
class FtpAccountAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    form = FtpAccountAdminForm
    list_display = ["username", "owner", "active", "last_login_at"]
    list_filter = ["active", "owner"]
    search_fields = ["username", "stations__code"]
    filter_horizontal = ["stations"]
    readonly_fields = ["last_login_at"]
    exclude = ["password_hash"]
    history_list_display = ["active"]

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("new_password"):
            obj.set_password(form.cleaned_data["new_password"])
        super().save_model(request, obj, form, change)
