"""Quality flags and stored indices under /api/env/.

- GET  /api/env/qc-flags/?station=&state=&rule=&quantity=&from=&to=   flags of visible stations
- POST /api/env/qc-flags/{id}/confirm/  {"note": "..."}   the reading stays SUSPECT
- POST /api/env/qc-flags/{id}/override/ {"note": "..."}   the reading is VALID again
  (editors of the station's owner organisation and the Smart City Office; 403 otherwise)
- GET  /api/env/indices/?station=&kind=&from=&to=   stored index values (never recomputed)
- GET  /api/env/indices/latest/?station=&kind=     the newest value per station and index

Times: `t` in ISO 8601 local time (+07:00) and `t_epoch` in UTC seconds; `from`/`to` take
either. Hourly values are labelled by the hour's END (Decision 1459), daily ones by the
midnight that ends the 01:00-00:00 day.
"""
from django.db.models import Max, Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from smartcity.core.permissions import can_change, visible
from smartcity.environment.models import FlagState, IndexKind, IndexValue, QcCheck, QcFlag, Station
from smartcity.environment.qc_hooks import DecisionError, decide
from smartcity.hub.timebase import iso, parse_time


def visible_stations(user):
    return visible(Station.objects.all(), user)


def _time_param(request, name):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return parse_time(raw)
    except ValueError:
        raise exceptions.ValidationError({name: [_g("Expected an ISO 8601 time or UTC seconds.")]})


def _station_filter(request, field="station"):
    raw = request.query_params.get("station")
    if not raw:
        return Q()
    return Q(**{f"{field}__code": raw}) | (Q(**{f"{field}__id": int(raw)}) if raw.isdigit() else Q(pk__in=[]))


class QcFlagSerializer(serializers.ModelSerializer):
    station = serializers.CharField(source="datastream.asset.station.code", read_only=True)
    quantity = serializers.CharField(source="datastream.quantity_id", read_only=True)
    unit = serializers.CharField(source="datastream.unit", read_only=True)
    t = serializers.SerializerMethodField()
    t_epoch = serializers.IntegerField(source="t", read_only=True)
    since = serializers.SerializerMethodField()
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)
    can_decide = serializers.SerializerMethodField()

    class Meta:
        model = QcFlag
        fields = ["id", "station", "quantity", "unit", "t", "t_epoch", "rule", "detail", "value", "since", "state",
                  "decided_by", "decided_at", "note", "created_at", "can_decide"]

    def get_t(self, obj) -> str:
        return iso(obj.t)

    def get_since(self, obj) -> str | None:
        return iso(obj.since) if obj.since is not None else None

    def get_can_decide(self, obj) -> bool:
        return can_change(self.context["request"].user, obj.datastream.asset)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text=_("Why (kept in the history)"))


flag_params = [
    OpenApiParameter("station", str, description="Station transmission code or id"),
    OpenApiParameter("state", str, enum=[s.value for s in FlagState]),
    OpenApiParameter("rule", str, enum=[c.value for c in QcCheck]),
    OpenApiParameter("quantity", str, description="Hub quantity code, e.g. pm25"),
    OpenApiParameter("from", str, description="ISO 8601 or UTC seconds (reading time)"),
    OpenApiParameter("to", str, description="ISO 8601 or UTC seconds (reading time, exclusive)"),
]


def flags_for(user, params):
    """Flags of the stations the user may see, filtered by the request's parameters."""
    qs = QcFlag.objects.filter(datastream__asset__station__in=visible_stations(user)) \
        .select_related("datastream__asset__station", "decided_by")
    station = params.get("station")
    if station:
        qs = qs.filter(Q(datastream__asset__station__code=station) | (Q(datastream__asset__station__id=int(station)) if station.isdigit() else Q(pk__in=[])))
    for key, field in (("state", "state"), ("rule", "rule"), ("quantity", "datastream__quantity_id")):
        if params.get(key):
            qs = qs.filter(**{field: params[key]})
    return qs


