"""Inventory pages: luminaire and cabinet lists with filters, details with their hub readings
and commands, the map of poles, luminaires and cabinets coloured by state, import and export."""
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from smartcity.core.permissions import can_change, visible, writable_owners
from smartcity.hub.models import Observation
from smartcity.lighting import control, inventory_io, services
from smartcity.lighting.charts import series_svg
from smartcity.lighting.models import Cabinet, CommandAction, LampTechnology, LightingGroup, Luminaire

STATE_COLOURS = {"on": "#f5b700", "dimmed": "#f2dc8c", "off": "#5b6770", "fault": "#d0342c", "stale": "#9aa5b1",
                 "unknown": "#ffffff"}



def _render(request, template, context):
    """render() with the link to the energy dashboard (once its part is installed)."""
    from smartcity.lighting.views_home import _energy_url

    return render(request, template, {**context, "energy_url": _energy_url()})

def _state_labels():
    return {"on": pgettext("lamp state", "on"), "dimmed": _("dimmed"), "off": pgettext("lamp state", "off"), "fault": _("fault"), "stale": _("no recent data"),
            "unknown": _("no data")}


def luminaire_list(request):
    qs = visible(Luminaire.objects.select_related("owner", "pole", "group", "circuit__cabinet", "asset"), request.user)
    f = {k: request.GET.get(k, "").strip() for k in ("group", "cabinet", "technology", "owner", "q")}
    if f["group"]:
        qs = qs.filter(group__code=f["group"])
    if f["cabinet"]:
        qs = qs.filter(circuit__cabinet__code=f["cabinet"])
    if f["technology"]:
        qs = qs.filter(technology=f["technology"])
    if f["owner"]:
        qs = qs.filter(owner__code=f["owner"])
    if f["q"]:
        qs = qs.filter(Q(code__icontains=f["q"]) | Q(pole__street__icontains=f["q"]) | Q(model_name__icontains=f["q"])
                       | Q(controller_id__icontains=f["q"]))
    page = Paginator(qs.order_by("code"), 100).get_page(request.GET.get("page"))
    values = services.latest_values([lum.asset_id for lum in page if lum.asset_id])
    now = int(time.time())
    labels = _state_labels()
    rows = []
    for lum in page:
        st = services.state_of(values.get(lum.asset_id), now)
        v = values.get(lum.asset_id, {})
        rows.append({"lum": lum, "state": st, "state_label": labels[st], "colour": STATE_COLOURS[st],
                     "power": v.get("power", (None,))[0], "level": v.get("dimming_level", (None,))[0]})
    query = "&".join(f"{k}={v}" for k, v in f.items() if v)
    return _render(request, "lighting/luminaires.html", {
        "rows": rows, "page": page, "f": f, "query": query, "total": page.paginator.count,
        "groups": visible(LightingGroup.objects.all(), request.user).order_by("code"),
        "cabinets": visible(Cabinet.objects.all(), request.user).order_by("code"),
        "technologies": LampTechnology.choices,
        "owners": sorted({(c, n) for c, n in visible(Luminaire.objects.all(), request.user).values_list("owner__code", "owner__name_vi")}),
    })


def _series(asset, quantities, hours=24):
    """{quantity: [(t, value)]} of the last `hours` of the asset's raw readings."""
    if asset is None:
        return {}
    streams = {ds.id: ds.quantity_id for ds in asset.datastreams.filter(quantity_id__in=quantities)}
    since = int(time.time()) - hours * 3600
    out = {q: [] for q in streams.values()}
    for ds, t, v in Observation.objects.filter(datastream_id__in=list(streams), t__gte=since, status=0).order_by("t") \
            .values_list("datastream_id", "t", "value"):
        out[streams[ds]].append((t, v))
    return out


def _latest_rows(asset):
    if asset is None:
        return []
    vals = services.latest_values([asset.id]).get(asset.id, {})
    units = {ds.quantity_id: (ds.quantity.name_vi, ds.quantity.name_en, ds.unit) for ds in asset.datastreams.select_related("quantity")}
    lang_en = (get_language() or "vi").startswith("en")
    rows = []
    for q, (value, t) in sorted(vals.items()):
        vi, en, unit = units.get(q, (q, q, ""))
        rows.append({"quantity": q, "name": en if lang_en else vi, "value": value, "unit": unit,
                     "time": time.strftime("%d/%m/%Y %H:%M", time.gmtime(t + 7 * 3600))})
    return rows


def luminaire_detail(request, code):
    lum = get_object_or_404(visible(Luminaire.objects.select_related("owner", "pole", "group__calendar", "circuit__cabinet", "asset"),
                                    request.user), code=code)
    values = services.latest_values([lum.asset_id]).get(lum.asset_id) if lum.asset_id else None
    st = services.state_of(values)
    series = _series(lum.asset, ("power", "dimming_level"))
    tl = services.luminaire_timeline(lum)
    editable = can_change(request.user, lum)
    return _render(request, "lighting/luminaire.html", {
        "lum": lum, "state": st, "state_label": _state_labels()[st], "colour": STATE_COLOURS[st], "latest": _latest_rows(lum.asset),
        "power_svg": series_svg(series.get("power", []), _("Power (W)"), colour="#c77700"),
        "level_svg": series_svg(series.get("dimming_level", []), _("Dimming level (%)"), colour="#0b5d8f", ymax=100),
        "timeline": tl, "timeline_svg": _timeline_svg(tl), "editable": editable,
        "commands": lum.commands.select_related("created_by")[:15] if editable else [],
        "actions": CommandAction.choices,
    })


