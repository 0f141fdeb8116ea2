"""Campaigns, responses and findings under /api/surveys/ (staff of the owner organisation and
the coordinator; anonymous callers get 401, other organisations 403 or an empty list).

- `campaigns/`: CRUD; `POST campaigns/{id}/recipients/` `{"sectors": ["C"], "parks": ["vsip-1"],
  "sizes": ["small"], "fdi": "yes", "limit": 300}` adds matching enterprises;
  `POST .../send/`, `POST .../remind/`; `GET .../results/?sector=&size=&park=&fdi=`;
  `GET .../crosstab/?question=q&by=sector|size|park|fdi` (counts and row %).
- `responses/?campaign=&state=`: recipients with their answers (personal data: staff only).
- `findings/`: CRUD; `programme_items` are programme item ids.
"""
from django.http import HttpResponse
from django.utils.translation import gettext as _g
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change
from smartcity.programme.models import Item
from smartcity.surveys import access, engine, exports, services
from smartcity.surveys.api.questionnaires import error_response
from smartcity.surveys.models import Campaign, Finding, QuestionnaireVersion, Recipient, RecipientState, VersionState


class StaffOnly(permissions.BasePermission):
    """Reads too are for the owner organisation's members and the coordinator."""

    message = "Survey answers and results are for the staff of the organisation that runs the survey."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        return access.can_see(request.user, obj)


class CampaignSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    version = serializers.PrimaryKeyRelatedField(queryset=QuestionnaireVersion.objects.all())
    rate = serializers.SerializerMethodField()
    open_url = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "version", "title_vi", "title_en", "intro_vi", "intro_en", "opens_at", "closes_at", "open_link",
                  "open_url", "contact", "filters", "owner", "published", "rate", "created_at", "updated_at"]
        read_only_fields = ["filters", "created_at", "updated_at"]

    def get_rate(self, obj) -> dict:
        return services.response_rate(obj)

    def get_open_url(self, obj) -> str | None:
        return services.open_url(obj) if obj.open_link else None

    def validate_version(self, version):
        if version.state != VersionState.PUBLISHED:
            raise serializers.ValidationError(_g("Send a published version."), code="not_published")
        return version

    def validate(self, attrs):
        opens, closes = attrs.get("opens_at") or getattr(self.instance, "opens_at", None), attrs.get("closes_at")
        if opens and closes and closes <= opens:
            raise serializers.ValidationError({"closes_at": [exceptions.ErrorDetail(_g("The closing date comes after the opening."), code="before_opening")]})
        return attrs


class SelectionSerializer(serializers.Serializer):
    sectors = serializers.ListField(child=serializers.CharField(max_length=1), required=False)
    parks = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    sizes = serializers.ListField(child=serializers.ChoiceField(choices=["micro", "small", "medium", "large"]), required=False)
    fdi = serializers.ChoiceField(choices=["yes", "no", ""], required=False)
    limit = serializers.IntegerField(min_value=1, max_value=100000, required=False)


FILTER_PARAMS = [OpenApiParameter(n, str, required=False) for n in ("sector", "size", "park", "fdi")]


def _filters(params) -> dict:
    return {d: params.get(d) for d in services.DIMENSIONS if params.get(d) not in (None, "")}


class CampaignViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    serializer_class = CampaignSerializer
    queryset = Campaign.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        return [StaffOnly(), *super().get_permissions()]

    def get_queryset(self):
        return access.staff_filter(Campaign.objects.select_related("owner", "version__questionnaire"), self.request.user)

    def get_object(self):
        obj = Campaign.objects.select_related("owner", "version__questionnaire").filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise exceptions.NotFound()
        self.check_object_permissions(self.request, obj)
        return obj

    def _editable(self, request, pk):
        campaign = self.get_object()
        if not can_change(request.user, campaign):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))
        return campaign

    @extend_schema(request=SelectionSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def recipients(self, request, pk=None):
        """Add the enterprises that match the filters (each gets a personal token)."""
        campaign = self._editable(request, pk)
        data = SelectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        added = services.add_recipients(campaign, data.validated_data)
        return Response({"added": added, "rate": services.response_rate(campaign)})

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """E-mail the pending recipients (those without an address get the printed letter)."""
        return Response(services.send(self._editable(request, pk)))

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        """Remind by e-mail those who have not submitted."""
        try:
            return Response({"reminded": services.remind(self._editable(request, pk))})
        except services.SurveyError as exc:
            return error_response(exc)

    @extend_schema(parameters=FILTER_PARAMS, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Per question: counts and shares, scale means, matrix rows, number statistics, texts."""
        campaign = self.get_object()
        return Response({"campaign": campaign.pk, "rate": services.response_rate(campaign),
                         **services.results(campaign, _filters(request.query_params))})

    @extend_schema(parameters=[OpenApiParameter("question", str, required=True), OpenApiParameter("by", str, required=True),
                               *FILTER_PARAMS], responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def crosstab(self, request, pk=None):
        """A choice or scale question by sector section, size class, industrial park or foreign-invested."""
        campaign = self.get_object()
        try:
            table = services.crosstab(campaign, request.query_params.get("question", ""), request.query_params.get("by", ""),
                                      _filters(request.query_params))
        except services.SurveyError as exc:
            return error_response(exc)
        return Response(table)


    @extend_schema(parameters=FILTER_PARAMS, responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """The raw answers and every cross-tab as an Excel workbook (sheets Answers, Crosstabs, Questions)."""
        campaign = self.get_object()
        response = HttpResponse(exports.workbook(campaign, _filters(request.query_params)),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="khao-sat-{campaign.pk}.xlsx"'
        return response


class ResponseSerializer(serializers.ModelSerializer):
    tax_code = serializers.CharField(source="enterprise.tax_code", read_only=True, default=None)
    enterprise_name = serializers.CharField(source="enterprise.name_vi", read_only=True, default=None)

    class Meta:
        model = Recipient
        fields = ["id", "campaign", "channel", "enterprise", "tax_code", "enterprise_name", "state", "profile", "sent_at",
                  "opened_at", "reminders", "saved_at", "submitted_at", "answers"]


class ResponseViewSet(viewsets.ReadOnlyModelViewSet):
    """Recipients and their answers (submitted, or saved drafts), for the owner's staff."""

    serializer_class = ResponseSerializer
    queryset = Recipient.objects.none()
    permission_classes = [StaffOnly]

    def get_queryset(self):
        camps = access.staff_filter(Campaign.objects.all(), self.request.user)
        qs = Recipient.objects.select_related("enterprise", "campaign").filter(campaign__in=camps)
        p = self.request.query_params
        if p.get("campaign"):
            qs = qs.filter(campaign_id=p["campaign"])
        if p.get("state"):
            if p["state"] not in RecipientState.values:
                raise exceptions.ValidationError({"state": [exceptions.ErrorDetail(
                    _g("Use one of: %(v)s.") % {"v": ", ".join(RecipientState.values)}, code="invalid_choice")]})
            qs = qs.filter(state=p["state"])
        return qs.order_by("campaign_id", "pk")


class FindingSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    programme_items = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all(), many=True, required=False)
    programme_item_numbers = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "campaign", "title_vi", "title_en", "text_vi", "text_en", "evidence", "severity", "priority",
                  "programme_items", "programme_item_numbers", "owner", "published", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_programme_item_numbers(self, obj) -> list[str]:
        return [f"{i.number} {i.title_vi}" for i in obj.programme_items.all()]

    def validate(self, attrs):
        campaign = attrs.get("campaign") or getattr(self.instance, "campaign", None)
        evidence = attrs.get("evidence")
        if campaign is not None and evidence is not None:
            keys = engine.question_map(campaign.version.definition)
            if not isinstance(evidence, list) or any(k not in keys for k in evidence):
                raise serializers.ValidationError({"evidence": [exceptions.ErrorDetail(
                    _g("Name questions of the campaign's questionnaire."), code="unknown_question")]})
        if campaign is not None and not can_change(self.context["request"].user, campaign):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))
        return attrs


class FindingViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    serializer_class = FindingSerializer
    queryset = Finding.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        return [StaffOnly(), *super().get_permissions()]

    def get_queryset(self):
        qs = access.staff_filter(Finding.objects.select_related("campaign").prefetch_related("programme_items"), self.request.user)
        if self.request.query_params.get("campaign"):
            qs = qs.filter(campaign_id=self.request.query_params["campaign"])
        return qs

    def perform_create(self, serializer):
        serializer.save(owner=self.creation_owner(serializer), author=self.request.user)


router_entries = [("campaigns", CampaignViewSet, "api-surveys-campaign"),
                  ("responses", ResponseViewSet, "api-surveys-response"),
                  ("findings", FindingViewSet, "api-surveys-finding")]
urlpatterns: list = []
