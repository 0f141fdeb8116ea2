"""Criteria sets under /api/schools/criteria-sets/ with their areas and criteria nested for
reading; areas and criteria of a draft set are written under /api/schools/criteria-groups/
and /api/schools/criteria/. `POST .../{id}/publish/` freezes a set (409 `frozen` for any
later write), `POST .../{id}/copy/` makes the next school year's draft."""
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.schools import scoring, services
from smartcity.schools.models import CriteriaGroup, CriteriaSet, Criterion


class SchoolsConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("The request conflicts with the record's state.")


def conflict(exc: services.WorkflowError):
    return SchoolsConflict(str(exc), code=exc.code)


class SchoolCriterionSerializer(serializers.ModelSerializer):
    group = serializers.PrimaryKeyRelatedField(queryset=CriteriaGroup.objects.all())

    class Meta:
        model = Criterion
        fields = ["id", "group", "code", "name_vi", "name_en", "description", "max_score", "rule", "threshold", "direction",
                  "unit", "evidence_required", "mandatory", "order"]

    def validate(self, attrs):
        rule = attrs.get("rule", getattr(self.instance, "rule", None))
        threshold = attrs.get("threshold", getattr(self.instance, "threshold", None))
        if rule == scoring.THRESHOLD and threshold is None:
            raise serializers.ValidationError({"threshold": [_("A numeric threshold criterion needs its threshold.")]},
                                              code="required")
        if attrs.get("max_score", 1) <= 0:
            raise serializers.ValidationError({"max_score": [_("The maximum score must be positive.")]}, code="min_value")
        return attrs


class CriteriaGroupSerializer(serializers.ModelSerializer):
    criteria_set = serializers.PrimaryKeyRelatedField(queryset=CriteriaSet.objects.all())
    criteria = SchoolCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaGroup
        fields = ["id", "criteria_set", "code", "name_vi", "name_en", "weight", "order", "criteria"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    groups = CriteriaGroupSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["id", "school_year", "version", "title_vi", "title_en", "status", "published_at", "previous", "pass_total",
                  "pass_group", "notes", "owner", "published", "groups", "created_at", "updated_at"]
        read_only_fields = ["version", "status", "published_at", "previous", "created_at", "updated_at"]

    def validate_school_year(self, value):
        try:
            scoring.parse_school_year(value)
        except scoring.ScoreError as exc:
            raise serializers.ValidationError(_g(str(exc)), code=exc.code) from None
        return value


class CriteriaSetViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Criteria sets by school year, with areas and criteria. Filter `school_year=2026-2027`."""

    serializer_class = CriteriaSetSerializer
    queryset = CriteriaSet.objects.none()
    filterset_fields = ["school_year", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CriteriaSet.objects.none()
        return visible(CriteriaSet.objects.prefetch_related("groups__criteria"), self.request.user)

    def perform_create(self, serializer):
        owner = self.creation_owner(serializer)
        year = serializer.validated_data["school_year"]
        version = (CriteriaSet.objects.filter(school_year=year).order_by("-version").values_list("version", flat=True).first() or 0) + 1
        serializer.save(owner=owner, version=version)

    def perform_update(self, serializer):
        if serializer.instance.frozen:
            raise conflict(services.WorkflowError("frozen", _g("This criteria set is published and frozen; copy it to make changes.")))
        super().perform_update(serializer)

    @extend_schema(request=None, responses=CriteriaSetSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        cset = self.get_object()
        try:
            services.publish_set(cset, request.user)
        except services.WorkflowError as exc:
            raise conflict(exc) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=cset.pk)).data)

    @extend_schema(request=None, responses=CriteriaSetSerializer)
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        cset = self.get_object()
        year = request.data.get("school_year") if hasattr(request.data, "get") else None
        try:
            new = services.copy_set(cset, request.user, year or None)
        except scoring.ScoreError as exc:
            raise exceptions.ValidationError({"school_year": [exceptions.ErrorDetail(_g(str(exc)), code=exc.code)]}) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=new.pk)).data, status=status.HTTP_201_CREATED)


class _DraftChildMixin:
    """Areas and criteria belong to their set: written only by who may change the set, only
    while it is a draft."""

    def _check(self, cset):
        if not can_change(self.request.user, cset):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))
        if cset.frozen:
            raise conflict(services.WorkflowError("frozen", _g("This criteria set is published and frozen; copy it to make changes.")))


class GroupViewSet(_DraftChildMixin, viewsets.ModelViewSet):
    serializer_class = CriteriaGroupSerializer
    queryset = CriteriaGroup.objects.none()
    filterset_fields = ["criteria_set"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CriteriaGroup.objects.none()
        sets = visible(CriteriaSet.objects.all(), self.request.user)
        return CriteriaGroup.objects.filter(criteria_set__in=sets).prefetch_related("criteria")

    def perform_create(self, serializer):
        self._check(serializer.validated_data["criteria_set"])
        serializer.save()

    def perform_update(self, serializer):
        self._check(serializer.instance.criteria_set)
        if serializer.validated_data.get("criteria_set", serializer.instance.criteria_set) != serializer.instance.criteria_set:
            raise exceptions.ValidationError({"criteria_set": [exceptions.ErrorDetail(_g("An area stays in its set."), code="immutable")]})
        serializer.save()

    def perform_destroy(self, instance):
        self._check(instance.criteria_set)
        instance.delete()


class CriterionViewSet(_DraftChildMixin, viewsets.ModelViewSet):
    serializer_class = SchoolCriterionSerializer
    queryset = Criterion.objects.none()
    filterset_fields = ["group"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Criterion.objects.none()
        sets = visible(CriteriaSet.objects.all(), self.request.user)
        return Criterion.objects.filter(group__criteria_set__in=sets).select_related("group__criteria_set")

    def perform_create(self, serializer):
        self._check(serializer.validated_data["group"].criteria_set)
        serializer.save()

    def perform_update(self, serializer):
        self._check(serializer.instance.group.criteria_set)
        new_group = serializer.validated_data.get("group", serializer.instance.group)
        self._check(new_group.criteria_set)
        serializer.save()

    def perform_destroy(self, instance):
        self._check(instance.group.criteria_set)
        instance.delete()


router_entries = [
    ("criteria-sets", CriteriaSetViewSet, "api-schools-criteria-set"),
    ("criteria-groups", GroupViewSet, "api-schools-criteria-group"),
    ("criteria", CriterionViewSet, "api-schools-criterion"),
]
urlpatterns: list = []
