"""Reservoir API under /api/water/:

- `/reservoirs/` (lookup: the hub asset's slug): anyone reads published reservoirs; editors
  of the owner organisation (and the Smart City Office) create one on an existing hub asset
  of type `reservoir` and change it (the permission rule, OwnerPermission);
- `/reservoirs/{slug}/stage-tables/`: GET the versions with their rows; POST a version as
  JSON (`valid_from`, `source`, `rows: [{level, volume}]`) or as a CSV/Excel file (multipart
  `file`, `valid_from`): checked as a whole (levels strictly increasing, volumes
  non-decreasing), 400 with every reason otherwise; on success the stored volumes from
  `valid_from` on are recomputed;
- `/reservoirs/{slug}/balance/?from=YYYY-MM-DD&to=YYYY-MM-DD`: daily inflow, outflow, overflow,
  reuse by purpose, captured rainwater estimate and rain (`to` exclusive; default the last 31 days);
- `/season-report/?from=&to=&reservoir=slug,...`: captured vs reused per month and season.
"""
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _g
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import visible
from smartcity.hub.models import Asset
from smartcity.water import services, stage
from smartcity.water.balance import LOCAL
from smartcity.water.models import Reservoir, StageTable

MAX_DAYS = 800


def _bad(field, code, message):
    return serializers.ValidationError({field: [ErrorDetail(message, code=code)]})


class StageRowSerializer(serializers.Serializer):
    level = serializers.FloatField()
    volume = serializers.FloatField(min_value=0)


class StageTableSerializer(serializers.ModelSerializer):
    rows = serializers.SerializerMethodField()

    class Meta:
        model = StageTable
        fields = ["id", "valid_from", "source", "rows", "created_at", "updated_at"]

    @extend_schema_field(StageRowSerializer(many=True))
    def get_rows(self, obj):
        return [{"level": h, "volume": v} for h, v in obj.rows.order_by("level").values_list("level", "volume")]


