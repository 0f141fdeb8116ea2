"""Reservoir alerts through the alerts app: a domain evaluator `reservoir-levels` judging
each reservoir's water_level readings against its own crest and minimum operating level,
plus the ordinary `missing` rule for silent level sensors (docs/alerts.md).

- overflow (key "overflow"): the level reaches the crest (severity high), or comes within
  the reservoir's overflow margin of it while the rain gauge has measured rain in the last
  `rain_window_s` seconds (default 3 h; severity medium: the spillway may run within the
  hour in an afternoon storm). Clears when the level falls below crest - margin, or below
  the crest once the rain has stopped.
- low level (key "low"): below the minimum operating level (reuse pumps must stop);
  clears once the level is `hysteresis_m` (default 0.05 m) above it, so a pump cycling at
  the limit does not raise an alert per reading.
Only the batch's newest VALID reading is judged (rules follow the live edge).
"""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _g, gettext_lazy as _

EVALUATOR = "reservoir-levels"
DEFAULTS = {"rain_window_s": 3 * 3600, "hysteresis_m": 0.05}


def recent_rain(gauge_id: int | None, t: int, window_s: int) -> float:
    """mm the gauge measured in (t - window, t]."""
    if gauge_id is None:
        return 0.0
    from django.db.models import Sum

    from smartcity.hub.models import Datastream, Observation

    ds = Datastream.objects.filter(asset_id=gauge_id, quantity_id="rainfall").values_list("pk", flat=True).first()
    if ds is None:
        return 0.0
    total = Observation.objects.filter(datastream_id=ds, t__gt=t - window_s, t__lte=t, status=0).aggregate(s=Sum("value"))["s"]
    return total or 0.0


def judge(level: float, crest: float, margin: float, minimum: float, raining: bool, hysteresis: float) -> dict:
    """{"overflow": (active, severity) | None, "low": active | None}: None says nothing
    (the band where an open alert stays open). Pure: the tests call it directly."""
    if level >= crest:
        overflow = (True, "high")
    elif level >= crest - margin and raining:
        overflow = (True, "medium")
    elif level < crest - margin or not raining:
        overflow = (False, None)
    else:
        overflow = None
    if level < minimum:
        low = True
    elif level >= minimum + hysteresis:
        low = False
    else:
        low = None
    return {"overflow": overflow, "low": low}


def evaluate(datastream, readings, params=None):
    from smartcity.alerts.evaluators import Finding
    from smartcity.water.models import Reservoir

    if datastream.quantity_id != "water_level":
        return []
    valid = [r for r in readings if r.status == 0 and r.value is not None]
    if not valid:
        return []
    r = Reservoir.objects.filter(asset_id=datastream.asset_id).first()
    if r is None:
        return []
    p = {**DEFAULTS, **(params or {})}
    last = valid[-1]
    rain = recent_rain(r.rain_gauge_id, last.t, int(p["rain_window_s"]))
    verdict = judge(last.value, r.crest_level, r.overflow_margin_m, r.min_operating_level, rain > 0, float(p["hysteresis_m"]))
    out = []
    with translation.override(settings.LANGUAGE_CODE):
        if verdict["overflow"] is not None:
            active, severity = verdict["overflow"]
            if active and severity == "high":
                msg = _g("Level %(level).2f m at or above the crest %(crest).2f m: the spillway is running") % {
                    "level": last.value, "crest": r.crest_level}
            elif active:
                msg = _g("Level %(level).2f m within %(margin).2f m of the crest %(crest).2f m while it rains (%(rain).1f mm)") % {
                    "level": last.value, "margin": r.overflow_margin_m, "crest": r.crest_level, "rain": rain}
            else:
                msg = _g("Level %(level).2f m back below the crest") % {"level": last.value}
            out.append(Finding(active=active, t=last.t, value=last.value, key="overflow", message=msg, severity=severity))
        if verdict["low"] is not None:
            msg = _g("Level %(level).2f m below the minimum operating level %(minimum).2f m: stop the reuse pumps") % {
                "level": last.value, "minimum": r.min_operating_level} if verdict["low"] else \
                _g("Level %(level).2f m back above the minimum operating level") % {"level": last.value}
            out.append(Finding(active=verdict["low"], t=last.t, value=last.value, key="low", message=msg,
                               severity="medium" if verdict["low"] else None))
    return out


def ensure_rules(owner) -> int:
    """The organisation's reservoir rules (levels and missing data on its reservoirs); idempotent."""
    from smartcity.alerts.models import AlertRule

    created = 0
    with translation.override(settings.LANGUAGE_CODE):
        rules = _rule_defs()
    for name, kind, params, severity, description in rules:
        _rule, was = AlertRule.objects.get_or_create(owner=owner, name=name, defaults=dict(
            description=description, severity=severity, target="asset_type", asset_type_id="reservoir",
            quantity_id="water_level", kind=kind, params=params))
        created += was
    return created


def _rule_defs():
    return (
        (_g("Reservoir overflow and low level"), "evaluator", {"evaluator": EVALUATOR}, "high",
         _g("Level at the crest, near it while it rains, or below the minimum operating level")),
        (_g("Reservoir level sensor silent"), "missing", {"factor": 4}, "medium",
         _g("No level reading for four reporting intervals")),
    )


def register() -> None:
    from smartcity.alerts import evaluators

    evaluators.register(EVALUATOR, label=_("Reservoir overflow and low level"))(evaluate)
