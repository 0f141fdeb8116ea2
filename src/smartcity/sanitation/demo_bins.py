"""Demo part: ~100 smart bins around Thủ Dầu Một's markets and parks (bin_sim.py), owned by
the provincial water-environment company (BIWASE, created here when the reference data lacks
it), with its depot, its trucks, the Nam Bình Dương solid-waste complex, two weeks of fill
readings emptied by past collections, the bins' alert rules, a planner and a driver, and a
device token for the live simulator (sanitation/bin_simulator.py).

Idempotent: records are matched on their codes; readings are written only after each
datastream's newest one; past collections only where missing."""
import datetime as dt
import json
import time

from smartcity.sanitation import bin_sim

HISTORY_DAYS = 14
FILL_STEP = 3600          # history: one fill reading an hour over the last week (live: every 5 minutes)
OLD_FILL_STEP = 3 * 3600  # and one every three hours before that (the charts look the same, the load is faster)
RECENT_DAYS = 7
TEMP_STEP = 6 * 3600
STATUS_DAYS = 1           # lid and tilt history: the last day only
ORG = dict(code="BIWASE", abbreviation="BIWASE", name_vi="Công ty Cổ phần Nước – Môi trường Bình Dương",
           name_en="Binh Duong Water – Environment JSC", kind="enterprise", helix="business",
           website="https://biwase.com.vn", address="11 Ngô Văn Trị, phường Phú Lợi, TP. Thủ Dầu Một",
           plan_role="Thu gom, vận chuyển và xử lý chất thải rắn sinh hoạt; vận hành Khu liên hợp xử lý chất thải rắn Nam Bình Dương.")
USERS = [  # username, first, last, role
    ("biwase.phuc", "Phúc", "Nguyễn Hữu", "manager"),
    ("biwase.tai", "Tài", "Lê Văn", "editor"),
]
TOKEN_NAME = "Mô phỏng thùng rác thông minh (demo)"


def tokens_path():
    from django.conf import settings

    return settings.VAR_DIR / "demo_sanitation_token.json"


def demo_token_key() -> str | None:
    try:
        return json.loads(tokens_path().read_text()).get("key")
    except (OSError, ValueError):
        return None


def _org():
    from smartcity.core.models import Organisation

    org = Organisation.objects.filter(code=ORG["code"]).first()
    if org is None:
        org = Organisation.objects.create(**ORG)
    return org


def _users(org):
    from django.contrib.auth import get_user_model

    from smartcity.demo.people import demo_password

    User = get_user_model()
    password = demo_password()
    out = {}
    for username, first, last, role in USERS:
        user, created = User.objects.get_or_create(username=username, defaults=dict(
            first_name=first, last_name=last, organisation=org, role=role, email=f"{username}@biwase.com.vn"))
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        out[username] = user
    return out


def _token(org) -> int:
    from smartcity.core.tokens import hash_key
    from smartcity.hub.models import DeviceToken
    from smartcity.hub.services import issue_device_token, revoke_device_token

    key = demo_token_key()
    if key and DeviceToken.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True).exists():
        return 0
    for stale in DeviceToken.objects.filter(owner=org, name=TOKEN_NAME, revoked_at__isnull=True):
        revoke_device_token(stale)
    _t, key = issue_device_token(org, TOKEN_NAME, all_owner_assets=True)
    path = tokens_path()
    path.write_text(json.dumps({"key": key}))
    path.chmod(0o600)
    return 1


