"""Station API under /api/env/stations/.

Anyone reads published stations (and an organisation's members its unpublished ones);
editors of the owner organisation (and the Smart City Office) create and change them, by
the platform rule (`OwnerPermission`). A station is a hub asset: its name, position,
address and administrative unit live on the asset, its readings in the hub
(/api/hub/series?asset=<asset>). `POST /api/env/stations/import/` takes the CSV of
`smartcity env stations import` (all or nothing; `?dry_run=1` to preview).
"""
import math

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, parsers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.environment import stations_io
from smartcity.environment.models import Station, StationKind
from smartcity.environment.services import StationError, create_station
from smartcity.hub.models import Asset

LAT_RANGE, LON_RANGE = stations_io.VN_BBOX[:2], stations_io.VN_BBOX[2:]


class CsvParser(parsers.BaseParser):
    """The body as it came (text/csv); decoding is the importer's job (UTF-8, BOM, cp1258)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


class StationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="asset.name", max_length=200)
    name_en = serializers.CharField(source="asset.name_en", max_length=200, required=False, allow_blank=True)
    latitude = serializers.FloatField(source="asset.latitude")
    longitude = serializers.FloatField(source="asset.longitude")
    address = serializers.CharField(source="asset.address", max_length=255, required=False, allow_blank=True)
    admin_unit = serializers.SlugRelatedField(source="asset.admin_unit", slug_field="code", required=False, allow_null=True,
                                              queryset=AdministrativeUnit.objects.all(), help_text=_("Administrative unit code"))
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    asset = serializers.CharField(source="asset.slug", required=False, max_length=100,
                                  help_text=_("Hub asset to attach on creation (default: a new env-<code> asset)"))
    contact_emails = serializers.ListField(child=serializers.EmailField(), required=False,
                                           help_text=_("Facility contacts; shown only to those who may change the station"))
    datastreams = serializers.SerializerMethodField()

    class Meta:
        model = Station
        fields = ["code", "name", "name_en", "kind", "short_name", "latitude", "longitude", "owner", "published",
                  "river", "industrial_park", "facility", "address", "admin_unit", "contact_emails", "method",
                  "commissioned", "asset", "datastreams", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_datastreams(self, obj) -> list[dict]:
        return [{"id": d.id, "quantity": d.quantity_id, "unit": d.unit} for d in obj.asset.datastreams.all()]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["contact_emails"] = obj.contacts() if can_change(self.context["request"].user, obj) else None
        return data

    def validate_latitude(self, v):
        if not (math.isfinite(v) and LAT_RANGE[0] <= v <= LAT_RANGE[1]):
            raise serializers.ValidationError(_("The latitude is outside Vietnam (8.0 to 23.5)."), code="bad_coordinates")
        return v

    def validate_longitude(self, v):
        if not (math.isfinite(v) and LON_RANGE[0] <= v <= LON_RANGE[1]):
            raise serializers.ValidationError(_("The longitude is outside Vietnam (102.0 to 110.0)."), code="bad_coordinates")
        return v

    def validate_code(self, v):
        if self.instance is not None and v != self.instance.code:
            raise serializers.ValidationError(_("The transmission code is stable: station files are matched on it."), code="immutable")
        if not stations_io.CODE_RE.match(v) or stations_io.TIMESTAMP_TAIL.search(v):
            raise serializers.ValidationError(_("A transmission code is 2-80 letters, digits, '_', '-' or '.', not ending in a timestamp."),
                                              code="bad_code")
        return v

    def validate_kind(self, v):
        if self.instance is not None and v != self.instance.kind:
            raise serializers.ValidationError(_("The station kind cannot change (its parameters depend on it)."), code="kind_change")
        return v

    def validate(self, attrs):
        slug = attrs.get("asset", {}).get("slug")
        if slug is not None:
            if self.instance is not None:
                if slug != self.instance.asset.slug:
                    raise serializers.ValidationError({"asset": serializers.ErrorDetail(_("A station keeps its hub asset."), code="immutable")})
            else:
                found = Asset.objects.filter(slug=slug).first()
                if found is None:
                    raise serializers.ValidationError({"asset": serializers.ErrorDetail(_("No hub asset %(slug)s.") % {"slug": slug},
                                                                                        code="does_not_exist")})
                self.context["attach"] = found
        return attrs

    # -- writes go through services.create_station (asset, station and datastreams together)
    def _save(self, station, data):
        asset = dict(data.pop("asset", {}))
        asset.pop("slug", None)
        attach = self.context.get("attach") if station is None else None
        base = {}
        if station is not None:
            a = station.asset
            base = {"name": a.name, "name_en": a.name_en, "latitude": a.latitude, "longitude": a.longitude,
                    "address": a.address, "admin_unit": a.admin_unit}
        merged = {**base, **asset}
        emails = data.pop("contact_emails", None)
        if emails is not None:
            data["contact_emails"] = "\n".join(emails)
        code = data.pop("code", None) or station.code
        kind = data.pop("kind", None) or station.kind
        owner = data.pop("owner")
        try:
            with transaction.atomic():
                st = create_station(code, merged["name"], kind, owner, merged["latitude"], merged["longitude"],
                                    asset_slug=getattr(attach, "slug", None), name_en=merged.get("name_en", ""),
                                    address=merged.get("address", ""), admin_unit=merged.get("admin_unit"), **data)
                if st.asset.published != st.published:
                    st.asset.published = st.published
                    st.asset.save(update_fields=["published", "updated_at"])
        except StationError as exc:
            raise serializers.ValidationError({"asset" if exc.code.startswith("asset") else "kind": [
                serializers.ErrorDetail(str(exc), code=exc.code)]}) from None
        return Station.objects.select_related("asset", "owner").get(pk=st.pk)

    def create(self, validated_data):
        return self._save(None, validated_data)

    def update(self, instance, validated_data):
        validated_data.setdefault("owner", instance.owner)
        return self._save(instance, validated_data)


class StationFilterSet(filters.FilterSet):
    kind = filters.CharFilter(method="filter_in", field_name="kind", label="station kind(s), comma-separated")
    owner = filters.CharFilter(method="filter_in", field_name="owner__code", label="owner organisation code(s)")
    river = filters.CharFilter(field_name="river", lookup_expr="icontains")
    industrial_park = filters.CharFilter(field_name="industrial_park", lookup_expr="icontains")
    published = filters.BooleanFilter()
    q = filters.CharFilter(method="filter_q", label="text in the code, name, facility or address")

    class Meta:
        model = Station
        fields = ["kind", "owner", "river", "industrial_park", "published", "q"]

    def filter_in(self, queryset, name, value):
        values = [v.strip() for v in value.split(",") if v.strip()]
        if name == "kind":
            unknown = [v for v in values if v not in StationKind.values]
            if unknown:
                raise exceptions.ValidationError({"kind": [exceptions.ErrorDetail(
                    _g("Unknown station kind %(kind)s; use one of: %(kinds)s.") % {"kind": unknown[0], "kinds": ", ".join(StationKind.values)},
                    code="unknown_kind")]})
        return queryset.filter(**{f"{name}__in": values})

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(asset__name__icontains=value) | Q(facility__icontains=value)
                               | Q(asset__address__icontains=value) | Q(short_name__icontains=value))


class StationViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Monitoring stations (transmission code, kind, owner, position, river or industrial
    park). Filter with `kind=air,surface-water`, `owner=DONRE`, `q=...`."""

    serializer_class = StationSerializer
    filterset_class = StationFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_.\-]+"
    queryset = Station.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # stations are retired (unpublished), not deleted here

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Station.objects.none()
        qs = Station.objects.select_related("asset", "asset__admin_unit", "owner").prefetch_related("asset__datastreams")
        return visible(qs, self.request.user).order_by("code")

    def perform_create(self, serializer):
        user = self.request.user
        owner = self.creation_owner(serializer)
        attach = serializer.context.get("attach")
        if attach is not None and not can_change(user, attach):
            raise exceptions.PermissionDenied(_g("You may not attach an asset of another organisation."))
        if Station.objects.filter(code=serializer.validated_data["code"]).exists():
            raise exceptions.ValidationError({"code": [exceptions.ErrorDetail(_g("A station with this code exists."), code="unique")]})
        serializer.save(owner=owner)


    @extend_schema(request={"text/csv": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("dry_run", bool, description="check only, write nothing")],
                   responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import",
            parser_classes=[CsvParser, parsers.MultiPartParser])
    def import_csv(self, request):
        """Create or update stations from CSV (`code,name,kind,lat,lon,owner[,...]`), all or
        nothing, with the permission rule applied to each row."""
        if isinstance(request.data, bytes):
            data = request.data
        else:
            upload = request.FILES.get("file")
            if upload is None:
                return Response(problem(400, "bad_file", _g("Send the CSV as text/csv or as a 'file' form field.")), status=400)
            data = upload.read()
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        try:
            report = stations_io.import_stations(data, user=request.user, dry_run=dry_run)
        except stations_io.ImportFileError as exc:
            return Response(problem(400, "bad_file", str(exc)), status=400)
        body = report.as_dict()
        if report.errors:
            errors = [{"field": e.field, "code": e.reason, "message": e.message, "line": e.line, "index": e.line} for e in report.errors]
            forbidden = all(e.reason == "forbidden_owner" for e in report.errors)
            status = 403 if forbidden else 400
            return Response(problem(status, "permission_denied" if forbidden else "rejected_rows",
                                    _g("%(n)s row(s) rejected; nothing was written.") % {"n": body["rejected"]}, errors,
                                    summary={k: body[k] for k in ("rows", "created", "updated", "unchanged", "rejected")}),
                            status=status)
        return Response(body)


router_entries = [("stations", StationViewSet, "api-env-station")]
urlpatterns = []
