"""Progress and report JSON: `GET /api/schools/progress/{code}/` (a school's scores by area,
year over year) and `GET /api/schools/report/{year}/` (every school of the year with scores
by area and result, per-district and province summaries). Drafts count only for those who
may see them, as on the pages."""
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from smartcity.core.permissions import visible
from smartcity.schools import scoring, services
from smartcity.schools.models import School


@extend_schema(responses=OpenApiTypes.OBJECT, operation_id="schools_progress")
@api_view(["GET"])
@permission_classes([AllowAny])
def progress(request, code):
    school = get_object_or_404(visible(School.objects.all(), request.user), code=code)
    rows = services.school_progress(school, request.user)
    return Response({"school": school.code, "name": school.name_vi, "years": [
        {"school_year": r["year"], "state": r["state"], "total": r["total"], "groups": r["groups"],
         "delta": scoring.delta(r["total"], rows[i - 1]["total"]) if i else None} for i, r in enumerate(rows)]})


@extend_schema(responses=OpenApiTypes.OBJECT, operation_id="schools_report")
@api_view(["GET"])
@permission_classes([AllowAny])
def report(request, year):
    try:
        scoring.parse_school_year(year)
    except scoring.ScoreError as exc:
        raise exceptions.ValidationError({"year": [exceptions.ErrorDetail(str(exc), code=exc.code)]}) from None
    data = services.year_rows(year, request.user)
    return Response({
        "school_year": year, "criteria_set": data["set"].pk if data["set"] else None,
        "groups": [{"code": g.code, "name_vi": g.name_vi, "name_en": g.name_en, "weight": g.weight} for g in data["groups"]],
        "province": data["province"], "districts": data["districts"],
        "schools": [{"code": r["school"].code, "name": r["school"].name_vi,
                     "district": r["school"].former_unit.name_vi if r["school"].former_unit_id else None,
                     "ward": r["school"].unit.name_vi if r["school"].unit_id else None,
                     "state": r["state"], "total": r["total"], "groups": r["groups"], "recognised": r["recognised"]}
                    for r in data["rows"]]})


urlpatterns = [
    path("progress/<slug:code>/", progress, name="api-schools-progress"),
    path("report/<str:year>/", report, name="api-schools-report"),
]
