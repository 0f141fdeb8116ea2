"""The TALQ failure list as hub alerts on streetlights (and lighting cabinets).

TALQ Smart City Protocol (data model 2.7.1, LampMonitoring / ElectricalMeter functions)
names the failures a lighting controller reports: lampFailure, supplyLoss,
lampPowerTooHigh, lampPowerTooLow, lampUnexpectedOn, dimmingFailure, highTemperature,
controlGearCommFailure ... Many controllers only send their readings, so the platform
judges the same failures from the hub readings of each luminaire:

| failure | judged from | when |
|---|---|---|
| lampFailure | power | night, power < `off_ratio` (10 %) of the rated power |
| lampPowerTooLow | power | night, lamp on but power < expected × (1 − `tolerance`) |
| lampPowerTooHigh | power | power > expected × (1 + `tolerance`) |
| dimmingFailure | power + latest dimming level | night, dimmed below 90 % but drawing as if not |
| lampUnexpectedOn | power | day (sunrise + margin to sunset − margin at the luminaire), lamp on |
| highTemperature | temperature | controller temperature > `max_temperature_c` (80 °C) |
| supplyLoss | cabinet phase voltage | a phase below `min_voltage_v` (50 % of 230 V) |
| communicationFailure | — | a `missing`-data rule of the alerts app named so (no reading for 3 intervals) |

"Expected" is rated power × the dimming level in force at the reading's time (the
luminaire's last `dimming_level` reading at or before it; none: 100 %). Day and night come from
sunrise and sunset at the luminaire's own position (astral, NOAA's algorithm), with a
`margin_min` (30 min) of twilight on each side where on/off is not judged.

The judgement functions are pure (`judge_power`, ...); `talq_failures` is the alerts
evaluator that applies them to a batch of hub readings (Django only inside it).
"""
from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager
from functools import lru_cache
from zoneinfo import ZoneInfo

EVALUATOR = "talq-failures"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FAILURES = ("lampFailure", "supplyLoss", "lampPowerTooHigh", "lampPowerTooLow", "lampUnexpectedOn", "dimmingFailure",
            "highTemperature", "communicationFailure")
DEFAULTS = {"off_ratio": 0.10, "tolerance": 0.25, "margin_min": 30, "max_temperature_c": 80.0, "min_voltage_v": 115.0}
SEVERITY = {"lampFailure": "high", "supplyLoss": "critical", "lampPowerTooHigh": "medium", "lampPowerTooLow": "medium",
            "lampUnexpectedOn": "low", "dimmingFailure": "low", "highTemperature": "high"}

DAY, NIGHT, TWILIGHT = "day", "night", "twilight"


@lru_cache(maxsize=4096)
def _sun(day: dt.date, lat: float, lon: float) -> tuple[int, int]:
    """(sunrise, sunset) of local `day` as UTC seconds, for a position rounded to 0.01°."""
    from astral import Observer
    from astral.sun import sun

    s = sun(Observer(latitude=lat, longitude=lon), date=day, tzinfo=TZ)
    return int(s["sunrise"].timestamp()), int(s["sunset"].timestamp())


def sun_times(day: dt.date, lat: float, lon: float) -> tuple[int, int]:
    return _sun(day, round(lat, 2), round(lon, 2))


def period(t: int, lat: float, lon: float, margin_min: float = 30) -> str:
    """DAY, NIGHT or TWILIGHT (within `margin_min` of sunrise or sunset) at UTC second `t`."""
    day = dt.datetime.fromtimestamp(t, TZ).date()
    rise, set_ = sun_times(day, lat, lon)
    m = margin_min * 60
    if rise + m <= t <= set_ - m:
        return DAY
    if t < rise - m or t > set_ + m:
        return NIGHT
    return TWILIGHT


def judge_power(power_w: float, rated_w: float, when: str, dimming_pct: float | None = None,
                off_ratio: float = 0.10, tolerance: float = 0.25) -> dict[str, bool]:
    """Failures one power reading speaks to: {failure: active}. A failure not in the answer
    is not judged by this reading (e.g. lampFailure by day)."""
    out: dict[str, bool] = {}
    if rated_w <= 0:
        return out
    level = 100.0 if dimming_pct is None else max(0.0, min(100.0, dimming_pct))
    expected = rated_w * level / 100.0
    on = power_w >= off_ratio * rated_w
    if when == NIGHT:
        dimmed = level < 90
        too_high = power_w > (rated_w if dimmed else expected) * (1 + tolerance)
        out["lampFailure"] = not on
        out["lampPowerTooLow"] = on and level > 0 and power_w < expected * (1 - tolerance)
        # dimmed, yet drawing about full power: the driver ignored the dimming command
        out["dimmingFailure"] = on and dimmed and not too_high and power_w > rated_w * (level / 100.0 + tolerance)
        out["lampPowerTooHigh"] = too_high
    elif when == DAY:
        out["lampUnexpectedOn"] = on
        out["lampPowerTooHigh"] = power_w > rated_w * (1 + tolerance)
    return out


