"""Enterprise API under /api/economy/enterprises (lookup: the tax code).

Reading is open; each record answers with the field groups the caller may see (`access`):
public fields for everybody, employees, capital, investors and contacts for users of
government bodies, internal notes and links for the owner department (DPI) and the Smart
City Office. Every answer that carries restricted fields is written to the access log.
Filters: search (diacritics and case ignored), sector (section letter or VSIC code
prefix), park, unit, former_unit, legal_form, status, size, foreign, country, owner.
Creating and changing records: editors of DPI and the Smart City Office."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.core.permissions import visible
from smartcity.economy import access, exporter, links, merge, search, taxcode
from smartcity.economy.importer import tax_code_message
from smartcity.economy.models import Channel, Enterprise, ForeignInvestor, IndustrialPark, Sector

FILTER_PARAMS = [
    OpenApiParameter("search", str, description="Words of a name, short name, tax code or address; diacritics and case ignored"),
    OpenApiParameter("sector", str, description="VSIC 2018 section letter (C) or code prefix (10, 1410)"),
    OpenApiParameter("park", str, description="Industrial park code, or 'none'"),
    OpenApiParameter("unit", str, description="Ward or commune code (since 1 July 2025)"),
    OpenApiParameter("former_unit", str, description="Former district code (718-726)"),
    OpenApiParameter("legal_form", str), OpenApiParameter("status", str),
    OpenApiParameter("size", str, description="micro, small, medium, large (Decree 80/2021/NĐ-CP)"),
    OpenApiParameter("foreign", bool), OpenApiParameter("country", str, description="Investor country, ISO 3166 alpha-2"),
    OpenApiParameter("owner", str),
]


class InvestorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForeignInvestor
        fields = ["name", "country", "capital_usd", "share_pct"]


class EnterpriseSerializer(serializers.ModelSerializer):
    tax_code = serializers.CharField(max_length=20, help_text=_("10 digits, or 10 digits, '-' and 3 digits for a branch"))
    main_sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), required=False, allow_null=True)
    sectors = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), many=True, required=False)
    industrial_park = serializers.SlugRelatedField(slug_field="code", queryset=IndustrialPark.objects.all(), required=False, allow_null=True)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.filter(valid_to__isnull=True),
                                        required=False, allow_null=True)
    former_unit = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.filter(level="district"),
                                               required=False, allow_null=True)
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="tax_code", read_only=True)
    investors = InvestorSerializer(many=True, read_only=True)
    investor_countries = serializers.SerializerMethodField()
    access = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = ["tax_code", "name_vi", "name_en", "short_name", "legal_form", "status", "established", "address", "unit",
                  "former_unit", "industrial_park", "main_sector", "sectors", "sector_section", "size_class", "foreign_invested",
                  "investor_countries", "website", "employees", "registered_capital_vnd", "invested_capital_usd",
                  "annual_revenue_vnd", "investors", "representative", "contact_phone", "contact_email", "notes", "published",
                  "owner", "merged_into", "access", "created_at", "updated_at"]
        read_only_fields = ["sector_section", "size_class", "created_at", "updated_at"]

    def _groups(self, obj):
        return self.context["groups_of"](obj) if "groups_of" in self.context else access.groups_for(None)

    def get_investor_countries(self, obj) -> list[str]:
        return sorted({i.country for i in obj.investors.all()})

    def get_access(self, obj) -> list[str]:
        return self._groups(obj)

    def to_representation(self, obj):
        data = super().to_representation(obj)
        allowed = access.visible_fields(self._groups(obj)) | {"access", "created_at", "updated_at"}
        return {k: v for k, v in data.items() if k in allowed}

    def validate_tax_code(self, value):
        check = taxcode.validate(value)
        if not check.valid:
            raise serializers.ValidationError(tax_code_message(check.reason), code=check.reason)
        qs = Enterprise.objects.filter(tax_code=check.code)
        if self.instance is not None:
            if check.code != self.instance.tax_code:
                raise serializers.ValidationError(_g("A record keeps its tax code; merge records instead."), code="immutable")
            return check.code
        if qs.exists():
            raise serializers.ValidationError(_g("An enterprise with this tax code exists."), code="unique")
        return check.code

    def create(self, validated):
        sectors = validated.pop("sectors", None)
        e = super().create(validated)
        e.sectors.set(sectors or ([e.main_sector] if e.main_sector_id else []))
        return e

    def update(self, instance, validated):
        sectors = validated.pop("sectors", None)
        e = super().update(instance, validated)
        if sectors is not None:
            e.sectors.set(sectors)
        return e


class MergeSerializer(serializers.Serializer):
    merged = serializers.CharField(help_text=_("Tax code of the record merged into this one"))
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(list=extend_schema(parameters=FILTER_PARAMS))
class EnterpriseViewSet(viewsets.ModelViewSet):
    """The shared enterprise register; see the module docstring for access levels."""

    serializer_class = EnterpriseSerializer
    lookup_field = "tax_code"
    lookup_value_regex = r"[0-9]{10}(-[0-9]{3})?"
    queryset = Enterprise.objects.none()
    filter_backends: list = []
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # a record is dissolved or merged, not deleted

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enterprise.objects.none()
        qs = visible(Enterprise.objects.all(), self.request.user)
        if self.action == "list":
            qs = qs.filter(merged_into__isnull=True)
        return qs.select_related("owner", "main_sector", "industrial_park", "unit", "former_unit", "merged_into").prefetch_related(
            "sectors", "investors").order_by("name_vi", "pk")

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        user = self.request.user
        cache = {}

        def groups_of(obj):
            if obj.owner_id not in cache:
                cache[obj.owner_id] = access.groups_for(user, obj.owner_id)
            return cache[obj.owner_id]

        ctx["groups_of"] = groups_of
        return ctx

    def _log(self, objs):
        user = self.request.user
        by_groups = {}
        for o in objs:
            by_groups.setdefault(tuple(access.groups_for(user, o.owner_id)), []).append(o)
        for groups, items in by_groups.items():
            access.log(user, items, groups, Channel.API, self.request.get_full_path())

    def list(self, request, *args, **kwargs):
        errors = search.invalid_filters(request.query_params)
        if errors:
            raise exceptions.ValidationError({e["field"]: [exceptions.ErrorDetail(_g("Unknown value; allowed: %(a)s") % {
                "a": ", ".join(e["allowed"])}, code=e["code"])] for e in errors})
        qs, used = search.apply_filters(self.get_queryset(), request.query_params)
        qs = search.by_name(qs, used)
        page = self.paginate_queryset(qs)
        rows = page if page is not None else list(qs)
        self._log(rows)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self._log([obj])
        data = self.get_serializer(obj).data
        if "owner" in access.groups_for(request.user, obj.owner_id):
            data["links"] = links.describe(obj.links.all())
        return Response(data)

    def perform_create(self, serializer):
        if not access.may_edit(self.request.user):
            raise exceptions.PermissionDenied(_g("Only the Department of Planning and Investment and the Smart City Office edit the enterprise register."))
        serializer.save(owner=Organisation.objects.get(code=access.OWNER_CODE))

    @extend_schema(request=MergeSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="merge")
    def merge(self, request, tax_code=None):
        """Merge the record `merged` into this one (links moved, history kept)."""
        kept = self.get_object()
        if not access.may_edit(request.user):
            raise exceptions.PermissionDenied(_g("Only the Department of Planning and Investment and the Smart City Office edit the enterprise register."))
        s = MergeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        other = Enterprise.objects.filter(tax_code=taxcode.normalise(s.validated_data["merged"])).first()
        if other is None:
            raise exceptions.ValidationError({"merged": [exceptions.ErrorDetail(_g("No enterprise with this tax code."), code="not_found")]})
        try:
            record = merge.merge(kept, other, request.user, s.validated_data["note"])
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"merged": [exceptions.ErrorDetail(exc.messages[0], code=exc.code or "invalid")]}) from None
        return Response({"kept": kept.tax_code, "merged": other.tax_code, "moved": record.moved, "at": record.at.isoformat()})

    @extend_schema(parameters=FILTER_PARAMS + [OpenApiParameter("file", str, enum=["xlsx", "csv"])],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        """The filtered list as Excel (default) or CSV, with the columns the caller may see."""
        qs, _used = search.apply_filters(self.get_queryset().filter(merged_into__isnull=True), request.query_params)
        fmt = "csv" if request.query_params.get("file") == "csv" else "xlsx"
        content, ctype, name = exporter.export(qs, request.user, fmt, request.get_full_path())
        response = HttpResponse(content, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


router_entries = [("enterprises", EnterpriseViewSet, "api-economy-enterprise")]
urlpatterns: list = []
