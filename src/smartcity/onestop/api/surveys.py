"""API: SIPAS satisfaction.

GET  /api/onestop/satisfaction?group=unit|procedure|month&start=YYYY-MM-DD&end=YYYY-MM-DD
     (api-onestop-satisfaction) public: the index over the period (overall, per element,
     expectations, versions used) and one row per unit, procedure or month; 400 "invalid_group",
     "invalid_date".
GET  /api/onestop/surveys/<token>/   (api-onestop-survey) the questionnaire to answer and
     whether it is answered already; 404 for an unknown token.
POST /api/onestop/surveys/<token>/   {"answers": {question key: value}, "comment": ""} answers
     it (channel "link"); 201 with the stored version; 400 with the code of the first problem
     ("required", "invalid_choice", "not_a_number", "out_of_range", "too_many_choices",
     "unknown_question", "invalid_answers", "already_answered") and every problem in `errors`.
     No login: the random token is the credential, as in the SMS link.
"""
import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.onestop import sipas
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.services import surveys

router_entries = []


def _date(value: str, name: str):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OneStopError("invalid_date", f"{name} is not a date (YYYY-MM-DD).", name) from None


def _error(exc: OneStopError, status=400) -> Response:
    errors = getattr(exc, "errors", None) or ([{"field": exc.field, "code": exc.code, "message": exc.message}] if exc.field else [])
    return Response(problem(status, exc.code, exc.message, errors), status=status)


def questionnaire_json(qn: sipas.Questionnaire) -> dict:
    return {
        "version": qn.version, "title_vi": qn.title_vi, "title_en": qn.title_en,
        "scale": [{"value": o.value, "vi": o.vi, "en": o.en} for o in qn.scale], "satisfied": sorted(qn.satisfied),
        "questions": [{"key": q.key, "element": q.element, "role": q.role, "kind": q.kind, "vi": q.vi, "en": q.en,
                       "required": q.required, "min": q.min, "max": q.max, "max_choices": q.max_choices,
                       "options": [{"value": o.value, "vi": o.vi, "en": o.en} for o in (qn.scale if q.kind == "scale" else q.options)]}
                      for q in qn.questions],
    }


def _json_result(result: dict) -> dict:
    """Element numbers as string keys (JSON) and nothing else changed."""
    out = dict(result)
    out["elements"] = {str(n): {k: v for k, v in e.items() if k != "distribution"} for n, e in result["elements"].items()}
    out["expectations"] = {str(n): t for n, t in result["expectations"].items()}
    return out


@extend_schema(tags=["onestop"], parameters=[
    OpenApiParameter("group", OpenApiTypes.STR, enum=list(surveys.GROUPS)),
    OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE)],
    responses=OpenApiTypes.OBJECT)
class SatisfactionView(APIView):
    permission_classes = (AllowAny,)

    def get(self, request):
        group = request.query_params.get("group", "unit")
        try:
            start = _date(request.query_params.get("start", ""), "start")
            end = _date(request.query_params.get("end", ""), "end")
            rows = surveys.index_by(group, start, end)
        except OneStopError as exc:
            return _error(exc)
        total = surveys.index_total(start, end)
        for row in rows:
            row["elements"] = {str(n): s for n, s in row["elements"].items()}
        return Response({"group": group, "start": start, "end": end, "target": sipas.TARGET,
                         "current_questionnaire": sipas.CURRENT, "total": _json_result(total), "rows": rows})


@extend_schema(tags=["onestop"], request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
class SurveyAnswerView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def _invitation(self, token):
        from smartcity.onestop.models import SurveyInvitation

        return get_object_or_404(SurveyInvitation.objects.select_related("dossier__procedure"), token=token)

    def get(self, request, token):
        invitation = self._invitation(token)
        answered = hasattr(invitation, "response")
        return Response({"dossier": invitation.dossier.code, "procedure": invitation.dossier.procedure.code,
                         "answered": answered, "questionnaire": questionnaire_json(surveys.questionnaire_for())})

    def post(self, request, token):
        invitation = self._invitation(token)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            response = surveys.record_response(invitation, data.get("answers"), channel="link",
                                               comment=str(data.get("comment") or ""))
        except OneStopError as exc:
            return _error(exc)
        return Response({"id": response.pk, "questionnaire": response.questionnaire, "submitted_at": response.submitted_at},
                        status=201)


urlpatterns = [
    path("satisfaction", SatisfactionView.as_view(), name="api-onestop-satisfaction"),
    path("surveys/<str:token>/", SurveyAnswerView.as_view(), name="api-onestop-survey"),
]
