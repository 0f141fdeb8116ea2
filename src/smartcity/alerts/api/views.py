"""Alerts API: rules (CRUD by the owner organisation's editors), alerts (read, filter,
acknowledge), the caller's notification preferences and the delivery log.

Reading needs a login: alerts are operational data (see services.visible_alerts)."""
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from smartcity.alerts import evaluators, services
from smartcity.alerts.api.serializers import (
    AcknowledgeSerializer,
    AlertDetailSerializer,
    AlertRuleSerializer,
    AlertSerializer,
    DeliverySerializer,
    NotificationPreferenceSerializer,
)
from smartcity.alerts.filters import AlertFilter, AlertRuleFilter
from smartcity.alerts.models import OPEN_STATES, Alert, AlertRule, Delivery, NotificationPreference
from smartcity.core.permissions import OwnerPermission, is_coordinator, writable_owners


class Conflict(APIException):
    status_code = 409
    default_code = "conflict"
    default_detail = "The resource is not in a state that allows this."


class LoggedInOwnerPermission(OwnerPermission):
    """The platform rule for writes; reads need a login too."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)


class AlertRuleViewSet(viewsets.ModelViewSet):
    """Alert rules of an organisation. Editors of the owner (or the Smart City Office)
    create and change them; `params` are checked per kind (see docs/alerts.md)."""

    serializer_class = AlertRuleSerializer
    permission_classes = [LoggedInOwnerPermission]
    filterset_class = AlertRuleFilter
    queryset = AlertRule.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AlertRule.objects.none()
        qs = AlertRule.objects.select_related("owner", "asset_type", "asset", "datastream", "quantity").annotate(
            open_alert_count=Count("alerts", filter=Q(alerts__state__in=OPEN_STATES)))
        return services.visible_rules(self.request.user, qs).order_by("owner__code", "name")

    def perform_create(self, serializer):
        rule = serializer.save()
        services.rule_changed(rule, None, self.request.user)

    def perform_update(self, serializer):
        before = services.snapshot(serializer.instance)
        rule = serializer.save()
        services.rule_changed(rule, before, self.request.user)

    def perform_destroy(self, instance):
        services.delete_rule(instance, self.request.user)


class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Alerts the caller may see; filter by state (open, raised, acknowledged, cleared),
    severity, min_severity, owner (organisation code), type, asset, rule, kind."""

    permission_classes = [LoggedInOwnerPermission]
    filterset_class = AlertFilter
    queryset = Alert.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Alert.objects.none()
        qs = Alert.objects.select_related("owner", "asset", "datastream", "rule", "acknowledged_by")
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__user")
        return services.visible_alerts(self.request.user, qs)

    def get_serializer_class(self):
        return AlertDetailSerializer if self.action in ("retrieve", "acknowledge") else AlertSerializer

    @extend_schema(request=AcknowledgeSerializer, responses=AlertDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Mark a raised alert as seen (editors of its organisation or the Smart City Office)."""
        alert = self.get_object()
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            alert = services.acknowledge(alert, request.user, data.validated_data.get("note", ""))
        except services.AlertConflict as exc:
            raise Conflict(str(exc), "alert_cleared") from None
        alert = self.get_queryset().prefetch_related("events__user").get(pk=alert.pk)
        return Response(AlertDetailSerializer(alert, context={"request": request}).data)


class NotificationPreferenceViewSet(viewsets.ModelViewSet):
    """The caller's own notification preferences."""

    serializer_class = NotificationPreferenceSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = NotificationPreference.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return NotificationPreference.objects.none()
        return NotificationPreference.objects.filter(user=self.request.user).select_related("organisation", "asset_type")

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class DeliveryViewSet(viewsets.ReadOnlyModelViewSet):
    """Notification deliveries: the caller's own, and those of alerts their organisation owns."""

    serializer_class = DeliverySerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Delivery.objects.none()
    filterset_fields = ["alert", "status", "channel"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Delivery.objects.none()
        user = self.request.user
        qs = Delivery.objects.all()
        if is_coordinator(user):
            return qs
        return qs.filter(Q(user=user) | Q(alert__owner__in=writable_owners(user)))


@extend_schema(responses={200: dict})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def evaluator_list(request):
    """Domain evaluators installed by the apps, usable as rules of kind "evaluator"."""
    return Response({"results": [{"name": e.name, "label": str(e.label)} for e in evaluators.all_evaluators()]})