def _inventory(org, users):
    from smartcity.core.models import AdministrativeUnit
    from smartcity.hub import registry
    from smartcity.hub.models import Asset, AssetType, Datastream, Quantity
    from smartcity.hub.services import sync_registry
    from smartcity.sanitation.hub_types import BIN_QUANTITIES
    from smartcity.sanitation.models import Bin, Depot, DisposalSite, Truck

    if not AssetType.objects.filter(code="waste-bin").exists() or not Quantity.objects.filter(code="tilt").exists():
        sync_registry()
    tdm = AdministrativeUnit.objects.filter(level="district", code="718").first()
    name, address, lat, lon = bin_sim.DEPOT
    depot, _ = Depot.objects.get_or_create(owner=org, name=name, defaults=dict(address=address, latitude=lat, longitude=lon))
    name, address, lat, lon = bin_sim.DISPOSAL
    site, _ = DisposalSite.objects.get_or_create(owner=org, name=name, defaults=dict(address=address, latitude=lat, longitude=lon))
    driver = users.get("biwase.tai")
    for i, (plate, model, cap) in enumerate(bin_sim.TRUCKS):
        Truck.objects.get_or_create(plate=plate, defaults=dict(owner=org, model_name=model, capacity=cap, capacity_unit="kg",
                                                               depot=depot, driver=driver if i == 0 else None))
    assets = {a.slug: a for a in Asset.objects.filter(slug__in=[b.slug for b in bin_sim.DEMO_BINS])}
    new_assets = [Asset(slug=b.slug, asset_type_id="waste-bin", owner=org, name=b.name, name_en=f"Smart bin {b.code}",
                        latitude=b.lat, longitude=b.lon, admin_unit=tdm, address=b.address,
                        properties={"bin_code": b.code, "capacity_l": b.capacity_l, "waste_kind": b.waste_kind,
                                    "place": b.place.name})
                  for b in bin_sim.DEMO_BINS if b.slug not in assets]
    if new_assets:
        Asset.objects.bulk_create(new_assets)
        assets = {a.slug: a for a in Asset.objects.filter(slug__in=[b.slug for b in bin_sim.DEMO_BINS])}
    have = set(Datastream.objects.filter(asset__in=assets.values()).values_list("asset_id", "quantity_id"))
    Datastream.objects.bulk_create([
        Datastream(asset=assets[b.slug], quantity_id=q, unit=registry.QUANTITIES[q].unit, expected_interval_s=1800)
        for b in bin_sim.DEMO_BINS for q in BIN_QUANTITIES if (assets[b.slug].pk, q) not in have])
    bins = {b.code: b for b in Bin.objects.filter(code__in=bin_sim.BY_CODE)}
    Bin.objects.bulk_create([
        Bin(owner=org, asset=assets[b.slug], code=b.code, waste_kind=b.waste_kind, capacity_l=b.capacity_l, zone=b.place.zone)
        for b in bin_sim.DEMO_BINS if b.code not in bins])
    _adopt_hub_bins()
    return depot, site, len(new_assets)


def _adopt_hub_bins() -> int:
    """Waste-bin assets the hub demo made before this module existed (DONRE's pilot bins in
    Phú Cường, fed by the hub's own simulator) become their owner's bins here, so every
    bin on the hub map is also in the bin list and the planner."""
    from smartcity.hub.models import Asset
    from smartcity.sanitation.models import Bin

    orphans = Asset.objects.filter(asset_type_id="waste-bin", waste_bin__isnull=True)
    made = [Bin(owner_id=a.owner_id, asset=a, code=(a.properties or {}).get("bin_code") or a.slug.upper(),
                capacity_l=int((a.properties or {}).get("capacity_l") or 240), zone="Phú Cường", published=a.published)
            for a in orphans if not Bin.objects.filter(code=(a.properties or {}).get("bin_code") or a.slug.upper()).exists()]
    Bin.objects.bulk_create(made)
    return len(made)


def day_of(t: int) -> int:
    return bin_sim.day_number(t)


