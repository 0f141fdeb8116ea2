"""Serializers of the hub's management API: assets, datastreams, device tokens and the
read-only registries (quantities, asset types)."""
import math

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.hub import registry
from smartcity.hub.models import Asset, AssetType, Datastream, DeviceToken, Latest, Quantity
from smartcity.hub.queries import STATUS_NAMES, iso


class QuantitySerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Quantity
        fields = ["code", "name_vi", "name_en", "unit", "aliases"]

    def get_aliases(self, obj) -> list[str]:
        q = registry.QUANTITIES.get(obj.code)
        return list(q.aliases) if q else []


class AssetTypeSerializer(serializers.ModelSerializer):
    quantities = serializers.SerializerMethodField()

    class Meta:
        model = AssetType
        fields = ["code", "name_vi", "name_en", "ngsi_type", "default_interval_s", "retention_days", "attribute_map", "quantities"]

    def get_quantities(self, obj) -> list[str]:
        t = registry.ASSET_TYPES.get(obj.code)
        return list(t.quantities) if t else []


class DatastreamBriefSerializer(serializers.ModelSerializer):
    quantity = serializers.CharField(source="quantity_id", read_only=True)

    class Meta:
        model = Datastream
        fields = ["id", "quantity", "unit", "expected_interval_s"]


