"""Assessments under /api/schools/assessments/: one per school and school year, with the
school's and the department's value per criterion, evidence and the timeline.

- `POST /assessments/` {school, school_year}: open (school staff or the department);
- `POST /{id}/self/` {scores: [{criterion, value, comment}], submit}: the school, in draft;
- `POST /{id}/evidence/` multipart {criterion, file, title}: PDF, JPEG or PNG;
- `POST /{id}/submit/`, `/{id}/return/` {note}, `/{id}/evaluate/` {scores, finish},
  `/{id}/decide/` {recognised: true|false|null, note}.
Who may do each step is decided in `services` (the school's members fill and submit; the
department evaluates and decides): 403 `permission_denied`; a step the state does not
allow: 409 with the reason's code (`not_draft`, `incomplete`, `evidence_missing` ...)."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.schools import services
from smartcity.schools.api.criteria import conflict
from smartcity.schools.models import Assessment, School


class AssessmentPermission(permissions.BasePermission):
    """Reads: who may see the assessment; writes: logged in, the step itself is checked by
    the service (school staff are not editors of the department)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        return services.can_see_assessment(request.user, obj)


class ScoreEntrySerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text=_("Criterion id"))
    value = serializers.FloatField(allow_null=True, help_text=_("1/0, a level 0-3 or the measured number"))
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000)


class ScoreEntriesSerializer(serializers.Serializer):
    scores = ScoreEntrySerializer(many=True)
    submit = serializers.BooleanField(required=False, default=False)
    finish = serializers.BooleanField(required=False, default=False)


class AssessmentDecisionSerializer(serializers.Serializer):
    recognised = serializers.BooleanField(allow_null=True, required=False, default=None,
                                          help_text=_("Empty: as the criteria rule says"))
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class AssessmentNoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class EvidenceUploadSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    file = serializers.FileField()
    title = serializers.CharField(allow_blank=True, required=False, default="", max_length=255)


class OpenAssessmentSerializer(serializers.Serializer):
    school = serializers.SlugField(help_text=_("School code"))
    school_year = serializers.CharField(help_text=_("e.g. 2026-2027"))


class AssessmentSerializer(serializers.ModelSerializer):
    school = serializers.SlugRelatedField(slug_field="code", read_only=True)
    school_name = serializers.CharField(source="school.name_vi", read_only=True)
    criteria_set = serializers.PrimaryKeyRelatedField(read_only=True)
    groups = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "school", "school_name", "school_year", "criteria_set", "state", "self_total", "dept_total",
                  "submitted_at", "evaluated_at", "decided_at", "decision_note", "published", "groups", "scores", "evidence",
                  "events"]

    def _detail(self) -> bool:
        return self.context.get("detail", False)

    def get_groups(self, obj) -> dict:
        if not self._detail():
            return {}
        out = {"self": services.compute(obj, "self").groups}
        if obj.state in ("evaluated", "recognised", "not_yet") or services.sees_all(self.context["request"].user):
            out["dept"] = services.compute(obj, "dept").groups
        return out

    def get_scores(self, obj) -> list[dict]:
        if not self._detail():
            return []
        return [{"criterion": s.criterion_id, "code": s.criterion.code, "group": s.criterion.group.code,
                 "self_value": s.self_value, "self_comment": s.self_comment, "dept_value": s.dept_value,
                 "dept_comment": s.dept_comment} for s in obj.scores.select_related("criterion__group")]

    def get_evidence(self, obj) -> list[dict]:
        if not self._detail():
            return []
        files = services.can_see_evidence(self.context["request"].user, obj)
        return [{"id": e.pk, "criterion": e.criterion_id, "title": e.title, "content_type": e.content_type, "size": e.size,
                 "sha256": e.sha256, "url": f"/schools/evidence/{e.pk}/" if files else None} for e in obj.evidence.all()]

    def get_events(self, obj) -> list[dict]:
        if not self._detail():
            return []
        return [{"action": e.action, "from": e.from_state, "to": e.to_state, "at": e.at.isoformat(),
                 "user": e.user.username if e.user else None, "note": e.note} for e in obj.events.select_related("user")]


def _django_validation(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        detail = {k: [exceptions.ErrorDetail(m, code=e.code or "invalid") for e in v for m in e.messages]
                  for k, v in exc.error_dict.items()}
    else:
        detail = [exceptions.ErrorDetail(m, code=exc.code or "invalid") for m in exc.messages]
    return exceptions.ValidationError(detail)


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Assessments you may see. Filters `school_year`, `state`, `school` (code)."""

    serializer_class = AssessmentSerializer
    permission_classes = [AssessmentPermission]
    queryset = Assessment.objects.none()
    filterset_fields = {"school_year": ["exact"], "state": ["exact"], "school__code": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return services.visible_assessments(self.request.user, Assessment.objects.select_related("school", "criteria_set"))

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["detail"] = self.action != "list"
        return ctx

    def _run(self, fn):
        try:
            fn()
        except services.WorkflowError as exc:
            raise conflict(exc) from None
        except DjangoValidationError as exc:
            raise _django_validation(exc) from None

    def _answer(self, a, code=status.HTTP_200_OK):
        a = self.get_queryset().get(pk=a.pk) if services.can_see_assessment(self.request.user, a) else a
        return Response(self.get_serializer(a).data, status=code)

    @extend_schema(request=OpenAssessmentSerializer, responses=AssessmentSerializer)
    def create(self, request):
        ser = OpenAssessmentSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        school = get_object_or_404(School, code=ser.validated_data["school"])
        out = {}
        self._run(lambda: out.setdefault("a", services.open_assessment(school, ser.validated_data["school_year"], request.user)))
        return self._answer(out["a"], status.HTTP_201_CREATED)

    def _entries(self, request):
        ser = ScoreEntriesSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return {e["criterion"]: (e["value"], e.get("comment", "")) for e in ser.validated_data["scores"]}, ser.validated_data

    @extend_schema(request=ScoreEntriesSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="self")
    def self_assess(self, request, pk=None):
        a = self.get_object()
        entries, data = self._entries(request)

        def run():
            services.save_self(a, request.user, entries)
            if data.get("submit"):
                services.submit(a, request.user)

        self._run(run)
        return self._answer(a)

    @extend_schema(request=EvidenceUploadSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        a = self.get_object()
        ser = EvidenceUploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        v = ser.validated_data
        try:
            services.add_evidence(a, v["criterion"], request.user, v["file"], v.get("title", ""))
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise _django_validation(exc) from None
            raise exceptions.ValidationError({"file": [exceptions.ErrorDetail(m, code=exc.code or "invalid")
                                                       for m in exc.messages]}) from None
        return self._answer(a, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        a = self.get_object()
        self._run(lambda: services.submit(a, request.user))
        return self._answer(a)

    @extend_schema(request=AssessmentNoteSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_school(self, request, pk=None):
        a = self.get_object()
        ser = AssessmentNoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        self._run(lambda: services.return_to_school(a, request.user, ser.validated_data.get("note", "")))
        return self._answer(a)

    @extend_schema(request=ScoreEntriesSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        a = self.get_object()
        entries, data = self._entries(request)
        self._run(lambda: services.evaluate(a, request.user, entries, finish=data.get("finish", False)))
        return self._answer(a)

    @extend_schema(request=AssessmentDecisionSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        a = self.get_object()
        ser = AssessmentDecisionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        self._run(lambda: services.decide(a, request.user, ser.validated_data.get("recognised"),
                                          ser.validated_data.get("note", "")))
        return self._answer(a)


router_entries = [("assessments", AssessmentViewSet, "api-schools-assessment")]
urlpatterns: list = []
