"""REST API of the working sessions under /api/programme/meetings/ and their decisions under
/api/programme/meetings/{id}/decisions/.

Reads follow the platform rule (published sessions for everybody, unpublished ones for their
body). Writes need an editor of the convening body (the record's owner is always its body)
or the Smart City Office; another unit gets 403 with a JSON body saying why. Participants
travel with their session: a write that names `participants` replaces the list. A decision
that names an open escalation decides it (Steering Committee or Office only).
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _g
from django_filters import rest_framework as filters
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_change, visible, writable_owners
from smartcity.programme.models import Decision, Escalation, Item, Meeting, MeetingParticipant
from smartcity.programme.services import meetings as svc


class ParticipantSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all())

    class Meta:
        model = MeetingParticipant
        fields = ["organisation", "people", "attended"]


class DecisionSerializer(serializers.ModelSerializer):
    items = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all(), many=True, required=False)
    item_numbers = serializers.SerializerMethodField()
    escalations = serializers.PrimaryKeyRelatedField(queryset=Escalation.objects.all(), many=True, required=False)
    responsible = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False, allow_null=True)
    number = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = Decision
        fields = ["id", "meeting", "number", "text_vi", "text_en", "items", "item_numbers", "escalations", "responsible", "due", "done"]
        read_only_fields = ["id", "meeting"]

    def get_item_numbers(self, obj) -> list[str]:
        return [i.number for i in obj.items.all()]


class MeetingSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(),
                                        help_text="Code of the convening body (BDH, TCV, HDCV, BCD...); it owns the record")
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    participants = ParticipantSerializer(many=True, required=False)
    items = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all(), many=True, required=False)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "body", "owner", "title_vi", "title_en", "starts_at", "ends_at", "location", "chair", "status", "agenda",
                  "minutes", "items", "participants", "decisions", "published", "created_at", "updated_at"]
        read_only_fields = ["id", "owner", "created_at", "updated_at"]

    def validate(self, attrs):
        start = attrs.get("starts_at", getattr(self.instance, "starts_at", None))
        end = attrs.get("ends_at", getattr(self.instance, "ends_at", None))
        if start and end and end < start:
            raise serializers.ValidationError({"ends_at": serializers.ErrorDetail(_g("The session ends before it starts."),
                                                                                  code="end_before_start")})
        seen = set()
        for p in attrs.get("participants") or []:
            if p["organisation"].pk in seen:
                raise serializers.ValidationError({"participants": serializers.ErrorDetail(
                    _g("An organisation is listed twice: %(code)s.") % {"code": p["organisation"].code}, code="duplicate")})
            seen.add(p["organisation"].pk)
        return attrs

    def _save(self, instance, validated_data):
        participants = validated_data.pop("participants", None)
        items = validated_data.pop("items", None)
        with transaction.atomic():
            for k, v in validated_data.items():
                setattr(instance, k, v)
            instance.owner = instance.body
            instance.save()
            if items is not None:
                instance.items.set(items)
            if participants is not None:
                instance.participants.all().delete()
                for p in participants:
                    MeetingParticipant.objects.create(meeting=instance, **p)
        return instance

    def create(self, validated_data):
        return self._save(Meeting(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class MeetingFilterSet(filters.FilterSet):
    body = filters.CharFilter(field_name="body__code", label="body code")
    year = filters.NumberFilter(field_name="starts_at__year", label="year")
    status = filters.ChoiceFilter(choices=Meeting.Status.choices)
    item = filters.NumberFilter(field_name="items", label="item id")

    class Meta:
        model = Meeting
        fields = ["body", "year", "status", "item"]


class MeetingViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Working sessions of the boards (II.1): body, title, times, location, chair, status,
    agenda, minutes, items discussed, participants by organisation and decisions. Filter with
    `body=BCD`, `year=2018`, `status=held`, `item=<id>`."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    queryset = Meeting.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        qs = Meeting.objects.select_related("body", "owner").prefetch_related("participants__organisation", "items",
                                                                              "decisions__items", "decisions__escalations",
                                                                              "decisions__responsible")
        return visible(qs, self.request.user).order_by("-starts_at", "-pk")

    def perform_create(self, serializer):
        body = serializer.validated_data["body"]
        if not writable_owners(self.request.user).filter(pk=body.pk).exists():
            raise exceptions.PermissionDenied(_g("You may not record sessions of this body."))
        serializer.save()

    def perform_update(self, serializer):
        body = serializer.validated_data.get("body")
        if body is not None and body.pk != serializer.instance.body_id and not can_change(self.request.user, body):
            raise exceptions.PermissionDenied(_g("You may not hand sessions to this body."))
        serializer.save()


def _convert(exc):
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({k: [exceptions.ErrorDetail(m, code=e.code or "invalid") for e in v for m in e.messages]
                                           for k, v in exc.error_dict.items()})
    return exceptions.ValidationError([exceptions.ErrorDetail(m, code=exc.code or "invalid") for m in exc.messages])


class DecisionViewSet(viewsets.ViewSet):
    """Decisions of one working session: list, create, read, update, delete. Writing follows
    the session (its body's editors, the Office); naming an open escalation decides it."""

    serializer_class = DecisionSerializer

    def _meeting(self, meeting_pk):
        meeting = get_object_or_404(Meeting, pk=meeting_pk)
        if not visible(Meeting.objects.filter(pk=meeting.pk), self.request.user).exists():
            raise exceptions.NotFound()
        return meeting

    def _write(self, request, meeting, decision=None, partial=False):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not can_change(request.user, meeting):
            raise exceptions.PermissionDenied(_g("You may not change this body's working sessions."))
        ser = DecisionSerializer(decision, data=request.data, partial=partial)
        ser.is_valid(raise_exception=True)
        c = ser.validated_data

        def value(name, default=None):
            if name in c:
                return c[name]
            if decision is not None:
                attr = getattr(decision, name)
                return list(attr.all()) if name in ("items", "escalations") else attr
            return default

        try:
            saved = svc.record_decision(meeting, request.user, text_vi=value("text_vi", ""), text_en=value("text_en", ""),
                                        items=value("items", []), escalations=value("escalations", []),
                                        responsible=value("responsible"), due=value("due"), done=value("done", False),
                                        number=c.get("number"), decision=decision)
        except (DjangoPermissionDenied, DjangoValidationError) as exc:
            raise _convert(exc) from None
        return Response(DecisionSerializer(saved).data, status=status.HTTP_200_OK if decision else status.HTTP_201_CREATED)

    def list(self, request, meeting_pk):
        meeting = self._meeting(meeting_pk)
        qs = meeting.decisions.prefetch_related("items", "escalations").select_related("responsible")
        return Response(DecisionSerializer(qs, many=True).data)

    def create(self, request, meeting_pk):
        return self._write(request, self._meeting(meeting_pk))

    def retrieve(self, request, meeting_pk, pk):
        meeting = self._meeting(meeting_pk)
        return Response(DecisionSerializer(get_object_or_404(Decision, pk=pk, meeting=meeting)).data)

    def update(self, request, meeting_pk, pk):
        meeting = self._meeting(meeting_pk)
        return self._write(request, meeting, get_object_or_404(Decision, pk=pk, meeting=meeting))

    def partial_update(self, request, meeting_pk, pk):
        meeting = self._meeting(meeting_pk)
        return self._write(request, meeting, get_object_or_404(Decision, pk=pk, meeting=meeting), partial=True)

    def destroy(self, request, meeting_pk, pk):
        meeting = self._meeting(meeting_pk)
        decision = get_object_or_404(Decision, pk=pk, meeting=meeting)
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not can_change(request.user, meeting):
            raise exceptions.PermissionDenied(_g("You may not change this body's working sessions."))
        decision.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


router_entries = [("meetings", MeetingViewSet, "api-prog-meetings")]
_decisions = DecisionViewSet.as_view({"get": "list", "post": "create"})
_decision = DecisionViewSet.as_view({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"})
urlpatterns = [
    path("meetings/<int:meeting_pk>/decisions/", _decisions, name="api-prog-meeting-decisions"),
    path("meetings/<int:meeting_pk>/decisions/<int:pk>/", _decision, name="api-prog-meeting-decision"),
]
