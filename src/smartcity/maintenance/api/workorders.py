"""Work-order API under /api/maintenance/:

- GET /workorders/ (filters state|active, priority, fault_type, asset, asset_type, assigned_to, mine=1, owner),
  GET /workorders/{id}/ (with events and photos)
- POST /workorders/ {asset (slug), fault_type, title?, priority?, description?, owner? (code), assigned_to?}
- POST /workorders/{id}/transition/ {action: assign|start|fix|close|reopen|cancel, note?, assignee?}
- POST /workorders/{id}/notes/ {note}; POST /workorders/{id}/photos/ (multipart: photo, caption?)
- GET /repair-times/?until=fixed|closed

Reads need a login. Writes follow services (the platform rule, plus the assigned crew
member for start, fix, notes and photos). Errors use the platform's shape; a refused
photo answers 400 with the reason's code (not_image, bad_format, too_large, empty)."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.core.models import Organisation, User
from smartcity.hub.models import Asset
from smartcity.maintenance import repairtime, services
from smartcity.maintenance.models import ACTIVE_STATES, Priority, WorkOrder


class EventSerializer(serializers.Serializer):
    action = serializers.CharField()
    at = serializers.DateTimeField()
    user = serializers.CharField(source="user.username", default=None)
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    alert = serializers.IntegerField(source="alert_id")


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    content_type = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    size = serializers.IntegerField()
    caption = serializers.CharField()
    uploaded_at = serializers.DateTimeField()

    def get_url(self, obj):
        from django.urls import reverse

        return reverse("maintenance-photo", args=[obj.pk])


class WorkOrderSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    asset = serializers.SlugRelatedField(slug_field="slug", queryset=Asset.objects.all())
    asset_type = serializers.CharField(source="asset.asset_type_id", read_only=True)
    assigned_to = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    assigned_to_name = serializers.SerializerMethodField()
    hours_to_fix = serializers.FloatField(read_only=True)
    hours_to_close = serializers.FloatField(read_only=True)
    alerts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = WorkOrder
        fields = ["id", "owner", "title", "asset", "asset_type", "fault_type", "priority", "state", "source", "description",
                  "assigned_to", "assigned_to_name", "alerts", "alert_count", "raised_at", "assigned_at", "started_at",
                  "fixed_at", "closed_at", "cancelled_at", "hours_to_fix", "hours_to_close", "published"]
        validators = []  # one active order per asset and fault: services answers 409, not a field error
        extra_kwargs = {"title": {"required": False}, "description": {"required": False}}
        read_only_fields = ["state", "source", "alert_count", "raised_at", "assigned_at", "started_at", "fixed_at",
                            "closed_at", "cancelled_at"]

    def get_assigned_to_name(self, obj):
        u = obj.assigned_to
        return (u.get_full_name() or u.username) if u else None


class DetailSerializer(WorkOrderSerializer):
    events = EventSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta(WorkOrderSerializer.Meta):
        fields = WorkOrderSerializer.Meta.fields + ["events", "photos"]


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(services.STEPS))
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)


def _django_errors(exc: DjangoValidationError, default_field=None):
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({k: [exceptions.ErrorDetail(m, code="invalid") for e in v for m in e.messages]
                                           for k, v in exc.error_dict.items()})
    detail = {default_field or "non_field_errors": [exceptions.ErrorDetail(m, code=exc.code or "invalid") for m in exc.messages]}
    return exceptions.ValidationError(detail)


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


class WorkOrderViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "head", "options"]
    queryset = WorkOrder.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return DetailSerializer if self.action == "retrieve" else WorkOrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkOrder.objects.none()
        qs = services.visible_orders(self.request.user, WorkOrder.objects.select_related("asset", "owner", "assigned_to")
                                     .prefetch_related("alerts"))
        p = self.request.query_params
        if p.get("state") == "active" or p.get("active") in ("1", "true"):
            qs = qs.filter(state__in=ACTIVE_STATES)
        elif p.get("state"):
            qs = qs.filter(state=p["state"])
        for param, field in (("priority", "priority"), ("fault_type", "fault_type"), ("asset", "asset__slug"),
                             ("asset_type", "asset__asset_type_id"), ("owner", "owner__code"), ("assigned_to", "assigned_to_id")):
            if p.get(param):
                qs = qs.filter(**{field: p[param]})
        if p.get("mine") in ("1", "true"):
            qs = qs.filter(assigned_to=self.request.user)
        return qs

    def create(self, request, *args, **kwargs):
        ser = WorkOrderSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        owner = d.get("owner") or d["asset"].owner
        try:
            order = services.create(owner=owner, asset=d["asset"], fault_type=d["fault_type"], title=d.get("title", ""),
                                    priority=d.get("priority", Priority.NORMAL), description=d.get("description", ""),
                                    user=request.user, assigned_to=d.get("assigned_to"), published=d.get("published", False))
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        except services.Conflict as exc:
            raise Conflict(str(exc), code="work_order_exists") from None
        return Response(DetailSerializer(order).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        order = self.get_object()
        ser = TransitionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            order = services.transition(order, d["action"], request.user, note=d["note"], assignee=d.get("assignee"))
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        except services.Conflict as exc:
            raise Conflict(str(exc), code="bad_state") from None
        return Response(DetailSerializer(order).data)

    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        order = self.get_object()
        try:
            services.add_note(order, request.user, str(request.data.get("note", "")))
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        return Response(DetailSerializer(order).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        order = self.get_object()
        upload = request.FILES.get("photo")
        if upload is None:
            raise exceptions.ValidationError({"photo": [exceptions.ErrorDetail("Send the photo as multipart field 'photo'.",
                                                                              code="required")]})
        if upload.size > services.photo_limit():
            raise exceptions.ValidationError({"photo": [exceptions.ErrorDetail("The photo is too large.", code="too_large")]})
        try:
            photo = services.add_photo(order, request.user, upload.read(), caption=str(request.data.get("caption", "")))
        except DjangoValidationError as exc:
            raise _django_errors(exc, "photo") from None
        return Response(PhotoSerializer(photo).data, status=status.HTTP_201_CREATED)


class RepairTimesView(APIView):
    """Repair-time statistics of the work orders the caller may see, by fault type and month."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        until = request.query_params.get("until", "fixed")
        if until not in ("fixed", "closed"):
            raise exceptions.ValidationError({"until": [exceptions.ErrorDetail("fixed or closed", code="invalid_choice")]})
        rows = services.repair_rows(services.visible_orders(request.user))
        stats = repairtime.stats([r for r in rows if until == "fixed" or r[3]], until=until)
        return Response({"until": until, "results": [s.__dict__ for s in stats]})


router_entries = [("workorders", WorkOrderViewSet, "api-maintenance-workorder")]
urlpatterns = [path("repair-times/", RepairTimesView.as_view(), name="api-maintenance-repair-times")]
