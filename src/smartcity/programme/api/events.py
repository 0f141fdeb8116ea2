"""REST API of international cooperation and strategic projects (under /api/programme/):

- `events/` (lookup: code): events and delegations with participants (nested; a write that
  names `participants` replaces the list) and linked item ids. Filters: `year`, `kind`,
  `country`, `organisation` (owner or participant code), `item` (id).
- `memberships/`: the province's memberships of networks (WTA, ICF...).
- `milestones/`: milestones of (strategic) items; `state` is computed as of the item's plan
  date (`?as_of=YYYY-MM-DD` to choose). Writes need the item's owner unit or the Office.

Reads are open (published records); writes authenticated and owner-checked: 403 with a JSON
body for another unit's record, 400 with the field and reason code for invalid data."""
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers, viewsets

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.programme.models import Event, EventKind, EventParticipant, Item, Membership, Milestone
from smartcity.programme.services import clock, events_calc
from smartcity.programme.services import events as svc

ORG = dict(slug_field="code", queryset=Organisation.objects.all())


def _error(field: str, message: str, code: str):
    return serializers.ValidationError({field: [serializers.ErrorDetail(message, code=code)]})


class EventParticipantSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(**ORG)

    class Meta:
        model = EventParticipant
        fields = ["organisation", "role", "people"]


class EventSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(required=False, help_text=_("Organisation code; defaults to yours"), **ORG)
    participants = EventParticipantSerializer(many=True, required=False)
    items = serializers.PrimaryKeyRelatedField(many=True, queryset=Item.objects.all(), required=False)
    item_numbers = serializers.SerializerMethodField()
    helices = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["code", "kind", "status", "owner", "published", "title_vi", "title_en", "starts_on", "ends_on", "venue", "city",
                  "country", "attendance", "description_vi", "description_en", "outcomes_vi", "outcomes_en", "items", "item_numbers",
                  "participants", "helices", "url", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_item_numbers(self, obj) -> list[str]:
        return [i.number for i in obj.items.all()]

    def get_helices(self, obj) -> dict:
        return svc.event_helices(obj)

    def get_url(self, obj) -> str:
        return reverse("programme-events-detail", args=[obj.code])

    def validate_code(self, value):
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_g("An event's code is stable: links and calendars use it."), code="immutable")
        if self.instance is None and Event.objects.filter(code=value).exists():
            raise serializers.ValidationError(_g("An event with this code exists."), code="unique")
        return value

    def validate_country(self, value):
        value = (value or "").strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise serializers.ValidationError(_g("Give the two-letter country code (ISO 3166-1), e.g. VN, NL, KR."), code="invalid_country")
        return value

    def validate_participants(self, value):
        seen = set()
        for p in value:
            key = (p["organisation"].pk, p["role"])
            if key in seen:
                raise serializers.ValidationError(_g("This organisation already takes part in this role."), code="duplicate")
            seen.add(key)
        return value

    def validate(self, attrs):
        start = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        end = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if "end_before_start" in events_calc.date_errors(start, end):
            raise _error("ends_on", _g("The event ends before it starts."), "end_before_start")
        return attrs

    @staticmethod
    def _set_participants(event, participants):
        event.participants.all().delete()
        for p in participants:
            EventParticipant.objects.create(event=event, **p)

    def create(self, validated_data):
        participants = validated_data.pop("participants", [])
        items = validated_data.pop("items", [])
        with transaction.atomic():
            event = Event.objects.create(**validated_data)
            event.items.set(items)
            self._set_participants(event, participants)
        return event

    def update(self, instance, validated_data):
        participants = validated_data.pop("participants", None)
        items = validated_data.pop("items", None)
        with transaction.atomic():
            for k, v in validated_data.items():
                setattr(instance, k, v)
            instance.save()
            if items is not None:
                instance.items.set(items)
            if participants is not None:
                self._set_participants(instance, participants)
        return instance


class EventViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """International events and delegations. Filter with `year=2018`, `kind=forum`,
    `country=VN`, `organisation=DOFA`, `item=<id>`."""

    serializer_class = EventSerializer
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = Event.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        qp = self.request.query_params
        qs = svc.events_for(self.request.user)
        if self.action == "list":
            year = qp.get("year")
            if year and not year.isdigit():
                raise _error("year", _g("The year is a number, e.g. 2018."), "invalid")
            item = qp.get("item")
            if item and not item.isdigit():
                raise _error("item", _g("The item is an id (a number)."), "invalid")
            kind = qp.get("kind", "")
            if kind and kind not in EventKind.values:
                raise _error("kind", _g("Unknown kind %(v)s.") % {"v": kind}, "invalid_choice")
            qs = svc.filter_events(qs, year=year, kind=kind, country=qp.get("country", ""),
                                   organisation=qp.get("organisation", ""), item=item)
        return qs.order_by("starts_on", "code")


class MembershipSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(required=False, help_text=_("Organisation code; defaults to yours"), **ORG)
    network = serializers.SlugRelatedField(**ORG)
    member = serializers.SlugRelatedField(**ORG)
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "network", "member", "status", "owner", "published", "applied_on", "joined_on", "ended_on", "membership_class",
                  "annual_fee", "notes", "item", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []  # the (network, member) pair is checked in validate() with a clear reason

    def validate(self, attrs):
        get = lambda name: attrs.get(name, getattr(self.instance, name, None))  # noqa: E731
        messages = {"joined_before_applied": _g("The joining date is before the application."),
                    "ended_before_joined": _g("The membership ends before it began.")}
        errors = events_calc.membership_date_errors(get("applied_on"), get("joined_on"), get("ended_on"))
        if errors:
            raise serializers.ValidationError({name: [serializers.ErrorDetail(messages[code], code=code)] for name, code in errors.items()})
        network, member = get("network"), get("member")
        if network and member and network == member:
            raise _error("member", _g("A network is not a member of itself."), "self_member")
        if network and member and Membership.objects.filter(network=network, member=member).exclude(
                pk=getattr(self.instance, "pk", None)).exists():
            raise _error("member", _g("This membership is already recorded."), "duplicate")
        return attrs


class MembershipViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """The province's memberships of international networks, with their dates."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        qs = visible(Membership.objects.select_related("network", "member", "owner", "item"), self.request.user)
        network = self.request.query_params.get("network")
        if network:
            qs = qs.filter(network__code__iexact=network)
        return qs.order_by("network__code", "member__code")


class ItemOwnerPermission(permissions.BasePermission):
    """Milestones belong to their item: its owner unit's editors (or the Office) change them."""

    message = _("You may not change milestones of this item.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or can_change(request.user, obj.item)


class StrategicMilestoneSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    item_number = serializers.CharField(source="item.number", read_only=True)
    state = serializers.SerializerMethodField()
    days_late = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "item", "item_number", "title_vi", "title_en", "due", "done_on", "note", "state", "days_late"]
        read_only_fields = ["id"]

    def _as_of(self, obj):
        return clock.as_of(obj.item.plan, self.context.get("as_of"))

    def get_state(self, obj) -> str:
        return events_calc.milestone_state(obj.due, obj.done_on, self._as_of(obj))

    def get_days_late(self, obj) -> int:
        return events_calc.days_late(obj.due, obj.done_on, self._as_of(obj))

    def validate(self, attrs):
        item = attrs.get("item", getattr(self.instance, "item", None))
        if item is not None and item.kind == "section":
            raise _error("item", _g("Milestones belong to items, not to sections."), "invalid_item")
        return attrs


class MilestoneViewSet(viewsets.ModelViewSet):
    """Milestones of strategic items (filter `item=<id>`, `state=overdue`; `as_of` date)."""

    serializer_class = StrategicMilestoneSerializer
    permission_classes = [ItemOwnerPermission]
    queryset = Milestone.objects.none()

    def _requested_as_of(self):
        try:
            return clock.parse_as_of(self.request.query_params.get("as_of"))
        except ValueError:
            raise _error("as_of", _g("Give the date as YYYY-MM-DD."), "invalid_date") from None

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        if getattr(self, "request", None) is not None:
            ctx["as_of"] = self._requested_as_of()
        return ctx

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Milestone.objects.none()
        qs = svc.milestones_for(self.request.user).order_by("item__position", "due", "pk")
        item = self.request.query_params.get("item")
        if item:
            if not item.isdigit():
                raise _error("item", _g("The item is an id (a number)."), "invalid")
            qs = qs.filter(item_id=int(item))
        return qs

    def list(self, request, *args, **kwargs):
        state = request.query_params.get("state")
        if state:
            as_of = self._requested_as_of()
            ids = [m.pk for m in self.get_queryset() if events_calc.milestone_state(m.due, m.done_on, clock.as_of(m.item.plan, as_of)) == state]
            self.queryset_override = ids
        return super().list(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset)
        ids = getattr(self, "queryset_override", None)
        return qs.filter(pk__in=ids) if ids is not None else qs

    def _check_item(self, item):
        if not can_change(self.request.user, item):
            raise exceptions.PermissionDenied(_g("You may not change milestones of this item."))

    def perform_create(self, serializer):
        self._check_item(serializer.validated_data["item"])
        serializer.save()

    def perform_update(self, serializer):
        new_item = serializer.validated_data.get("item")
        if new_item is not None:
            self._check_item(new_item)
        serializer.save()


router_entries = [("events", EventViewSet, "api-prog-events"), ("memberships", MembershipViewSet, "api-prog-memberships"),
                  ("milestones", MilestoneViewSet, "api-prog-milestones")]
urlpatterns = []
