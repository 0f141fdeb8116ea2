"""Wi-Fi API under /api/wifi/: hotspots (lookup: the hub asset's slug; `?as=geojson` gives
a GeoJSON FeatureCollection), roadmap items, and usage by hotspot, district or ward and
month. Anyone reads published records; editors of the owner organisation (and the Smart
City Office) write them (`OwnerPermission`, `OwnedWriteMixin`)."""
from datetime import date

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.hub.models import Asset
from smartcity.programme.models import Item
from smartcity.wifi import services
from smartcity.wifi.models import Hotspot, RoadmapItem


class HotspotSerializer(serializers.ModelSerializer):
    slug = serializers.SlugRelatedField(source="asset", slug_field="slug", queryset=Asset.objects.filter(asset_type_id="wifi-hotspot"),
                                        help_text=_("Hub asset of type wifi-hotspot"))
    name = serializers.CharField(source="asset.name", read_only=True)
    name_en = serializers.CharField(source="asset.name_en", read_only=True)
    latitude = serializers.FloatField(source="asset.latitude", read_only=True)
    longitude = serializers.FloatField(source="asset.longitude", read_only=True)
    address = serializers.CharField(source="asset.address", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    roadmap = serializers.SlugRelatedField(slug_field="code", queryset=RoadmapItem.objects.all(), required=False, allow_null=True)
    district = serializers.CharField(source="asset.admin_unit.code", read_only=True, default=None)
    ward = serializers.CharField(source="ward.code", read_only=True, default=None)
    radius_m = serializers.IntegerField(read_only=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Hotspot
        fields = ["slug", "name", "name_en", "latitude", "longitude", "address", "owner", "published", "operator", "ssid",
                  "capacity", "backhaul_mbps", "status", "installed", "venue_kind", "radius_m", "district", "ward",
                  "roadmap", "notes", "state", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_state(self, obj) -> dict:
        states = self.context.get("states")
        if states is None or obj.pk not in states:
            states = services.states([obj])
        s = dict(states[obj.pk])
        s["reported_at"] = s["reported_at"].isoformat() if s["reported_at"] else None
        return s

    def validate_slug(self, asset):
        if self.instance is not None and asset.pk != self.instance.asset_id:
            raise serializers.ValidationError(_("A hotspot keeps its hub asset."), code="immutable")
        if self.instance is None and Hotspot.objects.filter(asset=asset).exists():
            raise serializers.ValidationError(_("This hub asset already is a hotspot."), code="unique")
        return asset

    def validate_capacity(self, v):
        if not 1 <= v <= 5000:
            raise serializers.ValidationError(_("Capacity is between 1 and 5000 concurrent users."), code="out_of_range")
        return v


class HotspotFilterSet(filters.FilterSet):
    owner = filters.CharFilter(field_name="owner__code")
    district = filters.CharFilter(field_name="asset__admin_unit__code")
    ward = filters.CharFilter(field_name="ward__code")
    roadmap = filters.CharFilter(field_name="roadmap__code")

    class Meta:
        model = Hotspot
        fields = ["owner", "published", "status", "operator", "venue_kind", "district", "ward", "roadmap"]


def feature(row: dict) -> dict:
    return {"type": "Feature", "id": row["slug"],
            "geometry": None if row["latitude"] is None else {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {k: v for k, v in row.items() if k not in ("latitude", "longitude")}}


class HotspotViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Public Wi-Fi hotspots with their present state. Filters `status`, `operator`,
    `venue_kind`, `district`, `ward`, `roadmap`, `owner`; `as=geojson` for GeoJSON."""

    serializer_class = HotspotSerializer
    filterset_class = HotspotFilterSet
    lookup_field = "asset__slug"
    lookup_url_kwarg = "slug"
    lookup_value_regex = r"[A-Za-z0-9_.\-]+"
    queryset = Hotspot.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # retired by status, not deleted

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hotspot.objects.none()
        return visible(Hotspot.objects.select_related("asset", "asset__admin_unit", "ward", "owner", "roadmap"),
                       self.request.user).order_by("asset__slug")

    def paginate_queryset(self, queryset):
        if self.request.query_params.get("as") == "geojson":
            return None
        page = super().paginate_queryset(queryset)
        self._states = services.states(page if page is not None else list(queryset))
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "_states", None) is not None:
            context["states"] = self._states
        return context

    @extend_schema(parameters=[OpenApiParameter("as", str, enum=["geojson"], description="geojson: a FeatureCollection")])
    def list(self, request, *args, **kwargs):
        if request.query_params.get("as") != "geojson":
            return super().list(request, *args, **kwargs)
        rows = list(self.filter_queryset(self.get_queryset()))
        self._states = services.states(rows)
        data = self.get_serializer(rows, many=True).data
        return Response({"type": "FeatureCollection", "features": [feature(r) for r in data]})

    def perform_create(self, serializer):
        asset = serializer.validated_data["asset"]
        if not can_change(self.request.user, asset):
            raise exceptions.PermissionDenied(_g("You may not attach an asset of another organisation."))
        super().perform_create(serializer)


class RoadmapSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    programme_item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all(), required=False, allow_null=True)
    programme_number = serializers.CharField(source="programme_item.number", read_only=True, default=None)
    hotspots = serializers.SerializerMethodField()

    class Meta:
        model = RoadmapItem
        fields = ["code", "phase", "title_vi", "title_en", "target_year", "planned_hotspots", "status", "owner", "published",
                  "programme_item", "programme_number", "hotspots", "notes", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_hotspots(self, obj) -> list[str]:
        return sorted(h.asset.slug for h in obj.hotspots.all() if h.published)

    def validate_target_year(self, v):
        if not 2018 <= v <= 2050:
            raise serializers.ValidationError(_("The target year is between 2018 and 2050."), code="out_of_range")
        return v


class RoadmapViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Roadmap items of public Wi-Fi (phase, target year, planned hotspots, status), linked
    to a programme item. Filters `phase`, `status`."""

    serializer_class = RoadmapSerializer
    lookup_field = "code"
    filterset_fields = ["phase", "status"]
    queryset = RoadmapItem.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RoadmapItem.objects.none()
        return visible(RoadmapItem.objects.select_related("owner", "programme_item").prefetch_related("hotspots__asset"),
                       self.request.user).order_by("phase", "target_year", "code")


def _bad(field: str, message: str):
    return exceptions.ValidationError({field: [exceptions.ErrorDetail(message, code="invalid")]})


class UsageView(APIView):
    """Usage per hotspot, former district (`by=district`) or ward formed in 2025 (`by=ward`)
    and month, from the hub's daily rollups: sessions, unique users (user-days), traffic GB,
    peak concurrent users, capacity, utilisation %, availability %. `month=YYYY-MM` for one
    month, `from`/`to` (dates) for a period (default: about the last three months)."""

    @extend_schema(parameters=[OpenApiParameter("by", str, enum=list(services.GROUPS)), OpenApiParameter("month", str),
                               OpenApiParameter("from", str), OpenApiParameter("to", str), OpenApiParameter("hotspot", str)],
                   responses={200: dict})
    def get(self, request):
        q = request.query_params
        by = q.get("by", "hotspot")
        if by not in services.GROUPS:
            raise _bad("by", _g("Group by hotspot, district or ward."))
        try:
            start = date.fromisoformat(q["from"]) if q.get("from") else None
            end = date.fromisoformat(q["to"]) if q.get("to") else None
        except ValueError:
            raise _bad("from", _g("Dates are written YYYY-MM-DD."))
        month = q.get("month", "")
        if month:
            try:
                start = date.fromisoformat(month + "-01")
            except ValueError:
                raise _bad("month", _g("Months are written YYYY-MM."))
            end = min(services.month_end(start), services.local_today())
        if start and end and start > end:
            raise _bad("from", _g("The period starts after it ends."))
        hotspots = services.public_hotspots(request.user)
        if q.get("hotspot"):
            hotspots = hotspots.filter(asset__slug=q["hotspot"])
        rows = services.usage_table(list(hotspots), by=by, start=start, end=end)
        if month:
            rows = [r for r in rows if r["month"] == month]
        return Response({"by": by, "count": len(rows), "results": rows})


router_entries = [("hotspots", HotspotViewSet, "api-wifi-hotspot"), ("roadmap", RoadmapViewSet, "api-wifi-roadmap")]
