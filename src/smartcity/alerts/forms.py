"""Forms of the alert pages: the rule editor (parameters as plain fields, checked by the
same `params.clean_rule` as the API) and the notification preferences."""
from urllib.parse import urlparse

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.alerts import evaluators
from smartcity.alerts.models import AlertRule, NotificationPreference, RuleKind, Target
from smartcity.alerts.params import clean_rule
from smartcity.core.models import Organisation
from smartcity.core.permissions import can_read, writable_owners
from smartcity.hub.models import Asset, AssetType, Datastream, Quantity

# where an error about a rule field or parameter shows in the form
ERROR_FIELD = {
    "params.op": "op", "params.value": "value", "params.clear_value": "clear_value", "params.duration_s": "duration_min",
    "params.max_per_hour": "max_per_hour", "params.direction": "direction", "params.factor": "factor",
    "params.evaluator": "evaluator", "asset": "asset_slug", "datastream": "asset_slug", "asset_type": "asset_type",
    "quantity": "quantity", "target": "target", "kind": "kind",
}


def _number(label, help_text=""):
    return forms.FloatField(label=label, required=False, localize=True, help_text=help_text,
                            widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class RuleForm(forms.ModelForm):
    asset_slug = forms.CharField(label=gettext_lazy("Asset (identifier)"), required=False, max_length=100,
                                 widget=forms.TextInput(attrs={"list": "asset-slugs", "autocomplete": "off"}),
                                 help_text=gettext_lazy("For an asset or datastream rule, e.g. kk-thu-dau-mot"))
    op = forms.ChoiceField(label=gettext_lazy("Condition"), required=False,
                           choices=[(">", gettext_lazy("above (>)")), ("<", gettext_lazy("below (<)"))])
    value = _number(gettext_lazy("Limit"))
    clear_value = _number(gettext_lazy("Clears past"),
                          gettext_lazy("Hysteresis: the alert clears only when the value is back past this one (empty: the limit)"))
    duration_min = _number(gettext_lazy("For at least (minutes)"),
                           gettext_lazy("The value must stay beyond the limit this long before the alert is raised"))
    max_per_hour = _number(gettext_lazy("Largest change per hour"))
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), required=False, choices=[
        ("both", gettext_lazy("rise or fall")), ("rise", gettext_lazy("rise")), ("fall", gettext_lazy("fall"))])
    factor = _number(gettext_lazy("Silent for (x expected interval)"),
                     gettext_lazy("Missing when no reading came for this many expected intervals"))
    evaluator = forms.ChoiceField(label=gettext_lazy("Evaluator"), required=False)

    class Meta:
        model = AlertRule
        fields = ["owner", "name", "description", "severity", "target", "asset_type", "quantity", "all_owners", "kind",
                  "enabled", "published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owners = writable_owners(user)
        self.fields["owner"].queryset = owners
        if not self.instance.pk:  # model_to_dict gave empty values: offer the common choice
            self.initial["kind"] = self.initial.get("kind") or RuleKind.THRESHOLD
            self.initial["target"] = self.initial.get("target") or Target.ASSET_TYPE
            if user is not None and user.organisation_id and not self.initial.get("owner"):
                self.initial["owner"] = user.organisation_id
        if owners.count() == 1:
            self.fields["owner"].empty_label = None
        self.fields["asset_type"].queryset = AssetType.objects.order_by("name_vi")
        self.fields["quantity"].queryset = Quantity.objects.order_by("code")
        self.fields["evaluator"].choices = [("", "—")] + [(e.name, str(e.label)) for e in evaluators.all_evaluators()]
        rule = self.instance
        if rule.pk:
            p = rule.params or {}
            if rule.asset_id:
                self.fields["asset_slug"].initial = rule.asset.slug
            elif rule.datastream_id:
                self.fields["asset_slug"].initial = rule.datastream.asset.slug
                self.fields["quantity"].initial = rule.datastream.quantity_id
            for name in ("op", "value", "clear_value", "max_per_hour", "direction", "factor", "evaluator"):
                if name in p:
                    self.fields[name].initial = p[name]
            if p.get("duration_s") is not None:
                self.fields["duration_min"].initial = p["duration_s"] / 60

    def asset_choices(self):
        """Asset identifiers offered while typing (a datalist, so thousands stay light)."""
        from smartcity.core.permissions import visible

        return visible(Asset.objects.all(), self.user).order_by("slug").values_list("slug", "name")[:2000]

    def _params(self, data) -> dict:
        kind = data.get("kind")
        if kind == RuleKind.THRESHOLD:
            duration = data.get("duration_min")
            return {"op": data.get("op"), "value": data.get("value"), "clear_value": data.get("clear_value"),
                    "duration_s": None if duration is None else round(duration * 60)}
        if kind == RuleKind.RATE:
            return {"max_per_hour": data.get("max_per_hour"), "direction": data.get("direction") or "both"}
        if kind == RuleKind.MISSING:
            return {"factor": data.get("factor")}
        if kind == RuleKind.EVALUATOR:
            keep = dict(self.instance.params or {}) if self.instance.kind == RuleKind.EVALUATOR else {}
            keep["evaluator"] = data.get("evaluator")
            return keep
        return {}

    def clean(self):
        data = super().clean()
        target = data.get("target")
        asset = datastream = None
        slug = (data.get("asset_slug") or "").strip()
        if target in (Target.ASSET, Target.DATASTREAM) and slug:
            asset = Asset.objects.filter(slug=slug).select_related("asset_type").first()
            if asset is None or not can_read(self.user, asset):
                self.add_error("asset_slug", _("No asset has this identifier."))
                asset = None
        if target == Target.DATASTREAM and asset is not None:
            if data.get("quantity") is None:
                self.add_error("quantity", _("Choose the quantity of the datastream."))
            else:
                datastream = Datastream.objects.filter(asset=asset, quantity=data["quantity"]).first()
                if datastream is None:
                    self.add_error("quantity", _("This asset has no datastream of this quantity yet."))
        params, errors = clean_rule(kind=data.get("kind"), target=target, asset_type=data.get("asset_type"),
                                    asset=asset if target == Target.ASSET else None, datastream=datastream,
                                    quantity=data.get("quantity"), params=self._params(data))
        for field, items in errors.items():
            name = ERROR_FIELD.get(field)
            for _code, message in items:
                if name and name in self.fields and name not in self.errors:
                    self.add_error(name, message)
                elif not name:
                    self.add_error(None, message)
        rule = self.instance
        rule.params = params
        rule.asset = asset if target == Target.ASSET else None
        rule.datastream = datastream if target == Target.DATASTREAM else None
        if target != Target.ASSET_TYPE:
            data["asset_type"] = None
        if target == Target.DATASTREAM:
            data["quantity"] = None
        return data


def preference_errors(user, by_email: bool, by_webhook: bool, webhook_url: str) -> dict:
    """field -> (code, message) for a preference's channels."""
    errors = {}
    if not by_email and not by_webhook:
        errors["by_email"] = ("no_channel", _("Choose e-mail, webhook or both."))
    if by_email and not user.email:
        errors["by_email"] = ("no_email", _("Your account has no e-mail address."))
    if by_webhook:
        parsed = urlparse(webhook_url or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            errors["webhook_url"] = ("invalid_url", _("Enter the http(s) address that receives the webhook."))
    return errors


class PreferenceForm(forms.ModelForm):
    webhook_url = forms.URLField(label=gettext_lazy("Webhook URL"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = NotificationPreference
        fields = ["organisation", "asset_type", "min_severity", "by_email", "by_webhook", "webhook_url", "on_clear", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = Organisation.objects.order_by("code")
        self.fields["organisation"].empty_label = _("All organisations")
        self.fields["asset_type"].queryset = AssetType.objects.order_by("name_vi")
        self.fields["asset_type"].empty_label = _("All asset types")

    def clean(self):
        data = super().clean()
        errors = preference_errors(self.user, data.get("by_email", False), data.get("by_webhook", False),
                                   data.get("webhook_url") or "")
        for field, (_code, message) in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000,
                           widget=forms.TextInput(attrs={"placeholder": gettext_lazy("What is being done (optional)")}))
