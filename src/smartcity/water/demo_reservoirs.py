"""Demo part: two reservoirs with their rain gauges, stage-storage tables, a year of hourly
readings stored through the hub (the volumes are derived by the store hook on the way in),
alert rules of their owners and device tokens for the live feed (water/sim.py, feed.py).

Idempotent: assets, reservoirs and tables are created once; history is written only after
each datastream's newest reading, so a second run stores nothing new."""
import json
import time
from datetime import date

HISTORY_DAYS = 365
TOKEN_NAME = "Bộ mô phỏng hồ chứa (demo)"
TOKENS_FILE = "water_demo_tokens.json"
SURVEY_DAY = date(2024, 6, 1)
LEVEL_INTERVAL_S = 900
WEEK = 7 * 86400


def tokens_path():
    from django.conf import settings

    return settings.VAR_DIR / TOKENS_FILE


def token_keys() -> dict:
    path = tokens_path()
    try:
        return json.loads(path.read_text()) if path.exists() else {}
    except (OSError, ValueError):
        return {}


def _ensure(site):
    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.hub import registry
    from smartcity.hub.models import Asset, Datastream
    from smartcity.water.models import Reservoir
    from smartcity.water.services import save_stage_table

    owner = Organisation.objects.get(code=site.owner)
    unit = AdministrativeUnit.objects.filter(level="district", code="718").first()
    gauge, _ = Asset.objects.get_or_create(slug=site.gauge_slug, defaults=dict(
        asset_type_id="weather-station", owner=owner, name=site.gauge_name, name_en=site.gauge_name,
        latitude=site.gauge_lat, longitude=site.gauge_lon, admin_unit=unit, address=site.address,
        properties={"instrument": "tipping bucket 0.2 mm"}))
    asset, _ = Asset.objects.get_or_create(slug=site.slug, defaults=dict(
        asset_type_id="reservoir", owner=owner, name=site.name, name_en=site.name_en, latitude=site.lat,
        longitude=site.lon, admin_unit=unit, address=site.address))
    res, created = Reservoir.objects.get_or_create(asset=asset, defaults=dict(
        owner=owner, kind=site.kind, crest_level=site.crest, min_operating_level=site.minimum,
        capacity_m3=round(site.capacity), spillway_width_m=site.spillway_m, catchment_area_m2=site.catchment_m2,
        runoff_coefficient=site.runoff, rain_gauge=gauge, note=site.note))
    if not res.stage_tables.exists():
        save_stage_table(res, SURVEY_DAY, site.levels, site.volumes, source="Khảo sát địa hình lòng hồ 06/2024 (demo)")
    streams = {}
    quantities = ["water_level", *sorted({p.quantity for p in site.pumps})]
    if site.release_above is not None:
        quantities.append("outflow_volume")
    for q in quantities:
        ds, _ = Datastream.objects.get_or_create(asset=asset, quantity_id=q, defaults=dict(
            unit=registry.QUANTITIES[q].unit, expected_interval_s=LEVEL_INTERVAL_S))
        streams[q] = ds.pk
    rain, _ = Datastream.objects.get_or_create(asset=gauge, quantity_id="rainfall", defaults=dict(
        unit="mm", expected_interval_s=LEVEL_INTERVAL_S))
    streams["rainfall"] = rain.pk
    return res, streams, created


def _tokens(reservoirs) -> int:
    from smartcity.core.tokens import hash_key
    from smartcity.hub.models import DeviceToken
    from smartcity.hub.services import issue_device_token, revoke_device_token

    keys = token_keys()
    issued = 0
    by_owner = {}
    for r in reservoirs:
        by_owner.setdefault(r.owner, []).extend([r.asset, r.rain_gauge])
    for owner, assets in by_owner.items():
        key = keys.get(owner.code)
        if key and DeviceToken.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True).exists():
            continue
        for stale in DeviceToken.objects.filter(owner=owner, name=TOKEN_NAME, revoked_at__isnull=True):
            revoke_device_token(stale)
        _token, keys[owner.code] = issue_device_token(owner, TOKEN_NAME, assets=assets)
        issued += 1
    path = tokens_path()
    path.write_text(json.dumps(keys, indent=2))
    path.chmod(0o600)
    return issued


def history_rows(site, streams: dict, start: int, end: int, after: dict) -> list[tuple]:
    """Hub rows of the hours ending in (start, end]: the level at each hour's end, the rain and
    metered amounts of the hour (stamped at its end, like any per-interval amount)."""
    from smartcity.water import sim

    rows = []
    for h in sim.hours(site, end):
        t = h.t + sim.HOUR
        if t <= start or t > end:
            continue
        if t > after.get(streams["water_level"], 0):
            rows.append((streams["water_level"], t, sim.level_m(h.level), 0, None, None))
        if t > after.get(streams["rainfall"], 0):
            rows.append((streams["rainfall"], t, round(h.rain_mm, 1), 0, None, None))
        for q, v in h.amounts.items():
            ds = streams.get(q)
            if ds is not None and t > after.get(ds, 0):
                rows.append((ds, t, v, 0, None, None))
    return rows


def load(now: int | None = None, days: int = HISTORY_DAYS) -> dict:
    from django.db import transaction

    from smartcity.hub.models import AssetType, Latest, Quantity
    from smartcity.hub.services import sync_registry
    from smartcity.hub.store import batch, store
    from smartcity.water import sim
    from smartcity.water.alert_rules import ensure_rules

    if not AssetType.objects.filter(code="weather-station").exists() or not Quantity.objects.filter(code="reuse_toilets").exists():
        sync_registry()
    now = int(time.time()) if now is None else int(now)
    end = sim.floor_hour(now)
    start = end - days * 86400
    made, stored, rules = 0, 0, 0
    with transaction.atomic():
        ensured = [(site, *_ensure(site)) for site in sim.SITES]
        reservoirs = [r for _s, r, _st, _c in ensured]
        for r in reservoirs:
            rules += ensure_rules(r.owner)
        issued = _tokens(reservoirs)
        ids = [i for _s, _r, st, _c in ensured for i in st.values()]
        after = dict(Latest.objects.filter(datastream_id__in=ids).values_list("datastream_id", "t"))
        with batch():
            weeks: dict = {}
            for site, r, streams, created in ensured:
                made += created
                for row in history_rows(site, streams, start, end, after):
                    weeks.setdefault((row[1] - start) // WEEK, []).append(row)
            # a store call per week: the alert rules judge each week's last reading, so the
            # demo's alert history holds the dry season's low levels and the rainy season's spills
            for week in sorted(weeks):
                stored += store(weeks[week], source="demo").stored
    return {"reservoirs": len(reservoirs), "new_reservoirs": made, "readings": stored, "rules": rules, "tokens": issued}
