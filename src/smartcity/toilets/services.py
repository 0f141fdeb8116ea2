"""Domain operations of the smart public toilets module (no HTTP): the present state of
toilets from the hub's latest readings, feedback sums, the day's rounds, confirming a
round, marking missed rounds, extra rounds from alerts, and the alert rules."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _g

from smartcity.toilets import scoring
from smartcity.toilets.models import CleaningRound, RoundKind, RoundState, Toilet
from smartcity.toilets.registry_hooks import FAULTS, FEEDBACK, LEVELS

log = logging.getLogger("smartcity.toilets")
STATE_QUANTITIES = ("occupancy", *LEVELS, *FAULTS)
STALE_AFTER_S = 3 * 900  # three intervals without a reading: the state is unknown


class RoundError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# -- present state -----------------------------------------------------------------------------
def feedback_sums(asset_ids, start: int, end: int) -> dict[int, dict[str, int]]:
    """{asset id: {good, average, poor}} of the presses in (start, end], from the hourly
    rollups (whole hours) — one query for every toilet."""
    from smartcity.hub.models import HourlyRollup

    out = {a: {"good": 0, "average": 0, "poor": 0} for a in asset_ids}
    rows = (HourlyRollup.objects.filter(datastream__asset_id__in=list(asset_ids), datastream__quantity_id__in=FEEDBACK,
                                        bucket__gte=start - start % 3600, bucket__lt=end)
            .values_list("datastream__asset_id", "datastream__quantity_id").annotate(s=Sum("total")))
    for asset_id, quantity, total in rows:
        out[asset_id][quantity.removeprefix("feedback_")] += int(round(total or 0))
    return out


def states(toilets, now: datetime | None = None, score_hours: int = 24) -> dict[int, dict]:
    """{toilet id: state} for the map, the list and the API, in two queries: the latest
    readings (hub_latest) and the feedback of the last `score_hours` hours."""
    from smartcity.hub.models import Latest

    now = now or timezone.now()
    now_s = int(now.timestamp())
    toilets = list(toilets)
    by_asset = {t.asset_id: t for t in toilets}
    latest: dict[int, dict] = {a: {} for a in by_asset}
    for asset_id, q, t, value, status in Latest.objects.filter(
            datastream__asset_id__in=list(by_asset), datastream__quantity_id__in=STATE_QUANTITIES).values_list(
            "datastream__asset_id", "datastream__quantity_id", "t", "value", "status"):
        if status == 0 and now_s - t <= STALE_AFTER_S:
            latest[asset_id][q] = (value, t)
    fb = feedback_sums(by_asset, now_s - score_hours * 3600, now_s + 1)
    out = {}
    for asset_id, toilet in by_asset.items():
        values = latest[asset_id]
        faults = [name for q, name in FAULTS.items() if (values.get(q) or (0, 0))[0] and values[q][0] >= 0.5]
        occupancy = values.get("occupancy", (None, 0))[0]
        open_now = toilet.hours.is_open(now)
        counts = fb[asset_id]
        score = scoring.cleanliness_score(counts["good"], counts["average"], counts["poor"])
        newest = max((t for _, t in values.values()), default=None)
        out[toilet.pk] = {
            "open": open_now,
            "state": scoring.public_state(open_now, occupancy, toilet.cubicles, faults),
            "occupancy": occupancy,
            "free": None if occupancy is None else max(0, toilet.cubicles - int(occupancy)),
            "levels": {q.removesuffix("_level"): values.get(q, (None, 0))[0] for q in LEVELS},
            "level_bands": {q.removesuffix("_level"): scoring.level_band(values.get(q, (None, 0))[0]) for q in LEVELS},
            "faults": faults,
            "feedback": counts,
            "score": score.as_dict() if score else None,
            "reported_at": datetime.fromtimestamp(newest, tz=scoring.LOCAL) if newest else None,
        }
    return out


def hourly_feedback(toilet: Toilet, hours: int = 48, now: datetime | None = None) -> list[dict]:
    """Presses per hour of the last `hours` hours, oldest first, for the detail chart."""
    from smartcity.hub.models import HourlyRollup

    now_s = int((now or timezone.now()).timestamp())
    end = now_s - now_s % 3600 + 3600
    start = end - hours * 3600
    buckets = {b: {"good": 0, "average": 0, "poor": 0} for b in range(start, end, 3600)}
    for bucket, q, total in HourlyRollup.objects.filter(
            datastream__asset_id=toilet.asset_id, datastream__quantity_id__in=FEEDBACK,
            bucket__gte=start, bucket__lt=end).values_list("bucket", "datastream__quantity_id", "total"):
        if bucket in buckets:
            buckets[bucket][q.removeprefix("feedback_")] += int(round(total))
    return [{"t": b, **c} for b, c in sorted(buckets.items())]


# -- rounds ------------------------------------------------------------------------------------
def local_day(at: datetime | None = None) -> date:
    return (at or timezone.now()).astimezone(scoring.LOCAL).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), scoring.LOCAL)
    return start, start + timedelta(days=1)


def ensure_rounds(day: date, toilets=None) -> int:
    """Create the scheduled rounds of local `day` for each toilet (idempotent); returns how
    many were new."""
    toilets = list(toilets if toilets is not None else Toilet.objects.select_related("asset"))
    start, end = day_bounds(day)
    have = set(CleaningRound.objects.filter(toilet__in=toilets, kind=RoundKind.SCHEDULED, planned_at__gte=start,
                                            planned_at__lt=end + timedelta(days=1)).values_list("toilet_id", "planned_at"))
    new = []
    for toilet in toilets:
        for t in scoring.scheduled_rounds(day, toilet.hours, toilet.round_interval_min):
            if (toilet.pk, t) not in have:
                new.append(CleaningRound(toilet=toilet, owner_id=toilet.owner_id, published=toilet.published,
                                         planned_at=t, kind=RoundKind.SCHEDULED))
    if new:
        # bulk_create does not write history rows; a planned round has no history yet
        CleaningRound.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def mark_missed(now: datetime | None = None) -> int:
    """Rounds still planned `MISSED_GRACE_MIN` after their time become missed."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=scoring.MISSED_GRACE_MIN)
    n = 0
    for r in CleaningRound.objects.filter(state=RoundState.PLANNED, planned_at__lt=limit):
        r.state = RoundState.MISSED
        r.save(update_fields=["state", "updated_at"])
        n += 1
    return n


PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
PHOTO_MAX_BYTES = 8 * 1024 * 1024


def confirm_round(r: CleaningRound, user, at: datetime | None = None, notes: str = "", photo=None) -> CleaningRound:
    """The cleaner says the round is done (the caller has checked `can_change`). A missed
    round may still be confirmed late (the time says so); a done round cannot be twice."""
    now = timezone.now()
    at = at or now
    if r.state == RoundState.DONE:
        raise RoundError("round_done", _g("This round was already confirmed."))
    if at > now + timedelta(minutes=5):
        raise RoundError("future_time", _g("A round cannot be confirmed for a time in the future."))
    if at < r.planned_at - timedelta(hours=6):
        raise RoundError("too_early", _g("The time is more than 6 hours before the planned time."))
    if photo is not None:
        if getattr(photo, "content_type", "") not in PHOTO_TYPES:
            raise RoundError("bad_photo", _g("The photo must be a JPEG, PNG or WebP image."))
        if photo.size > PHOTO_MAX_BYTES:
            raise RoundError("photo_too_large", _g("The photo is larger than 8 MB."))
    r.state = RoundState.DONE
    r.done_at = at
    r.done_by = user
    if notes:
        r.notes = notes[:2000]
    if photo is not None:
        r.photo = photo
    r.save()
    return r


def extra_round(toilet: Toilet, trigger: datetime, reason: str, *, alert=None, consumable: bool = False) -> CleaningRound | None:
    """An extra round for a trigger at `trigger`, by the rules of scoring.extra_round_time."""
    near = CleaningRound.objects.filter(toilet=toilet, planned_at__gte=trigger - timedelta(hours=2),
                                        planned_at__lte=trigger + timedelta(hours=2))
    known = [scoring.KnownRound(r.planned_at, r.done_at, r.state == RoundState.MISSED) for r in near]
    known += [scoring.KnownRound(r.planned_at, r.done_at) for r in CleaningRound.objects.filter(
        toilet=toilet, done_at__gte=trigger - timedelta(hours=1), done_at__lte=trigger)]
    at = scoring.extra_round_time(trigger, known, toilet.hours, consumable=consumable)
    if at is None:
        return None
    try:
        with transaction.atomic():
            return CleaningRound.objects.create(toilet=toilet, owner_id=toilet.owner_id, published=toilet.published,
                                                planned_at=at, kind=RoundKind.EXTRA, reason=reason[:255], alert=alert)
    except IntegrityError:  # this alert already has its round
        return None


