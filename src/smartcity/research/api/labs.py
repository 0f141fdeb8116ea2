"""Labs, their equipment and closures, and booking requests under /api/research/.

Anyone reads published labs and equipment and the approved slots of the bookings; editors
of the lab's organisation (and the Smart City Office) change labs, equipment and closures
and approve or decline requests (`OwnerPermission`). Any logged-in user may request a
booking and cancel their own. Contact details of a request are shown only to the lab's
staff and the requester. Refusals use the project's error shape: a rule broken at request
time is a 400 `validation_error` with the reasons under `errors`; approving a request that
now overlaps an approved booking is a 409 `booking_conflict`."""
from django.db.models import Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation, Role
from smartcity.core.permissions import can_change, is_coordinator, visible
from smartcity.research import services
from smartcity.research.models import Booking, BookingStatus, Closure, Equipment, Lab


class BookingConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "booking_conflict"
    default_detail = _("The booking overlaps another approved booking.")


def raise_booking_error(exc: services.BookingError, field: str = "start"):
    if exc.conflict:
        raise BookingConflict(str(exc))
    errors: dict = {}
    for code, msg in exc.problems:
        key = field if code in SLOT_CODES else "non_field_errors"
        errors.setdefault(key, []).append(exceptions.ErrorDetail(msg, code=code))
    raise exceptions.ValidationError(errors)


SLOT_CODES = {"end_before_start", "closed_day", "outside_hours", "closure", "conflict", "past"}


class OrgField(serializers.SlugRelatedField):
    def __init__(self, **kw):
        kw.setdefault("slug_field", "code")
        kw.setdefault("queryset", Organisation.objects.all())
        super().__init__(**kw)


class ResearchEquipmentSerializer(serializers.ModelSerializer):
    lab = serializers.SlugRelatedField(slug_field="slug", queryset=Lab.objects.all())
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Equipment
        fields = ["id", "lab", "name", "name_vi", "name_en", "model", "quantity", "status", "hourly_fee_vnd", "bookable",
                  "published", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_lab(self, lab):
        if self.instance is not None and lab.pk != self.instance.lab_id:
            raise serializers.ValidationError(_("Equipment stays in its lab."), code="immutable")
        return lab


class ResearchClosureSerializer(serializers.ModelSerializer):
    lab = serializers.SlugRelatedField(slug_field="slug", queryset=Lab.objects.all())

    class Meta:
        model = Closure
        fields = ["id", "lab", "start", "end", "reason", "created_at"]
        read_only_fields = ["created_at"]

    def validate(self, data):
        start, end = data.get("start", getattr(self.instance, "start", None)), data.get("end", getattr(self.instance, "end", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"end": [serializers.ErrorDetail(_g("The end must come after the start."), code="end_before_start")]})
        return data


class ResearchLabSerializer(serializers.ModelSerializer):
    owner = OrgField(required=False, help_text=_("Organisation code; defaults to yours"))
    name = serializers.CharField(read_only=True)
    equipment = serializers.SerializerMethodField()

    class Meta:
        model = Lab
        fields = ["slug", "owner", "published", "name", "name_vi", "name_en", "field", "building", "address", "latitude", "longitude",
                  "description", "capabilities", "opens", "closes", "open_days", "contact_name", "contact_email", "equipment",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_equipment(self, obj) -> list[dict]:
        return [{"id": e.id, "name_vi": e.name_vi, "name_en": e.name_en, "model": e.model, "quantity": e.quantity,
                 "status": e.status, "hourly_fee_vnd": e.hourly_fee_vnd, "bookable": e.bookable} for e in obj.equipment.all()]

    def validate_capabilities(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise serializers.ValidationError(_("A list of tags (text)."), code="invalid")
        return [v.strip() for v in value]

    def validate_open_days(self, value):
        if not value or any(c not in "0123456" for c in value) or len(set(value)) != len(value):
            raise serializers.ValidationError(_("Digits 0 (Monday) to 6 (Sunday), each once."), code="invalid")
        return "".join(sorted(value))


class ResearchBookingSerializer(serializers.ModelSerializer):
    lab = serializers.SlugRelatedField(slug_field="slug", queryset=Lab.objects.filter(published=True))
    equipment = serializers.PrimaryKeyRelatedField(queryset=Equipment.objects.all(), required=False, allow_null=True,
                                                   help_text=_("Equipment id; empty for the whole lab"))
    requester = serializers.CharField(source="requester.username", read_only=True, default=None)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)

    class Meta:
        model = Booking
        fields = ["id", "lab", "equipment", "start", "end", "purpose", "status", "reason", "requester", "contact_name",
                  "contact_email", "contact_phone", "affiliation", "decided_by", "decided_at", "created_at"]
        read_only_fields = ["status", "reason", "decided_at", "created_at"]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        user = self.context["request"].user if "request" in self.context else None
        if not services.may_see_contact(user, obj):
            for key in ("contact_name", "contact_email", "contact_phone", "requester"):
                data[key] = None
        return data


class ResearchReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class LabFilterSet(filters.FilterSet):
    owner = filters.CharFilter(field_name="owner__code")
    capability = filters.CharFilter(method="filter_capability")

    class Meta:
        model = Lab
        fields = ["owner", "published", "capability"]

    def filter_capability(self, queryset, name, value):
        ids = [lab.pk for lab in queryset if any(value.lower() == c.lower() for c in lab.capabilities)]
        return queryset.filter(pk__in=ids)


class LabViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Labs with their equipment. Filters `owner=TDMU`, `capability=LoRaWAN`."""

    serializer_class = ResearchLabSerializer
    filterset_class = LabFilterSet
    lookup_field = "slug"
    queryset = Lab.objects.none()

    def get_queryset(self):
        return visible(Lab.objects.select_related("owner").prefetch_related("equipment"), self.request.user)


class ChildWriteMixin:
    """Equipment and closures belong to the lab's organisation: writable when the lab is."""

    def _check_lab(self, lab):
        if not can_change(self.request.user, lab):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))

    def perform_create(self, serializer):
        lab = serializer.validated_data["lab"]
        self._check_lab(lab)
        serializer.save(owner_id=lab.owner_id)


