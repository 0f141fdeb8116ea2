"""Limits API under /api/env/:

- `GET /api/env/legal-limits/` national limits (filters `station_kind`, `quantity`,
  `regulation`, `averaging`, `on=YYYY-MM-DD` valid on that day);
- `/api/env/permit-limits/` a station's permit limits: anyone reads those of published
  stations; editors of the station's organisation (and the Smart City Office) create,
  change, end (`PATCH valid_to`) and delete them. Values are converted to the parameter's
  canonical unit on entry, or refused (`unit_not_convertible`);
- `GET /api/env/exceedances/` recorded exceedances with their evidence (filters
  `station`, `alert`, `quantity`, `averaging`).
"""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import exceptions, serializers, viewsets
from rest_framework.exceptions import ErrorDetail

from smartcity.core.permissions import can_change, visible
from smartcity.environment import limits_hooks
from smartcity.environment.models import Averaging, Exceedance, LegalLimit, PermitLimit, Station


class LegalLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalLimit
        fields = ["id", "regulation", "station_kind", "quantity", "averaging", "limit_min", "limit_max", "unit", "column",
                  "valid_from", "valid_to", "citation", "verified", "note"]


class LegalLimitFilter(filters.FilterSet):
    on = filters.DateFilter(method="valid_on", label=_("valid on this day"))

    class Meta:
        model = LegalLimit
        fields = ["station_kind", "quantity", "regulation", "averaging", "column"]

    def valid_on(self, qs, name, value):
        return qs.filter(valid_from__lte=value).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=value))


class LegalLimitViewSet(viewsets.ReadOnlyModelViewSet):
    """National technical regulation limits (QCVN) with their validity dates."""

    queryset = LegalLimit.objects.all().order_by("regulation", "station_kind", "quantity_id", "averaging", "valid_from")
    serializer_class = LegalLimitSerializer
    filterset_class = LegalLimitFilter


class PermitLimitSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="code", queryset=Station.objects.all())
    quantity = serializers.CharField(source="quantity_id", max_length=40)
    averaging = serializers.ChoiceField(choices=Averaging.choices, default=Averaging.HOUR)
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                 help_text=_("Unit of the values sent; stored converted to the parameter's canonical unit"))
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PermitLimit
        fields = ["id", "station", "quantity", "averaging", "limit_min", "limit_max", "unit", "permit_ref", "valid_from",
                  "valid_to", "note", "owner", "created_at", "updated_at"]
        read_only_fields = ["owner", "created_at", "updated_at"]

    def validate(self, attrs):
        inst = self.instance
        station = attrs.get("station", inst.station if inst else None)
        if inst is not None and station != inst.station:
            raise serializers.ValidationError({"station": [ErrorDetail(str(_("A limit cannot move to another station.")),
                                                                       code="immutable")]})
        request = self.context["request"]
        if not can_change(request.user, station):
            raise exceptions.PermissionDenied()

        def pick(name, default=None):
            if name in attrs:
                return attrs[name]
            return getattr(inst, name) if inst is not None else default

        quantity = attrs.get("quantity_id", inst.quantity_id if inst else None)
        unit = attrs.get("unit", "" if "quantity_id" in attrs or inst is None else inst.unit)
        try:
            values = limits_hooks.clean_permit(station, quantity, pick("averaging", Averaging.HOUR), pick("limit_min"),
                                               pick("limit_max"), unit or "", pick("valid_from"), pick("valid_to"),
                                               exclude_pk=inst.pk if inst else None)
        except limits_hooks.PermitError as exc:
            raise serializers.ValidationError({f: [ErrorDetail(m, code=c) for c, m in items] for f, items in exc.errors.items()})
        attrs.update(values)
        attrs["station"] = station
        return attrs

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["quantity"] = obj.quantity_id
        return data


class PermitLimitFilter(filters.FilterSet):
    station = filters.CharFilter(field_name="station__code")

    class Meta:
        model = PermitLimit
        fields = ["station", "quantity", "averaging"]


class PermitLimitViewSet(viewsets.ModelViewSet):
    """Permit limits of stations (wastewater, emissions, groundwater), entered by staff."""

    serializer_class = PermitLimitSerializer
    filterset_class = PermitLimitFilter
    queryset = PermitLimit.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PermitLimit.objects.none()
        stations = visible(Station.objects.all(), self.request.user)
        return PermitLimit.objects.filter(station__in=stations).select_related("station", "owner").order_by(
            "station__code", "quantity_id", "averaging", "valid_from")

    def perform_create(self, serializer):
        station = serializer.validated_data["station"]
        serializer.save(owner=station.owner)


class ExceedanceSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    evidence = serializers.JSONField(help_text=_("[[UTC seconds, value, valid readings], ...]"))

    class Meta:
        model = Exceedance
        fields = ["id", "station", "datastream", "quantity", "averaging", "key", "window_start", "window_end", "value",
                  "limit_value", "bound", "unit", "regulation", "coverage", "advisory", "message", "alert", "evidence"]


class ExceedanceFilter(filters.FilterSet):
    station = filters.CharFilter(field_name="station__code")

    class Meta:
        model = Exceedance
        fields = ["station", "alert", "quantity", "averaging"]


class ExceedanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Averaging windows that broke a limit, with the readings behind each mean."""

    serializer_class = ExceedanceSerializer
    filterset_class = ExceedanceFilter
    queryset = Exceedance.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Exceedance.objects.none()
        stations = visible(Station.objects.all(), self.request.user)
        return Exceedance.objects.filter(station__in=stations).select_related("station").order_by("-window_end", "id")


router_entries = [
    ("legal-limits", LegalLimitViewSet, "api-env-legal-limit"),
    ("permit-limits", PermitLimitViewSet, "api-env-permit-limit"),
    ("exceedances", ExceedanceViewSet, "api-env-exceedance"),
]
urlpatterns = []
