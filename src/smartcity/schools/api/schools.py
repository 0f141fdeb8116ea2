"""Schools under /api/schools/schools/ (lookup: the school's code). Anyone reads published
schools; editors of the Department of Education and Training (and the Smart City Office)
create and change them (`OwnerPermission`, `OwnedWriteMixin`)."""
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from smartcity.core.api.owned import OwnedWriteMixin
from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.core.permissions import visible
from smartcity.schools.models import School


class SchoolSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text=_("Organisation code; defaults to yours"))
    unit = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.filter(level="commune"),
                                        required=False, allow_null=True, help_text=_("Code of the ward or commune (since 2025)"))
    former_unit = serializers.SlugRelatedField(slug_field="code", queryset=AdministrativeUnit.objects.filter(level="district"),
                                               required=False, allow_null=True, help_text=_("Code of the former district"))
    unit_name = serializers.CharField(source="unit.name_vi", read_only=True, default="")
    former_unit_name = serializers.CharField(source="former_unit.name_vi", read_only=True, default="")

    class Meta:
        model = School
        fields = ["code", "name_vi", "name_en", "owner", "published", "unit", "unit_name", "former_unit", "former_unit_name",
                  "address", "latitude", "longitude", "pupils", "classes", "teachers", "joined_year", "status", "principal",
                  "phone", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        lat = attrs.get("latitude", getattr(self.instance, "latitude", None))
        lon = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (lat is None) != (lon is None):
            raise serializers.ValidationError({"latitude": [_("Give both latitude and longitude, or neither.")]}, code="incomplete")
        if lat is not None and not (10.7 <= lat <= 11.6 and 106.2 <= lon <= 107.0):
            raise serializers.ValidationError({"latitude": [_("The position is outside the former Binh Duong province.")]},
                                              code="out_of_area")
        return attrs


class SchoolFilterSet(filters.FilterSet):
    district = filters.CharFilter(field_name="former_unit__code", help_text=_("Code of the former district, e.g. 718"))
    status = filters.CharFilter()

    class Meta:
        model = School
        fields = ["district", "status", "published"]


class SchoolViewSet(OwnedWriteMixin, viewsets.ModelViewSet):
    """Schools of the programme. Filters `district=718`, `status=active`."""

    serializer_class = SchoolSerializer
    filterset_class = SchoolFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_\-]+"
    queryset = School.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # retired by status or unpublishing

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return School.objects.none()
        return visible(School.objects.select_related("owner", "unit", "former_unit"), self.request.user).order_by("code")


router_entries = [("schools", SchoolViewSet, "api-schools-school")]
urlpatterns: list = []
