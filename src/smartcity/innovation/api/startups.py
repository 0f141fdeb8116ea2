"""Startup API under /api/innovation/ (route names `api-innovation-...`).

/startups/        anyone reads published startups (team, products, funding, universities,
                  mentors inline); filters `q` (words, diacritics ignored), `stage`, `tag`,
                  `university` (organisation code), `programme` (code); editors of the owner
                  organisation write (`OwnerPermission`, `OwnedWriteMixin`).
/startups/stats/  the numbers of the statistics page (same filters).
/mentors/         mentors; /funding-rounds/ funding rounds (written by the startup's owner).
"""
from django.utils.translation import gettext as _g
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.innovation import services
from smartcity.innovation.models import FundingRound, Mentor, Product, Startup, TeamMember


class OwnerField(serializers.SlugRelatedField):
    def __init__(self, **kw):
        super().__init__(slug_field="code", queryset=Organisation.objects.all(), required=False,
                         help_text="Organisation code; defaults to yours", **kw)


class StartupTeamMemberSerializer(serializers.ModelSerializer):
    university = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["name", "role", "founder", "gender", "university"]


class StartupProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["name", "description", "launched"]


class StartupFundingRoundSerializer(serializers.ModelSerializer):
    startup = serializers.SlugRelatedField(slug_field="slug", queryset=Startup.objects.all())

    class Meta:
        model = FundingRound
        fields = ["id", "startup", "date", "kind", "amount_vnd", "investor"]

    def validate_amount_vnd(self, v):
        if v <= 0:
            raise serializers.ValidationError(_g("An amount is positive."), code="out_of_range")
        return v


class StartupSerializer(serializers.ModelSerializer):
    owner = OwnerField()
    universities = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                                queryset=Organisation.objects.filter(kind="university"))
    mentors = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Mentor.objects.all())
    enterprise = serializers.SlugRelatedField(slug_field="tax_code", required=False, allow_null=True,
                                              queryset=Startup._meta.get_field("enterprise").related_model.objects.all())
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    team = StartupTeamMemberSerializer(many=True, read_only=True)
    products = StartupProductSerializer(many=True, read_only=True)
    funding = StartupFundingRoundSerializer(many=True, read_only=True)

    class Meta:
        model = Startup
        fields = ["slug", "name", "tagline", "description", "stage", "tags", "founded", "address", "website", "owner", "published",
                  "universities", "mentors", "enterprise", "team", "products", "funding", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class StartupViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Startups of the province. Filters: q, stage, tag, university, programme."""

    serializer_class = StartupSerializer
    lookup_field = "slug"
    queryset = Startup.objects.none()
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Startup.objects.none()
        p = self.request.query_params
        qs = visible(Startup.objects.all(), self.request.user)
        qs = services.filter_startups(qs, **{k: p.get(k, "").strip() for k in ("q", "stage", "tag", "university", "programme")})
        return qs.prefetch_related("universities", "mentors", "team__university", "products", "funding").select_related(
            "enterprise", "owner").order_by("name")

    @action(detail=False, methods=["get"])
    def stats(self, request):
        """Counts by stage, sector tag and university; funding per year; women founders share."""
        st = services.startup_stats(self.get_queryset())
        st["by_stage"] = dict(st["by_stage"])
        st["by_tag"] = dict(st["by_tag"])
        st["by_university"] = dict(st["by_university"])
        return Response(st)


class StartupMentorSerializer(serializers.ModelSerializer):
    owner = OwnerField()
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Mentor
        fields = ["id", "name", "expertise", "organisation", "affiliation", "bio", "owner", "published"]


class MentorViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    serializer_class = StartupMentorSerializer
    queryset = Mentor.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Mentor.objects.none()
        return visible(Mentor.objects.select_related("organisation"), self.request.user).order_by("name")


class FundingRoundViewSet(viewsets.ModelViewSet):
    """Funding rounds of visible startups; written by editors of the startup's owner."""

    serializer_class = StartupFundingRoundSerializer
    queryset = FundingRound.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FundingRound.objects.none()
        startups = visible(Startup.objects.all(), self.request.user)
        qs = FundingRound.objects.filter(startup__in=startups).select_related("startup")
        if self.request.query_params.get("startup"):
            qs = qs.filter(startup__slug=self.request.query_params["startup"])
        return qs.order_by("date", "id")

    def _check(self, startup):
        if not can_change(self.request.user, startup):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))

    def perform_create(self, serializer):
        self._check(serializer.validated_data["startup"])
        serializer.save()

    def perform_update(self, serializer):
        self._check(serializer.validated_data.get("startup", serializer.instance.startup))
        serializer.save()


router_entries = [
    ("startups", StartupViewSet, "api-innovation-startup"),
    ("mentors", MentorViewSet, "api-innovation-mentor"),
    ("funding-rounds", FundingRoundViewSet, "api-innovation-funding"),
]
urlpatterns: list = []
