"""API: the working-day calendar and the deadline function.

GET    /api/onestop/calendar/<year>/     (api-onestop-calendar-year) public: the year's
       exceptions to Monday-Friday (holidays, substitutes, swaps, make-up days), whether the
       year is stored and confirmed, and its number of working days.
GET    /api/onestop/due-date?received=ISO&days=N[&procedure=CODE][&unit=ORG]
       (api-onestop-due-date) public: the due moment (ISO 8601, +07:00). With `procedure`
       the version in force on the day received gives the receiving unit and (without
       `days`) the time limit. 400 codes: "missing_received", "invalid_received",
       "missing_days", "invalid_days", "unknown_procedure", "no_version_in_force", "unknown_unit".
POST   /api/onestop/calendar/days/       (api-onestop-calendar-days) staff: add an exception
       {"date", "kind", "name_vi", "name_en", "legal_basis", "working"}; 201.
PATCH  /api/onestop/calendar/days/<id>/  (api-onestop-calendar-day) staff: change it.
DELETE /api/onestop/calendar/days/<id>/  staff: remove it (204).
Writes: editors of the Department of Home Affairs (DOHA) or the Smart City Office; 401
without login, 403 otherwise; 400 with the code of the problem ("invalid_kind", "required",
"invalid_date", "inconsistent", "makeup_on_weekday", "date_taken").
"""
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.core.models import Organisation
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.models import CalendarDay, CalendarYear
from smartcity.onestop.services import calendar
from smartcity.onestop.workdays import LOCAL

router_entries = []


def _error(exc: OneStopError, code_status=400) -> Response:
    errors = [{"field": exc.field, "code": exc.code, "message": exc.message}] if exc.field else []
    return Response(problem(code_status, exc.code, exc.message, errors), status=code_status)


def day_json(d: dict) -> dict:
    return {"id": d["id"], "date": d["date"].isoformat(), "weekday": d["date"].isoweekday(), "kind": d["kind"],
            "working": d["working"], "name_vi": d["name_vi"], "name_en": d["name_en"], "source": d["source"],
            "legal_basis": d["legal_basis"]}


def _row_json(row: CalendarDay) -> dict:
    return day_json({"id": row.pk, "date": row.date, "kind": row.kind, "working": row.working, "name_vi": row.name_vi,
                     "name_en": row.name_en, "source": row.source, "legal_basis": row.legal_basis})


class CalendarYearView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="A year's working-day calendar")
    def get(self, request, year: int):
        if not 1900 <= year <= 2150:
            return _error(OneStopError("invalid_year", "The year must lie between 1900 and 2150.", "year"))
        stored = CalendarYear.objects.filter(year=year).first()
        return Response({
            "year": year, "stored": stored is not None, "confirmed": bool(stored and stored.confirmed),
            "note": stored.note if stored else "", "working_days": calendar.working_days_in_year(year),
            "days": [day_json(d) for d in calendar.year_days(year)],
        })


def parse_received(value: str | None) -> dt.datetime:
    if not value:
        raise OneStopError("missing_received", "Give `received`, an ISO 8601 date-time.", "received")
    text = value.strip()
    if "T" in text and " " in text:  # an unencoded "+07:00" arrives as " 07:00"
        text = text.replace(" ", "+")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise OneStopError("invalid_received", "`received` is not an ISO 8601 date-time (e.g. 2026-04-29T10:30).", "received") from None
    return moment.replace(tzinfo=LOCAL) if moment.tzinfo is None else moment


