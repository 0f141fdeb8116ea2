"""Community initiative API under /api/innovation/ (no contact detail ever leaves here).

Public, no login (anonymous: no session, so no CSRF for app clients):
    GET  /initiatives/                       published initiatives (filters state, category, q)
    GET  /initiatives/<ref>/                 one, with official answers and the public timeline
    POST /initiatives/submissions/           {title, description, category, unit (code), place,
                                             latitude, longitude, name, email, phone, consent: true}
                                             -> 202 {reference, state: "pending", verification}
    GET  /initiatives/<ref>/supports/        {reference, supports}
    POST /initiatives/<ref>/supports/        {email} -> 202 {verification}; 409 already_supported
    POST /verifications/<token>/             {code} -> 200 {purpose, reference, state, supports};
                                             400 wrong_code, 410 expired / too_many_attempts
    GET  /answers/                           official answers of published initiatives
Staff (editors of the owner department, the Smart City Office):
    POST /initiatives/<ref>/transition/      {state, reason}
    POST /initiatives/<ref>/answers/         {text, state?}
Too many requests from one IP -> 429 with Retry-After (limits in services.py).
"""
from django.urls import path
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.api.errors import problem
from smartcity.core.models import AdministrativeUnit
from smartcity.core.permissions import visible
from smartcity.innovation import services, workflow
from smartcity.innovation.models import Initiative, InitiativeCategory, InitiativeState, OfficialAnswer


def error_response(exc: services.InnovationError) -> Response:
    errors = [{"field": exc.field, "code": exc.code, "message": exc.message}] if exc.field else []
    return Response(problem(exc.status, exc.code, exc.message, errors), status=exc.status)


def limited(exc: services.RateLimited) -> Response:
    response = Response(problem(429, "rate_limited", "Too many attempts; try again later.", retry_after=exc.retry_after), status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


class InitiativeAnswerSerializer(serializers.ModelSerializer):
    initiative = serializers.CharField(source="initiative.reference", read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name_vi", read_only=True)

    class Meta:
        model = OfficialAnswer
        fields = ["id", "initiative", "organisation", "organisation_name", "text", "answered_on", "state"]


class InitiativeTimelineSerializer(serializers.Serializer):
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField()


class InitiativeSerializer(serializers.ModelSerializer):
    """The public view of an initiative: no name, e-mail or phone, only the initials."""

    unit = serializers.CharField(source="unit.code", read_only=True, default=None)
    unit_name = serializers.CharField(source="unit.name_vi", read_only=True, default=None)
    proposer = serializers.CharField(source="proposer_initials", read_only=True)
    supports = serializers.IntegerField(source="supports_count", read_only=True)
    answers = InitiativeAnswerSerializer(many=True, read_only=True)
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = ["reference", "title", "description", "category", "unit", "unit_name", "place", "latitude", "longitude", "state",
                  "proposer", "submitted_at", "published_at", "rejection_reason", "supports", "answers", "timeline"]

    def get_timeline(self, obj) -> list[dict]:
        rows = [t for t in obj.transitions.all() if t.to_state != workflow.PENDING]
        return InitiativeTimelineSerializer(rows, many=True).data


class InitiativeTransitionRequest(serializers.Serializer):
    state = serializers.ChoiceField(choices=InitiativeState.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InitiativeAnswerRequest(serializers.Serializer):
    text = serializers.CharField()
    state = serializers.ChoiceField(choices=InitiativeState.choices, required=False, allow_blank=True)


class InitiativeViewSet(viewsets.ReadOnlyModelViewSet):
    """Published community initiatives (reviewers also see those under review)."""

    serializer_class = InitiativeSerializer
    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9\-]+"
    queryset = Initiative.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        p = self.request.query_params
        user = self.request.user
        qs = visible(Initiative.objects.all(), user) if services.may_review(user) else services.public_initiatives()
        if p.get("state"):
            qs = qs.filter(state=p["state"])
        if p.get("category"):
            qs = qs.filter(category=p["category"])
        qs = services.search_initiatives(qs, p.get("q", ""))
        return qs.select_related("unit").prefetch_related("answers__organisation", "transitions").order_by("-published_at", "-id")

    @action(detail=True, methods=["post"], serializer_class=InitiativeTransitionRequest)
    def transition(self, request, reference=None):
        """Move the initiative along the workflow (staff); a rejection needs a reason."""
        ini = self.get_object()
        req = InitiativeTransitionRequest(data=request.data)
        req.is_valid(raise_exception=True)
        try:
            services.change_state(ini, req.validated_data["state"], by=request.user, reason=req.validated_data["reason"])
        except services.InnovationError as exc:
            return error_response(exc)
        return Response(InitiativeSerializer(Initiative.objects.get(pk=ini.pk)).data)

    @action(detail=True, methods=["post"], serializer_class=InitiativeAnswerRequest)
    def answers(self, request, reference=None):
        """The department's official answer (staff), optionally changing the state."""
        ini = self.get_object()
        req = InitiativeAnswerRequest(data=request.data)
        req.is_valid(raise_exception=True)
        try:
            ans = services.answer(ini, req.validated_data["text"], organisation=request.user.organisation or ini.owner,
                                  by=request.user, state=req.validated_data.get("state") or None)
        except services.InnovationError as exc:
            return error_response(exc)
        return Response(InitiativeAnswerSerializer(ans).data, status=status.HTTP_201_CREATED)


class AnswerViewSet(viewsets.ReadOnlyModelViewSet):
    """Official answers to published initiatives."""

    serializer_class = InitiativeAnswerSerializer
    queryset = OfficialAnswer.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OfficialAnswer.objects.none()
        return OfficialAnswer.objects.filter(initiative__in=services.public_initiatives()).select_related(
            "initiative", "organisation").order_by("-answered_on", "-id")


class PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser]


class InitiativeSubmissionSerializer(serializers.Serializer):
    title = serializers.CharField(min_length=10, max_length=200)
    description = serializers.CharField(min_length=30, max_length=5000)
    category = serializers.ChoiceField(choices=InitiativeCategory.choices)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.filter(level="commune", valid_to__isnull=True),
                                        required=False, allow_null=True)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    consent = serializers.BooleanField()

    def validate_consent(self, v):
        if not v:
            raise serializers.ValidationError("Consent to keep the contact details is required.", code="required")
        return v


