"""Reference and service endpoints of the economy API: VSIC sectors, industrial parks,
statistics, tax code check, links to records of other apps, import, access log."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.models import Organisation
from smartcity.core.permissions import visible
from smartcity.economy import access, importer, links, search, stats, taxcode
from smartcity.economy.api.enterprises import FILTER_PARAMS
from smartcity.economy.models import (Enterprise, EnterpriseAccessLog, EnterpriseLink, IndustrialPark, LinkRole, Sector)

NOT_EDITOR = "Only the Department of Planning and Investment and the Smart City Office edit the enterprise register."


def _require_editor(user):
    if not access.may_edit(user):
        raise exceptions.PermissionDenied(_g(NOT_EDITOR))


class SectorSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Sector
        fields = ["code", "level", "name_vi", "name_en", "parent"]


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """VSIC 2018 codes; `level=1` sections, `level=2` divisions, `parent=C`."""

    serializer_class = SectorSerializer
    queryset = Sector.objects.select_related("parent").order_by("code")
    lookup_field = "code"
    filterset_fields = ["level"]
    pagination_class = None

    def get_queryset(self):
        qs = super().get_queryset()
        if parent := self.request.query_params.get("parent"):
            qs = qs.filter(parent__code=parent)
        return qs


class ParkSerializer(serializers.ModelSerializer):
    occupancy_pct = serializers.FloatField(read_only=True)
    enterprises = serializers.IntegerField(read_only=True, source="n_enterprises")
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    management_board = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = IndustrialPark
        fields = ["code", "name_vi", "name_en", "unit", "address", "developer", "management_board", "established", "area_ha",
                  "leasable_ha", "leased_ha", "occupancy_pct", "infrastructure", "latitude", "longitude", "enterprises"]


class ParkViewSet(viewsets.ReadOnlyModelViewSet):
    """Industrial parks with occupancy and the number of enterprises registered in them."""

    serializer_class = ParkSerializer
    queryset = IndustrialPark.objects.none()
    lookup_field = "code"
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return visible(IndustrialPark.objects.select_related("unit", "management_board"), self.request.user).annotate(
            n_enterprises=Count("enterprises", filter=Q(enterprises__merged_into__isnull=True))).order_by("name_vi")


class StatsView(APIView):
    """Counts by sector section, ward, former district, park, investor country and size
    class; employees and capital for government users. Same filters as the list."""

    @extend_schema(parameters=FILTER_PARAMS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        qs = visible(Enterprise.objects.filter(merged_into__isnull=True), request.user)
        qs, used = search.apply_filters(qs, request.query_params)
        money = "government" in access.groups_for(request.user)
        data = stats.compute(qs, money)
        data["filters"] = used
        data["money"] = money
        return Response(data)


class TaxCodeView(APIView):
    """Check a tax code (structure and check digit, Circular 105/2020/TT-BTC)."""

    @extend_schema(parameters=[OpenApiParameter("code", str, required=True)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        check = taxcode.validate(request.query_params.get("code", ""))
        body = {"code": check.code, "valid": check.valid, "branch": check.is_branch}
        if not check.valid:
            body.update(reason=check.reason, message=importer.tax_code_message(check.reason))
        else:
            e = Enterprise.objects.filter(tax_code=check.code).only("name_vi").first()
            body["registered"] = e is not None
            if e is not None:
                body["name_vi"] = e.name_vi
        return Response(body)


class LinkSerializer(serializers.Serializer):
    enterprise = serializers.CharField(help_text=_("Tax code"))
    target = serializers.CharField(help_text=_("Record type as app.model, e.g. onestop.dossier, gis.permit, environment.station"))
    object_id = serializers.CharField()
    role = serializers.ChoiceField(choices=LinkRole.choices, default=LinkRole.OTHER)


class LinksView(APIView):
    """GET ?enterprise=<tax code>: its links (owner department). POST: link a record."""

    @extend_schema(parameters=[OpenApiParameter("enterprise", str, required=True)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if not access.is_owner_department(request.user):
            raise exceptions.PermissionDenied(_g("Links are shown to the owner department."))
        e = Enterprise.objects.filter(tax_code=taxcode.normalise(request.query_params.get("enterprise", ""))).first()
        if e is None:
            raise exceptions.NotFound()
        return Response({"enterprise": e.tax_code, "links": links.describe(e.links.all())})

    @extend_schema(request=LinkSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        _require_editor(request.user)
        s = LinkSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        e = Enterprise.objects.filter(tax_code=taxcode.normalise(s.validated_data["enterprise"])).first()
        if e is None:
            raise exceptions.ValidationError({"enterprise": [exceptions.ErrorDetail(_g("No enterprise with this tax code."), code="not_found")]})
        try:
            obj = links.resolve_target(s.validated_data["target"], s.validated_data["object_id"])
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"target": [exceptions.ErrorDetail(exc.messages[0], code=exc.code or "invalid")]}) from None
        lk, created = links.link(e, obj, s.validated_data["role"], request.user)
        return Response(links.describe([lk])[0] | {"created": created}, status=201 if created else 200)


class LinkDeleteView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        _require_editor(request.user)
        deleted, _x = EnterpriseLink.objects.filter(pk=pk).delete()
        if not deleted:
            raise exceptions.NotFound()
        return Response(status=204)


class MatchLinksView(APIView):
    """Link dossiers, permits and stations to enterprises by tax code (and name)."""

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        _require_editor(request.user)
        return Response({"created": links.match(request.user)})


class ImportView(APIView):
    """Upload an Excel (.xlsx) or CSV file of enterprises; answers the row-by-row report."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
                   responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        _require_editor(request.user)
        f = request.FILES.get("file")
        if f is None:
            raise exceptions.ValidationError({"file": [exceptions.ErrorDetail(_g("Attach a file."), code="required")]})
        try:
            batch = importer.run_import(f.read(), f.name, request.user, Organisation.objects.get(code=access.OWNER_CODE))
        except importer.ImportFormatError as exc:
            raise exceptions.ValidationError({"file": [exceptions.ErrorDetail(str(exc), code="unreadable")]}) from None
        return Response({"id": batch.pk, "rows": batch.rows, "created": batch.created, "updated": batch.updated,
                         "rejected": batch.rejected, "duplicates": batch.duplicates, "report": batch.report})