# -- alert rules -------------------------------------------------------------------------------
RULES = [
    # quantity, kind, params, severity, name, description
    ("soap_level", "threshold", {"op": "<", "value": scoring.LEVEL_LOW, "clear_value": 50}, "medium",
     "Nhà vệ sinh công cộng sắp hết xà phòng", "Mức xà phòng dưới 20 %: thêm một lượt dọn để châm xà phòng."),
    ("paper_level", "threshold", {"op": "<", "value": scoring.LEVEL_LOW, "clear_value": 50}, "medium",
     "Nhà vệ sinh công cộng sắp hết giấy", "Mức giấy vệ sinh dưới 20 %: thêm một lượt dọn để thay giấy."),
    ("water_tank_level", "threshold", {"op": "<", "value": scoring.LEVEL_LOW, "clear_value": 40}, "high",
     "Nhà vệ sinh công cộng sắp hết nước bồn", "Bồn nước dưới 20 %: kiểm tra nguồn cấp, gọi xe bồn nếu cần."),
    ("feedback_poor", "evaluator", {"evaluator": "toilet-poor-feedback", "min_poor": 5, "min_share": 0.3}, "medium",
     "Nhà vệ sinh công cộng nhiều đánh giá kém", "Từ 5 lượt bấm 'kém' trở lên và chiếm từ 30 % số lượt trong 1 giờ: dọn thêm."),
    (None, "evaluator", {"evaluator": "toilet-fault"}, "high",
     "Nhà vệ sinh công cộng báo lỗi thiết bị", "Lỗi cửa, xả nước, mất nước hoặc mất điện do thiết bị báo về."),
    ("occupancy", "missing", {"factor": 4}, "low",
     "Nhà vệ sinh công cộng mất dữ liệu", "Không nhận được số liệu cảm biến trong 4 chu kỳ truyền (1 giờ)."),
]
EXTRA_ROUND_QUANTITIES = {"soap_level", "paper_level", "feedback_poor"}


def ensure_alert_rules(owner) -> int:
    """The toilets' alert rules of organisation `owner` (found again by name); returns how
    many were created."""
    from smartcity.alerts.models import AlertRule

    created = 0
    for quantity, kind, params, severity, name, description in RULES:
        _rule, was = AlertRule.objects.get_or_create(owner=owner, name=name, defaults=dict(
            description=description, severity=severity, target="asset_type", asset_type_id="public-toilet",
            quantity_id=quantity, kind=kind, params=params))
        created += was
    return created


FAULT_KEYS = "door,flush,water,power"
WORK_ORDER_RULE = "Sự cố thiết bị nhà vệ sinh công cộng"


def ensure_work_order_rule(owner) -> int:
    """Fault alerts of the owner's toilets become maintenance work orders, through the
    maintenance app's automatic rules when it offers them (optional: 0 without it)."""
    try:
        from smartcity.maintenance.models import AutoRule
    except ImportError:
        return 0
    _rule, created = AutoRule.objects.get_or_create(owner=owner, name=WORK_ORDER_RULE, defaults=dict(
        asset_type_id="public-toilet", fault_types=FAULT_KEYS, min_severity="high", priority="high"))
    return int(created)


def on_alert_raised(alert) -> CleaningRound | None:
    """A new alert on a toilet: low soap or paper, or many poor votes, plans an extra round."""
    from smartcity.hub.models import Datastream

    facts = Datastream.objects.filter(pk=alert.datastream_id).values_list("asset__asset_type_id", "quantity_id").first()
    if facts is None or facts[0] != "public-toilet":
        return None
    quantity = facts[1]
    if quantity not in EXTRA_ROUND_QUANTITIES:
        return None
    toilet = Toilet.objects.filter(asset_id=alert.asset_id).first()
    if toilet is None:
        return None
    reason = f"{alert.rule_name}: {alert.message}" if alert.message else alert.rule_name
    return extra_round(toilet, alert.raised_at, reason, alert=alert, consumable=quantity != "feedback_poor")