class SubmissionView(PublicView):
    serializer_class = InitiativeSubmissionSerializer

    def post(self, request):
        s = InitiativeSubmissionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        try:
            ini, ver, _code = services.submit(title=d["title"], description=d["description"], category=d["category"], name=d["name"],
                                              email=d["email"], phone=d["phone"], unit=d.get("unit"), place=d["place"],
                                              latitude=d["latitude"], longitude=d["longitude"], ip=services.client_ip(request))
        except services.RateLimited as exc:
            return limited(exc)
        except services.InnovationError as exc:
            return error_response(exc)
        return Response({"reference": ini.reference, "state": ini.state, "verification": ver.token,
                         "expires_at": ver.expires_at}, status=status.HTTP_202_ACCEPTED)


class InitiativeSupportRequest(serializers.Serializer):
    email = serializers.EmailField()


class SupportView(PublicView):
    serializer_class = InitiativeSupportRequest

    def _initiative(self, reference):
        from django.http import Http404

        ini = services.public_initiatives().filter(reference=reference).first()
        if ini is None:
            raise Http404
        return ini

    def get(self, request, reference):
        ini = self._initiative(reference)
        return Response({"reference": ini.reference, "supports": ini.supports_count, "open": ini.may_be_supported})

    def post(self, request, reference):
        ini = self._initiative(reference)
        s = InitiativeSupportRequest(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            ver, _code = services.request_support(ini, s.validated_data["email"], ip=services.client_ip(request))
        except services.RateLimited as exc:
            return limited(exc)
        except services.InnovationError as exc:
            return error_response(exc)
        return Response({"reference": ini.reference, "verification": ver.token, "expires_at": ver.expires_at},
                        status=status.HTTP_202_ACCEPTED)


class VerificationCodeRequest(serializers.Serializer):
    code = serializers.CharField(max_length=6)


class VerificationView(PublicView):
    serializer_class = VerificationCodeRequest

    def post(self, request, token):
        s = VerificationCodeRequest(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            done = services.verify(token, s.validated_data["code"], ip=services.client_ip(request))
        except services.RateLimited as exc:
            return limited(exc)
        except services.InnovationError as exc:
            return error_response(exc)
        ini = done.initiative
        return Response({"purpose": done.purpose, "reference": ini.reference, "state": ini.state, "supports": ini.supports_count})


router_entries = [
    ("initiatives", InitiativeViewSet, "api-innovation-initiative"),
    ("answers", AnswerViewSet, "api-innovation-answer"),
]
urlpatterns = [
    path("initiatives/submissions/", SubmissionView.as_view(), name="api-innovation-submissions"),
    path("initiatives/<str:reference>/supports/", SupportView.as_view(), name="api-innovation-supports"),
    path("verifications/<str:token>/", VerificationView.as_view(), name="api-innovation-verify"),
]
