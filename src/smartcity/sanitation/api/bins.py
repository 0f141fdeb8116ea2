"""Bins, depots, disposal sites, trucks and road graphs under /api/sanitation/.

Bins are read with their live state (the hub's fill readings -> level, rate in % per hour,
predicted time to the bin's threshold); a bin's position, address and readings live on its
hub asset (/api/hub/series?asset=<asset>). Editors of the owner organisation (and the Smart
City Office) create and change the fleet records (`OwnerPermission`, `OwnedWriteMixin`).
"""
import datetime as dt
import time

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import visible
from smartcity.sanitation import distance
from smartcity.sanitation.models import Bin, Depot, DisposalSite, RoadGraph, Truck
from smartcity.sanitation.services import bin_states


def _iso(t):
    return dt.datetime.fromtimestamp(t, dt.UTC).isoformat().replace("+00:00", "Z") if t is not None else None


class OwnerField(serializers.SlugRelatedField):
    def __init__(self, **kw):
        super().__init__(slug_field="code", queryset=Organisation.objects.all(), required=False,
                         help_text=_("Organisation code; defaults to yours"), **kw)


class BinSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    asset = serializers.CharField(source="asset.slug", read_only=True)
    name = serializers.CharField(source="asset.name", read_only=True)
    latitude = serializers.FloatField(source="asset.latitude", read_only=True)
    longitude = serializers.FloatField(source="asset.longitude", read_only=True)
    address = serializers.CharField(source="asset.address", read_only=True)
    level_pct = serializers.SerializerMethodField(help_text=_("Estimated level now (% full)"))
    rate_pct_per_h = serializers.SerializerMethodField(help_text=_("Fill rate since the last emptying (% per hour)"))
    reading_at = serializers.SerializerMethodField()
    full_at = serializers.SerializerMethodField(help_text=_("Predicted time the bin reaches its threshold"))

    class Meta:
        model = Bin
        fields = ["code", "asset", "name", "owner", "published", "waste_kind", "capacity_l", "zone", "threshold_pct",
                  "latitude", "longitude", "address", "last_emptied_at", "level_pct", "rate_pct_per_h", "reading_at", "full_at"]

    def _state(self, obj):
        return self.context.get("states", {}).get(obj.pk)

    def get_level_pct(self, obj) -> float | None:
        st = self._state(obj)
        return round(st.level, 1) if st and st.level is not None else None

    def get_rate_pct_per_h(self, obj) -> float | None:
        st = self._state(obj)
        return round(st.rate, 2) if st and st.rate is not None else None

    def get_reading_at(self, obj) -> str | None:
        st = self._state(obj)
        return _iso(st.latest_t) if st else None

    def get_full_at(self, obj) -> str | None:
        st = self._state(obj)
        return _iso(st.full_at) if st else None


class BinViewSet(viewsets.ReadOnlyModelViewSet):
    """Smart bins with their live fill state. Filters: `zone`, `waste_kind`, `owner` (code)."""

    serializer_class = BinSerializer
    lookup_field = "code"

    def get_queryset(self):
        qs = visible(Bin.objects.select_related("asset", "owner"), self.request.user)
        p = self.request.query_params
        if p.get("zone"):
            qs = qs.filter(zone=p["zone"])
        if p.get("waste_kind"):
            qs = qs.filter(waste_kind=p["waste_kind"])
        if p.get("owner"):
            qs = qs.filter(owner__code=p["owner"])
        return qs.order_by("code")

    def get_serializer(self, *args, **kwargs):
        if args and self.request.method == "GET":
            objs = args[0] if isinstance(args[0], (list, tuple)) else [args[0]]
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["states"] = bin_states(list(objs), int(time.time()))
        return super().get_serializer(*args, **kwargs)


class DepotSerializer(serializers.ModelSerializer):
    owner = OwnerField()

    class Meta:
        model = Depot
        fields = ["id", "name", "address", "latitude", "longitude", "owner", "published"]


class DisposalSiteSerializer(DepotSerializer):
    class Meta(DepotSerializer.Meta):
        model = DisposalSite


class TruckSerializer(serializers.ModelSerializer):
    owner = OwnerField()
    depot = serializers.PrimaryKeyRelatedField(queryset=Depot.objects.all())

    class Meta:
        model = Truck
        fields = ["id", "plate", "model_name", "capacity", "capacity_unit", "depot", "driver", "active", "owner", "published"]

    def validate(self, attrs):
        depot = attrs.get("depot") or getattr(self.instance, "depot", None)
        owner = attrs.get("owner") or getattr(self.instance, "owner", None) or getattr(self.context["request"].user, "organisation", None)
        if depot is not None and owner is not None and depot.owner_id != owner.pk:
            raise serializers.ValidationError({"depot": serializers.ErrorDetail(_("The depot belongs to another organisation."),
                                                                                code="other_owner")})
        return attrs


class RoadGraphSerializer(serializers.ModelSerializer):
    owner = OwnerField()

    class Meta:
        model = RoadGraph
        fields = ["id", "name", "data", "owner", "published"]

    def validate_data(self, value):
        try:
            distance.RoadGraph.from_json(value)
        except distance.GraphError as exc:
            raise serializers.ValidationError(str(exc), code="bad_graph") from None
        return value


class _Owned(OwnedWriteMixin, viewsets.ModelViewSet):
    model = None

    def get_queryset(self):
        return visible(self.model.objects.all(), self.request.user)


class DepotViewSet(_Owned):
    model, serializer_class = Depot, DepotSerializer


class DisposalSiteViewSet(_Owned):
    model, serializer_class = DisposalSite, DisposalSiteSerializer


class TruckViewSet(_Owned):
    model, serializer_class = Truck, TruckSerializer


class RoadGraphViewSet(_Owned):
    model, serializer_class = RoadGraph, RoadGraphSerializer


urlpatterns: list = []
router_entries: list = [
    ("bins", BinViewSet, "api-sanitation-bin"),
    ("depots", DepotViewSet, "api-sanitation-depot"),
    ("disposal-sites", DisposalSiteViewSet, "api-sanitation-disposal-site"),
    ("trucks", TruckViewSet, "api-sanitation-truck"),
    ("road-graphs", RoadGraphViewSet, "api-sanitation-road-graph"),
]
