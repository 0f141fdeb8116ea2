"""Collection plans, their routes and recorded collections under /api/sanitation/.

`POST /plans/` builds a plan for a shift from the LIVE bin levels and optimises it at once
(the solver runs inside the request, at most 5 s); `POST /plans/<id>/optimise/` runs it again
with the levels of now. `POST /collections/` records an emptying (a driver's phone): the
bin's fill cycle restarts and the planned stop, if given, is marked collected.
"""
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.sanitation import services
from smartcity.sanitation.models import Bin, Collection, CollectionPlan, Depot, DisposalSite, PlannedRoute, PlannedStop, RoadGraph, Truck


class StopSerializer(serializers.ModelSerializer):
    bin = serializers.SlugRelatedField(slug_field="code", read_only=True)
    name = serializers.CharField(source="bin.asset.name", read_only=True)
    latitude = serializers.FloatField(source="bin.asset.latitude", read_only=True)
    longitude = serializers.FloatField(source="bin.asset.longitude", read_only=True)

    class Meta:
        model = PlannedStop
        fields = ["id", "order", "trip", "bin", "name", "latitude", "longitude", "visit", "level_pct", "load", "leg_m", "state"]


class RouteSerializer(serializers.ModelSerializer):
    truck = serializers.SlugRelatedField(slug_field="plate", read_only=True)
    driver = serializers.SlugRelatedField(slug_field="username", read_only=True)
    capacity = serializers.IntegerField(source="truck.capacity", read_only=True)
    unit = serializers.CharField(source="truck.capacity_unit", read_only=True)
    stops = StopSerializer(many=True, read_only=True)

    class Meta:
        model = PlannedRoute
        fields = ["id", "plan", "number", "truck", "driver", "trips", "distance_m", "load", "capacity", "unit", "geometry", "stops"]


class PlanSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    trucks = serializers.SlugRelatedField(slug_field="plate", many=True, queryset=Truck.objects.all(),
                                          help_text=_("Number plates of the trucks of the shift"))
    depot = serializers.PrimaryKeyRelatedField(queryset=Depot.objects.all())
    disposal_site = serializers.PrimaryKeyRelatedField(queryset=DisposalSite.objects.all(), required=False, allow_null=True)
    road_graph = serializers.PrimaryKeyRelatedField(queryset=RoadGraph.objects.all(), required=False, allow_null=True)
    seconds = serializers.FloatField(min_value=0.1, max_value=services.MAX_SECONDS, required=False,
                                     help_text=_("Solver time budget in seconds (at most 5)"))
    routes = RouteSerializer(many=True, read_only=True)

    class Meta:
        model = CollectionPlan
        fields = ["id", "owner", "published", "date", "shift", "depot", "disposal_site", "road_graph", "trucks", "zone",
                  "threshold_pct", "margin_h", "include_may", "trips_per_truck", "detour", "seconds", "state", "planned_at",
                  "levels_at", "distance_m", "feasible", "solve_seconds", "iterations", "summary", "routes"]
        read_only_fields = ["state", "planned_at", "levels_at", "distance_m", "feasible", "solve_seconds", "iterations", "summary"]

    def validate_detour(self, v):
        if not 1.0 <= v <= 3.0:
            raise serializers.ValidationError(_("The detour factor is between 1 and 3."), code="out_of_range")
        return v

    def validate_threshold_pct(self, v):
        if not 10 <= v <= 100:
            raise serializers.ValidationError(_("The threshold is between 10 and 100 %."), code="out_of_range")
        return v

    def validate(self, attrs):
        user = self.context["request"].user
        owner = attrs.get("owner") or getattr(self.instance, "owner", None) or getattr(user, "organisation", None)
        if owner is None:
            return attrs
        errors = {}
        for name in ("depot", "disposal_site", "road_graph"):
            rec = attrs.get(name)
            if rec is not None and rec.owner_id != owner.pk and not rec.published:
                errors[name] = serializers.ErrorDetail(_("Not available to this organisation."), code="other_owner")
        bad = [t.plate for t in attrs.get("trucks", []) if t.owner_id != owner.pk]
        if bad:
            errors["trucks"] = serializers.ErrorDetail(_("Trucks of another organisation: %(plates)s") % {"plates": ", ".join(bad)},
                                                       code="other_owner")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _optimise_or_400(plan):
    try:
        return services.optimise(plan)
    except services.PlanError as exc:
        raise exceptions.ValidationError({"plan": serializers.ErrorDetail(str(exc), code=exc.code)}) from None


