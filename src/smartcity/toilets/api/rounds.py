"""Cleaning rounds under /api/toilets/rounds/.

Reads: logged-in users see the rounds of published toilets and all of their own
organisation's (`visible`); anonymous callers get 401 — rounds name cleaners.
`POST /api/toilets/rounds/` plans an extra round (editors of the toilet's organisation).
`POST /api/toilets/rounds/{id}/confirm/` `{"done_at"?, "notes"?}` (JSON or multipart with
`photo`) confirms it: 200; 403 without the right; 409 `round_done` when already confirmed;
400 for a time in the future or a photo that is not an image. Filters: `toilet` (slug),
`date` (local day YYYY-MM-DD), `state`, `kind`."""
from datetime import timedelta

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, parsers, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity.core.api.errors import problem
from smartcity.core.permissions import can_change, visible
from smartcity.toilets import services
from smartcity.toilets.models import CleaningRound, RoundKind, RoundState, Toilet


@extend_schema_field(OpenApiTypes.STR)
class ToiletSlugField(serializers.SlugRelatedField):
    """The toilet by its hub asset's slug."""


class RoundSerializer(serializers.ModelSerializer):
    toilet = ToiletSlugField(slug_field="asset__slug", queryset=Toilet.objects.select_related("asset"))
    toilet_name = serializers.CharField(source="toilet.asset.name", read_only=True)
    cleaner = serializers.CharField(source="cleaner.username", read_only=True, default=None)
    done_by = serializers.CharField(source="done_by.username", read_only=True, default=None)
    owner = serializers.CharField(source="owner.code", read_only=True)
    alert = serializers.IntegerField(source="alert_id", read_only=True)

    class Meta:
        model = CleaningRound
        fields = ["id", "toilet", "toilet_name", "planned_at", "kind", "reason", "alert", "state", "cleaner",
                  "done_at", "done_by", "photo", "notes", "owner", "published", "created_at", "updated_at"]
        read_only_fields = ["kind", "state", "done_at", "photo", "published", "created_at", "updated_at"]


class ConfirmSerializer(serializers.Serializer):
    done_at = serializers.DateTimeField(required=False, help_text=_("When the round was done; default now"))
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    photo = serializers.FileField(required=False)


class RoundViewSet(viewsets.ModelViewSet):
    serializer_class = RoundSerializer
    queryset = CleaningRound.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        return [permissions.IsAuthenticated(), *super().get_permissions()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CleaningRound.objects.none()
        qs = visible(CleaningRound.objects.select_related("toilet__asset", "owner", "cleaner", "done_by"), self.request.user)
        p = self.request.query_params
        if p.get("toilet"):
            qs = qs.filter(toilet__asset__slug=p["toilet"])
        if p.get("date"):
            day = parse_date(p["date"]) if len(p["date"]) == 10 else None
            if day is None:
                raise exceptions.ValidationError({"date": [exceptions.ErrorDetail(_g("Give the day as YYYY-MM-DD."), code="bad_date")]})
            start, end = services.day_bounds(day)
            qs = qs.filter(planned_at__gte=start, planned_at__lt=end)
        for name, choices in (("state", RoundState.values), ("kind", RoundKind.values)):
            if p.get(name):
                if p[name] not in choices:
                    raise exceptions.ValidationError({name: [exceptions.ErrorDetail(
                        _g("Use one of: %(v)s.") % {"v": ", ".join(choices)}, code="invalid_choice")]})
                qs = qs.filter(**{name: p[name]})
        return qs.order_by("planned_at", "toilet__asset__slug")

    def perform_create(self, serializer):
        toilet = serializer.validated_data["toilet"]
        if not can_change(self.request.user, toilet):
            raise exceptions.PermissionDenied(_g("You may not plan rounds for this toilet."))
        at = serializer.validated_data["planned_at"]
        if at < services.timezone.now() - timedelta(days=1):
            raise exceptions.ValidationError({"planned_at": [exceptions.ErrorDetail(_g("An extra round is planned for now or later."),
                                                                                    code="in_past")]})
        serializer.save(owner=toilet.owner, published=toilet.published, kind=RoundKind.EXTRA)

    def perform_update(self, serializer):
        toilet = serializer.validated_data.get("toilet")
        if toilet is not None and toilet.pk != serializer.instance.toilet_id:
            raise exceptions.ValidationError({"toilet": [exceptions.ErrorDetail(_g("A round stays with its toilet."), code="immutable")]})
        serializer.save()

    @extend_schema(request=ConfirmSerializer, responses={200: RoundSerializer, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], parser_classes=[parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser])
    def confirm(self, request, pk=None):
        """The cleaner confirms the round (time, notes, optional photo)."""
        r = self.get_object()  # OwnerPermission: can_change on the round's organisation
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.confirm_round(r, request.user, data.validated_data.get("done_at"), data.validated_data.get("notes", ""),
                                   data.validated_data.get("photo"))
        except services.RoundError as exc:
            status = 409 if exc.code == "round_done" else 400
            field = "photo" if "photo" in exc.code else "done_at" if status == 400 else None
            errors = [{"field": field, "code": exc.code, "message": str(exc)}] if field else []
            return Response(problem(status, exc.code, str(exc), errors), status=status)
        return Response(RoundSerializer(r, context=self.get_serializer_context()).data)


router_entries = [("rounds", RoundViewSet, "api-toilets-round")]
urlpatterns: list = []
