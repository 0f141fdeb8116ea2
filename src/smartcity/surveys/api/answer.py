"""The public answering endpoint: the token is the credential (no login, no session, so no
CSRF cookie is involved).

- `GET /api/surveys/answer/{token}/`: the questionnaire (both languages), the saved answers and
  the state; the first read marks the invitation opened.
- `POST /api/surveys/answer/{token}/` `{"answers": {...}, "submit": false}` saves a draft
  (types and ranges checked, problems listed but the draft kept); with `"submit": true` it
  records the answers once: 400 `validation_error` with one error per question
  (`field` = question key, `key.row` for a matrix row, `key:other` for an "other" text),
  409 `already_submitted` or `closed`, 404 for an unknown token.
- `POST /api/surveys/open/{public token}/` makes an anonymous invitation from a campaign's
  open link (rate-limited per client address: 429 `rate_limited`) and returns its token.
"""
from django.urls import path
from django.utils.translation import gettext as _g
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.surveys import engine, services
from smartcity.surveys.api.questionnaires import error_response
from smartcity.surveys.models import Campaign


class AnswerInSerializer(serializers.Serializer):
    answers = serializers.DictField(help_text="question key -> answer")
    submit = serializers.BooleanField(default=False)


def _state(recipient) -> dict:
    c = recipient.campaign
    answered, shown = engine.progress(c.version.definition, recipient.answers or {})
    return {"token": recipient.token, "state": recipient.state, "campaign": {"title_vi": c.title_vi, "title_en": c.title_en,
            "closes_at": c.closes_at, "open": c.is_open()},
            "enterprise": recipient.enterprise.name_vi if recipient.enterprise_id else None,
            "questionnaire": {"title_vi": c.version.questionnaire.title_vi, "title_en": c.version.questionnaire.title_en,
                              "version": c.version.number, "definition": c.version.definition},
            "answers": recipient.answers or {}, "progress": {"answered": answered, "shown": shown},
            "saved_at": recipient.saved_at, "submitted_at": recipient.submitted_at}


def _not_found():
    return Response(problem(404, "not_found", _g("This survey link is not valid.")), status=404)


class AnswerView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT})
    def get(self, request, token):
        recipient = services.recipient_for(token)
        if recipient is None:
            return _not_found()
        services.mark_opened(recipient)
        return Response(_state(recipient))

    @extend_schema(request=AnswerInSerializer, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                                                          404: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, token):
        recipient = services.recipient_for(token)
        if recipient is None:
            return _not_found()
        data = AnswerInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            if data.validated_data["submit"]:
                recipient = services.submit(recipient, data.validated_data["answers"])
                problems = []
            else:
                problems = services.save_draft(recipient, data.validated_data["answers"])["problems"]
                recipient.refresh_from_db()
        except services.SurveyError as exc:
            return error_response(exc)
        return Response({**_state(recipient), "problems": problems})


class OpenLinkView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT, 429: OpenApiTypes.OBJECT})
    def post(self, request, public_token):
        campaign = Campaign.objects.filter(public_token=public_token, open_link=True).first()
        if campaign is None:
            return _not_found()
        try:
            recipient = services.start_open(campaign, request.META.get("REMOTE_ADDR"))
        except services.SurveyError as exc:
            return error_response(exc)
        return Response({"token": recipient.token, "url": services.answer_url(recipient)}, status=201)


urlpatterns = [
    path("answer/<str:token>/", AnswerView.as_view(), name="api-surveys-answer"),
    path("open/<str:public_token>/", OpenLinkView.as_view(), name="api-surveys-open"),
]
