"""Toilet API under /api/toilets/toilets/ (lookup: the hub asset's slug).

Anyone reads published toilets with their present state (open, occupied, consumables,
faults, cleanliness score of the last 24 hours); editors of the owner organisation (and
the Smart City Office) create and change them (`OwnerPermission`, `OwnedWriteMixin`). A
toilet is created on an existing hub asset of type `public-toilet` that the caller may
change; name, position and address stay on the asset (hub API)."""
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import exceptions, serializers, viewsets

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.hub.models import Asset
from smartcity.toilets import services
from smartcity.toilets.models import Toilet


class ToiletSerializer(serializers.ModelSerializer):
    slug = serializers.SlugRelatedField(source="asset", slug_field="slug", queryset=Asset.objects.filter(asset_type_id="public-toilet"),
                                        help_text=_("Hub asset of type public-toilet"))
    name = serializers.CharField(source="asset.name", read_only=True)
    name_en = serializers.CharField(source="asset.name_en", read_only=True)
    latitude = serializers.FloatField(source="asset.latitude", read_only=True)
    longitude = serializers.FloatField(source="asset.longitude", read_only=True)
    address = serializers.CharField(source="asset.address", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    cubicles = serializers.IntegerField(read_only=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Toilet
        fields = ["slug", "name", "name_en", "latitude", "longitude", "address", "owner", "published",
                  "cubicles_men", "cubicles_women", "cubicles_accessible", "cubicles", "opens", "closes", "operator",
                  "fee_vnd", "round_interval_min", "notes", "state", "created_at", "updated_at"]
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
            raise serializers.ValidationError(_("A toilet keeps its hub asset."), code="immutable")
        if self.instance is None and Toilet.objects.filter(asset=asset).exists():
            raise serializers.ValidationError(_("This hub asset already is a toilet."), code="unique")
        return asset

    def validate_round_interval_min(self, v):
        if not 30 <= v <= 720:
            raise serializers.ValidationError(_("A round interval is between 30 and 720 minutes."), code="out_of_range")
        return v


class ToiletFilterSet(filters.FilterSet):
    owner = filters.CharFilter(field_name="owner__code")
    accessible = filters.BooleanFilter(method="filter_accessible")

    class Meta:
        model = Toilet
        fields = ["owner", "published", "accessible"]

    def filter_accessible(self, queryset, name, value):
        return queryset.filter(cubicles_accessible__gt=0) if value else queryset.filter(cubicles_accessible=0)


class ToiletViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Public toilets with their present state. Filters `owner=DONRE`, `accessible=true`."""

    serializer_class = ToiletSerializer
    filterset_class = ToiletFilterSet
    lookup_field = "asset__slug"
    lookup_url_kwarg = "slug"
    lookup_value_regex = r"[A-Za-z0-9_.\-]+"
    queryset = Toilet.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # retired by unpublishing

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Toilet.objects.none()
        return visible(Toilet.objects.select_related("asset", "owner"), self.request.user).order_by("asset__slug")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        self._states = services.states(rows)
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "_states", None) is not None:
            context["states"] = self._states
        return context

    def perform_create(self, serializer):
        asset = serializer.validated_data["asset"]
        if not can_change(self.request.user, asset):
            raise exceptions.PermissionDenied(_g("You may not attach an asset of another organisation."))
        super().perform_create(serializer)


router_entries = [("toilets", ToiletViewSet, "api-toilets-toilet")]
urlpatterns: list = []