def judge_temperature(temp_c: float, max_c: float = 80.0) -> dict[str, bool]:
    return {"highTemperature": temp_c > max_c}


def judge_voltage(volts: float, min_v: float = 115.0) -> dict[str, bool]:
    return {"supplyLoss": volts < min_v}


def message(failure: str, value: float | None, unit: str) -> str:
    from django.utils.translation import gettext as _

    texts = {
        "lampFailure": _("Lamp failure: the lamp is off at night"),
        "lampPowerTooLow": _("Lamp power too low"),
        "lampPowerTooHigh": _("Lamp power too high"),
        "dimmingFailure": _("Dimming failure: the lamp does not dim"),
        "lampUnexpectedOn": _("Lamp on by day"),
        "highTemperature": _("High temperature in the luminaire"),
        "supplyLoss": _("Supply loss"),
    }
    text = str(texts.get(failure, failure))
    return f"{text} ({value:.4g} {unit})" if value is not None else text


# ---------------------------------------------------------------- the alerts evaluator

_ahead = threading.local()  # what talq_failures.prefetch read for the current evaluation pass


def _rated_power(asset) -> float | None:
    cache = getattr(_ahead, "rated", None)
    if cache is not None and asset.pk in cache:
        return cache[asset.pk]
    try:
        lum = asset.luminaire
    except Exception:  # RelatedObjectDoesNotExist: a streetlight asset without inventory
        lum = None
    if lum is not None and lum.rated_power_w:
        return float(lum.rated_power_w)
    value = (asset.properties or {}).get("rated_power_w")
    return float(value) if value else None


def _dimming_series(asset_id: int, t0: int, t1: int) -> list[tuple[int, float]]:
    """The asset's dimming-level readings from the last one before t0 up to t1, oldest first."""
    from smartcity.hub.models import Observation

    cache = getattr(_ahead, "dimming", None)
    if cache is not None and asset_id in cache:
        return cache[asset_id]

    base = Observation.objects.filter(datastream__asset_id=asset_id, datastream__quantity_id="dimming_level", status=0)
    before = base.filter(t__lt=t0).order_by("-t").values_list("t", "value").first()
    rows = list(base.filter(t__gte=t0, t__lte=t1).order_by("t").values_list("t", "value"))
    return ([before] if before else []) + rows


def level_at(series: list[tuple[int, float]], t: int) -> float | None:
    """The dimming level in force at `t` (the last reading at or before it)."""
    from bisect import bisect_right

    i = bisect_right([x[0] for x in series], t)
    return series[i - 1][1] if i else None


def talq_failures(datastream, readings, params):
    """alerts evaluator: findings keyed by TALQ failure name for one datastream's new readings."""
    p = {**DEFAULTS, **{k: v for k, v in (params or {}).items() if k in DEFAULTS}}
    asset = datastream.asset
    q = datastream.quantity_id
    valid = [r for r in readings if r.status == 0 and r.value is not None]
    if not valid:
        return []
    findings = []
    from smartcity.alerts.evaluators import Finding

    def add(t, judged, value):
        for failure, active in judged.items():
            findings.append(Finding(active=active, t=t, value=value, key=failure, severity=SEVERITY.get(failure),
                                    message=message(failure, value, datastream.unit) if active else ""))

    if q == "power":
        rated = _rated_power(asset)
        if not rated or asset.latitude is None or asset.longitude is None:
            return []
        dimming = _dimming_series(asset.pk, valid[0].t, valid[-1].t)
        for r in valid:
            when = period(r.t, asset.latitude, asset.longitude, p["margin_min"])
            add(r.t, judge_power(r.value, rated, when, level_at(dimming, r.t), p["off_ratio"], p["tolerance"]), r.value)
    elif q == "temperature":
        for r in valid:
            add(r.t, judge_temperature(r.value, p["max_temperature_c"]), r.value)
    elif q.startswith("voltage_"):
        for r in valid:
            judged = judge_voltage(r.value, p["min_voltage_v"])
            findings.extend(Finding(active=a, t=r.t, value=r.value, key=f"{f}:{q[-2:].upper()}", severity=SEVERITY[f],
                                    message=message(f, r.value, "V") if a else "") for f, a in judged.items())
    return findings