def _timeline_svg(tl):
    from smartcity.lighting.charts import timeline_svg

    return timeline_svg(tl) if tl else ""


def cabinet_list(request):
    qs = visible(Cabinet.objects.select_related("owner", "asset").annotate(
        n_circuits=Count("circuits", distinct=True), n_luminaires=Count("circuits__luminaires", distinct=True)), request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(address__icontains=q))
    cabs = list(qs.order_by("code"))
    values = services.latest_values([c.asset_id for c in cabs if c.asset_id])
    rows = [{"cab": c, "power": values.get(c.asset_id, {}).get("power", (None,))[0],
             "energy": values.get(c.asset_id, {}).get("energy", (None,))[0]} for c in cabs]
    return _render(request, "lighting/cabinets.html", {"rows": rows, "q": q})


def cabinet_detail(request, code):
    cab = get_object_or_404(visible(Cabinet.objects.select_related("owner", "asset"), request.user), code=code)
    circuits = cab.circuits.annotate(n=Count("luminaires"))
    series = _series(cab.asset, ("power_l1", "power_l2", "power_l3", "power"))
    return _render(request, "lighting/cabinet.html", {
        "cab": cab, "circuits": circuits, "latest": _latest_rows(cab.asset),
        "power_svg": series_svg(series.get("power", []), _("Power (W)"), colour="#c77700"),
        "phase_svgs": [series_svg(series.get(f"power_{p}", []), _("Power phase %(p)s (W)") % {"p": p.upper()}, colour=c)
                       for p, c in (("l1", "#b5442b"), ("l2", "#2b7bb5"), ("l3", "#3f8f3a")) if series.get(f"power_{p}")],
        "luminaires": Luminaire.objects.filter(circuit__cabinet=cab).select_related("pole", "circuit").order_by("code")[:200],
    })


def lighting_map(request):
    return _render(request, "lighting/map.html", {
        "legend": [(k, STATE_COLOURS[k], v) for k, v in _state_labels().items()],
        "cfg": {"data": reverse("lighting-map-json"),
                "labels": {"open": _("Open"), "power": _("Power"), "level": _("Dimming level"), "cabinet": _("Control cabinet"),
                           "pole": _("Pole"), "luminaires": _("luminaires")}},
    })


def map_json(request):
    """Poles with their luminaires' state, and cabinets, for the map (compact arrays)."""
    lums = list(visible(Luminaire.objects.filter(pole__isnull=False), request.user)
                .values_list("code", "asset_id", "pole__code", "pole__latitude", "pole__longitude", "pole__street", "technology",
                             "rated_power_w", "group__code"))
    values = services.latest_values([row[1] for row in lums if row[1]])
    now = int(time.time())
    labels = _state_labels()
    out = []
    for code, asset_id, pole, lat, lon, street, tech, rated, group in lums:
        v = values.get(asset_id, {})
        st = services.state_of(v, now)
        out.append([code, pole, round(lat, 6), round(lon, 6), street, tech, rated, group or "", st,
                    v.get("power", (None,))[0], v.get("dimming_level", (None,))[0]])
    cabs = []
    for c in visible(Cabinet.objects.filter(latitude__isnull=False), request.user).annotate(
            n=Count("circuits__luminaires")):
        cabs.append([c.code, c.name, c.latitude, c.longitude, c.n, reverse("lighting-cabinet", args=[c.code])])
    return JsonResponse({"fields": ["code", "pole", "lat", "lon", "street", "technology", "rated_w", "group", "state", "power", "level"],
                         "luminaires": out, "cabinets": cabs, "colours": STATE_COLOURS, "state_labels": labels,
                         "luminaire_url": reverse("lighting-luminaire", args=["__code__"])})


@login_required
def import_page(request):
    if not writable_owners(request.user).exists():
        raise PermissionDenied(_("You may not change the lighting inventory."))
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an .xlsx or .csv file."))
        else:
            try:
                report = inventory_io.import_file(upload.name, upload.read(), user=request.user)
            except inventory_io.ImportFileError as exc:
                messages.error(request, str(exc))
    return _render(request, "lighting/import.html", {"report": report,
                                                     "luminaire_columns": inventory_io.LUMINAIRE_COLUMNS,
                                                     "cabinet_columns": inventory_io.CABINET_COLUMNS})


def export(request, fmt):
    from smartcity.lighting.api.inventory import export_inventory

    return export_inventory(request, fmt)


@login_required
@require_POST
def send_command(request):
    """Form post from a luminaire page or the schedules page."""
    action = request.POST.get("action", "")
    back = request.POST.get("next") or reverse("lighting-schedules")
    if not back.startswith("/"):
        back = reverse("lighting-schedules")
    group = None
    if request.POST.get("group"):
        group = get_object_or_404(LightingGroup, code=request.POST["group"])
        lums = control.luminaires_for(group=group)
        targets = [group, *lums]
    else:
        lums = control.luminaires_for(codes=[request.POST.get("luminaire", "")])
        targets = lums
    if not lums:
        messages.error(request, _("No luminaire to command."))
        return redirect(back)
    if any(not can_change(request.user, t) for t in targets):
        raise PermissionDenied(_("You may not command luminaires of another organisation."))
    level = request.POST.get("level") or None
    try:
        cmds = control.issue(lums, action, level=int(level) if level is not None else None, user=request.user, group=group)
    except (control.CommandError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, _("%(n)s command(s) sent over %(way)s.") % {"n": len(cmds), "way": cmds[0].transport.upper()})
    return redirect(back)
