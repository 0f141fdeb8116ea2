"""Demo inventory: Becamex IDC's street lighting in Thành phố mới Bình Dương (phường Hòa Phú,
Phú Tân, Phú Mỹ; TP. Thủ Dầu Một) and a stretch of a provincial road kept by the Department
of Transport, with control cabinets, circuits, groups per street, TALQ calendars (weekday,
weekend, Tết and public holidays) and the last day's readings of every lamp and cabinet.

Street lines are approximate (within a few tens of metres of the real alignments around
11.05 N, 106.67-106.71 E); poles stand every 35-40 m, double-armed on the median of Đại lộ
Hùng Vương. Most lamps are LED that replaced 150 W and 250 W high-pressure sodium (drawing
about 170 W and 280 W with their ballasts); Đường Lý Thái Tổ and part of ĐT 742 still burn
sodium. Idempotent: records are matched by code and readings are only written where a
datastream has none in the window yet.
"""
from __future__ import annotations

import datetime as dt
import math
import time
import zlib

from smartcity.lighting.simulation import power_w

OWNER, DOT = "BECAMEX", "DOT"
WARD_HOA_PHU = "Phường Hòa Phú, TP. Thủ Dầu Một"

# code, name, owner, street name, polyline [(lat, lon)], spacing m, arms, (tech, W, replaced tech, replaced W), share still sodium,
# number of cabinets, pole height m
STREETS = [
    ("HV", "Đại lộ Hùng Vương", OWNER, "Đại lộ Hùng Vương", [(11.0652, 106.6598), (11.0560, 106.6700), (11.0447, 106.6858)],
     40, 2, ("led", 150.0, "hps", 280.0), 0.0, 4, 12.0),
    ("LL", "Đường Lê Lợi", OWNER, "Đường Lê Lợi", [(11.0596, 106.6668), (11.0538, 106.6712), (11.0481, 106.6760)],
     35, 1, ("led", 100.0, "hps", 170.0), 0.0, 2, 10.0),
    ("VVK", "Đường Võ Văn Kiệt", OWNER, "Đường Võ Văn Kiệt", [(11.0508, 106.6605), (11.0552, 106.6716), (11.0601, 106.6829)],
     38, 1, ("led", 120.0, "hps", 280.0), 0.0, 2, 11.0),
    ("LTT", "Đường Lý Thái Tổ", OWNER, "Đường Lý Thái Tổ", [(11.0571, 106.6731), (11.0518, 106.6689), (11.0463, 106.6648)],
     36, 1, ("hps", 150.0, "", 0.0), 1.0, 1, 10.0),
    ("TTHC", "Trung tâm Hành chính tập trung tỉnh", OWNER, "Quảng trường Trung tâm Hành chính tập trung tỉnh",
     "ring", 0, 1, ("led", 100.0, "hps", 170.0), 0.0, 2, 8.0),
    ("DT742", "Đường ĐT 742 (đoạn Phú Mỹ)", DOT, "Đường ĐT 742", [(11.0372, 106.6942), (11.0405, 106.7031), (11.0432, 106.7108)],
     40, 1, ("led", 150.0, "hps", 280.0), 0.4, 1, 11.0),
]
RING_CENTRE, RING_RADIUS_M, RING_POLES = (11.0536, 106.6684), 160, 32

