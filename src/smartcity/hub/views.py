"""Hub pages under /hub/: the map of assets, an asset's page (latest values, a chart per
datastream, device tokens), and the asset types.

The first view of every page is rendered from the database here, so it works without
JavaScript. The browser then refreshes through the read API (/api/hub/latest,
/api/hub/series) and falls back to the two small JSON views below, which answer in the
same shapes, on an installation without that API.
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Q, Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from smartcity.core.api.errors import problem
from smartcity.core.models import AdministrativeUnit, Organisation
from smartcity.core.permissions import can_change, visible
from smartcity.hub import registry
from smartcity.hub.models import Asset, AssetType, DailyRollup, Datastream, DeviceToken, HourlyRollup, Latest, Quantity, Status
from smartcity.hub.services import issue_device_token, revoke_device_token
from smartcity.hub.timebase import DAY, HOUR, iso, to_datetime

REFRESH_S = 15
# chart ranges: span and the resolution read for it (raw readings are averaged to 5 minutes)
RANGES = {"24h": (DAY, "raw"), "7d": (7 * DAY, "1h"), "30d": (30 * DAY, "1h"), "1y": (365 * DAY, "1d")}
RAW_STEP = 300
STATES = ("ok", "attention", "stale", "nodata")
STATUS_NAMES = {s.value: s.name.lower() for s in Status}
# labels of the asset properties that the platform's own records use
PROPERTY_LABELS = {
    "station_code": gettext_lazy("Station code"), "operator": gettext_lazy("Operator"), "standard": gettext_lazy("Standard"),
    "installed": gettext_lazy("Installed"), "transmission": gettext_lazy("Data transmission"), "river": gettext_lazy("River"),
    "bin_code": gettext_lazy("Bin code"), "capacity_l": gettext_lazy("Capacity (L)"), "waste_kind": gettext_lazy("Waste kind"),
    "collector": gettext_lazy("Collector"), "cabins": gettext_lazy("Cabins"), "free_of_charge": gettext_lazy("Free of charge"),
    "opening_hours": gettext_lazy("Opening hours"), "surface_m2": gettext_lazy("Surface (m²)"),
    "max_depth_m": gettext_lazy("Maximum depth (m)"), "purpose": gettext_lazy("Purpose"), "pole": gettext_lazy("Pole"),
    "lamp": gettext_lazy("Lamp"), "controller": gettext_lazy("Controller"), "cabinet": gettext_lazy("Control cabinet"),
    "installer": gettext_lazy("Installer"), "ssid": gettext_lazy("SSID"), "provider": gettext_lazy("Provider"),
    "bandwidth_mbps": gettext_lazy("Bandwidth (Mbit/s)"),
}


def property_rows(properties: dict) -> list[tuple[str, str]]:
    rows = []
    for key, value in (properties or {}).items():
        label = PROPERTY_LABELS.get(key) or key.replace("_", " ").capitalize()
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, (dict, list)):
            value = ", ".join(map(str, value.values() if isinstance(value, dict) else value))
        rows.append((str(label), value))
    return rows


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _pick(vi: str, en: str) -> str:
    return en if _english() and en else vi


def state_labels() -> dict:
    return {"ok": _("Reporting"), "attention": _("Check status"), "stale": _("No recent data"), "nodata": _("No data yet")}


def status_labels() -> dict:
    return {STATUS_NAMES[s.value]: str(s.label) for s in Status}


def asset_state(readings: list[dict], interval: int, now: int) -> str:
    """Freshness of an asset for the map: no data yet, late (three readings missed), a
    current reading not valid (calibrating, maintenance, error), or reporting normally."""
    if not readings:
        return "nodata"
    newest = max(r["t"] for r in readings)
    if now - newest > 3 * interval + 60:
        return "stale"
    if any(r["status"] != "valid" for r in readings if r["t"] >= newest - interval):
        return "attention"
    return "ok"


def format_value(value, quantity: str = "") -> str:
    """A reading as people read it: localised decimal separator, sensible decimals."""
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) < 1e6:
        places = 0
    elif abs(value) < 10:
        places = 2
    elif abs(value) < 1000:
        places = 1
    else:
        places = 0
    return number_format(value, places)


def _time_label(t: int) -> str:
    return to_datetime(t).strftime("%H:%M %d/%m/%Y")


def _quantities() -> dict:
    return {q.code: q for q in Quantity.objects.all()}


def _order(type_code: str):
    listed = registry.ASSET_TYPES.get(type_code)
    order = {q: i for i, q in enumerate(listed.quantities)} if listed else {}
    return lambda code: (order.get(code, 99), code)


def _reading(row, quantities) -> dict:
    ds_id, asset_id, code, unit, interval, t, value, status = row
    q = quantities.get(code)
    return {"datastream": ds_id, "asset_id": asset_id, "quantity": code, "label": _pick(q.name_vi, q.name_en) if q else code,
            "unit": unit, "interval": interval, "t": t, "time": iso(t), "time_label": _time_label(t), "value": value,
            "display": format_value(value), "status": STATUS_NAMES.get(status, "unknown")}


def _latest_rows(asset_qs) -> list[tuple]:
    return list(Latest.objects.filter(datastream__asset__in=asset_qs).values_list(
        "datastream_id", "datastream__asset_id", "datastream__quantity_id", "datastream__unit",
        "datastream__expected_interval_s", "t", "value", "status"))


def _visible_assets(user):
    return visible(Asset.objects.all(), user)


def _filtered(request):
    qs = _visible_assets(request.user).filter(active=True)
    type_code = request.GET.get("type", "").strip()
    owner_code = request.GET.get("owner", "").strip()
    if type_code:
        qs = qs.filter(asset_type_id=type_code)
    if owner_code:
        qs = qs.filter(owner__code=owner_code)
    return qs, type_code, owner_code


def _asset_summary(asset, readings, now) -> dict:
    readings = sorted(readings, key=lambda r: _order(asset.asset_type_id)(r["quantity"]))
    interval = min((r["interval"] for r in readings), default=asset.asset_type.default_interval_s)
    state = asset_state(readings, interval, now)
    return {
        "slug": asset.slug, "name": _pick(asset.name, asset.name_en), "type": asset.asset_type_id,
        "type_name": _pick(asset.asset_type.name_vi, asset.asset_type.name_en),
        "owner": asset.owner.code, "owner_name": asset.owner.name,
        "owner_short": asset.owner.abbreviation or asset.owner.code,
        "lat": asset.latitude, "lon": asset.longitude, "url": reverse("hub-asset", args=[asset.slug]),
        "interval": interval, "state": state, "readings": readings,
        "updated": max((r["t"] for r in readings), default=None),
    }


def _context_units() -> list[dict]:
    """Administrative units drawn under the assets when no tile server is configured: their
    outlines where a geometry is stored, else their centres with a label."""
    units = AdministrativeUnit.objects.filter(
        Q(level="district", latitude__isnull=False) | Q(geometry__isnull=False)).exclude(level="province")
    english = _english()
    return [{"code": u.code, "name": u.name if english else f"{u.unit_type} {u.name}", "lat": u.latitude,
             "lon": u.longitude, "geometry": u.geometry} for u in units]


def asset_map(request):
    """/hub/: every visible asset on a map, coloured by freshness, with a list beside it."""
    now = int(time.time())
    qs, type_code, owner_code = _filtered(request)
    assets = list(qs.select_related("asset_type", "owner").order_by("asset_type_id", "name"))
    quantities = _quantities()
    by_asset = {}
    for row in _latest_rows(qs):
        by_asset.setdefault(row[1], []).append(_reading(row, quantities))
    summaries = [_asset_summary(a, by_asset.get(a.id, []), now) for a in assets]
    labels = state_labels()
    for s in summaries:
        s["main"] = s["readings"][0] if s["readings"] else None
        s["updated_label"] = _time_label(s["updated"]) if s["updated"] else ""
        s["state_label"] = labels[s["state"]]
    legend = [(state, labels[state], sum(1 for s in summaries if s["state"] == state)) for state in STATES]
    visible_assets = _visible_assets(request.user).filter(active=True)
    types = [(t.code, _pick(t.name_vi, t.name_en)) for t in AssetType.objects.filter(assets__in=visible_assets).distinct()]
    owners = [(o.code, o.name) for o in Organisation.objects.filter(pk__in=visible_assets.values("owner_id"))]
    data = {
        "assets": [{k: v for k, v in s.items() if k not in ("main", "state_label", "updated_label")} for s in summaries if s["lat"] is not None and s["lon"] is not None],
        "units": _context_units(),
        "tiles": settings.SMARTCITY_MAP_TILES,
        "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "api": {"latest": "/api/hub/latest", "fallback": reverse("hub-latest-json")},
        "filters": {"type": type_code, "owner": owner_code},
        "refresh_s": REFRESH_S,
        "now": now,
        "lang": get_language() or "vi",
        "labels": {"open": _("Open asset page"), "no_data": _("No readings yet"), "updated": _("Updated"),
                   "states": state_labels(), "statuses": status_labels()},
    }
    return render(request, "hub/map.html", {
        "summaries": summaries, "data": data, "legend": legend, "types": types, "owners": owners,
        "type_code": type_code, "owner_code": owner_code, "total": len(summaries),
        "tiles": bool(settings.SMARTCITY_MAP_TILES),
    })


def _series(ds_ids: list[int], range_key: str, now: int) -> dict[int, list]:
    """{datastream id: [[ISO time, value], ...]} for a chart range, from raw readings
    (5-minute means) for a day and from the hourly/daily rollups beyond."""
    span, agg = RANGES[range_key]
    since = now - span
    out = {i: [] for i in ds_ids}
    if not ds_ids:
        return out
    if agg == "raw":
        marks = ",".join(["%s"] * len(ds_ids))
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT datastream_id, t - (t %% {RAW_STEP}), AVG(value) FROM hub_observation "
                f"WHERE datastream_id IN ({marks}) AND t >= %s AND t <= %s AND status = {Status.VALID} AND value IS NOT NULL "
                "GROUP BY 1, 2 ORDER BY 1, 2", [*ds_ids, since, now])
            for ds, bucket, value in cur.fetchall():
                out[ds].append([iso(int(bucket)), value])
        return out
    model = HourlyRollup if agg == "1h" else DailyRollup
    rows = model.objects.filter(datastream_id__in=ds_ids, bucket__gte=since - since % HOUR, bucket__lte=now) \
        .order_by("datastream_id", "bucket").values_list("datastream_id", "bucket", "n", "total")
    for ds, bucket, n, total in rows:
        if n:
            out[ds].append([iso(bucket), total / n])
    return out


def _day_summary(ds_ids: list[int], now: int) -> dict[int, dict]:
    """min / mean / max of the last 24 hours from the hourly rollups (valid readings only)."""
    since = now - DAY
    rows = HourlyRollup.objects.filter(datastream_id__in=ds_ids, bucket__gte=since - since % HOUR) \
        .values("datastream_id").annotate(n=Sum("n"), total=Sum("total")).values_list("datastream_id", "n", "total")
    extremes = {}
    for ds, lo, hi in HourlyRollup.objects.filter(datastream_id__in=ds_ids, bucket__gte=since - since % HOUR) \
            .values_list("datastream_id", "vmin", "vmax"):
        cur = extremes.get(ds)
        extremes[ds] = (lo, hi) if cur is None else (min(cur[0], lo), max(cur[1], hi))
    out = {}
    for ds, n, total in rows:
        if n:
            lo, hi = extremes[ds]
            out[ds] = {"n": n, "min": format_value(lo), "mean": format_value(total / n), "max": format_value(hi)}
    return out


def _device_tokens(asset):
    return DeviceToken.objects.filter(owner_id=asset.owner_id).filter(Q(assets=asset) | Q(all_owner_assets=True)).distinct()


def asset_detail(request, slug):
    asset = get_object_or_404(_visible_assets(request.user).select_related("asset_type", "owner", "admin_unit"), slug=slug)
    return _render_asset(request, asset)


def _render_asset(request, asset, new_key=None, token_error=None, status=200):
    now = int(time.time())
    quantities = _quantities()
    streams = sorted(asset.datastreams.all(), key=lambda d: _order(asset.asset_type_id)(d.quantity_id))
    latest = {row[0]: _reading(row, quantities) for row in _latest_rows(Asset.objects.filter(pk=asset.pk))}
    ds_ids = [d.id for d in streams]
    series = _series(ds_ids, "24h", now)
    summary = _day_summary(ds_ids, now)
    rows = []
    for d in streams:
        q = quantities.get(d.quantity_id)
        rows.append({"id": d.id, "quantity": d.quantity_id, "label": _pick(q.name_vi, q.name_en) if q else d.quantity_id,
                     "unit": d.unit, "interval": d.expected_interval_s, "latest": latest.get(d.id), "day": summary.get(d.id)})
    readings = [r for r in latest.values()]
    summ = _asset_summary(asset, readings, now)
    can_edit = can_change(request.user, asset)
    tokens = list(_device_tokens(asset).select_related("created_by")[:50]) if can_edit else []
    data = {
        "asset": asset.slug, "lat": asset.latitude, "lon": asset.longitude, "name": summ["name"], "state": summ["state"],
        "interval": summ["interval"],
        "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "units": _context_units() if not settings.SMARTCITY_MAP_TILES else [],
        "datastreams": [{"id": r["id"], "quantity": r["quantity"], "label": r["label"], "unit": r["unit"],
                         "points": series.get(r["id"], [])} for r in rows],
        "range": "24h", "now": now, "refresh_s": REFRESH_S, "lang": get_language() or "vi",
        "api": {"latest": "/api/hub/latest", "series": "/api/hub/series",
                "fallback_latest": reverse("hub-latest-json"), "fallback_series": reverse("hub-series-json")},
        "labels": {"no_points": _("No readings in this period"), "states": state_labels(), "statuses": status_labels(),
                   "loading": _("Loading…")},
    }
    props = property_rows(asset.properties)
    return render(request, "hub/asset.html", {
        "asset": asset, "name": summ["name"], "type_name": summ["type_name"], "state": summ["state"],
        "state_label": state_labels()[summ["state"]], "rows": rows, "data": data, "properties": props,
        "can_edit": can_edit, "tokens": tokens, "new_key": new_key, "token_error": token_error,
        "ranges": [("24h", _("24 hours")), ("7d", _("7 days")), ("30d", _("30 days")), ("1y", _("1 year"))],
        "statuses": status_labels(),
    }, status=status)


@login_required
@require_POST
def token_create(request, slug):
    """A device token for this asset; the key is shown once on the page that answers."""
    asset = get_object_or_404(_visible_assets(request.user).select_related("asset_type", "owner", "admin_unit"), slug=slug)
    if not can_change(request.user, asset):
        raise PermissionDenied(_("You may not manage device tokens of this organisation."))
    name = (request.POST.get("name") or "").strip()
    if not name or len(name) > 120:
        return _render_asset(request, asset, token_error=_("Give the token a name of at most 120 characters."), status=400)
    _token, key = issue_device_token(asset.owner, name, assets=[asset], created_by=request.user)
    messages.success(request, _("Device token created. Copy the key now: it is shown only once."))
    return _render_asset(request, asset, new_key=key)


@login_required
@require_POST
def token_revoke(request, slug, pk):
    asset = get_object_or_404(_visible_assets(request.user).select_related("owner"), slug=slug)
    if not can_change(request.user, asset):
        raise PermissionDenied(_("You may not manage device tokens of this organisation."))
    token = get_object_or_404(_device_tokens(asset), pk=pk)
    revoke_device_token(token)
    messages.success(request, _("Device token %(name)s was revoked.") % {"name": token.name})
    return redirect(reverse("hub-asset", args=[asset.slug]) + "#tokens")


def asset_types(request):
    """/hub/types/: the asset types with how many assets, datastreams and recent readings."""
    now = int(time.time())
    assets = _visible_assets(request.user).filter(active=True)
    n_assets = dict(assets.values("asset_type_id").annotate(n=Count("id")).values_list("asset_type_id", "n"))
    n_streams = dict(Datastream.objects.filter(asset__in=assets).values("asset__asset_type_id").annotate(n=Count("id"))
                     .values_list("asset__asset_type_id", "n"))
    since = now - DAY
    n_day = dict(HourlyRollup.objects.filter(bucket__gte=since - since % HOUR, datastream__asset__in=assets)
                 .values("datastream__asset__asset_type_id").annotate(n=Sum("n"))
                 .values_list("datastream__asset__asset_type_id", "n"))
    owners = {}
    for type_code, abbr, code in assets.values_list("asset_type_id", "owner__abbreviation", "owner__code").distinct():
        owners.setdefault(type_code, set()).add(abbr or code)
    types = []
    for t in AssetType.objects.all():
        listed = registry.ASSET_TYPES.get(t.code)
        types.append({"code": t.code, "name": _pick(t.name_vi, t.name_en), "ngsi_type": t.ngsi_type,
                      "interval": t.default_interval_s, "assets": n_assets.get(t.code, 0), "datastreams": n_streams.get(t.code, 0),
                      "readings": n_day.get(t.code, 0) or 0, "owners": sorted(owners.get(t.code, ())),
                      "quantities": ", ".join(listed.quantities) if listed else ""})
    types.sort(key=lambda t: (-t["assets"], t["name"]))
    return render(request, "hub/types.html", {"types": types})


# -- JSON views with the read API's shapes (used when /api/hub/* is not installed) --------

def _bad(field: str, message: str) -> JsonResponse:
    return JsonResponse(problem(400, "invalid_parameter", message, [{"field": field, "code": "invalid", "message": message}]),
                        status=400)


@require_GET
def latest_json(request):
    """GET /hub/latest.json?asset=&type=&owner=: the newest reading of each datastream."""
    qs, _type, _owner = _filtered(request)
    slug = request.GET.get("asset", "").strip()
    if slug:
        qs = _visible_assets(request.user).filter(slug=slug)
    names = {a["id"]: a for a in qs.values("id", "slug", "name", "name_en", "asset_type_id", "owner__code", "latitude", "longitude")}
    results = []
    for row in _latest_rows(qs):
        a = names.get(row[1])
        if a is None:
            continue
        _ds, _asset, code, unit, _interval, t, value, status = row
        results.append({"datastream": row[0], "asset": a["slug"], "asset_name": _pick(a["name"], a["name_en"]),
                        "type": a["asset_type_id"], "owner": a["owner__code"], "quantity": code, "unit": unit,
                        "time": iso(t), "value": value, "status": STATUS_NAMES.get(status, "unknown"),
                        "lat": a["latitude"], "lon": a["longitude"]})
    return JsonResponse({"count": len(results), "results": results})


@require_GET
def series_json(request):
    """GET /hub/series.json?datastream=1,2&range=24h|7d|30d|1y: chart data, mean values."""
    range_key = request.GET.get("range", "24h")
    if range_key not in RANGES:
        return _bad("range", _("range must be one of %(ranges)s") % {"ranges": ", ".join(RANGES)})
    try:
        ids = [int(x) for x in request.GET.get("datastream", "").split(",") if x.strip()]
    except ValueError:
        return _bad("datastream", _("datastream must be a comma-separated list of integer ids"))
    if not ids or len(ids) > 50:
        return _bad("datastream", _("give between 1 and 50 datastream ids"))
    streams = list(Datastream.objects.filter(pk__in=ids, asset__in=_visible_assets(request.user)).select_related("asset"))
    if len(streams) != len(set(ids)):
        return JsonResponse(problem(404, "not_found", _("unknown datastream")), status=404)
    series = _series([d.id for d in streams], range_key, int(time.time()))
    agg = RANGES[range_key][1]
    return JsonResponse({"agg": f"{RAW_STEP // 60}min" if agg == "raw" else agg, "stat": "avg", "range": range_key,
                         "datastreams": [{"id": d.id, "asset": d.asset.slug, "quantity": d.quantity_id, "unit": d.unit,
                                          "points": series[d.id]} for d in streams], "next": None})
