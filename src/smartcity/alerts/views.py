"""Alert pages: the alert list with counts by severity, an alert with its history and
the acknowledge button, the rules and their editor, and notification preferences.
Every page needs a login (alerts are operational data); writes follow the platform rule."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.alerts import services
from smartcity.alerts.filters import AlertFilter
from smartcity.alerts.forms import AcknowledgeForm, PreferenceForm, RuleForm
from smartcity.alerts.models import OPEN_STATES, Alert, AlertRule, NotificationPreference, Severity
from smartcity.core.permissions import can_change, require_change, writable_owners


@login_required
def alert_list(request):
    base = services.visible_alerts(request.user, Alert.objects.all())
    params = request.GET.copy()
    if "state" not in params:
        params["state"] = "open"
    flt = AlertFilter(params, queryset=base.select_related("asset__asset_type", "datastream__quantity", "owner", "rule"))
    alerts = flt.qs if flt.is_valid() else base.none()
    by_severity = dict(alerts.filter(state__in=OPEN_STATES).order_by().values_list("severity").annotate(n=Count("id")))
    counts = [(value, label, by_severity.get(value, 0)) for value, label in reversed(Severity.choices)]
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    query = params.copy()
    query.pop("page", None)
    return render(request, "alerts/alert_list.html", {
        "filter": flt, "page": page, "counts": counts, "query": query.urlencode(),
        "total_open": sum(by_severity.values()),
    })


@login_required
def alert_detail(request, pk):
    alert = get_object_or_404(services.visible_alerts(request.user, Alert.objects.select_related(
        "asset__asset_type", "asset__owner", "datastream__quantity", "owner", "rule", "acknowledged_by")), pk=pk)
    return render(request, "alerts/alert_detail.html", {
        "alert": alert,
        "events": alert.events.select_related("user"),
        "deliveries": alert.deliveries.all()[:50] if can_change(request.user, alert) else [],
        "can_acknowledge": services.can_acknowledge(request.user, alert),
        "ack_form": AcknowledgeForm(),
    })


@login_required
@require_POST
def alert_acknowledge(request, pk):
    alert = get_object_or_404(services.visible_alerts(request.user, Alert.objects.all()), pk=pk)
    require_change(request.user, alert)
    form = AcknowledgeForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        services.acknowledge(alert, request.user, note)
        messages.success(request, _("The alert was acknowledged."))
    except services.AlertConflict as exc:
        messages.error(request, str(exc))
    return redirect("alert-detail", pk=alert.pk)


@login_required
def rule_list(request):
    rules = services.visible_rules(request.user, AlertRule.objects.select_related(
        "owner", "asset_type", "asset", "datastream__asset", "quantity").annotate(
        open_alert_count=Count("alerts", filter=Q(alerts__state__in=OPEN_STATES)))).order_by("owner__code", "name")
    editable = {r.pk for r in rules if can_change(request.user, r)}
    return render(request, "alerts/rule_list.html", {
        "rules": rules, "editable": editable, "can_create": writable_owners(request.user).exists(),
    })


def _rule_form(request, rule):
    before = services.snapshot(rule) if rule.pk else None
    form = RuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        require_change(request.user, form.cleaned_data["owner"])
        rule = form.save()
        services.rule_changed(rule, before, request.user)
        messages.success(request, _("The rule was saved."))
        return redirect("alert-rule-list")
    return render(request, "alerts/rule_form.html", {"form": form, "rule": rule, "assets": form.asset_choices()})


@login_required
def rule_create(request):
    if not writable_owners(request.user).exists():
        raise PermissionDenied(_("You may not create rules."))
    return _rule_form(request, AlertRule())


@login_required
def rule_edit(request, pk):
    rule = get_object_or_404(services.visible_rules(request.user), pk=pk)
    require_change(request.user, rule)
    return _rule_form(request, rule)


@login_required
@require_POST
def rule_delete(request, pk):
    rule = get_object_or_404(services.visible_rules(request.user), pk=pk)
    require_change(request.user, rule)
    services.delete_rule(rule, request.user)
    messages.success(request, _("The rule was deleted; its open alerts were cleared."))
    return redirect("alert-rule-list")


@login_required
def preferences(request):
    mine = NotificationPreference.objects.filter(user=request.user).select_related("organisation", "asset_type")
    form = PreferenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        pref = form.save(commit=False)
        pref.user = request.user
        pref.save()
        messages.success(request, _("The notification preference was added."))
        return redirect("alert-preferences")
    return render(request, "alerts/preferences.html", {"form": form, "preferences": mine})


@login_required
@require_POST
def preference_delete(request, pk):
    pref = get_object_or_404(NotificationPreference, pk=pk, user=request.user)
    pref.delete()
    messages.success(request, _("The notification preference was removed."))
    return redirect("alert-preferences")
