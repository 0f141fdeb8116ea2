from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.serializers import (
    AdministrativeUnitSerializer,
    ApiTokenSerializer,
    MeSerializer,
    OrganisationSerializer,
)
from smartcity.core.models import AdministrativeUnit, ApiToken, Organisation
from smartcity.core.services import issue_api_token, revoke_api_token


class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The programme's organisations. Each may edit its own profile (editor role or higher)."""

    queryset = Organisation.objects.select_related("parent")
    serializer_class = OrganisationSerializer
    lookup_field = "code"
    filterset_fields = ["kind", "helix"]


class AdministrativeUnitFilter(filters.FilterSet):
    valid_on = filters.DateFilter(method="filter_valid_on", label="valid on this date")
    parent = filters.CharFilter(field_name="parent__code")

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "code", "parent", "valid_on"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(valid_from__lte=value).exclude(valid_to__lt=value)


class AdministrativeUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units before and after the 1 July 2025 reorganisation, with dates."""

    queryset = AdministrativeUnit.objects.select_related("parent")
    serializer_class = AdministrativeUnitSerializer
    filterset_class = AdministrativeUnitFilter


class MeViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def list(self, request):
        return Response(MeSerializer(request.user).data)


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own personal tokens: list, create (key shown once), revoke."""

    serializer_class = ApiTokenSerializer
    permission_classes = [permissions.IsAuthenticated]

    queryset = ApiToken.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user)

    @extend_schema(request=TokenCreateSerializer, responses=ApiTokenSerializer)
    def create(self, request):
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = issue_api_token(request.user, data.validated_data["name"], data.validated_data.get("expires_at"))
        body = ApiTokenSerializer(token).data
        body["key"] = key
        return Response(body, status=201)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = self.get_object()
        revoke_api_token(token)
        return Response(ApiTokenSerializer(token).data)