class AssetSerializer(serializers.ModelSerializer):
    asset_type = serializers.SlugRelatedField(slug_field="code", queryset=AssetType.objects.all())
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    admin_unit = serializers.PrimaryKeyRelatedField(queryset=AdministrativeUnit.objects.all(), required=False, allow_null=True)
    ngsi_id = serializers.CharField(read_only=True)
    datastreams = DatastreamBriefSerializer(many=True, read_only=True)
    distance_m = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = ["id", "slug", "ngsi_id", "asset_type", "name", "name_en", "owner", "published", "active",
                  "latitude", "longitude", "geometry", "admin_unit", "address", "properties", "attribute_map",
                  "retention_days", "datastreams", "distance_m", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_distance_m(self, obj) -> float | None:
        return (self.context.get("distances") or {}).get(obj.id)

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise serializers.ValidationError(_("The identifier is stable: devices and links use it."), code="immutable")
        return value

    def validate_latitude(self, value):
        if value is not None and not (math.isfinite(value) and -90 <= value <= 90):
            raise serializers.ValidationError(_("Latitude must be within ±90 degrees."), code="bad_position")
        return value

    def validate_longitude(self, value):
        if value is not None and not (math.isfinite(value) and -180 <= value <= 180):
            raise serializers.ValidationError(_("Longitude must be within ±180 degrees."), code="bad_position")
        return value

    def validate_geometry(self, value):
        if value in (None, {}):
            return None
        import shapely
        from shapely.geometry import shape

        if not isinstance(value, dict) or "type" not in value:
            raise serializers.ValidationError(_("Give a GeoJSON geometry object."), code="bad_geometry")
        try:
            geom = shape(value)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, shapely.errors.GEOSException) as exc:
            raise serializers.ValidationError(_("Unreadable GeoJSON geometry: %(error)s") % {"error": exc}, code="bad_geometry") from None
        if geom.is_empty or not geom.is_valid:
            raise serializers.ValidationError(_("The GeoJSON geometry is empty or not valid."), code="bad_geometry")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90):
            raise serializers.ValidationError(_("Coordinates are longitude, latitude in degrees."), code="bad_geometry")
        return value

    def validate_properties(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Properties must be a JSON object."), code="bad_properties")
        return value

    def validate_attribute_map(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("The attribute map must be a JSON object of key: quantity."), code="bad_attribute_map")
        for key, name in value.items():
            if not isinstance(name, str) or registry.resolve_quantity(name) is None:
                raise serializers.ValidationError(_("Unknown quantity %(name)r for key %(key)r.") % {"name": name, "key": key},
                                                  code="unknown_quantity")
        return value

    def validate(self, attrs):
        lat = attrs.get("latitude", getattr(self.instance, "latitude", None))
        lon = attrs.get("longitude", getattr(self.instance, "longitude", None))
        geometry = attrs.get("geometry", getattr(self.instance, "geometry", None))
        if (lat is None) != (lon is None):
            raise serializers.ValidationError({"latitude": serializers.ErrorDetail(
                str(_("Give both latitude and longitude, or neither.")), code="bad_position")})
        if lat is None and geometry:
            from shapely.geometry import shape

            point = shape(geometry).representative_point()  # a located asset is findable on the map
            attrs["longitude"], attrs["latitude"] = round(point.x, 7), round(point.y, 7)
        return attrs


class DatastreamSerializer(serializers.ModelSerializer):
    asset = serializers.SlugRelatedField(slug_field="slug", queryset=Asset.objects.all())
    quantity = serializers.CharField(help_text=_("Quantity code or alias, e.g. pm25, PM2.5"))
    unit = serializers.CharField(required=False, allow_blank=True, help_text=_("Always the quantity's canonical unit"))
    latest = serializers.SerializerMethodField(help_text=_("The newest reading: {time, value, status}, or null"))

    class Meta:
        model = Datastream
        fields = ["id", "asset", "quantity", "unit", "expected_interval_s", "retention_days", "latest", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators = []  # uniqueness of (asset, quantity) is checked in validate() with a clear code

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["quantity"] = instance.quantity_id
        return data

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_latest(self, ds):
        try:
            latest = ds.latest
        except Latest.DoesNotExist:
            return None
        return {"time": iso(latest.t), "value": latest.value, "status": STATUS_NAMES.get(latest.status, str(latest.status))}

    def validate_quantity(self, value):
        code = registry.resolve_quantity(value)
        if code is None:
            raise serializers.ValidationError(_("Unknown quantity %(name)r.") % {"name": value}, code="unknown_quantity")
        if self.instance is not None and code != self.instance.quantity_id:
            raise serializers.ValidationError(_("The quantity of a datastream cannot change; create another datastream."),
                                              code="immutable")
        return code

    def validate_asset(self, value):
        if self.instance is not None and value.pk != self.instance.asset_id:
            raise serializers.ValidationError(_("A datastream cannot move to another asset."), code="immutable")
        return value

    def validate_expected_interval_s(self, value):
        if value is not None and value < 1:
            raise serializers.ValidationError(_("The expected interval is at least one second."), code="bad_interval")
        return value

    def validate(self, attrs):
        code = attrs.get("quantity") or getattr(self.instance, "quantity_id", None)
        unit = attrs.pop("unit", None)
        if code is not None:
            canonical = registry.QUANTITIES[code].unit
            if unit not in (None, "") and registry.conversion(code, unit) != (1.0, 0.0):
                raise serializers.ValidationError({"unit": serializers.ErrorDetail(
                    str(_("Readings are stored in %(unit)s; other units are converted on the way in.") % {"unit": canonical}),
                    code="wrong_unit")})
            attrs["unit"] = canonical
        if self.instance is None:
            asset = attrs.get("asset")
            if asset is not None and Datastream.objects.filter(asset=asset, quantity_id=code).exists():
                raise serializers.ValidationError({"quantity": serializers.ErrorDetail(
                    str(_("This asset already has a datastream for %(quantity)s.") % {"quantity": code}), code="duplicate")})
            if asset is not None and "expected_interval_s" not in attrs:
                attrs["expected_interval_s"] = asset.asset_type.default_interval_s
        return attrs

    def create(self, validated_data):
        validated_data["quantity_id"] = validated_data.pop("quantity")
        return super().create(validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("quantity", None)
        validated_data.pop("asset", None)
        return super().update(instance, validated_data)


class DeviceTokenSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assets = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    active = serializers.BooleanField(read_only=True)

    class Meta:
        model = DeviceToken
        fields = ["id", "name", "owner", "assets", "all_owner_assets", "prefix", "active", "created_by",
                  "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class DeviceTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    assets = serializers.SlugRelatedField(slug_field="slug", queryset=Asset.objects.all(), many=True, required=False)
    all_owner_assets = serializers.BooleanField(default=False)

    def validate(self, attrs):
        assets = attrs.get("assets") or []
        if not assets and not attrs.get("all_owner_assets"):
            raise serializers.ValidationError({"assets": serializers.ErrorDetail(
                str(_("Name the assets this token may write to, or set all_owner_assets.")), code="required")})
        return attrs
