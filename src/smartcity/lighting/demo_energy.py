"""Demo part: 60 days of metered energy for the demo luminaires (lighting/demo_inventory.py),
the last day's power and dimming readings, the TALQ failure rules, and the work orders
that the simulated failures raised — so the energy dashboard and the maintenance pages
have a history from the first minute.

Each luminaire's controller reports its cumulative energy counter (kWh) once a day at
23:59 local time; a day's use is the astronomical-clock night at the luminaire's position
(about 11.2 h in June to 12.5 h in December at 11° N): full output from sunset to 23:00,
then dimmed to 50 % light (an LED driver then draws about 55 % of its rated power) until
sunrise. A few luminaires misbehave: lamps that failed and were repaired (their nights at
zero, and a closed work order with the repair time), drivers that ignore dimming, one
lamp failing now and one burning by day. Idempotent: luminaires whose energy datastream
already has readings are left alone. A no-op without luminaires."""
import datetime as dt
import random
import time

HISTORY_DAYS = 60
DIM_AT = dt.time(23, 0)
DIM_POWER = 0.55      # share of rated power drawn at 50 % light
DIM_LEVEL = 50.0


def _plan(codes: list[str], seed: int = 2026) -> dict:
    """Which luminaires misbehave, chosen reproducibly: {code: (kind, first day index, days)}."""
    rng = random.Random(seed)
    codes = sorted(codes)
    rng.shuffle(codes)
    plan = {}
    n = len(codes)
    repaired = max(1, n // 60)           # about 1.7 %: lamps that failed and were repaired
    nodim = max(1, n // 150)             # drivers that ignore dimming
    for i, code in enumerate(codes[:repaired]):
        plan[code] = ("repaired", rng.randrange(3, HISTORY_DAYS - 8), rng.randrange(1, 6))
    for code in codes[repaired:repaired + nodim]:
        plan[code] = ("nodim", 0, HISTORY_DAYS)
    if n > repaired + nodim + 2:
        plan[codes[repaired + nodim]] = ("failing", HISTORY_DAYS - 2, 2)
        plan[codes[repaired + nodim + 1]] = ("dayburner", HISTORY_DAYS - 1, 1)
    return plan


def _local(day: dt.date, clock: dt.time) -> int:
    from smartcity.lighting.energy import TZ

    return int(dt.datetime.combine(day, clock, tzinfo=TZ).timestamp())


def _day_use_wh(day: dt.date, la: float, lo: float, watts: float, dim_share: float, t_end: float | None = None) -> float:
    """Wh of one local day (up to `t_end` if given): dimmed from midnight to sunrise, full from
    sunset to 23:00, dimmed from 23:00 to midnight."""
    from smartcity.lighting.failures import _sun

    rise, set_ = _sun(day, la, lo)
    midnight = _local(day, dt.time(0))
    dim_t = _local(day, DIM_AT)
    stop = midnight + 86400 if t_end is None else t_end
    wh = 0.0
    for a, b, share in ((midnight, rise, dim_share), (set_, dim_t, 1.0), (dim_t, midnight + 86400, dim_share)):
        b = min(b, stop)
        if b > a:
            wh += watts * share * (b - a) / 3600
    return wh


def load(now: int | None = None) -> dict:
    from django.db import transaction
    from django.db.models import Min

    from smartcity.hub import registry
    from smartcity.hub.models import Datastream, Observation
    from smartcity.hub.store import store
    from smartcity.lighting.energy import TZ
    from smartcity.lighting.failures import _sun
    from smartcity.lighting.models import Luminaire

    lums = list(Luminaire.objects.filter(asset__isnull=False).select_related("asset", "pole"))
    if not lums:
        return {"luminaires": 0}
    now = int(time.time()) if now is None else int(now)
    today = dt.datetime.fromtimestamp(now, TZ).date()
    wanted = ("energy", "power", "dimming_level")
    asset_ids = [x.asset_id for x in lums]

    def streams_now():
        return {(a, q): i for i, a, q in Datastream.objects.filter(asset_id__in=asset_ids, quantity_id__in=wanted)
                .values_list("id", "asset_id", "quantity_id")}

    have = streams_now()
    new = [Datastream(asset_id=lum.asset_id, quantity_id=q, unit=registry.QUANTITIES[q].unit,
                      expected_interval_s=registry.ASSET_TYPES["streetlight"].default_interval_s)
           for lum in lums for q in wanted if (lum.asset_id, q) not in have]
    if new:
        Datastream.objects.bulk_create(new)
        have = streams_now()
    energy_ids = [have[(lum.asset_id, "energy")] for lum in lums]
    power_ids = [have[(lum.asset_id, "power")] for lum in lums]
    first_t = dict(Observation.objects.filter(datastream_id__in=energy_ids).values("datastream_id").annotate(
        t=Min("t")).values_list("datastream_id", "t"))
    first_v = {}
    if first_t:
        for ds, t in first_t.items():
            first_v[ds] = None
        for ds, t, v in Observation.objects.filter(datastream_id__in=list(first_t)).filter(
                t__in=set(first_t.values())).values_list("datastream_id", "t", "value"):
            if first_t.get(ds) == t:
                first_v[ds] = v
    powered = set(Observation.objects.filter(datastream_id__in=power_ids).values_list("datastream_id", flat=True).distinct())
    plan = _plan([lum.code for lum in lums if lum.technology == "led"])
    rows, failures, history = [], [], 0
    for lum in lums:
        e_ds = have[(lum.asset_id, "energy")]
        if e_ds in first_t and first_t[e_ds] < now - 3 * 86400:
            continue  # history already written
        rng = random.Random(lum.code)
        lat = lum.asset.latitude if lum.asset.latitude is not None else (lum.pole.latitude if lum.pole else 11.05)
        lon = lum.asset.longitude if lum.asset.longitude is not None else (lum.pole.longitude if lum.pole else 106.68)
        la, lo = round(lat * 20) / 20, round(lon * 20) / 20
        rated = lum.rated_power_w * rng.uniform(0.97, 1.03)  # drivers differ a little from the label
        led = lum.technology == "led"
        kind, k0, kdays = plan.get(lum.code, ("ok", 0, 0)) if led else ("sodium", 0, 0)
        dim_share = DIM_POWER if led and kind != "nodim" else 1.0
        # the history ends where the meter's own readings begin (the inventory demo's last day)
        if e_ds in first_t and first_v.get(e_ds) is not None:
            t0 = first_t[e_ds]
            last_day = dt.datetime.fromtimestamp(t0, TZ).date() - dt.timedelta(days=1)
            partial = _day_use_wh(last_day + dt.timedelta(days=1), la, lo, rated, dim_share, t_end=t0) / 1000
            counter = first_v[e_ds] - partial
        else:
            last_day = today - dt.timedelta(days=1)
            counter = round(rng.uniform(800, 4000), 3)
            counter += sum(_day_use_wh(last_day - dt.timedelta(days=j), la, lo, rated, dim_share) for j in range(HISTORY_DAYS)) / 1000
        first = last_day - dt.timedelta(days=HISTORY_DAYS - 1)
        values = []
        for i in range(HISTORY_DAYS - 1, -1, -1):  # backwards from the meter's first own reading
            day = first + dt.timedelta(days=i)
            if lum.installed_on and day < lum.installed_on or counter <= 0:
                break
            values.append((day, round(counter, 3)))
            out = kind == "repaired" and k0 <= i < k0 + kdays
            use = 0.0 if out else _day_use_wh(day, la, lo, rated, dim_share) * rng.uniform(0.985, 1.015)
            counter -= use / 1000
            if kind == "repaired" and i == k0:
                _rise, set_prev = _sun(day - dt.timedelta(days=1), la, lo)
                failures.append((lum, "lampFailure", int(set_prev + 1800), kdays))
        for day, v in values:
            rows.append((e_ds, _local(day, dt.time(23, 59)), v, 0, None, None))
        history += len(values)
        if have[(lum.asset_id, "power")] not in powered:
            rows += _last_day(lum, kind, rated, la, lo, today, now, have)
        elif kind in ("failing", "nodim", "dayburner"):
            rows += _misbehave(lum, kind, rated, now, have)
    if not rows:
        return {"luminaires": len(lums), "readings": 0}
    stored = 0
    with transaction.atomic():
        for i in range(0, len(rows), 50_000):
            stored += store(rows[i:i + 50_000], source="demo").stored
    counts = {"luminaires": len(lums), "readings": stored, "days": history}
    counts.update(_rules_and_orders(lums, failures, now))
    return counts


def _last_day(lum, kind, rated, la, lo, today, now, have) -> list:
    """Power and dimming every 15 minutes over the last day, for a luminaire that has none
    (no live controller feed): what the failure rules judge."""
    from smartcity.lighting.failures import _sun

    rng = random.Random(lum.code + "p")
    yday = today - dt.timedelta(days=1)
    _r, set_y = _sun(yday, la, lo)
    rise_t, _s = _sun(today, la, lo)
    dim_y = _local(yday, DIM_AT)
    dim_ds, p_ds = have[(lum.asset_id, "dimming_level")], have[(lum.asset_id, "power")]
    rows = [(dim_ds, int(set_y), 100.0, 0, None, None), (dim_ds, dim_y, DIM_LEVEL, 0, None, None),
            (dim_ds, int(rise_t), 100.0, 0, None, None)]
    t = _local(yday, dt.time(6))
    while t <= now:
        lit = set_y <= t < rise_t
        if kind == "failing":
            p = 0.0
        elif lit:
            p = rated * (DIM_POWER if t >= dim_y and kind != "nodim" else 1.0)
        else:
            p = rated if kind == "dayburner" else 0.0
        rows.append((p_ds, t, round(p * rng.uniform(0.98, 1.02), 1), 0, None, None))
        t += 900
    return rows


def _misbehave(lum, kind, rated, now, have) -> list:
    """A luminaire the controller feed already reports: its last 30 hours of power readings
    rewritten (hub corrections, source "demo") to show its fault to the failure rules."""
    from smartcity.hub.models import Observation
    from smartcity.lighting.failures import DAY, NIGHT, period

    p_ds = have[(lum.asset_id, "power")]
    lat, lon = lum.asset.latitude, lum.asset.longitude
    if lat is None or lon is None:
        return []
    dims = dict(Observation.objects.filter(datastream_id=have[(lum.asset_id, "dimming_level")], t__gte=now - 30 * 3600)
                .values_list("t", "value"))
    rows = []
    for t, v in Observation.objects.filter(datastream_id=p_ds, t__gte=now - 30 * 3600).values_list("t", "value"):
        when = period(t, lat, lon)
        if kind == "failing" and when == NIGHT:
            rows.append((p_ds, t, 0.0, 0, None, None))
        elif kind == "nodim" and when == NIGHT and (dims.get(t) or 100) < 90:
            rows.append((p_ds, t, round(rated, 1), 0, None, None))
        elif kind == "dayburner" and when == DAY:
            rows.append((p_ds, t, round(rated, 1), 0, None, None))
    return rows


def _rules_and_orders(lums, failures, now) -> dict:
    """The TALQ failure rules for each owner of luminaires, a replay of the last day (alerts
    and their work orders), and the closed work orders of the repaired failures."""
    from datetime import timezone as tz

    from smartcity.alerts import services as alert_services
    from smartcity.core.models import Role, User
    from smartcity.lighting.failures import ensure_rules
    from smartcity.maintenance.models import Action, Source, State, WorkOrder, WorkOrderEvent

    made = 0
    owners = {lum.owner for lum in lums}
    for owner in owners:
        made += ensure_rules(owner)["rules"]
    replay = alert_services.replay(hours=30, now=now)
    crews = {}
    for owner in owners:
        crew = User.objects.filter(organisation=owner, is_active=True).order_by("role", "id").first()
        if crew is None:
            crew, _ = User.objects.get_or_create(
                username=f"{owner.code.lower()}.todoi", defaults={"first_name": "Tuấn", "last_name": "Đỗ Minh",
                                                                   "organisation": owner, "role": Role.VIEWER})
        crews[owner.pk] = crew
    orders = 0
    rng = random.Random(7)
    for lum, fault, raised_t, days in failures:
        raised = dt.datetime.fromtimestamp(raised_t, tz.utc)
        fixed = raised + dt.timedelta(hours=24 * (days - 1) + rng.uniform(8, 20))
        closed = fixed + dt.timedelta(hours=rng.uniform(2, 30))
        if WorkOrder.objects.filter(asset_id=lum.asset_id, fault_type=fault, raised_at=raised).exists():
            continue
        crew = crews[lum.owner_id]
        wo = WorkOrder.objects.create(
            owner_id=lum.owner_id, asset_id=lum.asset_id, fault_type=fault, title=f"{fault} · {lum.asset.name}"[:200],
            priority="high", state=State.CLOSED, source=Source.ALERT, assigned_to=crew, raised_at=raised,
            assigned_at=raised + dt.timedelta(hours=1), started_at=fixed - dt.timedelta(hours=2), fixed_at=fixed,
            closed_at=closed, alert_count=1, description="Đèn không sáng ban đêm (TALQ lampFailure)")
        steps = [(Action.CREATED, raised, "", State.OPEN), (Action.ASSIGNED, wo.assigned_at, State.OPEN, State.ASSIGNED),
                 (Action.STARTED, wo.started_at, State.ASSIGNED, State.IN_PROGRESS),
                 (Action.FIXED, fixed, State.IN_PROGRESS, State.FIXED), (Action.CLOSED, closed, State.FIXED, State.CLOSED)]
        WorkOrderEvent.objects.bulk_create([
            WorkOrderEvent(work_order=wo, action=a, at=at, from_state=f, to_state=t,
                           user=crew if a in (Action.STARTED, Action.FIXED) else None,
                           note="Thay bộ nguồn (driver) LED" if a == Action.FIXED else "") for a, at, f, t in steps])
        orders += 1
    return {"rules": made, "alerts_raised": replay.get("raised", 0), "closed_orders": orders}
