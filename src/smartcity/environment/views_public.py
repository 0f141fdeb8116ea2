"""Public pages of environmental monitoring (Decision 1459/QĐ-TCMT, Table 3: what a board
and a website must show):
- /environment/            map of stations coloured by their current VN_AQI / VN_WQI band,
                           with a ranking beside it; values refreshed every minute;
- /environment/stations/<code>/   one station: every parameter (highest sub-index
                           highlighted), the index with its advice, 24 h / 30 d charts,
                           location and the method;
- /environment/board/      full-screen kiosk for LED screens: one station at a time;
- /environment/mobile/<code>/     a monitoring vehicle's track of one day, coloured by value.

Anonymous visitors see published stations; signed-in staff also their organisation's
unpublished ones (core.permissions.visible). Indices are read, never computed here.
"""
import time
from datetime import date, datetime

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcity.core.permissions import visible
from smartcity.environment import publish
from smartcity.environment.models import Station, StationKind
from smartcity.hub.models import Datastream, Quantity, Status
from smartcity.hub.timebase import LOCAL_TZ, iso, to_datetime

REFRESH_S = 60
BOARD_INTERVAL_S = 12  # seconds per station on the board unless ?interval= says otherwise
BOARD_REFRESH_S = 60
KIND_FILTERS = ("air", "water", "mobile")


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _stations(request):
    return visible(Station.objects.all(), request.user)


def _time_label(t) -> str:
    return to_datetime(t).strftime("%H:%M %d/%m/%Y") if t else ""


def _kind_choices():
    return [("", _("All stations")), ("air", _("Air")), ("water", _("Water")), ("mobile", _("Mobile"))]


def _card_urls(cards):
    for c in cards:
        c["url"] = reverse("env-station", args=[c["code"]])
        c["updated_label"] = _time_label(c["updated"])
        if c["index"]:
            c["index"]["time_label"] = _time_label(c["index"]["t"])
    return cards


def _labels() -> dict:
    return {"aqi": "VN_AQI", "wqi": "VN_WQI", "stale": _("No current index"), "nodata": _("No index yet"),
            "noindex": _("No public index for this kind of station"), "open": _("Open station page"),
            "updated": _("Updated"), "dominant": _("Main pollutant"), "lowest": _("Lowest sub-index"),
            "refreshed": _("Values refreshed")}


def _map_cards(request, kind: str):
    now = int(time.time())
    stations = publish.public_stations(kind or None, qs=_stations(request))
    return now, _card_urls(publish.cards(stations, now, _english()))


def station_map(request):
    """/environment/: public map of stations, coloured by their current index band."""
    kind = request.GET.get("kind", "").strip()
    if kind not in KIND_FILTERS:
        kind = ""
    now, cards = _map_cards(request, kind)
    rank = publish.ranking(cards)
    english = _english()
    legend = {fam: [{"code": b.code, "name": b.name_en if english else b.name_vi, "colour": publish.colour(b),
                     "text": publish.text_colour(b.rgb), "range": publish.band_range(b)} for b in publish.bands(fam)]
              for fam in ("aqi", "wqi")}
    data = {
        "stations": [c for c in cards if c["lat"] is not None and c["lon"] is not None],
        "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "units": _context_units(), "json": reverse("env-stations-json") + (f"?kind={kind}" if kind else ""),
        "refresh_s": REFRESH_S, "now": now, "lang": "en" if english else "vi", "labels": _labels(),
    }
    return render(request, "environment/map.html", {
        "cards": cards, "ranking": rank, "legend": legend, "data": data, "kind": kind, "kinds": _kind_choices(),
        "tiles": bool(settings.SMARTCITY_MAP_TILES), "refresh_s": REFRESH_S, "english": english,
    })


def _context_units():
    if settings.SMARTCITY_MAP_TILES:
        return []
    from smartcity.hub.views import _context_units as units

    return units()


@require_GET
def stations_json(request):
    """/environment/stations.json?kind=: the map's cards, for its refresh every minute."""
    kind = request.GET.get("kind", "").strip()
    if kind and kind not in KIND_FILTERS:
        return JsonResponse({"status": 400, "code": "invalid_parameter", "detail": _("Unknown station kind."),
                             "errors": [{"field": "kind", "code": "invalid", "message": _("Unknown station kind.")}]},
                            status=400)
    now, cards = _map_cards(request, kind)
    return JsonResponse({"now": now, "count": len(cards), "stations": cards})


def _method(station: Station, english: bool) -> dict | None:
    family = publish.family_of(publish.INDEX_OF_KIND[station.kind]) if station.kind in publish.INDEX_OF_KIND else None
    if family is None:
        return None
    m = publish.METHODS[family]
    return {"family": family, "issuer": m["issuer_en"] if english else m["issuer_vi"], "issuer_vi": m["issuer_vi"],
            "decision": m["decision"], "date": m["date"]}