PROGRAMS = [
    ("BCM-WEEKDAY", "Ngày thường: 100 % → 50 % sau 23:00 → 100 % từ 04:30", [{"at": "on", "level": 100}, {"at": "23:00", "level": 50},
                                                                              {"at": "04:30", "level": 100}]),
    ("BCM-WEEKEND", "Cuối tuần: 100 % → 70 % sau 00:00 → 100 % từ 04:30", [{"at": "on", "level": 100}, {"at": "00:00", "level": 70},
                                                                             {"at": "04:30", "level": 100}]),
    ("BCM-FULL", "Tết và ngày lễ: 100 % cả đêm", [{"at": "on", "level": 100}]),
    ("BCM-TTHC", "Quảng trường: 100 % → 30 % sau 22:00 → 100 % từ 05:00", [{"at": "on", "level": 100}, {"at": "22:00", "level": 30},
                                                                           {"at": "05:00", "level": 100}]),
    ("SGTVT-FULL", "Đường tỉnh: 100 % cả đêm", [{"at": "on", "level": 100}]),
]
# code, name, owner, on offset, off offset, default program, rules [(name, program, weekdays, special)]
CALENDARS = [
    ("BCM-TPM", "Lịch chiếu sáng Thành phố mới Bình Dương", OWNER, 10, -10, "BCM-WEEKDAY",
     [("Tết Nguyên Đán", "BCM-FULL", "", "tet"), ("Ngày lễ", "BCM-FULL", "", "holidays"), ("Cuối tuần", "BCM-WEEKEND", "5,6", "")]),
    ("BCM-TTHC", "Lịch chiếu sáng Trung tâm Hành chính tập trung tỉnh", OWNER, 0, -15, "BCM-TTHC",
     [("Tết Nguyên Đán", "BCM-FULL", "", "tet"), ("Ngày lễ", "BCM-FULL", "", "holidays")]),
    ("SGTVT-DT742", "Lịch chiếu sáng đường tỉnh ĐT 742", DOT, 15, -15, "SGTVT-FULL", []),
]
GROUP_CALENDAR = {"HV": "BCM-TPM", "LL": "BCM-TPM", "VVK": "BCM-TPM", "LTT": "BCM-TPM", "TTHC": "BCM-TTHC", "DT742": "SGTVT-DT742"}
HISTORY_HOURS = 24
HISTORY_STEP = 3600
BASE_INSTALL = dt.date(2021, 6, 1)  # Becamex's LED conversion in the New City (demo date)


def _rand(*parts) -> float:
    return (zlib.crc32("/".join(map(str, parts)).encode()) % 100000) / 100000


