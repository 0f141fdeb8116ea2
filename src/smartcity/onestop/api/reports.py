"""Reports API under /api/onestop/:

    GET stats?start=&end=&unit=            public: aggregate figures only, for the portal
    GET stats/by-unit?start=&end=          staff: one entry per receiving unit
    GET stats/by-procedure?start=&end=&unit=   staff
    GET stats/overdue?unit=&limit=         staff: open dossiers past their appointment

Dates YYYY-MM-DD, both included (local days, UTC+7); default: this month to today. No
personal data anywhere: the overdue list gives codes, procedures, units and dates only.
"""
import datetime as dt

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from smartcity.core.models import Organisation
from smartcity.onestop.services import reports
from smartcity.onestop.views_reports import is_staff, sees_all, today


class Staff(permissions.BasePermission):
    message = "The detailed reports are for staff of the receiving units."

    def has_permission(self, request, view):
        return is_staff(request.user)


def _invalid(field, message, code="invalid"):
    return exceptions.ValidationError({field: [exceptions.ErrorDetail(message, code=code)]})


def period(request) -> tuple[dt.date, dt.date]:
    end_default = today()
    values = {}
    for name, default in (("start", end_default.replace(day=1)), ("end", end_default)):
        text = (request.query_params.get(name) or "").strip()
        try:
            values[name] = dt.date.fromisoformat(text) if text else default
        except ValueError:
            raise _invalid(name, "Use YYYY-MM-DD.") from None
    if values["start"] > values["end"]:
        raise _invalid("start", "The start is after the end.", "start_after_end")
    if (values["end"] - values["start"]).days > 3 * 366:
        raise _invalid("start", "A period of at most three years.", "period_too_long")
    return values["start"], values["end"]


def unit_from(request):
    code = (request.query_params.get("unit") or "").strip()
    if not code:
        return None
    unit = Organisation.objects.filter(code=code).first()
    if unit is None:
        raise _invalid("unit", f"Unknown unit {code}.", "unknown_unit")
    return unit


PERIOD = [OpenApiParameter("start", OpenApiTypes.DATE, description="first day (default: the 1st of this month)"),
          OpenApiParameter("end", OpenApiTypes.DATE, description="last day, included (default: today)")]
UNIT = OpenApiParameter("unit", OpenApiTypes.STR, description="receiving unit code, e.g. DOC")


def _public(fig: dict) -> dict:
    """The figures a citizen may read (they are aggregates already: this only chooses)."""
    keep = ("start", "end", "unit", "received", "by_channel", "resolved", "in_progress", "withdrawn_refused", "on_time_rate",
            "processing_days", "overdue_now")
    return {k: fig[k] for k in keep}


@extend_schema(parameters=PERIOD + [UNIT], responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def stats(request):
    """Aggregate figures of the period (public, for the portal)."""
    start, end = period(request)
    return Response(_public(reports.summary(start, end, unit=unit_from(request))))


@extend_schema(parameters=PERIOD, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([Staff])
def stats_by_unit(request):
    start, end = period(request)
    return Response({"start": start, "end": end, "units": reports.by_unit(start, end)})


@extend_schema(parameters=PERIOD + [UNIT], responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([Staff])
def stats_by_procedure(request):
    start, end = period(request)
    unit = unit_from(request)
    return Response({"start": start, "end": end, "unit": reports._org(unit), "procedures": reports.by_procedure(start, end, unit=unit)})


@extend_schema(parameters=[UNIT, OpenApiParameter("limit", OpenApiTypes.INT)], responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@permission_classes([Staff])
def stats_overdue(request):
    """Dossiers overdue now: all units for the coordinator and DOHA, else the caller's own."""
    unit = unit_from(request)
    if not sees_all(request.user):
        if unit is not None and unit.pk != request.user.organisation_id:
            raise exceptions.PermissionDenied("You may list your own unit's overdue dossiers only.")
        unit = request.user.organisation
    try:
        limit = min(1000, max(1, int(request.query_params.get("limit") or 200)))
    except ValueError:
        raise _invalid("limit", "A whole number.") from None
    rows = reports.overdue(unit=unit, limit=limit)
    for r in rows:
        r.pop("applicant", None)
    return Response({"unit": reports._org(unit), "count": reports.overdue_count(unit=unit), "dossiers": rows})


router_entries = []
urlpatterns = [
    path("stats", stats, name="api-onestop-stats"),
    path("stats/by-unit", stats_by_unit, name="api-onestop-stats-by-unit"),
    path("stats/by-procedure", stats_by_procedure, name="api-onestop-stats-by-procedure"),
    path("stats/overdue", stats_overdue, name="api-onestop-stats-overdue"),
]