def station_detail(request, code):
    """/environment/stations/<code>/: everything Table 3 asks of a website for one station."""
    station = get_object_or_404(_stations(request).select_related("asset", "owner", "asset__admin_unit"), code=code)
    now = int(time.time())
    english = _english()
    index_kind = publish.INDEX_OF_KIND.get(station.kind)
    indices = publish.current_indices([station.id])
    idx = publish.index_summary(indices.get((station.id, index_kind)), index_kind, now) if index_kind else None
    if idx:
        idx["time_label"] = _time_label(idx["t"])
    extra = []
    for kind, label in (("vn_aqi_d", _("VN_AQI of the last day")), ("us_aqi_h", _("US EPA AQI (hourly)"))):
        if index_kind == "vn_aqi_h" and (station.id, kind) in indices:
            s = publish.index_summary(indices[(station.id, kind)], kind, now)
            s["label"], s["time_label"] = label, _time_label(s["t"])
            extra.append(s)
    rows = publish.parameters(station, idx["subs"] if idx else {}, idx["dominant"] if idx else "", english)
    for r in rows:
        r["time_label"] = _time_label(r["t"])
        r["display"] = _fmt(r["value"])
    ids = [r["id"] for r in rows]
    charts = publish.series(ids, now)
    history = publish.index_history(station, index_kind, now) if index_kind else None
    data = {
        "code": station.code, "lat": station.asset.latitude, "lon": station.asset.longitude,
        "name": publish.station_name(station, english), "colour": idx["band"]["colour"] if idx and idx["band"] and idx["state"] == "ok" else "#7b8794",
        "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
        "units": _context_units(), "lang": "en" if english else "vi", "now": now,
        "datastreams": [{"id": r["id"], "quantity": r["quantity"], "label": r["label"], "unit": r["unit"],
                         "points": {"24h": charts["24h"][r["id"]], "30d": charts["30d"][r["id"]]}} for r in rows],
        "history": history, "family": publish.family_of(index_kind) if index_kind else None,
        "labels": {"no_points": _("No valid readings in this period"), "index": "VN_WQI" if index_kind == "vn_wqi" else "VN_AQI"},
    }
    a = station.asset
    return render(request, "environment/station.html", {
        "station": station, "asset": a, "name": data["name"], "idx": idx, "extra": extra, "rows": rows, "data": data,
        "method": _method(station, english), "source": publish.data_source(station), "english": english,
        "admin_unit": a.admin_unit, "is_mobile": station.kind == StationKind.MOBILE,
        "statuses": {s.name.lower(): str(s.label) for s in Status},
    })


def _fmt(value) -> str:
    from smartcity.hub.views import format_value

    return format_value(value)


# -- display board ------------------------------------------------------------------------------
def _board_params(request):
    errors = []
    try:
        interval = int(request.GET.get("interval", BOARD_INTERVAL_S))
        if not 3 <= interval <= 600:
            raise ValueError
    except ValueError:
        interval = BOARD_INTERVAL_S
        errors.append("interval")
    kind = request.GET.get("kind", "").strip()
    if kind and kind not in KIND_FILTERS:
        kind = ""
        errors.append("kind")
    codes = [c.strip() for c in request.GET.get("stations", "").split(",") if c.strip()]
    return interval, kind, codes, errors


def _board_cards(request, kind, codes):
    """Stations for the board: those with an index family (air, mobile, surface water),
    in the order given by ?stations= or by code."""
    now = int(time.time())
    qs = publish.public_stations(kind or None, codes or None, qs=Station.objects.filter(published=True))
    cards = [c for c in publish.cards(qs, now) if c["family"]]
    for c in cards:
        c["name_en"] = c["name"]
        c["time_label"] = _time_label(c["index"]["t"]) if c["index"]["t"] else ""
        fam = c["family"]
        m = publish.METHODS[fam]
        c["method"] = {"issuer_vi": m["issuer_vi"], "issuer_en": m["issuer_en"], "decision": m["decision"]}
        c["index_name"] = "VN_WQI" if fam == "wqi" else "VN_AQI"
    if codes:
        rank = {code: i for i, code in enumerate(codes)}
        cards.sort(key=lambda c: rank.get(c["code"], len(rank)))
    return now, cards


def _board_labels() -> dict:
    """The board speaks both languages at once: every label in Vietnamese and English."""
    out = {}
    for lang in ("vi", "en"):
        with translation.override(lang):
            out[lang] = {"aqi": _("Air quality"), "wqi": _("Water quality"), "dominant": _("Main pollutant"),
                         "lowest": _("Lowest sub-index"), "method": _("Method"), "source": _("Data source"),
                         "time": _("Data time"), "no_index": _("No current index"), "no_station": _("No station to show."),
                         "offline": _("Network lost: showing data received {m} min ago"), "ago": _("{m} min ago"),
                         "issuer": _("Vietnam Environment Administration"), "decision": _("Decision")}
    return out