class PlanViewSet(OwnedWriteMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                  mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):
        qs = visible(CollectionPlan.objects.all(), self.request.user).select_related("depot", "disposal_site")
        if self.action == "retrieve":
            qs = qs.prefetch_related("trucks", "routes__truck", "routes__driver", "routes__stops__bin__asset")
        else:
            qs = qs.prefetch_related("trucks")
        return qs

    def perform_create(self, serializer):
        plan = serializer.save(owner=self.creation_owner(serializer), created_by=self.request.user)
        _optimise_or_400(plan)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        plan = self.get_queryset().prefetch_related("routes__truck", "routes__driver", "routes__stops__bin__asset").get(pk=response.data["id"])
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def optimise(self, request, pk=None):
        """Build the plan again from the bin levels of now."""
        plan = self.get_object()
        if not can_change(request.user, plan):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))
        _optimise_or_400(plan)
        plan = self.get_queryset().prefetch_related("routes__truck", "routes__driver", "routes__stops__bin__asset").get(pk=plan.pk)
        return Response(self.get_serializer(plan).data)


class RouteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RouteSerializer

    def get_queryset(self):
        qs = visible(PlannedRoute.objects.all(), self.request.user).select_related("truck", "driver")
        if self.request.query_params.get("plan"):
            qs = qs.filter(plan_id=self.request.query_params["plan"])
        if self.request.query_params.get("driver") == "me" and self.request.user.is_authenticated:
            qs = qs.filter(driver=self.request.user)
        return qs.prefetch_related("stops__bin__asset")


class CollectionSerializer(serializers.ModelSerializer):
    bin = serializers.SlugRelatedField(slug_field="code", queryset=Bin.objects.all())
    stop = serializers.PrimaryKeyRelatedField(queryset=PlannedStop.objects.select_related("route__plan", "route__truck"),
                                              required=False, allow_null=True)
    truck = serializers.SlugRelatedField(slug_field="plate", queryset=Truck.objects.all(), required=False, allow_null=True)
    collected_at = serializers.DateTimeField(required=False, help_text=_("Default: now"))
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Collection
        fields = ["id", "bin", "stop", "truck", "collected_at", "fill_before_pct", "weight_kg", "note", "owner", "recorded_by"]

    def validate_fill_before_pct(self, v):
        if v is not None and not 0 <= v <= 100:
            raise serializers.ValidationError(_("A level is between 0 and 100 %."), code="out_of_range")
        return v

    def validate_weight_kg(self, v):
        if v is not None and not 0 <= v <= 5000:
            raise serializers.ValidationError(_("The weight is between 0 and 5000 kg."), code="out_of_range")
        return v

    def validate_collected_at(self, v):
        if v > timezone.now() + timezone.timedelta(minutes=5):
            raise serializers.ValidationError(_("A collection cannot be in the future."), code="future")
        return v

    def validate(self, attrs):
        stop = attrs.get("stop")
        if stop is not None and stop.bin_id != attrs["bin"].pk:
            raise serializers.ValidationError({"stop": serializers.ErrorDetail(_("This stop is for another bin."), code="other_bin")})
        return attrs


class CollectionViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CollectionSerializer

    def get_queryset(self):
        qs = visible(Collection.objects.all(), self.request.user).select_related("bin", "truck", "owner", "recorded_by")
        if self.request.query_params.get("bin"):
            qs = qs.filter(bin__code=self.request.query_params["bin"])
        return qs

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        bin = data["bin"]
        if not can_change(request.user, bin):
            raise exceptions.PermissionDenied(_g("You may not record collections of this organisation's bins."))
        c = services.record_collection(bin, when=data.get("collected_at"), fill_before=data.get("fill_before_pct"),
                                       weight_kg=data.get("weight_kg"), stop=data.get("stop"), truck=data.get("truck"),
                                       user=request.user, note=data.get("note", ""))
        return Response(self.get_serializer(c).data, status=status.HTTP_201_CREATED)


urlpatterns: list = []
router_entries: list = [
    ("plans", PlanViewSet, "api-sanitation-plan"),
    ("routes", RouteViewSet, "api-sanitation-route"),
    ("collections", CollectionViewSet, "api-sanitation-collection"),
]
