"""Transport projects API under /api/mobility/projects/ and the public GeoJSON layer
/api/mobility/projects/geojson (the bus map draws it).

Reads are open (published projects, plus an organisation's own unpublished ones); writes
need an editor of the owner organisation (or the Smart City Office), by the platform rule
(`OwnerPermission`). Milestones travel with their project: a write that names
`milestones` replaces the list, one that leaves it out keeps it.
"""
from django.db import transaction
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import visible
from smartcity.mobility.models import Milestone, ProjectKind, ProjectStatus, TransportProject
from smartcity.mobility.services.projects import GeometryError, feature_collection, geometry_length_km, validate_geometry


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "date", "title_vi", "title_en", "done"]
        read_only_fields = ["id"]


class ProjectSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    milestones = MilestoneSerializer(many=True, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    budget_vnd = serializers.DecimalField(max_digits=20, decimal_places=0, min_value=0, required=False, allow_null=True)
    spent_vnd = serializers.DecimalField(max_digits=20, decimal_places=0, min_value=0, required=False, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = TransportProject
        fields = ["code", "name_vi", "name_en", "kind", "status", "owner", "published", "plan_item", "geometry", "length_km",
                  "budget_vnd", "spent_vnd", "start_date", "end_date", "progress", "description_vi", "description_en",
                  "milestones", "url", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_url(self, obj) -> str:
        return reverse("mobility-project-detail", args=[obj.code])

    def validate_geometry(self, value):
        try:
            return validate_geometry(value)
        except GeometryError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from None

    def validate_code(self, value):
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_g("A project's code is stable: links and the map use it."), code="immutable")
        return value

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": serializers.ErrorDetail(
                _g("The planned completion is before the start."), code="end_before_start")})
        budget = attrs.get("budget_vnd", getattr(self.instance, "budget_vnd", None))
        spent = attrs.get("spent_vnd", getattr(self.instance, "spent_vnd", None))
        if budget is not None and spent is not None and spent > budget * 2:
            raise serializers.ValidationError({"spent_vnd": serializers.ErrorDetail(
                _g("Spent is more than twice the budget: check the units (VND, not billions)."), code="implausible")})
        return attrs

    @staticmethod
    def _fill_length(project):
        if project.length_km is None and project.geometry:
            project.length_km = geometry_length_km(project.geometry)

    def create(self, validated_data):
        milestones = validated_data.pop("milestones", [])
        with transaction.atomic():
            project = TransportProject(**validated_data)
            self._fill_length(project)
            project.save()
            for m in milestones:
                Milestone.objects.create(project=project, **m)
        return project

    def update(self, instance, validated_data):
        milestones = validated_data.pop("milestones", None)
        with transaction.atomic():
            for k, v in validated_data.items():
                setattr(instance, k, v)
            if "geometry" in validated_data and "length_km" not in validated_data:
                instance.length_km = None
            self._fill_length(instance)
            instance.save()
            if milestones is not None:
                instance.milestones.all().delete()
                for m in milestones:
                    Milestone.objects.create(project=instance, **m)
        return instance


class ProjectFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ProjectKind.choices)
    status = filters.ChoiceFilter(choices=ProjectStatus.choices)
    owner = filters.CharFilter(field_name="owner__code", label="owner organisation code")
    plan_item = filters.CharFilter()

    class Meta:
        model = TransportProject
        fields = ["kind", "status", "owner", "plan_item"]


class ProjectViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Transport projects (roads, BRT, rail, waterway, logistics, bus) with GeoJSON geometry
    in WGS84, status, progress, budget (VND), owner and milestones. Filter with
    `kind=road`, `status=construction`, `owner=DOT`."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = TransportProject.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TransportProject.objects.none()
        qs = TransportProject.objects.select_related("owner").prefetch_related("milestones")
        return visible(qs, self.request.user).order_by("code")

    def perform_create(self, serializer):
        owner = self.creation_owner(serializer)
        if TransportProject.objects.filter(code=serializer.validated_data["code"]).exists():
            raise exceptions.ValidationError({"code": [exceptions.ErrorDetail(_g("A project with this code exists."), code="unique")]})
        serializer.save(owner=owner)



@extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("status", str), OpenApiParameter("lang", str)],
               responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def projects_geojson(request):
    """Visible projects as a GeoJSON FeatureCollection (WGS84) for maps; properties give
    both names, kind, status, progress, budget, owner and the project page's URL."""
    qs = visible(TransportProject.objects.select_related("owner"), request.user).order_by("code")
    for name, choices in (("kind", ProjectKind.values), ("status", ProjectStatus.values)):
        value = request.query_params.get(name)
        if value:
            if value not in choices:
                raise exceptions.ValidationError({name: [exceptions.ErrorDetail(
                    _g("Unknown value %(v)s; use one of: %(all)s.") % {"v": value, "all": ", ".join(choices)}, code="invalid_choice")]})
            qs = qs.filter(**{name: value})
    lang = request.query_params.get("lang") or get_language() or "vi"
    body = feature_collection(qs, lambda p: reverse("mobility-project-detail", args=[p.code]), lang)
    return Response(body, content_type="application/geo+json")


router_entries = [("projects", ProjectViewSet, "api-mob-projects")]
urlpatterns = [
    path("projects/geojson", projects_geojson, name="api-mob-projects-geojson"),
]
