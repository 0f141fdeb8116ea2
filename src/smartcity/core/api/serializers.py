from rest_framework import serializers

from smartcity.core.models import AdministrativeUnit, ApiToken, Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "code", "abbreviation", "name_vi", "name_en", "kind", "helix", "parent",
                  "is_coordinator", "plan_role", "website", "email", "phone", "address"]
        read_only_fields = ["id", "code", "kind", "helix", "parent", "is_coordinator"]


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "official_code", "name_vi", "name_en", "level", "unit_type", "parent",
                  "valid_from", "valid_to", "legal_basis", "latitude", "longitude", "geometry"]


class MeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "role", "is_superuser", "organisation"]


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at", "revoked_at"]
