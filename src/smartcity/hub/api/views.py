"""The hub's API: DRF viewsets for management (assets, datastreams, device tokens, the
registries) and plain orjson views for the hot reads (latest, series, CSV export).

Writes follow the platform rule through the default `OwnerPermission`; creating for an
organisation requires it to be one of `writable_owners(user)`. Reads show published assets
and the caller's own organisation's.
"""
import orjson
from django.db.models import Q
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _g
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.api.errors import problem
from smartcity.core.auth import user_for_key
from smartcity.core.permissions import OwnerPermission, can_change, is_coordinator, visible, writable_owners
from smartcity.core.tokens import key_from_header
from smartcity.hub import queries
from smartcity.hub.api.serializers import (
    AssetSerializer,
    AssetTypeSerializer,
    DatastreamSerializer,
    DeviceTokenCreateSerializer,
    DeviceTokenSerializer,
    QuantitySerializer,
)
from smartcity.hub.models import Asset, AssetType, Datastream, DeviceToken, Quantity
from smartcity.hub.services import issue_device_token, revoke_device_token


# -- shared helpers ------------------------------------------------------------------------
def _query_error(exc: queries.QueryError) -> exceptions.ValidationError:
    return exceptions.ValidationError({exc.field: [exceptions.ErrorDetail(exc.message, code=exc.code)]})


def _visible_assets(user):
    return visible(Asset.objects.all(), user)


def _visible_datastreams(qs, user):
    if is_coordinator(user):
        return qs
    cond = Q(asset__published=True)
    if getattr(user, "is_authenticated", False) and user.organisation_id:
        cond |= Q(asset__owner_id=user.organisation_id)
    return qs.filter(cond)


# -- registries ----------------------------------------------------------------------------
class QuantityViewSet(viewsets.ReadOnlyModelViewSet):
    """Quantities the hub knows, with their canonical unit and accepted aliases."""

    queryset = Quantity.objects.all()
    serializer_class = QuantitySerializer
    lookup_field = "code"
    pagination_class = None


class AssetTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """Asset types (extended by the domain apps), with their NGSI-LD type and quantities."""

    queryset = AssetType.objects.all()
    serializer_class = AssetTypeSerializer
    lookup_field = "code"
    pagination_class = None


# -- assets --------------------------------------------------------------------------------
class AssetFilterSet(filters.FilterSet):
    type = filters.CharFilter(method="filter_in", field_name="asset_type__code", label="asset type code(s), comma-separated")
    owner = filters.CharFilter(method="filter_in", field_name="owner__code", label="owner organisation code(s)")
    admin_unit = filters.CharFilter(method="filter_admin_unit", label="administrative unit id or code (includes units below it)")
    active = filters.BooleanFilter()
    published = filters.BooleanFilter()
    q = filters.CharFilter(method="filter_q", label="text in the identifier, name or address")

    class Meta:
        model = Asset
        fields = ["type", "owner", "admin_unit", "active", "published", "q"]

    def filter_in(self, queryset, name, value):
        return queryset.filter(**{f"{name}__in": queries.split_list(value)})

    def filter_admin_unit(self, queryset, name, value):
        try:
            return queryset.filter(admin_unit_id__in=queries.admin_unit_ids(value))
        except queries.QueryError as exc:
            raise _query_error(exc) from None

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(slug__icontains=value) | Q(name__icontains=value) | Q(name_en__icontains=value)
                               | Q(address__icontains=value))


GEO_PARAMS = [
    OpenApiParameter("bbox", str, description="minLon,minLat,maxLon,maxLat"),
    OpenApiParameter("near", str, description="lat,lon,radius_m (results carry distance_m, nearest first)"),
    OpenApiParameter("within", str, description="polygon: GeoJSON Polygon/MultiPolygon, [[lon,lat],...] or lon,lat;lon,lat;..."),
]


