"""API: public, no login (under /api/onestop/).

POST /api/onestop/lookup/        (api-onestop-lookup)
    {"code": "...", "phone_tail": "3456"} -> 200 the public status (masked applicant name,
    procedure, dates in ISO 8601, lateness, steps with units and dates, apologies).
    A wrong code and a wrong second factor answer the same 404 body; too many wrong tries
    429 with Retry-After (limits in services/lookup.py).
POST /api/onestop/submissions/   (api-onestop-submissions), multipart/form-data
    procedure=<procedure code>, kind, name, id_number, phone, email, address, subject,
    area=<administrative unit id>, consent=true, doc_<required document id>=<file> ...
    -> 201 {"code", "status", "submitted_at", "lookup_url"}; 400 problem body with
    `errors` [{"field", "code", "message"}]; 404 unknown procedure or not offered online.
    Submissions are limited per client IP (ONESTOP_SUBMIT_IP_LIMIT per hour, default 20).
"""
from django.conf import settings
from django.urls import path, reverse
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.onestop.errors import OneStopError
from smartcity.onestop.services import lookup as lookup_service

router_entries = []

NOT_FOUND = "No dossier matches this code and these digits."


class PublicView(APIView):
    authentication_classes = []  # anonymous: no session, so no CSRF for app clients
    permission_classes = [AllowAny]


def _limited(retry_after: int) -> Response:
    response = Response(problem(429, "rate_limited", "Too many attempts; try again later.", retry_after=retry_after), status=429)
    response["Retry-After"] = str(retry_after)
    return response


class LookupView(PublicView):
    parser_classes = [JSONParser, FormParser]

    def post(self, request):
        code = str(request.data.get("code", "") or "")
        tail = str(request.data.get("phone_tail", "") or "")
        errors = []
        if not code.strip():
            errors.append({"field": "code", "code": "required", "message": "The dossier code is required."})
        if len(lookup_service.normalise_tail(tail)) != 4:
            errors.append({"field": "phone_tail", "code": "invalid", "message": "Give the last 4 digits of the phone."})
        if errors:
            return Response(problem(400, "validation_error", "The request has invalid fields.", errors), status=400)
        try:
            dossier = lookup_service.lookup(code, tail, ip=lookup_service.client_ip(request))
        except lookup_service.RateLimited as exc:
            return _limited(exc.retry_after)
        if dossier is None:
            return Response(problem(404, "not_found", NOT_FOUND), status=404)
        response = Response(lookup_service.public_status_json(dossier))
        response["Cache-Control"] = "no-store"
        return response


class SubmissionView(PublicView):
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request):
        from smartcity.onestop.forms_public import SubmissionForm
        from smartcity.onestop.models import OnlineLevel, Procedure
        from smartcity.onestop.services import intake
        from smartcity.onestop.views_public import version_in_force

        from smartcity.onestop.views_public import submissions_exceeded

        if submissions_exceeded(request):
            return _limited(3600)
        procedure = Procedure.objects.filter(code=str(request.data.get("procedure", "")).strip()).first()
        version = version_in_force(procedure) if procedure else None
        if version is None or version.online_level == OnlineLevel.NONE:
            return Response(problem(404, "not_online", "No procedure with this code is offered online."), status=404)
        form = SubmissionForm(version, request.data, request.FILES)
        if not form.is_valid():
            errors = [{"field": None if f == "__all__" else f, "code": e.get("code") or "invalid", "message": e["message"]}
                      for f, errs in form.errors.get_json_data().items() for e in errs]
            return Response(problem(400, "validation_error", "The request has invalid fields.", errors), status=400)
        try:
            dossier = intake.submit_online(version=version, applicant=form.applicant(), subject=form.cleaned_data["subject"],
                                           area=form.cleaned_data.get("area"), files=form.files_for_intake())
        except OneStopError as exc:
            return Response(problem(400, exc.code, exc.message, [{"field": exc.field, "code": exc.code, "message": exc.message}]),
                            status=400)
        return Response({"code": dossier.code, "status": dossier.status, "submitted_at": dossier.submitted_at.isoformat(),
                         "lookup_url": settings.SMARTCITY_BASE_URL + reverse("onestop-lookup") + "?code=" + dossier.code},
                        status=201)


urlpatterns = [
    path("lookup/", LookupView.as_view(), name="api-onestop-lookup"),
    path("submissions/", SubmissionView.as_view(), name="api-onestop-submissions"),
]