def _metres(a, b) -> float:
    dlat = (b[0] - a[0]) * 111_320
    dlon = (b[1] - a[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def _along(line, spacing):
    """Points every `spacing` metres along a polyline."""
    out, carry = [], 0.0
    for a, b in zip(line, line[1:]):
        length = _metres(a, b)
        d = carry
        while d <= length:
            f = d / length
            out.append((a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f))
            d += spacing
        carry = d - length
    return out


def _ring():
    lat0, lon0 = RING_CENTRE
    return [(lat0 + RING_RADIUS_M / 111_320 * math.sin(2 * math.pi * i / RING_POLES),
             lon0 + RING_RADIUS_M / (111_320 * math.cos(math.radians(lat0))) * math.cos(2 * math.pi * i / RING_POLES))
            for i in range(RING_POLES)]


def plan() -> dict:
    """The whole demo inventory as plain data (no Django): streets -> poles -> luminaires."""
    poles, lums, cabinets = [], [], []
    for code, name, owner, street, line, spacing, arms, lamp, sodium_share, n_cab, height in STREETS:
        points = _ring() if line == "ring" else _along(line, spacing)
        per_cab = math.ceil(len(points) / n_cab)
        for c in range(n_cab):
            pts = points[c * per_cab:(c + 1) * per_cab]
            mid = pts[len(pts) // 2]
            cab_code = f"TD-{code}-{c + 1:02d}"
            cabinets.append({"code": cab_code, "name": f"{name} – tủ {c + 1}", "owner": owner, "lat": round(mid[0] + 0.00012, 6),
                             "lon": round(mid[1] + 0.00012, 6), "address": f"{street}, {WARD_HOA_PHU}" if owner == OWNER
                             else f"{street}, phường Phú Mỹ, TP. Thủ Dầu Một", "kva": 25.0 if arms == 2 else 15.0,
                             "meter": f"PC{zlib.crc32(cab_code.encode()) % 10**8:08d}"})
        for i, (lat, lon) in enumerate(points):
            pole_code = f"CD-{code}-{i + 1:03d}"
            cab_code = f"TD-{code}-{min(n_cab, i // per_cab + 1):02d}"
            poles.append({"code": pole_code, "lat": round(lat, 6), "lon": round(lon, 6), "street": street, "height": height,
                          "owner": owner, "arms": arms})
            for arm in range(arms):
                lcode = f"DEN-{code}-{i + 1:03d}" + (f"{'AB'[arm]}" if arms > 1 else "")
                tech, watts, rtech, rwatts = lamp
                if sodium_share and _rand(lcode, "sodium") < sodium_share:
                    tech, watts, rtech, rwatts = "hps", 250.0 if watts >= 150 else 150.0, "", 0.0
                n = len(lums)
                installed = BASE_INSTALL + dt.timedelta(days=int(_rand(lcode, "inst") * 400)) if tech == "led" \
                    else dt.date(2012, 3, 1)
                lums.append({"code": lcode, "pole": pole_code, "group": code, "owner": owner, "tech": tech, "watts": watts,
                             "rtech": rtech, "rwatts": rwatts or None, "cabinet": cab_code, "circuit": f"L{n % 3 + 1}",
                             "controller": f"ctl-{lcode.lower()}", "installed": installed, "height": height - 0.5,
                             "model": "Philips Luma gen2" if tech == "led" and watts >= 150 else
                             "Rạng Đông LED CSD06" if tech == "led" else "Sodium SON-T"})
    groups = [{"code": f"NHOM-{s[0]}", "street": s[0], "name": s[1], "owner": s[2]} for s in STREETS]
    return {"poles": poles, "luminaires": lums, "cabinets": cabinets, "groups": groups}


def meter_base(installed: dt.date, technology: str, watts: float, t: float) -> tuple[float, float]:
    """(energy kWh, operating hours) a lamp's meter shows at t: ~11.9 h a night since
    installation, LED at the dimming programs' mean of ~80 % of rated power."""
    days = max(0.0, (t - time.mktime(installed.timetuple())) / 86400)
    hours = days * 11.9
    share = 0.8 if technology == "led" else 1.0
    return round(hours * power_w(technology, watts, 100) * share / 1000, 3), round(hours, 2)


def load() -> dict:
    from django.db import transaction

    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.lighting import services
    from smartcity.lighting.models import (
        Cabinet, Calendar, CalendarRule, Circuit, ControlProgram, LightingGroup, Luminaire, Pole,
    )

    p = plan()
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=[OWNER, DOT])}
    unit = AdministrativeUnit.objects.filter(level="district", code="718").first()  # TP. Thủ Dầu Một (pre-2025)
    created = {"poles": 0, "luminaires": 0, "cabinets": 0}
    with transaction.atomic():
        programs = {}
        for code, name, steps in PROGRAMS:
            owner = orgs[DOT if code.startswith("SGTVT") else OWNER]
            programs[code], _ = ControlProgram.objects.update_or_create(code=code, defaults={"name": name, "steps": steps, "owner": owner})
        calendars = {}
        for code, name, owner, on, off, default, rules in CALENDARS:
            cal, new = Calendar.objects.update_or_create(code=code, defaults={
                "name": name, "owner": orgs[owner], "switching": "astro", "on_offset_min": on, "off_offset_min": off,
                "default_program": programs[default]})
            if new or not cal.rules.exists():
                cal.rules.all().delete()
                CalendarRule.objects.bulk_create([CalendarRule(calendar=cal, position=i, name=n, program=programs[pr], weekdays=wd,
                                                               special=sp) for i, (n, pr, wd, sp) in enumerate(rules)])
            calendars[code] = cal
        groups = {}
        for g in p["groups"]:
            groups[g["street"]], _ = LightingGroup.objects.update_or_create(code=g["code"], defaults={
                "name": g["name"], "owner": orgs[g["owner"]], "admin_unit": unit, "calendar": calendars[GROUP_CALENDAR[g["street"]]]})
        cabs = {c.code: c for c in Cabinet.objects.filter(code__in=[c["code"] for c in p["cabinets"]])}
        for c in p["cabinets"]:
            if c["code"] not in cabs:
                cabs[c["code"]] = Cabinet.objects.create(code=c["code"], name=c["name"], owner=orgs[c["owner"]], latitude=c["lat"],
                                                         longitude=c["lon"], address=c["address"], phases=3, rated_kva=c["kva"],
                                                         meter_number=c["meter"], admin_unit=unit)
                created["cabinets"] += 1
        circuits = {(ci.cabinet.code, ci.code): ci for ci in Circuit.objects.filter(cabinet__in=cabs.values()).select_related("cabinet")}
        new_circuits = []
        for code, cab in cabs.items():
            for ph in ("L1", "L2", "L3"):
                if (code, ph) not in circuits:
                    new_circuits.append(Circuit(cabinet=cab, code=ph, name=f"Lộ {ph}", phase=ph, owner=cab.owner))
        for ci in Circuit.objects.bulk_create(new_circuits):
            circuits[(ci.cabinet.code, ci.code)] = ci
        have_poles = {x.code: x for x in Pole.objects.filter(code__in=[x["code"] for x in p["poles"]])}
        new_poles = [Pole(code=x["code"], latitude=x["lat"], longitude=x["lon"], street=x["street"], height_m=x["height"],
                          material="thép mạ kẽm", arms=x["arms"], owner=orgs[x["owner"]], admin_unit=unit)
                     for x in p["poles"] if x["code"] not in have_poles]
        Pole.objects.bulk_create(new_poles)
        created["poles"] = len(new_poles)
        poles = {x.code: x for x in Pole.objects.filter(code__in=[x["code"] for x in p["poles"]])}
        have_lums = set(Luminaire.objects.filter(code__in=[x["code"] for x in p["luminaires"]]).values_list("code", flat=True))
        new_lums = [Luminaire(code=x["code"], pole=poles[x["pole"]], group=groups[x["group"]], owner=orgs[x["owner"]],
                              circuit=circuits[(x["cabinet"], x["circuit"])], model_name=x["model"], technology=x["tech"],
                              rated_power_w=x["watts"], replaced_technology=x["rtech"], replaced_power_w=x["rwatts"],
                              mounting_height_m=x["height"], controller_id=x["controller"], installed_on=x["installed"])
                    for x in p["luminaires"] if x["code"] not in have_lums]
        Luminaire.objects.bulk_create(new_lums)
        created["luminaires"] = len(new_lums)
        assets = _ensure_assets(services)
    readings = _history(assets)
    return {**created, "groups": len(groups), "calendars": len(calendars), "assets": assets["n"], "readings": readings}


def _ensure_assets(services) -> dict:
    """Hub assets for luminaires and cabinets that have none yet, in bulk (ensure_* one by one is
    for edits; here several hundred are created at once)."""
    from smartcity.hub import registry
    from smartcity.hub.models import Asset, Datastream
    from smartcity.lighting import hub_types
    from smartcity.lighting.models import Cabinet, Luminaire

    codes = {x["code"] for x in plan()["luminaires"]}
    lums = list(Luminaire.objects.filter(code__in=codes).select_related("pole", "group", "circuit__cabinet"))
    cabs = list(Cabinet.objects.filter(code__in={x["code"] for x in plan()["cabinets"]}))
    want = {services.luminaire_slug(x.code): x for x in lums}
    want.update({services.cabinet_slug(c.code): c for c in cabs})
    existing = {a.slug: a for a in Asset.objects.filter(slug__in=list(want))}
    new_assets = []
    for slug, rec in want.items():
        if slug in existing:
            continue
        if isinstance(rec, Luminaire):
            new_assets.append(Asset(slug=slug, asset_type_id="streetlight", owner_id=rec.owner_id, name=f"Đèn {rec.code} – {rec.pole.street}",
                                    name_en=f"Streetlight {rec.code}", latitude=rec.pole.latitude, longitude=rec.pole.longitude,
                                    admin_unit_id=rec.pole.admin_unit_id, address=f"{rec.pole.street}, {WARD_HOA_PHU}",
                                    properties={"technology": rec.technology, "rated_power_w": rec.rated_power_w,
                                                "controller": rec.controller_id, "group": rec.group.code, "pole": rec.pole.code}))
        else:
            new_assets.append(Asset(slug=slug, asset_type_id=hub_types.CABINET_TYPE, owner_id=rec.owner_id,
                                    name=f"Tủ điện chiếu sáng {rec.code} – {rec.name}", name_en=f"Lighting cabinet {rec.code}",
                                    latitude=rec.latitude, longitude=rec.longitude, admin_unit_id=rec.admin_unit_id, address=rec.address,
                                    properties={"phases": rec.phases, "rated_kva": rec.rated_kva, "meter": rec.meter_number}))
    Asset.objects.bulk_create(new_assets)
    assets = {a.slug: a for a in Asset.objects.filter(slug__in=list(want))}
    for slug, rec in want.items():
        if rec.asset_id != assets[slug].pk:
            type(rec).objects.filter(pk=rec.pk).update(asset=assets[slug])
            rec.asset = assets[slug]
    have = set(Datastream.objects.filter(asset__in=assets.values()).values_list("asset_id", "quantity_id"))
    new_streams = []
    for slug, a in assets.items():
        qs = hub_types.LUMINAIRE_QUANTITIES if slug.startswith("sl-") else hub_types.CABINET.quantities
        interval = 900
        new_streams += [Datastream(asset=a, quantity_id=q, unit=registry.QUANTITIES[q].unit, expected_interval_s=interval)
                        for q in qs if (a.id, q) not in have]
    Datastream.objects.bulk_create(new_streams)
    streams = {}
    for ds_id, asset_id, q in Datastream.objects.filter(asset__in=assets.values()).values_list("id", "asset_id", "quantity_id"):
        streams.setdefault(asset_id, {})[q] = ds_id
    return {"n": len(assets), "luminaires": lums, "cabinets": cabs, "streams": streams}


def _history(assets, now: int | None = None) -> int:
    """The last day's hourly readings of every demo lamp and cabinet, from its group's schedule."""
    from django.db import transaction

    from smartcity.hub.models import Latest
    from smartcity.hub.store import store
    from smartcity.lighting import services

    now = int(time.time()) if now is None else int(now)
    end = now - now % HISTORY_STEP
    start = end - HISTORY_HOURS * HISTORY_STEP
    ds_all = [d for per in assets["streams"].values() for d in per.values()]
    latest = dict(Latest.objects.filter(datastream_id__in=ds_all).values_list("datastream_id", "t"))
    timelines = {}
    levels = {}

    def level(group, t):
        key = (group.pk, t)
        if key not in levels:
            moment = dt.datetime.fromtimestamp(t, dt.timezone(dt.timedelta(hours=7)))
            night = moment.date() if moment.hour >= 12 else moment.date() - dt.timedelta(days=1)
            if (group.pk, night) not in timelines:
                timelines[(group.pk, night)] = services.group_timeline(group, night)
            tl = timelines[(group.pk, night)]
            levels[key] = tl.level_at(moment) if tl else 0
        return levels[key]

    rows = []
    cab_power: dict = {}
    cab_energy: dict = {}
    from smartcity.lighting.models import LightingGroup

    groups = {g.pk: g for g in LightingGroup.objects.select_related("calendar").filter(
        pk__in={x.group_id for x in assets["luminaires"]})}
    for lum in assets["luminaires"]:
        streams = assets["streams"].get(lum.asset_id, {})
        group = groups[lum.group_id]
        energy, hours = meter_base(lum.installed_on, lum.technology, lum.rated_power_w, start)
        faulty = _rand(lum.code, "fault") < 0.012
        for t in range(start, end + 1, HISTORY_STEP):
            lv = level(group, t)
            if lum.technology != "led" and lv > 0:
                lv = 100
            if faulty and t > end - 6 * 3600:
                lv = 0
            p = power_w(lum.technology, lum.rated_power_w, lv)
            values = {"power": p, "dimming_level": lv, "energy": round(energy, 3), "operating_hours": round(hours, 2),
                      "lamp_state": (3 if faulty and t > end - 6 * 3600 and level(group, t) > 0 else 0 if lv == 0 else 2 if lv < 100 else 1)}
            for q, v in values.items():
                ds = streams.get(q)
                if ds and latest.get(ds, -1) < t:
                    rows.append((ds, t, float(v), 0, None, None))
            energy += p * HISTORY_STEP / 3600 / 1000
            hours += HISTORY_STEP / 3600 if lv > 0 else 0
            if lum.circuit_id:
                key = (lum.circuit.cabinet_id, lum.circuit.phase, t)
                cab_power[key] = cab_power.get(key, 0.0) + p
    for cab in assets["cabinets"]:
        streams = assets["streams"].get(cab.asset_id, {})
        for t in range(start, end + 1, HISTORY_STEP):
            energy = cab_energy.get((cab.pk, t), 0.0)
            per = {ph: cab_power.get((cab.pk, ph.upper(), t), 0.0) for ph in ("l1", "l2", "l3")}
            total = sum(per.values())
            values = {"power": round(total, 1), "energy": round(energy, 3), "lamp_state": 1 if total > 0 else 0}
            for ph, pw in per.items():
                v = 226.0 + 4 * (_rand(cab.code, ph, t) - 0.5)
                values[f"voltage_{ph}"] = round(v, 1)
                values[f"current_{ph}"] = round(pw / (v * 0.95), 3)
                values[f"power_{ph}"] = round(pw, 1)
            for q, v in values.items():
                ds = streams.get(q)
                if ds and latest.get(ds, -1) < t:
                    rows.append((ds, t, float(v), 0, None, None))
    stored = 0
    for i in range(0, len(rows), 20000):
        with transaction.atomic():
            stored += store(rows[i:i + 20000], source="demo").stored
    return stored