class AccessLogView(APIView):
    """The latest reads of restricted fields (owner department only); ?enterprise=, ?user=."""

    @extend_schema(parameters=[OpenApiParameter("enterprise", str), OpenApiParameter("user", str)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if not access.is_owner_department(request.user):
            raise exceptions.PermissionDenied(_g("The access log is shown to the owner department."))
        qs = EnterpriseAccessLog.objects.select_related("user", "enterprise", "organisation")
        if e := request.query_params.get("enterprise"):
            qs = qs.filter(enterprise__tax_code=taxcode.normalise(e))
        if u := request.query_params.get("user"):
            qs = qs.filter(user__username=u)
        rows = [{"at": r.at.isoformat(), "user": r.user.username, "organisation": r.organisation.code if r.organisation else None,
                 "enterprise": r.enterprise.tax_code, "field_group": r.field_group, "channel": r.channel, "path": r.path}
                for r in qs[:500]]
        return Response({"count": len(rows), "results": rows})


router_entries = [("sectors", SectorViewSet, "api-economy-sector"), ("parks", ParkViewSet, "api-economy-park")]
urlpatterns = [
    path("stats", StatsView.as_view(), name="api-economy-stats"),
    path("tax-code", TaxCodeView.as_view(), name="api-economy-tax-code"),
    path("links", LinksView.as_view(), name="api-economy-links"),
    path("links/<int:pk>", LinkDeleteView.as_view(), name="api-economy-link"),
    path("links/match", MatchLinksView.as_view(), name="api-economy-links-match"),
    path("import", ImportView.as_view(), name="api-economy-import"),
    path("access-log", AccessLogView.as_view(), name="api-economy-access-log"),
]
