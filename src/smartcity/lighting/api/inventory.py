"""Inventory API under /api/lighting/: luminaires, poles, cabinets (with circuits) and groups,
each addressed by its code. Anyone reads published records; editors of the owner
organisation (and the Smart City Office) create and change them (`OwnerPermission`,
`OwnedWriteMixin`). Each luminaire and cabinet gets its hub asset on save; its readings
are the hub's (`/api/hub/series?asset=<asset>`). `POST /api/lighting/import` takes an
.xlsx or .csv file (multipart field `file`, or the raw body) and answers the per-row report.
"""
import math

from django.db.models import Q
from django.http import HttpResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, parsers, serializers, viewsets
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.lighting import inventory_io, services
from smartcity.lighting.models import Cabinet, Calendar, Circuit, LightingGroup, Luminaire, Pole

_OWNER = dict(slug_field="code", queryset=Organisation.objects.all(), required=False, help_text=_("Organisation code; defaults to yours"))


def _in_vietnam(lat, lon):
    if lat is None and lon is None:
        return
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)) \
            or not (inventory_io.VN_BBOX[0] <= lat <= inventory_io.VN_BBOX[1] and inventory_io.VN_BBOX[2] <= lon <= inventory_io.VN_BBOX[3]):
        raise serializers.ValidationError({"latitude": serializers.ErrorDetail(_("The position is outside Vietnam."), code="bad_coordinates")})


class _Linked(serializers.SlugRelatedField):
    """A related record named by code; on writes it must be one the caller may use."""

    def get_queryset(self):
        return self.queryset


class PoleSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(**_OWNER)

    class Meta:
        model = Pole
        fields = ["code", "owner", "published", "latitude", "longitude", "street", "height_m", "material", "arms",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        _in_vietnam(attrs.get("latitude", getattr(self.instance, "latitude", None)),
                    attrs.get("longitude", getattr(self.instance, "longitude", None)))
        return attrs


class LuminaireSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(**_OWNER)
    pole = _Linked(slug_field="code", queryset=Pole.objects.all(), required=False, allow_null=True)
    group = _Linked(slug_field="code", queryset=LightingGroup.objects.all(), required=False, allow_null=True)
    circuit = serializers.PrimaryKeyRelatedField(queryset=Circuit.objects.all(), required=False, allow_null=True)
    asset = serializers.CharField(source="asset.slug", read_only=True, default=None)
    latitude = serializers.FloatField(source="pole.latitude", read_only=True, default=None)
    longitude = serializers.FloatField(source="pole.longitude", read_only=True, default=None)

    class Meta:
        model = Luminaire
        fields = ["code", "owner", "published", "pole", "group", "circuit", "model_name", "technology", "rated_power_w",
                  "replaced_technology", "replaced_power_w", "mounting_height_m", "controller_id", "installed_on",
                  "asset", "latitude", "longitude", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_rated_power_w(self, v):
        if not (0 < v <= 2000):
            raise serializers.ValidationError(_("A rated power is between 0 and 2000 W."), code="out_of_range")
        return v

    def validate_controller_id(self, v):
        if v and Luminaire.objects.filter(controller_id=v).exclude(pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError(_("This controller already drives another luminaire."), code="duplicate_controller")
        return v


class CircuitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Circuit
        fields = ["id", "code", "name", "phase"]


class CabinetSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(**_OWNER)
    circuits = CircuitSerializer(many=True, read_only=True)
    asset = serializers.CharField(source="asset.slug", read_only=True, default=None)

    class Meta:
        model = Cabinet
        fields = ["code", "name", "owner", "published", "latitude", "longitude", "address", "phases", "rated_kva",
                  "meter_number", "circuits", "asset", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        _in_vietnam(attrs.get("latitude", getattr(self.instance, "latitude", None)),
                    attrs.get("longitude", getattr(self.instance, "longitude", None)))
        return attrs


class GroupSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(**_OWNER)
    calendar = serializers.SlugRelatedField(slug_field="code", queryset=Calendar.objects.all(),
                                            required=False, allow_null=True)
    luminaire_count = serializers.IntegerField(source="n_luminaires", read_only=True)

    class Meta:
        model = LightingGroup
        fields = ["code", "name", "owner", "published", "description", "calendar", "luminaire_count", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class LuminaireFilter(filters.FilterSet):
    owner = filters.CharFilter(field_name="owner__code")
    group = filters.CharFilter(field_name="group__code")
    cabinet = filters.CharFilter(field_name="circuit__cabinet__code")
    technology = filters.CharFilter()
    street = filters.CharFilter(field_name="pole__street", lookup_expr="icontains")
    q = filters.CharFilter(method="filter_q", label="text in the code, model, street or controller")

    class Meta:
        model = Luminaire
        fields = ["owner", "group", "cabinet", "technology", "street", "q"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(code__icontains=value) | Q(model_name__icontains=value) | Q(pole__street__icontains=value)
                         | Q(controller_id__icontains=value))


class _Owned(OwnedWriteMixin, viewsets.ModelViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_.\-]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _check_links(self, serializer):
        user = self.request.user
        for name in ("pole", "group"):
            linked = serializer.validated_data.get(name)
            if linked is not None and not can_change(user, linked) and getattr(serializer.instance, name, None) != linked:
                raise exceptions.PermissionDenied(_g("You may not attach a record of another organisation."))
        circuit = serializer.validated_data.get("circuit")
        if circuit is not None and not can_change(user, circuit.cabinet) and getattr(serializer.instance, "circuit", None) != circuit:
            raise exceptions.PermissionDenied(_g("You may not attach a record of another organisation."))

    def perform_create(self, serializer):
        self._check_links(serializer)
        super().perform_create(serializer)
        self.after_save(serializer.instance)

    def perform_update(self, serializer):
        self._check_links(serializer)
        super().perform_update(serializer)
        self.after_save(serializer.instance)

    def after_save(self, obj):
        pass


class LuminaireViewSet(_Owned):
    """Luminaires with their lamp, the lamp it replaced, pole, group, circuit and controller.
    Filter with `group=`, `cabinet=`, `technology=led|hps`, `owner=`, `street=`, `q=`."""

    serializer_class = LuminaireSerializer
    filterset_class = LuminaireFilter
    queryset = Luminaire.objects.none()

    def get_queryset(self):
        qs = Luminaire.objects.select_related("owner", "pole", "group", "asset", "circuit")
        return visible(qs, self.request.user).order_by("code")

    def after_save(self, obj):
        services.ensure_luminaire_asset(Luminaire.objects.select_related("pole", "group").get(pk=obj.pk))


class PoleViewSet(_Owned):
    """Lighting poles (position, street, height)."""

    serializer_class = PoleSerializer
    queryset = Pole.objects.none()
    filterset_fields = ["street"]

    def get_queryset(self):
        return visible(Pole.objects.select_related("owner"), self.request.user).order_by("code")

    def after_save(self, obj):
        for lum in obj.luminaires.select_related("pole", "group"):
            services.ensure_luminaire_asset(lum)


class CabinetViewSet(_Owned):
    """Control cabinets with their circuits and per-phase meter (hub asset type lighting-cabinet)."""

    serializer_class = CabinetSerializer
    queryset = Cabinet.objects.none()

    def get_queryset(self):
        return visible(Cabinet.objects.select_related("owner", "asset").prefetch_related("circuits"), self.request.user).order_by("code")

    def after_save(self, obj):
        services.ensure_cabinet_asset(obj)


class GroupViewSet(_Owned):
    """Lighting groups (a street, an area) and the calendar each follows."""

    serializer_class = GroupSerializer
    queryset = LightingGroup.objects.none()

    def get_queryset(self):
        from django.db.models import Count

        return visible(LightingGroup.objects.select_related("owner", "calendar").annotate(n_luminaires=Count("luminaires")),
                       self.request.user).order_by("code")

    def perform_update(self, serializer):
        cal = serializer.validated_data.get("calendar")
        if cal is not None and not (cal.published or can_change(self.request.user, cal)):
            raise exceptions.PermissionDenied(_g("This calendar is not available to you."))
        super().perform_update(serializer)


class RawParser(parsers.BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


@extend_schema(request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
               responses={200: OpenApiTypes.OBJECT, 207: OpenApiTypes.OBJECT, 422: OpenApiTypes.OBJECT})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([parsers.MultiPartParser, RawParser])
def import_inventory(request):
    """Import luminaires and cabinets from .xlsx or .csv; valid rows are written, bad rows reported.
    200 when every row was accepted, 207 when some were rejected, 422 when none was."""
    upload = request.FILES.get("file") if hasattr(request, "FILES") else None
    if upload is not None:
        name, data = upload.name, upload.read()
    else:
        data = request.data if isinstance(request.data, bytes) else b""
        name = request.query_params.get("name", "upload.xlsx" if data[:2] == b"PK" else "upload.csv")
    if not data:
        raise exceptions.ValidationError({"file": [exceptions.ErrorDetail(_g("Send a file."), code="required")]})
    try:
        report = inventory_io.import_file(name, data, user=request.user)
    except inventory_io.ImportFileError as exc:
        raise exceptions.ValidationError({"file": [exceptions.ErrorDetail(str(exc), code="unreadable_file")]}) from None
    body = report.as_dict()
    accepted = report.created + report.updated + report.unchanged
    status = 200 if not report.errors else 207 if accepted else 422
    if status == 422:
        body = {"status": 422, "code": "all_rows_rejected", "detail": _g("No row was accepted."),
                "errors": [{"field": e["field"], "code": e["reason"], "message": e["message"], "index": e["line"]}
                           for e in body["errors"]], **{k: v for k, v in body.items() if k != "errors"}, "rows": body["errors"]}
    return Response(body, status=status)


def export_inventory(request, fmt: str):
    """The inventory the caller may see: .xlsx (two sheets) or .csv (luminaires, or ?kind=cabinets)."""
    lums = visible(Luminaire.objects.all(), request.user).order_by("code")
    cabs = visible(Cabinet.objects.all(), request.user).order_by("code")
    if fmt == "xlsx":
        resp = HttpResponse(inventory_io.export_xlsx(lums, cabs),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = 'attachment; filename="lighting-inventory.xlsx"'
        return resp
    kind = "cabinets" if request.GET.get("kind") == "cabinets" else "luminaires"
    resp = HttpResponse(inventory_io.export_csv(kind, cabs if kind == "cabinets" else lums), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="lighting-{kind}.csv"'
    return resp


@extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
@api_view(["GET"])
def export_api(request, fmt):
    """The inventory the caller may see, as .xlsx (two sheets) or .csv (`?kind=cabinets`)."""
    return export_inventory(request._request, fmt)


urlpatterns = [
    path("import", import_inventory, name="api-lighting-import"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", export_api, name="api-lighting-export"),
]
router_entries = [
    ("luminaires", LuminaireViewSet, "api-lighting-luminaire"),
    ("poles", PoleViewSet, "api-lighting-pole"),
    ("cabinets", CabinetViewSet, "api-lighting-cabinet"),
    ("groups", GroupViewSet, "api-lighting-group"),
]
