"""Bins, depots, disposal sites, trucks and road graphs under /api/sanitation/.

Bins are read with their live state (the hub's fill readings -> level, rate in % per hour,
predicted time to the bin's threshold); a bin's position, address and readings live on its
hub asset (/api/hub/series?asset=<asset>). Editors of the owner organisation (and the Smart
City Office) create and change bins and the fleet records (`OwnerPermission`,
`OwnedWriteMixin`). A new bin either wraps an existing hub asset of type waste-bin of the
same owner (`asset`) or gets one made from `name`, `latitude`, `longitude` and `address`,
with the fill-level, temperature, lid and tilt datastreams its sensor will feed.
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
    owner = OwnerField()
    asset = serializers.CharField(source="asset.slug", required=False,
                                  help_text=_("Slug of an existing hub asset of type waste-bin; omit to create one"))
    name = serializers.CharField(source="asset.name", required=False, max_length=200)
    latitude = serializers.FloatField(source="asset.latitude", required=False, min_value=-90, max_value=90)
    longitude = serializers.FloatField(source="asset.longitude", required=False, min_value=-180, max_value=180)
    address = serializers.CharField(source="asset.address", required=False, allow_blank=True, max_length=255)
    level_pct = serializers.SerializerMethodField(help_text=_("Estimated level now (% full)"))
    rate_pct_per_h = serializers.SerializerMethodField(help_text=_("Fill rate since the last emptying (% per hour)"))
    reading_at = serializers.SerializerMethodField()
    full_at = serializers.SerializerMethodField(help_text=_("Predicted time the bin reaches its threshold"))

    class Meta:
        model = Bin
        fields = ["code", "asset", "name", "owner", "published", "waste_kind", "capacity_l", "zone", "threshold_pct",
                  "latitude", "longitude", "address", "last_emptied_at", "level_pct", "rate_pct_per_h", "reading_at", "full_at"]
        read_only_fields = ["last_emptied_at"]

    def validate_threshold_pct(self, value):
        if not 10 <= value <= 100:
            raise serializers.ValidationError(_("Collect at a level between 10 and 100 % full."), code="out_of_range")
        return value

    def validate(self, attrs):
        asset = attrs.get("asset", {})
        if self.instance is None and "slug" not in asset:
            missing = [f for f in ("name", "latitude", "longitude") if f not in asset]
            if missing:
                raise serializers.ValidationError(
                    {f: [serializers.ErrorDetail(_("Name an existing hub asset (asset) or give the new bin's name, latitude and longitude."),
                                                 code="required")] for f in missing})
        if self.instance is not None and "slug" in asset and asset["slug"] != self.instance.asset.slug:
            raise serializers.ValidationError({"asset": [serializers.ErrorDetail(_("A bin keeps its hub asset."), code="read_only")]})
        return attrs

    def create(self, validated):
        from smartcity.sanitation.services import bin_asset

        fields = validated.pop("asset", {})
        validated["asset"] = bin_asset(validated["owner"], validated["code"], slug=fields.get("slug"), name=fields.get("name"),
                                       latitude=fields.get("latitude"), longitude=fields.get("longitude"),
                                       address=fields.get("address", ""), published=validated.get("published", True))
        return super().create(validated)

    def update(self, instance, validated):
        fields = validated.pop("asset", {})
        changed = [f for f in ("name", "latitude", "longitude", "address") if f in fields]
        if changed:
            for f in changed:
                setattr(instance.asset, f, fields[f])
            instance.asset.save()
        return super().update(instance, validated)

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


class BinViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Smart bins with their live fill state. Filters: `zone`, `waste_kind`, `owner` (code).
    Create, change and delete: editors of the owner organisation."""

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
