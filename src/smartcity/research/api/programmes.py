"""Living Lab pilots, research projects and training courses under /api/research/.

Each record belongs to its owner (the DOST for pilots, the lead organisation for a
project, the provider for a course); the lists of children (a pilot's partners and
indicators, a project's outputs, a course's employers) are written with their parent: a
list sent replaces the stored one, a list left out keeps it."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.economy.models import Enterprise
from smartcity.core.permissions import visible
from smartcity.hub.models import Asset, Datastream
from smartcity.programme.models import Item
from smartcity.research import services, stats
from smartcity.research.api.labs import OrgField
from smartcity.research.models import (Course, CourseEmployer, Indicator, Pilot, PilotPartner, ProjectOutput,
                                       ResearchProject)


class ResearchPartnerSerializer(serializers.ModelSerializer):
    organisation = OrgField(required=False, allow_null=True)

    class Meta:
        model = PilotPartner
        fields = ["organisation", "name", "helix", "role"]

    def validate(self, data):
        if not data.get("organisation") and not data.get("name"):
            raise serializers.ValidationError({"name": [serializers.ErrorDetail(str(_("Name the partner or pick an organisation.")), code="required")]})
        return data


class ResearchIndicatorSerializer(serializers.ModelSerializer):
    datastream = serializers.PrimaryKeyRelatedField(queryset=Datastream.objects.all(), required=False, allow_null=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["name_vi", "name_en", "unit", "baseline", "target", "measured", "datastream", "stat", "position", "progress"]

    def get_progress(self, obj) -> float | None:
        return stats.progress(obj.baseline, obj.target, obj.measured)


class NestedWriteMixin:
    """children: {field: (related_name, serializer class, extra kwargs from the parent)}."""

    children: dict = {}

    def _pop(self, validated):
        return {k: validated.pop(k) for k in list(self.children) if k in validated}

    def _write(self, instance, lists):
        for key, rows in lists.items():
            related = self.children[key][0]
            manager = getattr(instance, related)
            manager.all().delete()
            model = manager.model
            extra = {"owner_id": instance.owner_id} if any(f.name == "owner" for f in model._meta.fields) else {}
            for row in rows:
                model.objects.create(**{manager.field.name: instance}, **extra, **row)

    @transaction.atomic
    def create(self, validated):
        lists = self._pop(validated)
        instance = super().create(validated)
        self._write(instance, lists)
        return instance

    @transaction.atomic
    def update(self, instance, validated):
        lists = self._pop(validated)
        instance = super().update(instance, validated)
        self._write(instance, lists)
        return instance


class ResearchPilotSerializer(NestedWriteMixin, serializers.ModelSerializer):
    children = {"partners": ("partners", ResearchPartnerSerializer), "indicators": ("indicators", ResearchIndicatorSerializer)}
    owner = OrgField(required=False)
    title = serializers.CharField(read_only=True)
    assets = serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Asset.objects.all(), required=False)
    partners = ResearchPartnerSerializer(many=True, required=False)
    indicators = ResearchIndicatorSerializer(many=True, required=False)
    helix_coverage = serializers.SerializerMethodField()

    class Meta:
        model = Pilot
        fields = ["slug", "owner", "published", "title", "title_vi", "title_en", "challenge", "place", "latitude", "longitude",
                  "area", "start", "end", "status", "assets", "partners", "indicators", "helix_coverage", "lessons",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_helix_coverage(self, obj) -> dict:
        return stats.helix_coverage([p.helix for p in obj.partners.all()])

    def validate(self, data):
        start, end = data.get("start", getattr(self.instance, "start", None)), data.get("end", getattr(self.instance, "end", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end": [serializers.ErrorDetail(str(_("The end is before the start.")), code="end_before_start")]})
        area = data.get("area")
        if area is not None and (not isinstance(area, dict) or area.get("type") not in ("Polygon", "MultiPolygon")):
            raise serializers.ValidationError({"area": [serializers.ErrorDetail(str(_("A GeoJSON Polygon or MultiPolygon.")), code="invalid")]})
        return data


class ResearchOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectOutput
        fields = ["kind", "title", "year", "link", "reference"]


class ResearchProjectSerializer(NestedWriteMixin, serializers.ModelSerializer):
    children = {"outputs": ("outputs", ResearchOutputSerializer)}
    owner = OrgField(required=False, help_text=_("Lead organisation; defaults to yours"))
    title = serializers.CharField(read_only=True)
    partners = OrgField(many=True, required=False)
    plan_items = serializers.SerializerMethodField()
    plan_item_ids = serializers.PrimaryKeyRelatedField(source="plan_items", many=True, required=False, write_only=True,
                                                       queryset=Item.objects.all())
    budget_total_vnd = serializers.IntegerField(read_only=True)
    outputs = ResearchOutputSerializer(many=True, required=False)

    class Meta:
        model = ResearchProject
        fields = ["code", "owner", "published", "title", "title_vi", "title_en", "partners", "principal_investigator",
                  "budget_province_vnd", "budget_ministry_vnd", "budget_university_vnd", "budget_enterprise_vnd",
                  "budget_total_vnd", "start", "end", "status", "abstract", "plan_items", "plan_item_ids", "outputs",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_plan_items(self, obj) -> list[dict]:
        return [{"id": i.pk, "number": i.number, "title_vi": i.title_vi, "reference": i.reference} for i in obj.plan_items.all()]

    def validate(self, data):
        start, end = data.get("start", getattr(self.instance, "start", None)), data.get("end", getattr(self.instance, "end", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end": [serializers.ErrorDetail(str(_("The end is before the start.")), code="end_before_start")]})
        for key in ("budget_province_vnd", "budget_ministry_vnd", "budget_university_vnd", "budget_enterprise_vnd"):
            if data.get(key, 0) < 0:
                raise serializers.ValidationError({key: [serializers.ErrorDetail(str(_("A budget is not negative.")), code="min_value")]})
        return data


class ResearchEmployerSerializer(serializers.ModelSerializer):
    enterprise = serializers.SlugRelatedField(slug_field="tax_code", required=False, allow_null=True,
                                              queryset=Enterprise.objects.all(),
                                              help_text=_("Tax code of the enterprise in the shared database"))
    enterprise_name = serializers.CharField(source="enterprise.name_vi", read_only=True, default=None)

    class Meta:
        model = CourseEmployer
        fields = ["enterprise", "enterprise_name", "employer_name", "participants"]

    def validate(self, data):
        if not data.get("enterprise") and not data.get("employer_name"):
            raise serializers.ValidationError({"employer_name": [serializers.ErrorDetail(str(_("Name the employer or give its tax code.")), code="required")]})
        return data


class ResearchCourseSerializer(NestedWriteMixin, serializers.ModelSerializer):
    children = {"employers": ("employers", ResearchEmployerSerializer)}
    owner = OrgField(required=False, help_text=_("Provider; defaults to your organisation"))
    title = serializers.CharField(read_only=True)
    completion_rate = serializers.FloatField(read_only=True)
    employers = ResearchEmployerSerializer(many=True, required=False)

    class Meta:
        model = Course
        fields = ["code", "owner", "published", "title", "title_vi", "title_en", "topic", "mode", "start", "end", "hours",
                  "capacity", "participants", "completed", "completion_rate", "skills", "description", "employers",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, data):
        get = lambda k: data.get(k, getattr(self.instance, k, None))  # noqa: E731
        errors = {}
        if get("start") and get("end") and get("end") < get("start"):
            errors["end"] = [serializers.ErrorDetail(str(_("The end is before the start.")), code="end_before_start")]
        if (get("completed") or 0) > (get("participants") or 0):
            errors["completed"] = [serializers.ErrorDetail(str(_("More completed than participants.")), code="too_many")]
        rows = data.get("employers")
        if rows is not None and sum(r.get("participants", 0) for r in rows) > (get("participants") or 0):
            errors["employers"] = [serializers.ErrorDetail(str(_("The employers sent more people than the course had.")), code="too_many")]
        skills = data.get("skills")
        if skills is not None and (not isinstance(skills, list) or not all(isinstance(s, str) for s in skills)):
            errors["skills"] = [serializers.ErrorDetail(str(_("A list of tags (text).")), code="invalid")]
        if errors:
            raise serializers.ValidationError(errors)
        return data


class OwnerFilter(filters.FilterSet):
    owner = filters.CharFilter(field_name="owner__code")


class PilotFilter(OwnerFilter):
    class Meta:
        model = Pilot
        fields = ["owner", "status", "published"]


class ProjectFilter(OwnerFilter):
    partner = filters.CharFilter(field_name="partners__code")

    class Meta:
        model = ResearchProject
        fields = ["owner", "status", "partner", "published"]


class CourseFilter(OwnerFilter):
    year = filters.NumberFilter(field_name="end__year")

    class Meta:
        model = Course
        fields = ["owner", "topic", "mode", "year", "published"]


class PilotViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Living Lab pilots with partners (helix coverage), linked hub assets and indicators."""

    serializer_class = ResearchPilotSerializer
    filterset_class = PilotFilter
    lookup_field = "slug"
    queryset = Pilot.objects.none()

    def get_queryset(self):
        return visible(Pilot.objects.select_related("owner").prefetch_related("partners__organisation", "indicators", "assets"),
                       self.request.user)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        services.refresh_indicators(serializer.instance)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        services.refresh_indicators(serializer.instance)


class ProjectViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Research projects: lead (owner), partners, budget by source, outputs, plan items."""

    serializer_class = ResearchProjectSerializer
    filterset_class = ProjectFilter
    lookup_field = "code"
    queryset = ResearchProject.objects.none()

    def get_queryset(self):
        return visible(ResearchProject.objects.select_related("owner").prefetch_related("partners", "outputs", "plan_items"),
                       self.request.user).distinct()


class CourseViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Training courses with participants per employer. Filters `topic`, `year` (of the end), `owner`."""

    serializer_class = ResearchCourseSerializer
    filterset_class = CourseFilter
    lookup_field = "code"
    queryset = Course.objects.none()

    def get_queryset(self):
        return visible(Course.objects.select_related("owner").prefetch_related("employers__enterprise"), self.request.user)


router_entries = [
    ("pilots", PilotViewSet, "api-research-pilot"),
    ("projects", ProjectViewSet, "api-research-project"),
    ("courses", CourseViewSet, "api-research-course"),
]
urlpatterns: list = []