@extend_schema(tags=["environment"])
class QcFlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = QcFlagSerializer

    def get_queryset(self):
        qs = flags_for(self.request.user, self.request.query_params)
        lo, hi = _time_param(self.request, "from"), _time_param(self.request, "to")
        if lo is not None:
            qs = qs.filter(t__gte=lo)
        if hi is not None:
            qs = qs.filter(t__lt=hi)
        return qs.order_by("-t", "id")

    @extend_schema(parameters=flag_params)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _decide(self, request, action_name):
        flag = self.get_object()
        if not can_change(request.user, flag.datastream.asset):
            raise exceptions.PermissionDenied(_g("Only editors of the station's organisation may decide on its quality flags."))
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            flag = decide(flag, request.user, action_name, body.validated_data.get("note", ""))
        except DecisionError as exc:
            raise exceptions.ValidationError({"state": [str(exc)]})
        return Response(QcFlagSerializer(flag, context={"request": request}).data)

    @extend_schema(request=DecisionSerializer, responses=QcFlagSerializer,
                   description="Confirm the flag: the reading stays SUSPECT, out of indices and limit checks.")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._decide(request, "confirm")

    @extend_schema(request=DecisionSerializer, responses=QcFlagSerializer,
                   description="Override the flag: the reading is VALID again (unless another active flag holds it) "
                               "and its hour's rollups and indices include it.")
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None):
        return self._decide(request, "override")


class IndexValueSerializer(serializers.ModelSerializer):
    station = serializers.CharField(source="station.code", read_only=True)
    t = serializers.SerializerMethodField()
    t_epoch = serializers.IntegerField(source="t", read_only=True)

    class Meta:
        model = IndexValue
        fields = ["station", "kind", "t", "t_epoch", "value", "dominant", "band", "parts", "computed_at"]

    def get_t(self, obj) -> str:
        return iso(obj.t)


index_params = [
    OpenApiParameter("station", str, description="Station transmission code or id"),
    OpenApiParameter("kind", str, enum=[k.value for k in IndexKind]),
    OpenApiParameter("from", str, description="ISO 8601 or UTC seconds (period end)"),
    OpenApiParameter("to", str, description="ISO 8601 or UTC seconds (period end, inclusive)"),
]


@extend_schema(tags=["environment"])
class IndexValueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Stored indices, as computed on ingest (read-only; nobody writes them by hand)."""

    serializer_class = IndexValueSerializer
    permission_classes = [AllowAny]

    def _base(self):
        kind = self.request.query_params.get("kind")
        if kind and kind not in IndexKind.values:
            raise exceptions.ValidationError({"kind": [_g("Unknown index; expected one of %(kinds)s.") % {"kinds": ", ".join(IndexKind.values)}]})
        qs = IndexValue.objects.filter(station__in=visible_stations(self.request.user)).filter(_station_filter(self.request))
        if kind:
            qs = qs.filter(kind=kind)
        return qs.select_related("station")

    def get_queryset(self):
        qs = self._base()
        lo, hi = _time_param(self.request, "from"), _time_param(self.request, "to")
        if lo is not None:
            qs = qs.filter(t__gte=lo)
        if hi is not None:
            qs = qs.filter(t__lte=hi)
        return qs.order_by("station__code", "kind", "-t")

    @extend_schema(parameters=index_params)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=index_params[:2], responses=IndexValueSerializer(many=True),
                   description="The newest stored value of each index of each station.")
    @action(detail=False, methods=["get"])
    def latest(self, request):
        qs = self._base()
        newest = qs.values("station_id", "kind").annotate(t=Max("t"))
        cond = Q(pk__in=[])
        for row in newest:
            cond |= Q(station_id=row["station_id"], kind=row["kind"], t=row["t"])
        rows = IndexValue.objects.filter(cond).select_related("station").order_by("station__code", "kind") if newest else []
        return Response(IndexValueSerializer(rows, many=True, context={"request": request}).data)


router_entries = [("qc-flags", QcFlagViewSet, "api-env-qc-flag"), ("indices", IndexValueViewSet, "api-env-index")]
urlpatterns = []
