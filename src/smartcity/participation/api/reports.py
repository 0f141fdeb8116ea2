"""Citizen report API under /api/participation/ (no contact detail ever leaves here).

Public, no login:
    GET  /reports/                    published reports (filters category, state, org)
    GET  /reports/<code>/             one, with the public timeline and official response
    POST /reports/                    multipart or JSON {category, description, latitude,
                                      longitude, address, unit, email | phone, photo}
                                      -> 201 {code, state: pending, verification}; the code
                                      goes to the e-mail, else by SMS to the phone
    POST /verifications/<token>/      {code} -> {purpose, report?, state?}
    GET  /stats/                      response times per category, organisation, month
Staff of the responsible organisation (or the coordinator):
    POST /reports/<code>/transition/  {state, note}; others 403
Too many requests from one IP -> 429 with Retry-After.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.core.models import AdministrativeUnit
from smartcity.participation import services, stats
from smartcity.participation.models import Report, ReportPhoto


def error_response(*errs: services.ParticipationError) -> Response:
    first = errs[0]
    body = problem(first.status, first.code if len(errs) == 1 else "invalid", first.message,
                   [{"field": e.field, "code": e.code, "message": e.message} for e in errs if e.field])
    return Response(body, status=first.status)


def limited(exc: services.RateLimited) -> Response:
    response = Response(problem(429, "rate_limited", "Too many requests; try again later.", retry_after=exc.retry_after), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


class EventSerializer(serializers.Serializer):
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    organisation = serializers.CharField(source="organisation.code", default=None)
    note = serializers.CharField()
    at = serializers.DateTimeField()


class ReportSerializer(serializers.ModelSerializer):
    """The public view: no e-mail, no phone."""

    organisation = serializers.CharField(source="owner.code", read_only=True)
    organisation_name = serializers.CharField(source="owner.name_vi", read_only=True)
    unit = serializers.CharField(source="unit.name_vi", read_only=True, default=None)
    photo_url = serializers.SerializerMethodField()
    timeline = EventSerializer(source="events", many=True, read_only=True)

    class Meta:
        model = Report
        fields = ["code", "category", "description", "latitude", "longitude", "address", "unit", "state", "organisation",
                  "organisation_name", "response", "rejection_reason", "submitted_at", "received_at", "first_response_at",
                  "closed_at", "photo_url", "timeline"]

    def get_photo_url(self, obj) -> str | None:
        from django.urls import reverse

        has = obj.has_photo if hasattr(obj, "has_photo") else ReportPhoto.objects.filter(report_id=obj.pk).exists()
        return reverse("participation-report-photo", args=[obj.code]) if has else None


@extend_schema_view(get=extend_schema(operation_id="participation_report_list_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_report_list_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class ReportList(APIView):
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get(self, request):
        qs = (services.public_reports().select_related("owner", "unit").prefetch_related("events__organisation")
              .annotate(has_photo=Exists(ReportPhoto.objects.filter(report=OuterRef("pk")))))
        for field, lookup in (("category", "category"), ("state", "state"), ("org", "owner__code")):
            if request.query_params.get(field):
                qs = qs.filter(**{lookup: request.query_params[field]})
        return Response(ReportSerializer(qs[:500], many=True).data)

    def post(self, request):
        from smartcity.onestop.services.lookup import client_ip

        d = request.data
        photo = request.FILES.get("photo")
        unit = None
        if d.get("unit"):
            unit = AdministrativeUnit.objects.filter(code=d.get("unit"), valid_to__isnull=True).first()
            if unit is None:
                return error_response(services.ParticipationError("invalid_choice", "Unknown area.", "unit"))
        errs = services.validate_report(d.get("category"), d.get("description"), d.get("latitude"), d.get("longitude"),
                                        d.get("email", ""), d.get("phone", ""))
        if errs:
            return error_response(*errs)
        try:
            report, token, _code = services.submit_report(
                category=d["category"], description=d["description"], latitude=d["latitude"], longitude=d["longitude"],
                email=d.get("email", ""), phone=d.get("phone", ""), address=d.get("address", ""), unit=unit,
                photo=(photo.name, photo.read()) if photo else None, ip=client_ip(request))
        except services.RateLimited as exc:
            return limited(exc)
        except services.ParticipationError as exc:
            return error_response(exc)
        body = {"code": report.code, "state": report.state, "organisation": report.owner.code}
        if token:
            body["verification"] = token
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(operation_id="participation_report_detail_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_report_detail_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class ReportDetail(APIView):
    permission_classes = [AllowAny]

    def get(self, request, code):
        report = get_object_or_404(services.public_reports(), code=code)
        return Response(ReportSerializer(report).data)


@extend_schema_view(get=extend_schema(operation_id="participation_report_transition_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_report_transition_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class ReportTransition(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, code):
        report = get_object_or_404(Report, code=code)
        try:
            services.transition(report, request.data.get("state", ""), by=request.user, note=request.data.get("note", ""))
        except PermissionDenied:
            return Response(problem(403, "permission_denied", "Only the responsible organisation acts on this report."), status=403)
        except services.ParticipationError as exc:
            return error_response(exc)
        return Response(ReportSerializer(report).data)


@extend_schema_view(get=extend_schema(operation_id="participation_verification_view_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_verification_view_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class VerificationView(APIView):
    permission_classes = [AllowAny]

    def post(self, request, token):
        from smartcity.onestop.services.lookup import client_ip

        try:
            ver = services.verify(token, str(request.data.get("code", "")), ip=client_ip(request))
        except services.RateLimited as exc:
            return limited(exc)
        except services.ParticipationError as exc:
            return error_response(exc)
        body = {"purpose": ver.purpose, "token": ver.token}
        if ver.report_id:
            body.update(report=ver.report.code, state=ver.report.state)
        return Response(body)


@extend_schema_view(get=extend_schema(operation_id="participation_stats_view_get", responses=OpenApiTypes.OBJECT), post=extend_schema(operation_id="participation_stats_view_post", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT))
class StatsView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        rows = services.response_rows()
        by = request.query_params.get("by", "category")
        keyf = {"category": lambda r: (r["category"],), "org": lambda r: (r["org"],),
                "month": lambda r: (r["month"],)}.get(by, lambda r: (r["category"],))
        out = [{"key": list(g.key), "count": g.count, "resolved": g.resolved, "first_response_median_h": g.first_median,
                "first_response_p90_h": g.first_p90, "resolve_median_h": g.resolve_median, "resolve_p90_h": g.resolve_p90}
               for g in stats.group(rows, keyf)]
        return Response({"by": by, "groups": out})


urlpatterns = [
    path("reports/", ReportList.as_view(), name="api-participation-reports"),
    path("reports/<str:code>/", ReportDetail.as_view(), name="api-participation-report"),
    path("reports/<str:code>/transition/", ReportTransition.as_view(), name="api-participation-report-transition"),
    path("verifications/<str:token>/", VerificationView.as_view(), name="api-participation-verify"),
    path("stats/", StatsView.as_view(), name="api-participation-stats"),
]