def parse_days(value: str | None, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise OneStopError("missing_days", "Give `days` (working days), or `procedure` to use its time limit.", "days")
        return None
    try:
        days = Decimal(value)
    except InvalidOperation:
        raise OneStopError("invalid_days", "`days` must be a number of working days, e.g. 5 or 0.5.", "days") from None
    if not days.is_finite() or days < 0 or days > 1000:
        raise OneStopError("invalid_days", "`days` must be between 0 and 1000.", "days")
    return days


class DueDateView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("received", str, required=True, description="ISO 8601; local time (+07:00) when no offset"),
                    OpenApiParameter("days", str, description="working days, fractions allowed"),
                    OpenApiParameter("procedure", str, description="procedure code"),
                    OpenApiParameter("unit", str, description="receiving unit's organisation code")],
        responses=OpenApiTypes.OBJECT, summary="Due date in working days")
    def get(self, request):
        q = request.query_params
        try:
            received = parse_received(q.get("received"))
            days = parse_days(q.get("days"), required=not q.get("procedure"))
            unit, version = None, None
            if q.get("procedure"):
                due, version = calendar.due_for_procedure(received, q["procedure"], days)
                unit, days = version.receiving_unit, version.time_limit_days if days is None else days
            else:
                if q.get("unit"):
                    unit = Organisation.objects.filter(code=q["unit"]).first()
                    if unit is None:
                        raise OneStopError("unknown_unit", f"No organisation has the code {q['unit']!r}.", "unit")
                due = calendar.due_at(received, days, unit=unit)
        except OneStopError as exc:
            return _error(exc)
        info = calendar.explain(received, days, unit=unit)
        rules = calendar.rules_for(unit)
        return Response({
            "received": received.astimezone(LOCAL).isoformat(), "days": str(days), "due": due.astimezone(LOCAL).isoformat(),
            "clock_start": info["clock_start"].isoformat(), "cutoff_applied": info["cutoff_applied"],
            "counted": [{"date": d.isoformat(), "hours": h} for d, h in info["counted"]],
            "skipped": [d.isoformat() for d in info["skipped"]],
            "unit": unit.code if unit else None, "cutoff": rules.cutoff.strftime("%H:%M") if rules.cutoff else None,
            "procedure": version.procedure.code if version else None, "version": version.number if version else None,
        })


def _day_fields(data, partial_row=None) -> dict:
    """Read and check the writable fields (for PATCH the row's values fill the gaps)."""
    def pick(name, default=""):
        if name in data:
            return data[name]
        return getattr(partial_row, name) if partial_row is not None else default

    raw_date = pick("date", None)
    if isinstance(raw_date, dt.date):
        date = raw_date
    else:
        try:
            date = dt.date.fromisoformat(str(raw_date))
        except (TypeError, ValueError):
            raise OneStopError("invalid_date", "`date` must be YYYY-MM-DD.", "date") from None
    working = pick("working", None)
    if working is not None and not isinstance(working, bool):
        working = str(working).lower() in ("1", "true", "yes")
    if partial_row is not None and "kind" in data and "working" not in data:
        working = None  # follow the new kind
    return {"date": date, "kind": str(pick("kind", "")), "name_vi": str(pick("name_vi", "")), "name_en": str(pick("name_en", "")),
            "legal_basis": str(pick("legal_basis", "")), "working": working}


class DayListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT, summary="Add a calendar exception (staff)")
    def post(self, request):
        calendar.require_edit(request.user)
        try:
            row = calendar.put_day(request.user, **_day_fields(request.data))
        except OneStopError as exc:
            return _error(exc)
        return Response(_row_json(row), status=status.HTTP_201_CREATED)


class DayDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="A calendar exception")
    def get(self, request, pk: int):
        return Response(_row_json(get_object_or_404(CalendarDay, pk=pk)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT, summary="Change a calendar exception (staff)")
    def patch(self, request, pk: int):
        calendar.require_edit(request.user)
        row = get_object_or_404(CalendarDay, pk=pk)
        try:
            row = calendar.put_day(request.user, instance=row, **_day_fields(request.data, row))
        except OneStopError as exc:
            return _error(exc)
        return Response(_row_json(row))

    @extend_schema(responses={204: None}, summary="Remove a calendar exception (staff)")
    def delete(self, request, pk: int):
        calendar.require_edit(request.user)
        calendar.delete_day(request.user, get_object_or_404(CalendarDay, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("calendar/<int:year>/", CalendarYearView.as_view(), name="api-onestop-calendar-year"),
    path("calendar/days/", DayListView.as_view(), name="api-onestop-calendar-days"),
    path("calendar/days/<int:pk>/", DayDetailView.as_view(), name="api-onestop-calendar-day"),
    path("due-date", DueDateView.as_view(), name="api-onestop-due-date"),
    path("due-date/", DueDateView.as_view()),
]