@contextmanager
def _prefetch(items):
    """alerts' read-ahead hook: the rated power and the dimming readings of every luminaire
    in this evaluation pass, two queries instead of three per luminaire."""
    from collections import defaultdict

    from smartcity.hub.models import Observation
    from smartcity.lighting.models import Luminaire

    assets = {ds.asset_id for ds, readings in items if ds.quantity_id == "power" and readings}
    if not assets:
        yield
        return
    t0 = min(r[0].t for ds, r in items if ds.quantity_id == "power" and r)
    t1 = max(r[-1].t for ds, r in items if ds.quantity_id == "power" and r)
    rated = {a: None for a in assets}
    rated.update({a: float(w) for a, w in Luminaire.objects.filter(asset_id__in=assets).values_list("asset_id", "rated_power_w")
                  if w})
    for a in [a for a, w in rated.items() if w is None]:
        rated.pop(a)  # no inventory record: the asset's properties, read in turn
    dimming = defaultdict(list)
    for a, t, v in Observation.objects.filter(datastream__asset_id__in=assets, datastream__quantity_id="dimming_level",
                                              status=0, t__gte=t0 - 2 * 86400, t__lte=t1).order_by(
            "datastream__asset_id", "t").values_list("datastream__asset_id", "t", "value"):
        dimming[a].append((t, v))
    # a level set more than two days before the batch is unknown here: those assets read in turn
    known = {a: [x for x in dimming[a]] for a in assets if dimming[a] and dimming[a][0][0] <= t0}
    _ahead.rated, _ahead.dimming = rated, known
    try:
        yield
    finally:
        _ahead.rated = _ahead.dimming = None


talq_failures.prefetch = _prefetch


def ensure_rules(owner, *, all_owners: bool = False) -> dict:
    """The alert rules and the automatic work-order rule an operator of streetlights needs
    (used by the demo; an operator may create the same in the alerts pages):
    TALQ failures on every streetlight and cabinet of `owner`, communicationFailure as
    missing data, and streetlight faults -> work orders."""
    from smartcity.alerts.models import AlertRule
    from smartcity.hub.models import AssetType

    made = 0
    types = [t for t in ("streetlight", "lighting-cabinet") if AssetType.objects.filter(code=t).exists()]
    for type_code in types:
        _, new = AlertRule.objects.get_or_create(
            owner=owner, name=f"TALQ failures · {type_code}",
            defaults={"target": "asset_type", "asset_type_id": type_code, "kind": "evaluator", "all_owners": all_owners,
                      "params": {"evaluator": EVALUATOR}, "severity": "medium",
                      "description": "TALQ failure list judged from the hub readings (lighting/failures.py)"})
        made += new
    if "streetlight" in types:
        _, new = AlertRule.objects.get_or_create(
            owner=owner, name="communicationFailure",
            defaults={"target": "asset_type", "asset_type_id": "streetlight", "kind": "missing", "quantity_id": "power",
                      "all_owners": all_owners, "params": {"factor": 4}, "severity": "medium",
                      "description": "TALQ communicationFailure: no power reading for 4 expected intervals"})
        made += new
    from smartcity.maintenance.models import AutoRule

    _, new = AutoRule.objects.get_or_create(
        owner=owner, name="Streetlight failures → work orders",
        defaults={"asset_type_id": "streetlight" if "streetlight" in types else None,
                  "fault_types": ",".join(f for f in FAILURES), "priority": "normal", "clear_alerts_on_fix": True})
    made += new
    return {"rules": made}


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from smartcity.alerts.evaluators import register as register_evaluator

    register_evaluator(EVALUATOR, label=_("TALQ streetlight failures"))(talq_failures)
    from smartcity.maintenance import faults

    faults.register({  # TALQ failure names (lamp-actuator and energy-meter functions), as work orders show them
        "lampFailure": _("Lamp failure"), "supplyLoss": _("Supply loss"), "lampPowerTooHigh": _("Lamp power too high"),
        "lampPowerTooLow": _("Lamp power too low"), "lampUnexpectedOn": _("Lamp on by day"),
        "dimmingFailure": _("Dimming failure"), "highTemperature": _("High temperature"),
        "communicationFailure": _("Communication failure")})