class EquipmentViewSet(ChildWriteMixin, viewsets.ModelViewSet):
    """Equipment of the labs. Filters `lab=<slug>`, `bookable=true`, `status=operational`."""

    serializer_class = ResearchEquipmentSerializer
    queryset = Equipment.objects.none()
    filterset_fields = {"lab__slug": ["exact"], "bookable": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return visible(Equipment.objects.select_related("lab"), self.request.user).filter(lab__in=visible(Lab.objects.all(), self.request.user))


class ClosureViewSet(ChildWriteMixin, viewsets.ModelViewSet):
    """Closures of the labs (holidays, maintenance): no booking may overlap one."""

    serializer_class = ResearchClosureSerializer
    queryset = Closure.objects.none()
    filterset_fields = {"lab__slug": ["exact"]}

    def get_queryset(self):
        return Closure.objects.select_related("lab").filter(lab__in=visible(Lab.objects.all(), self.request.user))


class BookingFilterSet(filters.FilterSet):
    lab = filters.CharFilter(field_name="lab__slug")
    mine = filters.BooleanFilter(method="filter_mine")

    class Meta:
        model = Booking
        fields = ["lab", "status", "equipment", "mine"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        if not value or not user.is_authenticated:
            return queryset
        return queryset.filter(requester=user)


class BookingViewSet(viewsets.ModelViewSet):
    """Booking requests. Everyone sees approved slots (without contact details); the lab's
    staff see every request of their labs; a user sees their own. `POST` creates a pending
    request; `approve`, `decline` (reason required) and `cancel` move it on."""

    serializer_class = ResearchBookingSerializer
    filterset_class = BookingFilterSet
    queryset = Booking.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticatedOrReadOnly]  # each decision checks its own rule below

    def get_queryset(self):
        user = self.request.user
        qs = Booking.objects.select_related("lab", "equipment", "requester", "decided_by").order_by("start", "id")
        if self.action in ("approve", "decline", "cancel"):
            return qs  # a decision on a booking one may not see is refused with 403 below, not hidden
        cond = Q(status=BookingStatus.APPROVED, lab__published=True)
        if is_coordinator(user):
            return qs
        if user.is_authenticated:
            cond |= Q(requester=user)
            if user.organisation_id and user.has_role(Role.EDITOR):
                cond |= Q(owner_id=user.organisation_id)
        return qs.filter(cond)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        try:
            booking = services.request_booking(
                d["lab"], start=d["start"], end=d["end"], purpose=d["purpose"], equipment=d.get("equipment"), user=request.user,
                contact_name=d.get("contact_name", ""), contact_email=d.get("contact_email", ""),
                contact_phone=d.get("contact_phone", ""), affiliation=d.get("affiliation", ""))
        except services.BookingError as exc:
            if exc.conflict:  # at request time an overlap is a field problem, not a race
                exc.conflict = False
            raise_booking_error(exc)
        return Response(self.get_serializer(booking).data, status=status.HTTP_201_CREATED)

    def _decision(self, request, fn, *, owner_only=True):
        booking = self.get_object()
        allowed = services.may_decide(request.user, booking) if owner_only else services.may_cancel(request.user, booking)
        if not allowed:
            raise exceptions.PermissionDenied(_g("Only the lab's organisation may decide on this request.") if owner_only
                                              else _g("Only the requester or the lab's organisation may cancel this booking."))
        body = ResearchReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            booking = fn(booking, request.user, body.validated_data.get("reason", ""))
        except services.BookingError as exc:
            raise_booking_error(exc, field="reason")
        return Response(self.get_serializer(booking).data)

    @extend_schema(request=None, responses=ResearchBookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a pending request (the lab's organisation); 409 if it now overlaps an approved booking."""
        return self._decision(request, lambda b, u, _r: services.approve(b, u))

    @extend_schema(request=inline_serializer("ResearchBookingReason", {"reason": serializers.CharField()}), responses=ResearchBookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline a pending request with a reason (the lab's organisation)."""
        return self._decision(request, services.decline)

    @extend_schema(request=ResearchReasonSerializer, responses=ResearchBookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a pending or approved booking (the requester or the lab's organisation)."""
        return self._decision(request, services.cancel, owner_only=False)


router_entries = [
    ("labs", LabViewSet, "api-research-lab"),
    ("equipment", EquipmentViewSet, "api-research-equipment"),
    ("closures", ClosureViewSet, "api-research-closure"),
    ("bookings", BookingViewSet, "api-research-booking"),
]
urlpatterns: list = []
