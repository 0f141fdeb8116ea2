"""REST API: plans and items of the plan tree (under /api/programme/).

GET  plans/                      api-prog-plans-list     plans with their progress
GET  plans/{code}/               api-prog-plans-detail   + statuses, counts by status, top items
GET  items/                      api-prog-items-list     filters: plan, kind, owner, status, parent
                                                         ("none" for the top), strategic, missing_helix
                                                         (government, business, academia or any), q
GET  items/{id}/                 api-prog-items-detail   + text, money, participants, helix coverage,
                                                         children ids, timeline
PATCH items/{id}/                                        the lead unit's editors (or the Office): status
                                                         (key), progress (leaves only, 0-100), dates,
                                                         weight, budget, spend, English wording
GET/POST items/{id}/timeline/    api-prog-items-timeline dated entries, newest first; POST by owners

Reads are open for published records (core.permissions.visible); a write by another unit is
403, a bad field 400 with {"errors": [{"field", "code", "message"}]} (core.api.errors).
Lists are paginated (limit/offset). Parents' progress is rolled up after a PATCH.
"""
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _g
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status as http, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.permissions import can_change, visible
from smartcity.programme.models import Item, ItemKind, ItemParticipant, ItemStatus, Plan, TimelineEntry
from smartcity.programme.services import helix as helix_svc
from smartcity.programme.views_items import CHECKED_KINDS, roll_up


def _visible_plans(user):
    return visible(Plan.objects.all(), user)


# -- plans ---------------------------------------------------------------------------------------
class StatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemStatus
        fields = ["key", "name_vi", "name_en", "progress", "closed"]


class PlanSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["code", "number", "title_vi", "title_en", "issued_on", "place", "issuer", "signer", "signer_title", "year",
                  "start_date", "end_date", "rollup", "progress", "owner", "published", "url"]

    def get_url(self, obj) -> str:
        return reverse("programme-plan", args=[obj.code])


class PlanDetailSerializer(PlanSerializer):
    statuses = StatusSerializer(many=True, read_only=True)
    counts = serializers.SerializerMethodField()
    top_items = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = PlanSerializer.Meta.fields + ["preamble_vi", "preamble_en", "statuses", "counts", "top_items"]

    def _items(self, obj):
        return visible(obj.items.all(), self.context["request"].user)

    def get_counts(self, obj) -> dict:
        items = self._items(obj).exclude(kind=ItemKind.SECTION)
        by_status = {s.key: 0 for s in obj.statuses.all()}
        for key in items.values_list("status__key", flat=True):
            if key:
                by_status[key] = by_status.get(key, 0) + 1
        return {"items": items.count(), "by_status": by_status}

    def get_top_items(self, obj) -> list[int]:
        return list(self._items(obj).filter(parent=None).order_by("position").values_list("pk", flat=True))


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans (Plan 11/KH-BDH of 2018 first) with their overall progress."""

    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = Plan.objects.none()

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        return _visible_plans(self.request.user).select_related("owner", "issuer").prefetch_related("statuses").order_by("-issued_on", "code")


# -- items ---------------------------------------------------------------------------------------
class ParticipantSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    name_vi = serializers.CharField(source="organisation.name_vi")
    name_en = serializers.CharField(source="organisation.name_en")
    helix = serializers.CharField(source="organisation.helix")

    class Meta:
        model = ItemParticipant
        fields = ["organisation", "name_vi", "name_en", "helix", "role", "note"]


class TimelineSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = TimelineEntry
        fields = ["id", "date", "title_vi", "title_en", "description_vi", "description_en", "progress", "source", "created_by",
                  "created_at"]
        read_only_fields = ["id", "source", "created_by", "created_at"]

    def validate_progress(self, value):
        if value is not None and not 0 <= value <= 100:
            raise serializers.ValidationError(_g("Progress is a percentage from 0 to 100."), code="out_of_range")
        return value


WRITABLE = ("status", "progress", "start_date", "end_date", "deadline", "weight", "budget_estimate", "actual_spend", "title_en",
            "text_en")


class StatusKeyField(serializers.SlugRelatedField):
    """A status by its key, among the statuses of the item's own plan."""

    def get_queryset(self):
        item = getattr(self.parent, "instance", None)
        qs = ItemStatus.objects.all()
        return qs.filter(plan_id=item.plan_id) if isinstance(item, Item) else qs.none()


class ItemSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = StatusKeyField(slug_field="key", allow_null=True, required=False)
    progress = serializers.FloatField(min_value=0, max_value=100, required=False)
    weight = serializers.FloatField(min_value=0, required=False)
    budget_estimate = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    actual_spend = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = ["id", "plan", "parent", "number", "kind", "title_vi", "title_en", "owner", "status", "progress", "weight",
                  "start_date", "end_date", "deadline", "budget_estimate", "actual_spend", "strategic", "published", "url"]
        read_only_fields = ["id", "parent", "number", "kind", "title_vi", "strategic", "published"]

    def get_url(self, obj) -> str:
        return reverse("programme-item", args=[obj.pk])

    def to_internal_value(self, data):
        extra = sorted(k for k in getattr(data, "keys", lambda: [])() if k not in WRITABLE)
        if extra:
            raise serializers.ValidationError({k: [serializers.ErrorDetail(_g("This field cannot be changed here."), code="read_only")]
                                               for k in extra})
        return super().to_internal_value(data)

    def validate(self, attrs):
        item = self.instance
        if item is not None and "progress" in attrs and item.children.exists():
            raise serializers.ValidationError({"progress": [serializers.ErrorDetail(
                _g("This item has children: its progress is rolled up from theirs."), code="not_leaf")]})
        start = attrs.get("start_date", getattr(item, "start_date", None))
        end = attrs.get("end_date", getattr(item, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": [serializers.ErrorDetail(_g("The end is before the start."), code="end_before_start")]})
        return attrs


class ItemDetailSerializer(ItemSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    helix = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()
    timeline = TimelineSerializer(many=True, read_only=True)

    class Meta(ItemSerializer.Meta):
        fields = ItemSerializer.Meta.fields + ["text_vi", "text_en", "module", "reference",
                                               "participants", "helix", "children", "timeline", "updated_at"]
        read_only_fields = ItemSerializer.Meta.read_only_fields + ["text_vi", "module", "reference", "updated_at"]

    def get_helix(self, obj) -> dict:
        cov = helix_svc.item_helices(obj)
        lead = obj.owner.helix
        checked = obj.kind in CHECKED_KINDS and (obj.kind != "programme" or not obj.children.exists())
        return {"present": cov["present"], "missing": cov["missing"], "complete": cov["complete"], "checked": checked,
                "lead": lead}

    def get_children(self, obj) -> list[int]:
        return list(visible(obj.children.all(), self.context["request"].user).order_by("position").values_list("pk", flat=True))


def _missing(helix: str):
    """Items (of the kinds whose coverage counts) where no participant nor the lead is of `helix`."""
    has = Exists(ItemParticipant.objects.filter(item=OuterRef("pk"), organisation__helix=helix))
    return Q(kind__in=CHECKED_KINDS) & ~Q(owner__helix=helix) & ~Q(has)


class ItemFilterSet(filters.FilterSet):
    plan = filters.CharFilter(field_name="plan__code", label="plan code")
    kind = filters.ChoiceFilter(choices=ItemKind.choices)
    owner = filters.CharFilter(field_name="owner__code", label="lead unit code")
    status = filters.CharFilter(field_name="status__key", label="status key")
    parent = filters.CharFilter(method="filter_parent", label="parent id, or none for the top level")
    strategic = filters.BooleanFilter()
    missing_helix = filters.ChoiceFilter(method="filter_missing", label="missing helix",
                                         choices=[(h, h) for h in helix_svc.REQUIRED] + [("any", "any")])
    q = filters.CharFilter(method="filter_q", label="text (number, titles, text)")

    class Meta:
        model = Item
        fields = ["plan", "kind", "owner", "status", "parent", "strategic", "missing_helix"]

    def filter_parent(self, qs, name, value):
        if value.lower() in ("none", "null", ""):
            return qs.filter(parent=None)
        if not value.isdigit():
            raise exceptions.ValidationError({"parent": [exceptions.ErrorDetail(_g("An item id or none."), code="invalid")]})
        return qs.filter(parent_id=int(value))

    def filter_missing(self, qs, name, value):
        helices = helix_svc.REQUIRED if value == "any" else (value,)
        cond = Q()
        for h in helices:
            cond |= _missing(h)
        bullets = Exists(Item.objects.filter(parent=OuterRef("pk")))
        return qs.filter(cond).exclude(Q(kind="programme") & Q(bullets))

    def filter_q(self, qs, name, value):
        cond = Q()
        for word in value.split():
            cond &= (Q(number__icontains=word) | Q(title_vi__icontains=word) | Q(title_en__icontains=word)
                     | Q(text_vi__icontains=word) | Q(text_en__icontains=word))
        return qs.filter(cond)


class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Items of the plan tree. Filter with `plan=kh-11-2018`, `kind=item`, `owner=DOT`,
    `status=behind`, `parent=none`, `strategic=true`, `missing_helix=academia`. PATCH needs an
    editor of the lead unit (or the Smart City Office)."""

    filterset_class = ItemFilterSet
    queryset = Item.objects.none()
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_serializer_class(self):
        if self.action == "timeline":
            return TimelineSerializer
        return ItemSerializer if self.action == "list" else ItemDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Item.objects.none()
        user = self.request.user
        qs = visible(Item.objects.filter(plan__in=_visible_plans(user)), user).select_related("plan", "owner", "status")
        if self.action != "list":
            qs = qs.prefetch_related("participants__organisation", "timeline__created_by")
        return qs.order_by("plan_id", "position", "id")

    def perform_update(self, serializer):
        item = serializer.save()
        roll_up(item)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        item = self.get_object()  # fresh: the roll-up may have changed the progress
        response.data = ItemDetailSerializer(item, context=self.get_serializer_context()).data
        return response

    @extend_schema(request=TimelineSerializer, responses={200: TimelineSerializer(many=True), 201: TimelineSerializer})
    @action(detail=True, methods=["get", "post"], url_path="timeline")
    def timeline(self, request, pk=None):
        """The item's timeline, newest first; POST adds a dated entry (the lead unit's editors)."""
        item = self.get_object()
        if request.method == "GET":
            entries = item.timeline.select_related("created_by").all()
            page = self.paginate_queryset(entries)
            data = TimelineSerializer(page if page is not None else entries, many=True).data
            return self.get_paginated_response(data) if page is not None else Response(data)
        if not can_change(request.user, item):
            raise exceptions.PermissionDenied(_g("You may not change records of this organisation."))
        serializer = TimelineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = serializer.save(item=item, source="api", created_by=request.user)
        return Response(TimelineSerializer(entry).data, status=http.HTTP_201_CREATED)


router_entries = [("plans", PlanViewSet, "api-prog-plans"), ("items", ItemViewSet, "api-prog-items")]
urlpatterns = []