def board(request):
    """/environment/board/?interval=12&kind=air&stations=CODE,CODE: the kiosk page."""
    interval, kind, codes, _errors = _board_params(request)
    now, cards = _board_cards(request, kind, codes)
    query = request.GET.urlencode()
    labels = _board_labels()
    data = {"interval_s": interval, "refresh_s": BOARD_REFRESH_S, "now": now, "cards": cards, "labels": labels,
            "json": reverse("env-board-json") + (f"?{query}" if query else "")}
    return render(request, "environment/board.html", {"data": data, "first": cards[0] if cards else None,
                                                      "vi": labels["vi"], "en": labels["en"]})


@require_GET
def board_json(request):
    _interval, kind, codes, _errors = _board_params(request)
    now, cards = _board_cards(request, kind, codes)
    return JsonResponse({"now": now, "cards": cards})


# -- mobile monitoring ----------------------------------------------------------------------------
def track(request, code):
    """/environment/mobile/<code>/?date=YYYY-MM-DD&parameter=pm25: a vehicle's located
    readings of one local day, as a line coloured by the band of each reading."""
    station = get_object_or_404(_stations(request).select_related("asset", "owner"), code=code)
    english = _english()
    streams = {d.quantity_id: d for d in Datastream.objects.filter(asset=station.asset).exclude(quantity_id__in=publish.INDEX_QUANTITIES)}
    if not streams:
        raise Http404(_("This station has no parameters."))
    quantities = {q.code: q for q in Quantity.objects.filter(code__in=streams)}
    parameter = request.GET.get("parameter", "").strip()
    if parameter not in streams:
        parameter = "pm25" if "pm25" in streams else sorted(streams)[0]
    days = publish.track_days(station.asset_id)
    error = ""
    day_text = request.GET.get("date", "").strip()
    if day_text:
        try:
            d = date.fromisoformat(day_text)
            day_start = int(datetime(d.year, d.month, d.day, tzinfo=LOCAL_TZ).timestamp())
        except ValueError:
            error = _("The date must be written YYYY-MM-DD.")
            day_start = days[0] if days else publish.local_day_start(int(time.time()))
    else:
        day_start = days[0] if days else publish.local_day_start(int(time.time()))
    ds = streams[parameter]
    rows = publish.located_readings(ds.id, day_start)
    points = []
    values = [r[1] for r in rows if r[1] is not None and r[2] == Status.VALID]
    lo, hi = (min(values), max(values)) if values else (0, 0)
    for t, value, status, lat, lon in rows:
        b = publish.reading_band(parameter, value) if status == Status.VALID else None
        points.append({"t": t, "time": iso(t), "time_label": to_datetime(t).strftime("%H:%M:%S"), "value": value,
                       "display": _fmt(value), "status": Status(status).name.lower() if status in Status.values else "unknown",
                       "lat": lat, "lon": lon, "colour": publish.colour(b) if b else None,
                       "band": (b.name_en if english else b.name_vi) if b else ""})
    q = quantities.get(parameter)
    label = (q.name_en if english else q.name_vi) if q else parameter
    legend = [{"name": b.name_en if english else b.name_vi, "colour": publish.colour(b), "text": publish.text_colour(b.rgb),
               "range": _band_range(parameter, i)} for i, b in enumerate(publish.bands("aqi"))] \
        if parameter in publish.CONCENTRATION_BREAKPOINTS else []
    data = {"points": points, "unit": ds.unit, "label": label, "banded": bool(legend), "lo": lo, "hi": hi,
            "tiles": settings.SMARTCITY_MAP_TILES, "attribution": getattr(settings, "SMARTCITY_MAP_ATTRIBUTION", ""),
            "units": _context_units(), "lang": "en" if english else "vi"}
    return render(request, "environment/track.html", {
        "station": station, "name": publish.station_name(station, english), "points": points, "data": data,
        "parameter": parameter, "label": label, "unit": ds.unit, "error": error,
        "day": to_datetime(day_start).date(), "days": [to_datetime(d).date() for d in days],
        "parameters": [(code, publish.short_label(code)) for code in sorted(streams)], "legend": legend,
        "statuses": {s.name.lower(): str(s.label) for s in Status},
    })


def _band_range(quantity: str, i: int) -> str:
    bps = publish.CONCENTRATION_BREAKPOINTS[quantity]
    if i == 0:
        return f"≤ {bps[0]:g}"
    if i == 5:
        return f"> {bps[4]:g}"
    return f"{bps[i - 1]:g}–{bps[i]:g}"


