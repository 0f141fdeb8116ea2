"""Admin of the enterprise register (the permission rule through OwnedAdminMixin)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartcity.core.permissions import OwnedAdminMixin
from smartcity.economy.models import (DuplicateCandidate, Enterprise, EnterpriseAccessLog, EnterpriseLink, ForeignInvestor,
                                      ImportBatch, IndustrialPark, MergeRecord, Sector)


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "level", "name_vi", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(IndustrialPark)
class IndustrialParkAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name_vi", "code", "area_ha", "leasable_ha", "leased_ha", "management_board"]
    search_fields = ["name_vi", "name_en", "code"]


class InvestorInline(admin.TabularInline):
    model = ForeignInvestor
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(OwnedAdminMixin, SimpleHistoryAdmin):
    list_display = ["tax_code", "name_vi", "legal_form", "status", "industrial_park", "size_class", "foreign_invested"]
    list_filter = ["status", "legal_form", "size_class", "foreign_invested", "sector_section"]
    search_fields = ["tax_code", "name_vi", "name_en", "search_text"]
    raw_id_fields = ["unit", "former_unit", "industrial_park", "main_sector"]
    filter_horizontal = ["sectors"]
    inlines = [InvestorInline]

    def has_add_permission(self, request):
        from smartcity.economy.access import may_edit

        return may_edit(request.user)  # the register is kept by DPI (and the Smart City Office)


@admin.register(EnterpriseLink)
class EnterpriseLinkAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "content_type", "object_id", "role", "method", "created_at"]
    list_filter = ["role", "method", "content_type"]
    raw_id_fields = ["enterprise"]


@admin.register(EnterpriseAccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "organisation", "enterprise", "field_group", "channel"]
    list_filter = ["field_group", "channel"]
    raw_id_fields = ["enterprise", "user"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


admin.site.register(ImportBatch)
admin.site.register(DuplicateCandidate)
admin.site.register(MergeRecord)