class ReservoirSerializer(serializers.ModelSerializer):
    slug = serializers.SlugRelatedField(source="asset", slug_field="slug", queryset=Asset.objects.filter(asset_type_id="reservoir"))
    name = serializers.CharField(source="asset.name", read_only=True)
    latitude = serializers.FloatField(source="asset.latitude", read_only=True)
    longitude = serializers.FloatField(source="asset.longitude", read_only=True)
    address = serializers.CharField(source="asset.address", read_only=True)
    rain_gauge = serializers.SlugRelatedField(slug_field="slug", queryset=Asset.objects.filter(asset_type_id="weather-station"),
                                              required=False, allow_null=True)
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    stage_table = serializers.SerializerMethodField()

    class Meta:
        model = Reservoir
        fields = ["id", "slug", "name", "kind", "latitude", "longitude", "address", "crest_level", "min_operating_level",
                  "capacity_m3", "spillway_width_m", "catchment_area_m2", "runoff_coefficient", "overflow_margin_m",
                  "rain_gauge", "note", "owner", "published", "stage_table", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_stage_table(self, obj):
        t = services.current_table(obj)
        return None if t is None else {"id": t.id, "valid_from": t.valid_from, "rows": t.rows.count()}

    def validate(self, attrs):
        inst = self.instance
        asset = attrs.get("asset", inst.asset if inst else None)
        if inst is not None and asset != inst.asset:
            raise _bad("slug", "immutable", _g("A reservoir cannot move to another asset."))
        if inst is None and Reservoir.objects.filter(asset=asset).exists():
            raise _bad("slug", "unique", _g("This asset already is a reservoir."))
        crest = attrs.get("crest_level", getattr(inst, "crest_level", None))
        minimum = attrs.get("min_operating_level", getattr(inst, "min_operating_level", None))
        if crest is not None and minimum is not None and minimum >= crest:
            raise _bad("min_operating_level", "above_crest", _g("The minimum operating level must be below the crest."))
        return attrs


class ReservoirViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Reservoirs with their levels, catchment and rain gauge."""

    serializer_class = ReservoirSerializer
    lookup_field = "asset__slug"
    lookup_url_kwarg = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_.]+"
    queryset = Reservoir.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Reservoir.objects.none()
        return visible(Reservoir.objects.select_related("asset", "owner", "rain_gauge"), self.request.user)

    def perform_create(self, serializer):
        from smartcity.core.permissions import can_change
        from smartcity.water.alert_rules import ensure_rules

        asset = serializer.validated_data["asset"]
        owner = self.creation_owner(serializer)
        if not can_change(self.request.user, asset):
            raise exceptions.PermissionDenied(_g("You may not change this asset."))
        r = serializer.save(owner=owner)
        ensure_rules(r.owner)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=StageTableSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="stage-tables")
    def stage_tables(self, request, slug=None):
        r = self.get_object()  # a POST checks the permission rule on the reservoir
        if request.method == "GET":
            return Response(StageTableSerializer(r.stage_tables.order_by("-valid_from"), many=True).data)
        valid_from = request.data.get("valid_from")
        try:
            day = date.fromisoformat(str(valid_from))
        except ValueError:
            raise _bad("valid_from", "bad_date", _g("valid_from must be a date YYYY-MM-DD."))
        upload = request.FILES.get("file")
        if upload is not None:
            parsed = services.read_stage_file(upload.read(), upload.name)
            if parsed.errors:
                raise serializers.ValidationError({"file": [
                    ErrorDetail(f"{_g('line')} {e['row']}, {e['field']}: {e['message']}", code=e["code"]) for e in parsed.errors]})
            levels, volumes, source = parsed.levels, parsed.volumes, request.data.get("source") or upload.name
        else:
            rows = StageRowSerializer(data=request.data.get("rows"), many=True)
            if not isinstance(request.data.get("rows"), list):
                raise _bad("rows", "required", _g("Send rows [{level, volume}] or a file."))
            rows.is_valid(raise_exception=True)
            levels = [x["level"] for x in rows.validated_data]
            volumes = [x["volume"] for x in rows.validated_data]
            source = request.data.get("source", "")
        errors = stage.check(levels, volumes)
        if errors:
            per_row: dict = {}
            for i, f, c, m in errors:
                per_row.setdefault(i, {}).setdefault(f, []).append(ErrorDetail(m, code=c))
            raise serializers.ValidationError({"rows": per_row})
        with transaction.atomic():
            table = services.save_stage_table(r, day, levels, volumes, source=str(source)[:200])
        return Response(StageTableSerializer(table).data, status=201)

    @extend_schema(parameters=[OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)],
                   responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def balance(self, request, slug=None):
        r = self.get_object()
        start, end = _range(request, default_days=31)
        days = services.daily_balance(r, start, end)
        return Response({"reservoir": r.slug, "from": start, "to": end, "unit": "m³",
                         "days": [d.as_dict() for d in days]})


def _range(request, default_days: int):
    today = datetime.now(LOCAL).date()
    try:
        end = date.fromisoformat(request.query_params["to"]) if request.query_params.get("to") else today + timedelta(days=1)
    except ValueError:
        raise _bad("to", "bad_date", _g("Dates are YYYY-MM-DD."))
    try:
        start = date.fromisoformat(request.query_params["from"]) if request.query_params.get("from") else end - timedelta(days=default_days)
    except ValueError:
        raise _bad("from", "bad_date", _g("Dates are YYYY-MM-DD."))
    if start >= end:
        raise _bad("from", "bad_range", _g("from must be before to."))
    if (end - start).days > MAX_DAYS:
        raise _bad("from", "range_too_long", _g("At most %(n)d days at once.") % {"n": MAX_DAYS})
    return start, end


def report_json(report) -> dict:
    return {"from": report["start"], "to": report["end"], "unit": "m³",
            "months": [m.as_dict() for m in report["months"]], "seasons": [s.as_dict() for s in report["seasons"]],
            "total": report["total"].as_dict(),
            "reservoirs": [{"reservoir": p["reservoir"].slug, "name": p["reservoir"].name,
                            "months": [m.as_dict() for m in p["months"]], "seasons": [s.as_dict() for s in p["seasons"]],
                            "total": p["total"].as_dict()} for p in report["reservoirs"]]}


def selected(request):
    qs = visible(Reservoir.objects.select_related("asset", "owner"), request.user)
    wanted = [s for v in request.query_params.getlist("reservoir") for s in v.split(",") if s]
    if wanted:
        qs = qs.filter(asset__slug__in=wanted)
        if qs.count() != len(set(wanted)):
            raise _bad("reservoir", "unknown_reservoir", _g("No reservoir of this identifier is visible to you."))
    return list(qs)


class SeasonReportView(APIView):
    """Captured rainwater vs reused water, per month and season (rainy May-November, dry December-April)."""

    @extend_schema(parameters=[OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE),
                               OpenApiParameter("reservoir", OpenApiTypes.STR)], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        start, end = _range(request, default_days=365)
        return Response(report_json(services.season_report(selected(request), start, end)))


router_entries = [("reservoirs", ReservoirViewSet, "api-water-reservoir")]

urlpatterns = [path("season-report/", SeasonReportView.as_view(), name="api-water-season-report")]
