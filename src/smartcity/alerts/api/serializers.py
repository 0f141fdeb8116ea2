from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied

from smartcity.alerts.models import Alert, AlertEvent, AlertRule, Delivery, NotificationPreference
from smartcity.alerts.params import clean_rule
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_read, writable_owners
from smartcity.hub.models import Asset, AssetType, Datastream, Quantity


class AlertRuleSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False)
    asset_type = serializers.SlugRelatedField(slug_field="code", queryset=AssetType.objects.all(), required=False, allow_null=True)
    asset = serializers.SlugRelatedField(slug_field="slug", queryset=Asset.objects.all(), required=False, allow_null=True)
    datastream = serializers.PrimaryKeyRelatedField(queryset=Datastream.objects.all(), required=False, allow_null=True)
    quantity = serializers.SlugRelatedField(slug_field="code", queryset=Quantity.objects.all(), required=False, allow_null=True)
    params = serializers.JSONField(required=False)
    open_alerts = serializers.SerializerMethodField()

    class Meta:
        model = AlertRule
        fields = ["id", "owner", "name", "description", "severity", "target", "asset_type", "asset", "datastream", "quantity",
                  "all_owners", "kind", "params", "enabled", "published", "open_alerts", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []  # (owner, name) is checked in validate(), after the owner defaults to the caller's

    def get_open_alerts(self, rule) -> int:
        value = getattr(rule, "open_alert_count", None)
        return value if value is not None else rule.alerts.open().count()

    def validate(self, attrs):
        request = self.context["request"]
        user = request.user
        instance = self.instance
        merged = {f: attrs.get(f, getattr(instance, f, None) if instance else None)
                  for f in ("owner", "kind", "target", "asset_type", "asset", "datastream", "quantity", "params")}
        if merged["owner"] is None:
            if not user.organisation_id:
                raise serializers.ValidationError({"owner": [ErrorDetail(_("Choose the owner organisation."), "required")]})
            merged["owner"] = attrs["owner"] = user.organisation
        if "owner" in attrs and not writable_owners(user).filter(pk=attrs["owner"].pk).exists():
            raise ApiPermissionDenied(_("You may not create or change rules of this organisation."))
        for field in ("asset", "datastream"):
            obj = merged[field]
            if obj is not None:
                asset = obj if field == "asset" else obj.asset
                if not can_read(user, asset):
                    raise serializers.ValidationError({field: [ErrorDetail(_("Not found."), "does_not_exist")]})
        if merged["target"] == "datastream" and merged["datastream"] is not None:
            attrs["asset_type"] = attrs["asset"] = attrs["quantity"] = None
        elif merged["target"] == "asset":
            attrs["asset_type"] = attrs["datastream"] = None
        elif merged["target"] == "asset_type":
            attrs["asset"] = attrs["datastream"] = None
        params, errors = clean_rule(kind=merged["kind"], target=merged["target"], asset_type=merged["asset_type"],
                                    asset=merged["asset"], datastream=merged["datastream"], quantity=merged["quantity"],
                                    params=merged["params"] or {})
        if errors:
            raise serializers.ValidationError({field: [ErrorDetail(msg, code) for code, msg in items]
                                               for field, items in errors.items()})
        attrs["params"] = params
        name = attrs.get("name", getattr(instance, "name", None))
        clash = AlertRule.objects.filter(owner=merged["owner"], name=name)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise serializers.ValidationError({"name": [ErrorDetail(_("This organisation already has a rule of this name."), "unique")]})
        return attrs


class AlertEventSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AlertEvent
        fields = ["action", "at", "data_at", "user", "value", "note"]


class AlertSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    asset = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    asset_name = serializers.CharField(source="asset.name", read_only=True)
    asset_type = serializers.CharField(source="asset.asset_type_id", read_only=True)
    quantity = serializers.CharField(source="datastream.quantity_id", read_only=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    text = serializers.CharField(read_only=True)

    class Meta:
        model = Alert
        fields = ["id", "rule", "rule_name", "kind", "key", "owner", "asset", "asset_name", "asset_type", "datastream", "quantity",
                  "state", "severity", "first_at", "raised_at", "last_at", "cleared_at", "acknowledged_by", "acknowledged_at",
                  "value", "peak", "unit", "readings", "message", "text"]
        read_only_fields = fields


class AlertDetailSerializer(AlertSerializer):
    events = AlertEventSerializer(many=True, read_only=True)

    class Meta(AlertSerializer.Meta):
        fields = AlertSerializer.Meta.fields + ["events"]
        read_only_fields = fields


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class NotificationPreferenceSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False, allow_null=True)
    asset_type = serializers.SlugRelatedField(slug_field="code", queryset=AssetType.objects.all(), required=False, allow_null=True)

    class Meta:
        model = NotificationPreference
        fields = ["id", "organisation", "asset_type", "min_severity", "by_email", "by_webhook", "webhook_url", "webhook_secret",
                  "on_clear", "active", "created_at"]
        read_only_fields = ["id", "webhook_secret", "created_at"]

    def validate(self, attrs):
        from smartcity.alerts.forms import preference_errors

        instance = self.instance
        merged = {f: attrs.get(f, getattr(instance, f) if instance else NotificationPreference._meta.get_field(f).get_default())
                  for f in ("by_email", "by_webhook", "webhook_url")}
        errors = preference_errors(self.context["request"].user, bool(merged["by_email"]), bool(merged["by_webhook"]),
                                   merged["webhook_url"] or "")
        if errors:
            raise serializers.ValidationError({f: [ErrorDetail(m, c)] for f, (c, m) in errors.items()})
        return attrs


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "alert", "event", "channel", "target", "status", "attempts", "last_error", "created_at", "sent_at"]
        read_only_fields = fields
