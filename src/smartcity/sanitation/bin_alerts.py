"""Status alerts of smart bins, from their hub readings (FIWARE WasteContainer status:
full, lidOpen, burning, dropped / moved / vandalized).

One domain evaluator, `waste-bin-status`, gives each bin quantity its meaning:
- fill_level: full at the bin's own collection threshold (Bin.threshold_pct, default 80 %),
  cleared when the level falls below half of it (an emptying);
- temperature: fire at `fire_c` (default 60 °C; waste in a bin in Binh Duong's sun stays
  below ~45 °C) or a rise of `fire_rise_c` (default 15 °C) between the last two readings
  of a batch (at most two hours apart); cleared
  10 °C below the limit;
- tilt: knocked over or tampered with at `tilt_deg` (default 45°), cleared below 20°;
- any quantity, when the reading carried a position: moved, more than `moved_m` (default
  50 m) from where the bin is registered.
The lid is a plain threshold rule with a duration (open more than 15 minutes), created with
the others by `ensure_rules`.
"""
from django.utils.translation import gettext_lazy as _

from smartcity.alerts.evaluators import Finding, register as register_evaluator
from smartcity.sanitation.distance import haversine_m

EVALUATOR = "waste-bin-status"
DEFAULTS = {"fire_c": 60.0, "fire_rise_c": 15.0, "tilt_deg": 45.0, "moved_m": 50.0}
HIGHER = ("fire_c", "fire_rise_c", "tilt_deg", "moved_m")


def _valid(readings):
    return [r for r in readings if r.status == 0 and r.value is not None]


def bin_status(datastream, readings, params=None):
    p = {**DEFAULTS, **{k: float(v) for k, v in (params or {}).items() if k in HIGHER}}
    good = _valid(readings)
    out = []
    q = datastream.quantity_id
    if good:
        last = good[-1]
        if q == "fill_level":
            from smartcity.sanitation.models import Bin

            threshold = Bin.objects.filter(asset_id=datastream.asset_id).values_list("threshold_pct", flat=True).first() or 80.0
            if last.value >= threshold:
                out.append(Finding(True, last.t, last.value, "full", f"Thùng đầy {last.value:.0f} % (ngưỡng {threshold:.0f} %)", "medium"))
            elif last.value < threshold / 2:
                out.append(Finding(False, last.t, last.value, "full"))
        elif q == "temperature":
            prev = good[-2] if len(good) > 1 else None
            rise = last.value - prev.value if prev is not None and last.t - prev.t <= 2 * 3600 else 0.0
            if last.value >= p["fire_c"] or rise >= p["fire_rise_c"]:
                out.append(Finding(True, last.t, last.value, "fire",
                                   f"Nghi cháy: nhiệt độ {last.value:.1f} °C (tăng {rise:.1f} °C)", "critical"))
            elif last.value < p["fire_c"] - 10:
                out.append(Finding(False, last.t, last.value, "fire"))
        elif q == "tilt":
            if last.value >= p["tilt_deg"]:
                out.append(Finding(True, last.t, last.value, "tampering", f"Thùng bị nghiêng/đổ {last.value:.0f}°", "high"))
            elif last.value < 20:
                out.append(Finding(False, last.t, last.value, "tampering"))
    if readings and q == "fill_level":  # a located reading carries the fill level too: one look per batch
        moved = _moved(datastream, p["moved_m"])
        if moved is not None:
            metres, t = moved
            out.append(Finding(metres > p["moved_m"], t or readings[-1].t, metres, "moved",
                               f"Thùng bị di chuyển {metres:.0f} m khỏi vị trí đăng ký" if metres > p["moved_m"] else ""))
    return out


def _moved(datastream, limit):
    """(metres from the registered position, time) of the datastream's latest located reading."""
    from smartcity.hub.models import Latest

    asset = datastream.asset
    if asset.latitude is None or asset.longitude is None:
        return None
    row = Latest.objects.filter(datastream_id=datastream.pk, lat__isnull=False, lon__isnull=False).values_list("lat", "lon", "t").first()
    if row is None:
        return None
    return haversine_m(asset.latitude, asset.longitude, row[0], row[1]), row[2]


def ensure_rules(owner) -> int:
    """The bin alert rules of `owner` (its own bins): the status evaluator and the lid rule."""
    from smartcity.alerts.models import AlertRule

    created = 0
    for name, fields in (
        ("Thùng rác: đầy, cháy, nghiêng, bị di chuyển", dict(
            description="Mức đầy theo ngưỡng thu gom của từng thùng; nhiệt độ ≥ 60 °C hoặc tăng ≥ 15 °C giữa hai lần đo; "
                        "nghiêng ≥ 45°; vị trí đo cách vị trí đăng ký hơn 50 m.",
            severity="medium", target="asset_type", asset_type_id="waste-bin", quantity=None, kind="evaluator",
            params={"evaluator": EVALUATOR})),
        ("Thùng rác: nắp mở quá 15 phút", dict(
            description="Cảm biến nắp báo mở liên tục hơn 15 phút.", severity="low", target="asset_type",
            asset_type_id="waste-bin", quantity_id="lid_open", kind="threshold",
            params={"op": ">", "value": 0.5, "duration_s": 900})),
    ):
        _rule, was = AlertRule.objects.get_or_create(owner=owner, name=name, defaults=fields)
        created += was
    return created


def register() -> None:
    register_evaluator(EVALUATOR, label=_("Smart bin status (full, fire, tilt, moved)"))(bin_status)
