"""Pages of legal and permit limits under /environment/limits/: the national tables, a
station's limits (permit limits added, edited and ended by staff under the platform's
permission rule, history shown), the evidence of exceedances and the monthly report of
a station or a facility (page, PDF, Excel)."""
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, can_read, require_change, visible
from smartcity.environment import limits_hooks, limits_seed, report
from smartcity.environment.models import Averaging, Exceedance, LegalLimit, PermitLimit, Station, StationKind
from smartcity.hub import registry


def _station(request, code) -> Station:
    station = get_object_or_404(Station.objects.select_related("asset", "owner"), code=code)
    if not can_read(request.user, station):
        raise Http404
    return station


def limits_index(request):
    """The national limits (versioned, with citations) and the stations."""
    legal = LegalLimit.objects.select_related("quantity").order_by("regulation", "station_kind", "column", "quantity_id",
                                                                   "averaging", "valid_from")
    groups = {}
    for lim in legal:
        groups.setdefault((lim.regulation, lim.citation), []).append(lim)
    stations = visible(Station.objects.select_related("asset", "owner"), request.user).order_by("kind", "code")
    facilities = sorted({s.facility for s in stations if s.facility})
    return render(request, "environment/limits_index.html", {
        "groups": [(reg, cit, rows) for (reg, cit), rows in groups.items()], "stations": stations,
        "facilities": facilities, "today": timezone.localdate(),
    })


