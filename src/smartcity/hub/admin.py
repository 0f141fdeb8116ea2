"""Admin of the hub. The registries are read-only mirrors of the code (coordinators tune the
retention and interval of asset types); assets, datastreams and device tokens follow the
platform's permission rule through OwnedAdminMixin. A device token's key is shown once,
in a message, when it is created here."""
from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin, can_change, is_coordinator, writable_owners
from smartcity.core.tokens import hash_key, key_prefix, new_key
from smartcity.hub.models import Asset, AssetType, Correction, Datastream, DeviceToken, Quantity
from smartcity.hub.services import revoke_device_token


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible to staff, changed only by code."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff


@admin.register(Quantity)
class QuantityAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_vi", "name_en", "unit"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(AssetType)
class AssetTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "ngsi_type", "default_interval_s", "retention_days"]
    search_fields = ["code", "name_vi", "name_en"]
    readonly_fields = ["code", "name_vi", "name_en", "ngsi_type", "attribute_map"]
    fields = ["code", "name_vi", "name_en", "ngsi_type", "attribute_map", "default_interval_s", "retention_days"]

    def has_add_permission(self, request):
        return False  # types come from the code registry

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff


class DatastreamInline(admin.TabularInline):
    model = Datastream
    fields = ["quantity", "unit", "expected_interval_s", "retention_days"]
    readonly_fields = ["unit"]
    extra = 0
    show_change_link = True

    def _may(self, request, obj):
        return obj is None or can_change(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a datastream deletes its readings: done on its own page

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(Asset)
class AssetAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["slug", "name", "asset_type", "owner", "admin_unit", "active", "published"]
    list_filter = ["asset_type", "owner", "active", "published"]
    search_fields = ["slug", "name", "name_en", "address"]
    list_select_related = ["asset_type", "owner", "admin_unit"]
    autocomplete_fields = []
    inlines = [DatastreamInline]
    fieldsets = [
        (None, {"fields": ["slug", "asset_type", "name", "name_en", "owner", "published", "active"]}),
        (_("Location"), {"fields": ["latitude", "longitude", "geometry", "admin_unit", "address"]}),
        (_("Device"), {"fields": ["properties", "attribute_map", "retention_days"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []  # the stable id devices and links use

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            ds = inline_form.instance
            if inline_form.has_changed() and getattr(ds, "quantity_id", None) and not ds.unit:
                ds.unit = ds.quantity.unit
        super().save_formset(request, form, formset, change)



class DatastreamForm(forms.ModelForm):
    class Meta:
        model = Datastream
        fields = ["asset", "quantity", "expected_interval_s", "retention_days"]

    def save(self, commit=True):
        self.instance.unit = self.instance.quantity.unit  # readings are stored in the canonical unit
        return super().save(commit)


@admin.register(Datastream)
class DatastreamAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    form = DatastreamForm
    list_display = ["id", "asset", "quantity", "unit", "expected_interval_s", "retention_days"]
    list_filter = ["quantity", "asset__asset_type", "asset__owner"]
    search_fields = ["asset__slug", "asset__name", "quantity__code"]
    list_select_related = ["asset", "quantity"]
    raw_id_fields = ["asset"]

    def get_readonly_fields(self, request, obj=None):
        return ["asset", "quantity", "unit"] if obj is not None else ["unit"]

    def get_fields(self, request, obj=None):
        fields = ["asset", "quantity", "expected_interval_s", "retention_days"]
        return fields + ["unit"] if obj is not None else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "asset" and not is_coordinator(request.user):
            kwargs["queryset"] = Asset.objects.filter(owner__in=writable_owners(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)



class DeviceTokenForm(forms.ModelForm):
    class Meta:
        model = DeviceToken
        fields = ["name", "owner", "assets", "all_owner_assets"]

    def clean(self):
        data = super().clean()
        owner = data.get("owner") or getattr(self.instance, "owner", None)
        assets = data.get("assets")
        if owner is not None and assets is not None:
            foreign = [a.slug for a in assets if a.owner_id != owner.pk]
            if foreign:
                self.add_error("assets", gettext("Asset %(slug)s belongs to another organisation.") % {"slug": foreign[0]})
        if not data.get("all_owner_assets") and assets is not None and not assets:
            self.add_error("assets", gettext("Name the assets this token may write to, or tick all assets of the owner."))
        return data


@admin.register(DeviceToken)
class DeviceTokenAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    form = DeviceTokenForm
    list_display = ["name", "owner", "prefix", "all_owner_assets", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["owner", "all_owner_assets", "revoked_at"]
    search_fields = ["name", "prefix"]
    filter_horizontal = ["assets"]
    actions = ["revoke_tokens"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["owner", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "owner", "assets", "all_owner_assets"]
        return ["name", "owner", "assets", "all_owner_assets", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "assets" and not is_coordinator(request.user):
            kwargs["queryset"] = Asset.objects.filter(owner__in=writable_owners(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        key = None
        if not change:
            key = new_key("dv")
            obj.prefix, obj.key_hash, obj.created_by = key_prefix(key), hash_key(key), request.user
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(request, gettext("The key of device token “%(name)s”, shown only now: %(key)s")
                             % {"name": obj.name, "key": key})

    @admin.action(description=_("Revoke the selected device tokens"))
    def revoke_tokens(self, request, queryset):
        done = 0
        for token in queryset:
            if can_change(request.user, token) and token.revoked_at is None:
                revoke_device_token(token)
                done += 1
        self.message_user(request, gettext("%(count)d token(s) revoked.") % {"count": done})


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["datastream", "t", "old_value", "new_value", "old_status", "new_status", "source", "at"]
    list_filter = ["source"]
    list_select_related = ["datastream__asset"]
    raw_id_fields = ["datastream"]