@extend_schema(parameters=GEO_PARAMS)
class AssetViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Assets of the hub (stations, lamps, bins, buses...). Anyone reads published assets;
    editors of the owner organisation (and the Smart City Office) create and change them."""

    serializer_class = AssetSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = AssetFilterSet
    queryset = Asset.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Asset.objects.none()
        qs = Asset.objects.select_related("asset_type", "owner").prefetch_related("datastreams")
        return visible(qs, self.request.user).order_by("slug")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        try:
            geo = queries.geo_filter(params.get("bbox"), params.get("near"), params.get("within"))
        except queries.QueryError as exc:
            raise _query_error(exc) from None
        queryset, self._distances = queries.filter_assets_geo(queryset, geo)
        if geo.near and self.action == "list":
            ranked = sorted(self._distances, key=self._distances.get)
            if len(ranked) <= 2000:  # nearest first; beyond that the id list would dominate
                from django.db.models import Case, IntegerField, When

                queryset = queryset.order_by(Case(*[When(id=pk, then=i) for i, pk in enumerate(ranked)],
                                                  output_field=IntegerField()), "slug")
        return queryset

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["distances"] = getattr(self, "_distances", {})
        return ctx



# -- datastreams ---------------------------------------------------------------------------
class DatastreamFilterSet(filters.FilterSet):
    asset = filters.CharFilter(method="filter_in", field_name="asset__slug", label="asset identifier(s)")
    quantity = filters.CharFilter(method="filter_quantity", label="quantity code(s) or aliases")
    type = filters.CharFilter(method="filter_in", field_name="asset__asset_type__code", label="asset type code(s)")
    owner = filters.CharFilter(method="filter_in", field_name="asset__owner__code", label="owner organisation code(s)")

    class Meta:
        model = Datastream
        fields = ["asset", "quantity", "type", "owner"]

    def filter_in(self, queryset, name, value):
        return queryset.filter(**{f"{name}__in": queries.split_list(value)})

    def filter_quantity(self, queryset, name, value):
        try:
            return queryset.filter(quantity_id__in=queries.resolve_quantities(value))
        except queries.QueryError as exc:
            raise _query_error(exc) from None


class DatastreamViewSet(viewsets.ModelViewSet):
    """Datastreams (asset + quantity). Deleting one deletes its readings, rollups and latest value."""

    serializer_class = DatastreamSerializer
    filterset_class = DatastreamFilterSet
    queryset = Datastream.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Datastream.objects.none()
        qs = Datastream.objects.select_related("asset", "latest").order_by("id")
        return _visible_datastreams(qs, self.request.user)

    def perform_create(self, serializer):
        asset = serializer.validated_data["asset"]
        if not can_change(self.request.user, asset):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))
        serializer.save()


# -- device tokens -------------------------------------------------------------------------
class DeviceTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Device and integration tokens of your organisation (editor role or higher): create
    (the key is shown once, in the answer), list, revoke."""

    serializer_class = DeviceTokenSerializer
    permission_classes = [permissions.IsAuthenticated, OwnerPermission]
    queryset = DeviceToken.objects.none()
    filterset_fields = ["all_owner_assets"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DeviceToken.objects.none()
        qs = DeviceToken.objects.select_related("owner", "created_by").prefetch_related("assets")
        user = self.request.user
        if not is_coordinator(user):
            qs = qs.filter(owner_id__in=writable_owners(user).values("pk"))
        owner = self.request.query_params.get("owner")
        if owner:
            qs = qs.filter(owner__code__in=queries.split_list(owner))
        state = self.request.query_params.get("active")
        if state in ("true", "1"):
            qs = qs.filter(revoked_at__isnull=True)
        elif state in ("false", "0"):
            qs = qs.filter(revoked_at__isnull=False)
        return qs

    @extend_schema(request=DeviceTokenCreateSerializer, responses={201: DeviceTokenSerializer})
    def create(self, request):
        data = DeviceTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        owner = data.validated_data.get("owner") or user.organisation
        if owner is None or not writable_owners(user).filter(pk=owner.pk).exists():
            raise exceptions.PermissionDenied(_g("Only editors of the owner organisation may issue its device tokens."))
        assets = data.validated_data.get("assets") or []
        foreign = [a.slug for a in assets if a.owner_id != owner.pk]
        if foreign:
            raise exceptions.ValidationError({"assets": [exceptions.ErrorDetail(
                _g("Asset %(slug)s belongs to another organisation.") % {"slug": foreign[0]}, code="foreign_asset")]})
        token, key = issue_device_token(owner, data.validated_data["name"], assets=assets,
                                        all_owner_assets=data.validated_data["all_owner_assets"], created_by=user)
        body = DeviceTokenSerializer(token).data
        body["key"] = key  # shown once; only its hash is kept
        return Response(body, status=201)

    @extend_schema(request=None, responses=DeviceTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = self.get_object()
        revoke_device_token(token)
        return Response(DeviceTokenSerializer(token).data)


# -- plain read views (orjson) -------------------------------------------------------------
def _json(body, status: int = 200) -> HttpResponse:
    return HttpResponse(orjson.dumps(body), status=status, content_type="application/json")


def _fail(status: int, code: str, detail: str, errors=None) -> HttpResponse:
    return _json(problem(status, code, detail, errors), status)


def _bad(exc: queries.QueryError) -> HttpResponse:
    return _fail(400, "invalid_parameter", _g("The request has invalid parameters."), [exc.as_error()])


class _Unauthorised(Exception):
    pass


def require_GET(view):
    """GET (and HEAD) only, refused in the platform's error shape."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _fail(405, "method_not_allowed", _g("Method %(method)s is not allowed here.") % {"method": request.method})
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _caller(request):
    """The session user, or the owner of a personal token (Bearer sc_...). A device token
    reads as an anonymous caller (published data only)."""
    key = key_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
    if key and key.startswith("sc_"):
        user, _token = user_for_key(key)
        if user is None:
            raise _Unauthorised()
        return user
    return getattr(request, "user", None)


def _filters(request):
    g = request.GET
    return queries.asset_filter(asset=g.getlist("asset"), type=g.getlist("type"), owner=g.getlist("owner"),
                                admin_unit=g.getlist("admin_unit"), quantity=g.getlist("quantity"),
                                datastream=g.getlist("datastream"), active=g.get("active"))


def _check_known(request, allowed):
    unknown = sorted(k for k in set(request.GET) - set(allowed) if not k.startswith("_"))  # _=cache-buster
    if unknown:
        message = _g("unknown parameter %(name)r; use %(allowed)s") % {"name": unknown[0], "allowed": ", ".join(sorted(allowed))}
        raise queries.QueryError(unknown[0], "unknown_parameter", message)


LATEST_PARAMS = ("asset", "type", "owner", "admin_unit", "quantity", "datastream", "active", "bbox", "near", "within", "lang")
SERIES_PARAMS = ("datastream", "asset", "type", "owner", "admin_unit", "quantity", "active", "from", "to", "agg", "stat",
                 "limit", "cursor", "format", "status", "lang")


@require_GET
def latest(request):
    """GET /api/hub/latest: the newest reading of every matching datastream (one query)."""
    try:
        user = _caller(request)
        _check_known(request, LATEST_PARAMS)
        flt = _filters(request)
        geo = queries.geo_filter(request.GET.get("bbox"), request.GET.get("near"), request.GET.get("within"))
    except _Unauthorised:
        return _fail(401, "invalid_token", _g("The token is invalid, expired or revoked."))
    except queries.QueryError as exc:
        return _bad(exc)
    if not geo:
        return HttpResponse(queries.latest_json(flt, user), content_type="application/json")
    results = queries.latest_values(flt, geo, user)
    return _json({"count": len(results), "results": results})


def _series_request(request, default_format="json"):
    user = _caller(request)
    _check_known(request, SERIES_PARAMS)
    g = request.GET
    fmt = (g.get("format") or default_format).lower()
    if fmt not in ("json", "csv"):
        raise queries.QueryError("format", "bad_format", _g("format must be json or csv"))
    start = queries.parse_time_param(g.get("from"), "from")
    end = queries.parse_time_param(g.get("to"), "to")
    if start is not None and end is not None and end <= start:
        raise queries.QueryError("to", "bad_range", _g("to must be later than from"))
    agg = queries.parse_agg(g.get("agg") or ("raw" if fmt == "csv" else "auto"))
    stat = queries.parse_stat(g.get("stat"))
    limit = queries.parse_limit(g.get("limit"))
    flt = _filters(request)
    streams = queries.find_streams(flt, user)
    return dict(fmt=fmt, start=start, end=end, agg=agg, stat=stat, limit=limit, streams=streams,
                cursor=g.get("cursor") or None, with_status=g.get("status") in ("1", "true", "yes"))


def _csv_response(p, filename="hub-export.csv"):
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in queries.iter_csv(p["streams"], p["start"], p["end"], p["agg"], p["stat"])),
        content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def series(request):
    """GET /api/hub/series: points of one or many datastreams, raw or aggregated, paged
    by cursor (JSON) or streamed whole (format=csv)."""
    try:
        p = _series_request(request)
        if p["fmt"] == "csv":
            if p["cursor"]:
                raise queries.QueryError("cursor", "bad_cursor", _g("CSV streams the whole range; it takes no cursor"))
            return _csv_response(p)
        page = queries.series(p["streams"], p["start"], p["end"], p["agg"], p["stat"], p["limit"], p["cursor"], p["with_status"])
    except _Unauthorised:
        return _fail(401, "invalid_token", _g("The token is invalid, expired or revoked."))
    except queries.QueryError as exc:
        return _bad(exc)
    return _json(page.as_dict())


@require_GET
def export_csv(request):
    """GET /api/hub/export.csv: every reading matching asset/type/quantity/from/to as CSV."""
    try:
        p = _series_request(request, default_format="csv")
        if p["fmt"] != "csv":
            raise queries.QueryError("format", "bad_format", _g("export.csv only writes CSV"))
        if p["cursor"]:
            raise queries.QueryError("cursor", "bad_cursor", _g("CSV streams the whole range; it takes no cursor"))
    except _Unauthorised:
        return _fail(401, "invalid_token", _g("The token is invalid, expired or revoked."))
    except queries.QueryError as exc:
        return _bad(exc)
    return _csv_response(p)
