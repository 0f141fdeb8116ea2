"""Programme API under /api/innovation/: /programmes/ (cohorts with milestones and the
startups admitted), /sessions/ (mentoring sessions: visible to the organiser only while
unpublished), /events/ (with registration counts; filters `upcoming=true`, `kind`),
/centres/ (the network of startup centres with coordinates). Reads open, writes by
editors of the owner organisation."""
from django.utils import timezone
from rest_framework import serializers, viewsets

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.permissions import visible
from smartcity.innovation.api.startups import OwnerField
from smartcity.innovation.models import Centre, Event, MentoringSession, Mentor, Milestone, Programme, Startup


class ProgrammeMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["title", "due", "done_on"]


class InnovationProgrammeSerializer(serializers.ModelSerializer):
    owner = OwnerField()
    startups = serializers.SlugRelatedField(slug_field="slug", many=True, required=False, queryset=Startup.objects.all())
    centre = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True, queryset=Centre.objects.all())
    milestones = ProgrammeMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["slug", "name", "kind", "starts", "ends", "description", "centre", "startups", "milestones", "owner", "published"]

    def validate(self, attrs):
        starts = attrs.get("starts", getattr(self.instance, "starts", None))
        ends = attrs.get("ends", getattr(self.instance, "ends", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends": serializers.ErrorDetail("A programme ends after it starts.", code="invalid")})
        return attrs


class ProgrammeViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    serializer_class = InnovationProgrammeSerializer
    lookup_field = "slug"
    queryset = Programme.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        return visible(Programme.objects.select_related("centre", "owner"), self.request.user).prefetch_related(
            "startups", "milestones").order_by("-starts")


class MentoringSessionSerializer(serializers.ModelSerializer):
    owner = OwnerField()
    mentor = serializers.PrimaryKeyRelatedField(queryset=Mentor.objects.all())
    startup = serializers.SlugRelatedField(slug_field="slug", queryset=Startup.objects.all())
    programme = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True, queryset=Programme.objects.all())

    class Meta:
        model = MentoringSession
        fields = ["id", "mentor", "startup", "programme", "at", "minutes", "topic", "notes", "follow_ups", "follow_up_due",
                  "owner", "published"]


class SessionViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    serializer_class = MentoringSessionSerializer
    queryset = MentoringSession.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MentoringSession.objects.none()
        qs = visible(MentoringSession.objects.select_related("mentor", "startup", "programme", "owner"), self.request.user)
        if self.request.query_params.get("startup"):
            qs = qs.filter(startup__slug=self.request.query_params["startup"])
        return qs.order_by("-at")


class InnovationEventSerializer(serializers.ModelSerializer):
    owner = OwnerField()
    centre = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True, queryset=Centre.objects.all())
    programme = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True, queryset=Programme.objects.all())

    class Meta:
        model = Event
        fields = ["slug", "title", "kind", "starts", "ends", "venue", "centre", "programme", "description", "capacity",
                  "registrations", "owner", "published"]


class EventViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Events; `upcoming=true` for those still to come, `kind=demo_day`..."""

    serializer_class = InnovationEventSerializer
    lookup_field = "slug"
    queryset = Event.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        p = self.request.query_params
        qs = visible(Event.objects.select_related("centre", "programme", "owner"), self.request.user)
        if p.get("upcoming") in ("true", "1"):
            qs = qs.filter(starts__gte=timezone.now())
        if p.get("kind"):
            qs = qs.filter(kind=p["kind"])
        return qs.order_by("starts")


class StartupCentreSerializer(serializers.ModelSerializer):
    owner = OwnerField()
    organisation = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                                queryset=Centre._meta.get_field("organisation").related_model.objects.all())

    class Meta:
        model = Centre
        fields = ["slug", "name", "name_en", "kind", "organisation", "address", "latitude", "longitude", "website", "services",
                  "owner", "published"]

    def validate(self, attrs):
        lat, lon = attrs.get("latitude"), attrs.get("longitude")
        if (lat is None) != (lon is None) and self.instance is None:
            raise serializers.ValidationError({"latitude": serializers.ErrorDetail("Give both coordinates or none.", code="invalid")})
        return attrs


class CentreViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    serializer_class = StartupCentreSerializer
    lookup_field = "slug"
    queryset = Centre.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Centre.objects.none()
        return visible(Centre.objects.select_related("organisation", "owner"), self.request.user).order_by("kind", "name")


router_entries = [
    ("programmes", ProgrammeViewSet, "api-innovation-programme"),
    ("sessions", SessionViewSet, "api-innovation-session"),
    ("events", EventViewSet, "api-innovation-event"),
    ("centres", CentreViewSet, "api-innovation-centre"),
]
urlpatterns: list = []