class PermitForm(forms.Form):
    quantity = forms.ChoiceField(label=gettext_lazy("Parameter"))
    averaging = forms.ChoiceField(label=gettext_lazy("Averaging period"), choices=Averaging.choices, initial=Averaging.HOUR,
                                  help_text=gettext_lazy("Wastewater permits are usually judged on 1-hour means"))
    limit_min = forms.FloatField(label=gettext_lazy("Lower limit"), required=False)
    limit_max = forms.FloatField(label=gettext_lazy("Upper limit"), required=False)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=20, required=False,
                           help_text=gettext_lazy("Converted to the parameter's standard unit; empty means that unit"))
    permit_ref = forms.CharField(label=gettext_lazy("Permit reference"), max_length=120, required=False)
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=gettext_lazy("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)

    def __init__(self, *args, station, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.station, self.instance = station, instance
        codes = list(station.asset.datastreams.order_by("quantity_id").values_list("quantity_id", flat=True))
        self.fields["quantity"].choices = [(c, f"{registry.QUANTITIES[c].name_vi} ({registry.QUANTITIES[c].unit})"
                                            if c in registry.QUANTITIES else c) for c in codes]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.values = limits_hooks.clean_permit(
                self.station, data.get("quantity"), data.get("averaging"), data.get("limit_min"), data.get("limit_max"),
                data.get("unit") or "", data.get("valid_from"), data.get("valid_to"),
                exclude_pk=self.instance.pk if self.instance else None)
        except limits_hooks.PermitError as exc:
            for fld, items in exc.errors.items():
                for _code, msg in items:
                    self.add_error(fld if fld in self.fields else None, msg)
        return data


def station_limits(request, code):
    station = _station(request, code)
    legal = [lim for lim in LegalLimit.objects.filter(station_kind=station.kind).select_related("quantity")
             .order_by("quantity_id", "averaging", "valid_from")
             if not lim.column or lim.column == (station.asset.properties or {}).get(limits_seed.CLASS_PROPERTY)]
    measured = set(station.asset.datastreams.values_list("quantity_id", flat=True))
    permits = station.permit_limits.select_related("quantity").order_by("quantity_id", "averaging", "-valid_from")
    editable = can_change(request.user, station)
    recent = Exceedance.objects.filter(station=station).select_related("quantity", "alert")[:50]
    history = []
    if editable:
        for h in PermitLimit.history.filter(station_id=station.pk).select_related("history_user").order_by("-history_date")[:30]:
            history.append((h.history_date, h.history_user, h.get_history_type_display(), h))
    today = timezone.localdate()
    month = f"{today.year}-{today.month:02d}"
    return render(request, "environment/limits_station.html", {
        "station": station, "legal": [(lim, lim.quantity_id in measured) for lim in legal], "permits": permits,
        "editable": editable, "recent": recent, "history": history, "today": today, "month": month,
        "classes": limits_seed.RIVER_CLASSES, "water_class": (station.asset.properties or {}).get(limits_seed.CLASS_PROPERTY, ""),
        "is_river": station.kind == StationKind.SURFACE_WATER,
    })


def _permit_form(request, station, instance=None):
    initial = {}
    if instance is not None:
        initial = {k: getattr(instance, k) for k in ("averaging", "limit_min", "limit_max", "unit", "permit_ref", "valid_from",
                                                     "valid_to", "note")}
        initial["quantity"] = instance.quantity_id
    form = PermitForm(request.POST or None, station=station, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = instance or PermitLimit(station=station, owner=station.owner)
            for k, v in form.values.items():
                setattr(obj, k, v)
            obj.permit_ref = form.cleaned_data.get("permit_ref", "")
            obj.note = form.cleaned_data.get("note", "")
            obj._history_user = request.user
            obj.save()
        messages.success(request, _("The permit limit was saved."))
        return redirect("env-station-limits", code=station.code)
    return render(request, "environment/limits_permit_form.html", {"form": form, "station": station, "object": instance})


@login_required
def permit_add(request, code):
    station = _station(request, code)
    require_change(request.user, station)
    return _permit_form(request, station)


@login_required
def permit_edit(request, pk):
    obj = get_object_or_404(PermitLimit.objects.select_related("station__asset"), pk=pk)
    require_change(request.user, obj)
    return _permit_form(request, obj.station, obj)


@login_required
@require_POST
def permit_end(request, pk):
    """End a limit (the permit was replaced or revoked): valid until the given day, kept."""
    obj = get_object_or_404(PermitLimit.objects.select_related("station"), pk=pk)
    require_change(request.user, obj)
    try:
        end = date.fromisoformat(request.POST.get("valid_to") or timezone.localdate().isoformat())
    except ValueError:
        messages.error(request, _("Enter a valid date."))
        return redirect("env-station-limits", code=obj.station.code)
    if end < obj.valid_from:
        messages.error(request, _("The end of validity must not be before its start."))
    else:
        obj.valid_to = end
        obj._history_user = request.user
        obj.save()
        messages.success(request, _("The permit limit ends on %(date)s.") % {"date": end.strftime("%d/%m/%Y")})
    return redirect("env-station-limits", code=obj.station.code)


@login_required
@require_POST
def station_class(request, code):
    """The QCVN 08:2023 river class a surface-water station is judged against."""
    station = _station(request, code)
    require_change(request.user, station)
    value = request.POST.get("water_class", "")
    if value not in ("", *limits_seed.RIVER_CLASSES):
        messages.error(request, _("Choose a class."))
    else:
        asset = station.asset
        props = dict(asset.properties or {})
        if value:
            props[limits_seed.CLASS_PROPERTY] = value
        else:
            props.pop(limits_seed.CLASS_PROPERTY, None)
        asset.properties = props
        asset._history_user = request.user
        asset.save()
        messages.success(request, _("The water-quality class was saved."))
    return redirect("env-station-limits", code=station.code)


@login_required
def alert_evidence(request, alert_id):
    """The readings behind an exceedance alert (alerts are operational: login, visibility rule)."""
    from smartcity.alerts.models import Alert
    from smartcity.alerts.services import visible_alerts

    alert = get_object_or_404(visible_alerts(request.user, Alert.objects.select_related("asset", "datastream__quantity")), pk=alert_id)
    rows = list(limits_hooks.evidence_for_alert(alert).select_related("station", "quantity"))
    return render(request, "environment/limits_evidence.html", {"alert": alert, "rows": rows})


def exceedance_detail(request, pk):
    ex = get_object_or_404(Exceedance.objects.select_related("station__asset", "quantity", "alert"), pk=pk)
    if ex.station is None or not can_read(request.user, ex.station):
        raise Http404
    return render(request, "environment/limits_evidence.html", {"alert": ex.alert, "rows": [ex], "single": True})


# -- monthly reports -------------------------------------------------------------------------
def _month(request, text=None):
    try:
        return report.parse_month(text or request.GET.get("month"))
    except ValueError:
        raise Http404 from None


def _title(name: str, year: int, month: int) -> str:
    return report.title(name, year, month)


def _send(reports, title, fmt, filename):
    if fmt == "pdf":
        from smartcity.environment import report_pdf

        try:
            body, ctype = report_pdf.render(reports, title), "application/pdf"
        except report_pdf.FontMissing as exc:  # a server set up without the font: say so, not a 500
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    else:
        from smartcity.environment import report_xlsx

        body, ctype = report_xlsx.render(reports, title), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def station_report(request, code, month=None, fmt="html"):
    station = _station(request, code)
    year, mon = _month(request, month)
    if month is None and fmt == "html":  # ?month=YYYY-MM (the month picker), or the previous month
        return redirect("env-station-report", code=station.code, month=f"{year}-{mon:02d}")
    rep = report.station_report(station, year, mon)
    title = _title(station.name, year, mon)
    if fmt != "html":
        return _send([rep], title, fmt, f"bao-cao-{slugify(station.code)}-{year}-{mon:02d}")
    return render(request, "environment/report.html", {
        "reports": [rep], "title": title, "station": station, "month": f"{year}-{mon:02d}",
        "chart": _chart_data([rep]),
    })


def facility_report(request, fmt="html"):
    name = (request.GET.get("facility") or "").strip()
    if not name:
        raise Http404
    year, mon = _month(request)
    stations = visible(Station.objects.all(), request.user)
    reports = report.facility_reports(name, year, mon, stations=stations)
    if not reports:
        raise Http404
    title = _title(name, year, mon)
    if fmt != "html":
        return _send(reports, title, fmt, f"bao-cao-{slugify(name)[:40] or 'co-so'}-{year}-{mon:02d}")
    return render(request, "environment/report.html", {"reports": reports, "title": title, "facility": name,
                                                       "month": f"{year}-{mon:02d}", "chart": _chart_data(reports)})


def _chart_data(reports) -> list:
    """Daily means of the parameters with limits, for the hub's SVG chart (ISO times)."""
    from smartcity.hub.timebase import iso

    out = []
    for r in reports:
        for p in r.params:
            if not p.has_limits:
                continue
            points = [[iso(d), round(m if m is not None else raw, 3)] for d, m, raw in p.daily if (m if m is not None else raw) is not None]
            if points:
                out.append({"id": f"chart-{r.station.code}-{p.quantity}", "title": f"{r.station.code} · {p.name}",
                            "unit": p.unit, "limit": p.day_limit, "points": points,
                            "from": r.start * 1000, "to": r.end * 1000})
    return out