def _history(org, now: int) -> dict:
    from django.db import transaction

    from smartcity.hub.models import Datastream, Latest
    from smartcity.hub.store import store
    from smartcity.sanitation.models import Bin, Collection, Truck

    streams = {}
    for ds, slug, q in Datastream.objects.filter(asset__slug__in=[b.slug for b in bin_sim.DEMO_BINS]).values_list(
            "id", "asset__slug", "quantity_id"):
        streams[(slug, q)] = ds
    latest = dict(Latest.objects.filter(datastream_id__in=streams.values()).values_list("datastream_id", "t"))
    start = now - HISTORY_DAYS * 86400
    bins = {b.code: b for b in Bin.objects.filter(code__in=bin_sim.BY_CODE)}
    existing = set(Collection.objects.filter(bin__in=bins.values()).values_list("bin_id", "collected_at"))
    trucks = list(Truck.objects.filter(owner=org).order_by("plate"))
    rows, new_collections, stored = [], [], 0

    def grid(first, step):
        return first + (-first) % step

    for k, b in enumerate(bin_sim.DEMO_BINS):
        model = bins[b.code]
        if model.last_emptied_at is not None:  # a later load: the chain goes on from the last emptying known
            first_empty = model.last_emptied_at.timestamp()
        else:
            first_empty = start - 6 * 3600 * (1 + bin_sim.rand(bin_sim._seed(b.code, "first"), 0))
        clock = bin_sim.FillClock(b, min(first_empty, start), now)
        # the crews' rounds stop some hours before now (8 to 32 h, bin by bin): the planner finds full bins
        rounds_until = now - bin_sim.HOUR * (8 + 24 * bin_sim.rand(bin_sim._seed(b.code, "grace"), day_of(now)))
        empties = bin_sim.history_emptyings(b, max(start, first_empty), rounds_until, first_empty, clock)
        marks = [first_empty, *empties]

        def emptied_before(t, _marks=marks):
            return max((m for m in _marks if m <= t), default=_marks[0])

        ds = streams[(b.slug, "fill_level")]
        t = grid(max(start, latest.get(ds, start - 1) + 1), FILL_STEP)
        recent = now - RECENT_DAYS * 86400
        while t <= now:
            rows.append((ds, t, bin_sim.reading(b, emptied_before(t), t, clock), 0, None, None))
            t += FILL_STEP if t >= recent else OLD_FILL_STEP
        for q, step, fn, since in (("temperature", TEMP_STEP, bin_sim.temperature_reading, start),
                                   ("battery", 86400, bin_sim.battery, start),
                                   ("lid_open", 3600, bin_sim.lid_open, now - STATUS_DAYS * 86400),
                                   ("tilt", 3600, bin_sim.tilt, now - STATUS_DAYS * 86400)):
            ds = streams[(b.slug, q)]
            t = grid(max(since, latest.get(ds, since - 1) + 1), step)
            while t <= now:
                rows.append((ds, t, fn(b, t), 0, None, None))
                t += step
        for e in empties:
            when = dt.datetime.fromtimestamp(int(e), dt.UTC)
            if (model.pk, when) in existing:
                continue
            before = bin_sim.level(b, emptied_before(e - 1), e, clock)
            new_collections.append(Collection(
                owner=org, bin=model, truck=trucks[k % len(trucks)] if trucks else None, collected_at=when,
                fill_before_pct=round(before, 1),
                weight_kg=round(before / 100 * b.capacity_l * {"organic": 0.45, "recyclable": 0.06}.get(b.waste_kind, 0.2), 1)))
        last = dt.datetime.fromtimestamp(int(marks[-1]), dt.UTC)
        if model.last_emptied_at is None or model.last_emptied_at < last:
            Bin.objects.filter(pk=model.pk).update(last_emptied_at=last)
        if len(rows) >= 20_000:
            with transaction.atomic():
                stored += store(rows, source="demo").stored
            rows = []
    if rows:
        with transaction.atomic():
            stored += store(rows, source="demo").stored
    Collection.objects.bulk_create(new_collections, batch_size=2000)
    return {"readings": stored, "collections": len(new_collections)}


def load(now: int | None = None) -> dict:
    from smartcity.sanitation.bin_alerts import ensure_rules

    now = int(time.time()) if now is None else int(now)
    org = _org()
    users = _users(org)
    _depot, _site, new_bins = _inventory(org, users)
    rules = ensure_rules(org)  # before the readings, so the history raises (quietly) what it should
    tokens = _token(org)
    out = _history(org, now)
    return {"bins": len(bin_sim.DEMO_BINS), "new_bins": new_bins, "trucks": len(bin_sim.TRUCKS), "rules": rules,
            "new_tokens": tokens, **out}
