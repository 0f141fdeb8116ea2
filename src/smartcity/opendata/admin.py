"""Admin of the open data catalogue (OwnedAdminMixin keeps the permission rule): staff
publish or withdraw datasets and enter datasets held elsewhere by hand."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.opendata.models import ApiKey, Dataset, Licence, Resource


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    fields = ["key", "position", "title_vi", "title_en", "format", "media_type", "url", "generator", "byte_size"]
    readonly_fields = ["generator", "byte_size"]


@admin.register(Dataset)
class DatasetAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["slug", "title_vi", "owner", "theme", "licence", "source_key", "published", "modified"]
    list_filter = ["published", "theme", "owner", "licence"]
    search_fields = ["slug", "title_vi", "title_en", "search_text"]
    readonly_fields = ["uuid", "source_key"]
    inlines = [ResourceInline]


@admin.register(Licence)
class LicenceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "url", "open"]


@admin.register(ApiKey)
class ApiKeyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]
