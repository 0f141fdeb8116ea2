"""One filterset per model, shared by the alert list page and the REST API."""
from django_filters import rest_framework as filters
from django.utils.translation import gettext_lazy as _

from smartcity.alerts import evaluate
from smartcity.alerts.models import OPEN_STATES, Alert, AlertRule, AlertState, RuleKind, Severity
from smartcity.core.models import Organisation
from smartcity.hub.models import AssetType

STATE_CHOICES = [("open", _("Open (raised or acknowledged)"))] + list(AlertState.choices)


class AlertFilter(filters.FilterSet):
    state = filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, method="filter_state", empty_label=_("All"))
    severity = filters.MultipleChoiceFilter(label=_("Severity"), choices=Severity.choices)
    min_severity = filters.ChoiceFilter(label=_("At least"), choices=Severity.choices, method="filter_min_severity",
                                        empty_label=_("Any"))
    owner = filters.ModelChoiceFilter(label=_("Organisation"), queryset=Organisation.objects.all(), to_field_name="code",
                                      method="filter_owner", empty_label=_("All"))
    type = filters.ModelChoiceFilter(label=_("Asset type"), queryset=AssetType.objects.all(), field_name="asset__asset_type",
                                     empty_label=_("All"))
    asset = filters.CharFilter(label=_("Asset"), field_name="asset__slug")
    rule = filters.NumberFilter(label=_("Rule"), field_name="rule_id")
    kind = filters.ChoiceFilter(label=_("Kind"), choices=RuleKind.choices, empty_label=_("All"))

    class Meta:
        model = Alert
        fields = ["state", "severity", "min_severity", "owner", "type", "asset", "rule", "kind"]

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(state__in=OPEN_STATES)
        return queryset.filter(state=value)

    def filter_min_severity(self, queryset, name, value):
        return queryset.filter(severity__in=[s for s in evaluate.SEVERITIES if evaluate.at_least(s, value)])

    def filter_owner(self, queryset, name, value):
        """The rule's organisation or the asset's."""
        from django.db.models import Q

        return queryset.filter(Q(owner=value) | Q(asset__owner=value))


class AlertRuleFilter(filters.FilterSet):
    owner = filters.CharFilter(field_name="owner__code")
    asset_type = filters.CharFilter(field_name="asset_type_id")
    asset = filters.CharFilter(field_name="asset__slug")

    class Meta:
        model = AlertRule
        fields = ["owner", "kind", "target", "asset_type", "asset", "enabled", "severity"]
