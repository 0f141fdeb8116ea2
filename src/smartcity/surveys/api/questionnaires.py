"""Questionnaires and their versions under /api/surveys/.

- `questionnaires/`: list/read (published ones for everybody, plus the caller's own),
  create (`definition` optional: it becomes version 1, a draft), change titles (owner's
  editors, coordinator). `POST questionnaires/{id}/draft/` returns the draft to edit: the
  latest version if it is a draft, else a new version copied from the latest.
- `versions/`: read; `PATCH versions/{id}/` `{"definition": {...}}` changes a draft (409
  `version_frozen` for a published one; 400 `definition_invalid` with one error per
  problem); `POST versions/{id}/publish/` freezes it.
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import visible
from smartcity.surveys import engine, services
from smartcity.surveys.models import Questionnaire, QuestionnaireVersion


def error_response(exc: services.SurveyError) -> Response:
    return Response(problem(exc.status, exc.code, exc.message, exc.problems), status=exc.status)


class VersionSerializer(serializers.ModelSerializer):
    questionnaire = serializers.PrimaryKeyRelatedField(read_only=True)
    definition = serializers.JSONField(help_text=_("Sections and questions (see docs/surveys.md)"))

    class Meta:
        model = QuestionnaireVersion
        fields = ["id", "questionnaire", "number", "state", "published_at", "note", "definition", "created_at", "updated_at"]
        read_only_fields = ["number", "state", "published_at", "created_at", "updated_at"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    versions = serializers.SerializerMethodField()
    definition = serializers.JSONField(write_only=True, required=False, help_text=_("Content of version 1"))

    class Meta:
        model = Questionnaire
        fields = ["id", "code", "title_vi", "title_en", "description_vi", "description_en", "owner", "published",
                  "versions", "definition", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_versions(self, obj) -> list[dict]:
        return [{"id": v.pk, "number": v.number, "state": v.state, "published_at": v.published_at}
                for v in obj.versions.order_by("number")]


class QuestionnaireViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    serializer_class = QuestionnaireSerializer
    queryset = Questionnaire.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return visible(Questionnaire.objects.select_related("owner").prefetch_related("versions"), self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        owner = self.creation_owner(serializer)
        data = dict(serializer.validated_data)
        data.pop("owner", None)
        definition = data.pop("definition", None) or {"sections": []}
        problems = [p for p in engine.check_definition(definition) if p.code != "no_questions"]
        if problems:
            return error_response(services.SurveyError("definition_invalid", str(_("The questionnaire has problems.")),
                                                       services.problem_dicts(problems)))
        q = services.create_questionnaire(owner, data.pop("code"), data.pop("title_vi"), data.pop("title_en", ""),
                                          definition=definition, **data)
        return Response(self.get_serializer(q).data, status=201)

    @extend_schema(request=None, responses={200: VersionSerializer, 403: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        """The draft version to edit (made from the latest published one when needed)."""
        q = self.get_object()  # OwnerPermission: a POST needs can_change
        return Response(VersionSerializer(services.new_draft(q)).data)


class VersionViewSet(viewsets.ModelViewSet):
    serializer_class = VersionSerializer
    queryset = QuestionnaireVersion.objects.none()
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        qs = visible(QuestionnaireVersion.objects.select_related("questionnaire"), self.request.user)
        if self.request.query_params.get("questionnaire"):
            qs = qs.filter(questionnaire_id=self.request.query_params["questionnaire"])
        return qs.order_by("questionnaire_id", "number")

    def create(self, request, *args, **kwargs):
        return Response(problem(405, "method_not_allowed", str(_("Make versions with POST questionnaires/{id}/draft/."))), status=405)

    def partial_update(self, request, *args, **kwargs):
        version = self.get_object()
        try:
            if "definition" in request.data:
                services.update_definition(version, request.data["definition"])
            if "note" in request.data:
                if version.frozen:
                    raise services.SurveyError("version_frozen", str(_("A published version cannot change: make a new draft version.")), status=409)
                version.note = str(request.data["note"])[:300]
                version.save(update_fields=["note", "updated_at"])
        except services.SurveyError as exc:
            return error_response(exc)
        return Response(VersionSerializer(version).data)

    @extend_schema(request=None, responses={200: VersionSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Freeze the version: campaigns can send it; changes need a new draft."""
        version = self.get_object()
        try:
            services.publish(version)
        except services.SurveyError as exc:
            return error_response(exc)
        return Response(VersionSerializer(version).data)


router_entries = [("questionnaires", QuestionnaireViewSet, "api-surveys-questionnaire"),
                  ("versions", VersionViewSet, "api-surveys-version")]
urlpatterns: list = []
