"""The demo's monitoring network (environment.md §7): real Binh Duong places with full
diacritics, plausible readings with daily and weekly patterns, calibration and error codes,
a few permit exceedances, station files the parser reads, the mobile vehicle's route, and
an idempotent loader that attaches the hub's air and water stations."""
import collections
import statistics

import pytest

from smartcity.environment import env_simulators as sim
from smartcity.environment import stationfile as sf
from smartcity.environment.env_simulators import BY_CODE, DEMO_STATIONS, FILE_STATIONS, MOBILE, PERMITS

HOUR, DAY = 3600, 86400
MIDNIGHT = 1_763_226_000  # a local midnight (Asia/Ho_Chi_Minh), a Sunday
BINH_DUONG = (10.85, 11.5, 106.3, 106.95)


def test_network_is_binh_duongs():
    kinds = collections.Counter(s.kind for s in DEMO_STATIONS)
    assert kinds == {"air": 7, "surface-water": 4, "wastewater": 10, "groundwater": 9, "emission": 1, "mobile": 1}
    assert len({s.code for s in DEMO_STATIONS}) == len(DEMO_STATIONS)
    for s in DEMO_STATIONS:
        assert BINH_DUONG[0] < s.lat < BINH_DUONG[1] and BINH_DUONG[2] < s.lon < BINH_DUONG[3], s.code
        assert s.district in {str(c) for c in range(718, 727)}
    parks = {s.industrial_park for s in DEMO_STATIONS if s.kind == "wastewater" and s.industrial_park}
    assert parks == {"KCN Sóng Thần", "KCN VSIP I", "KCN Mỹ Phước", "KCN Việt Hương", "KCN Đồng An", "KCN Bình Đường"}
    names = " ".join(s.name for s in DEMO_STATIONS)
    for place in ("Thủ Dầu Một", "Vĩnh Nguyên", "Sông Đồng Nai".lower(), "Sóng Thần", "Vĩnh Phú", "An Phú", "Giếng quan trắc",
                  "Xe quan trắc không khí di động", "Lò hơi"):
        assert place.lower() in names.lower(), place
    assert {s.asset_slug for s in DEMO_STATIONS if s.asset_slug} >= {"kk-di-an", "nm-song-sai-gon-tdm", "nm-suoi-thi-tinh-ben-cat"}
    assert BY_CODE["BD_TTQT_KK02"].asset_slug == "kk-di-an"
    assert not any(s.fed_by_files for s in DEMO_STATIONS if s.asset_slug)  # the hub's simulator feeds those
    groups = sim.ftp_groups()
    assert groups["ttqt-nuocngam"] == [f"BD_TTQT_NDD{i:02d}" for i in range(1, 10)]
    assert groups["giay-tpk"] == ["BD_GIAYTPK_NT01", "BD_GIAYTPK_KT01"]


def test_wastewater_follows_factory_shifts_and_week():
    s = BY_CODE["BD_KCNVSIP_NT01"]
    monday = MIDNIGHT + DAY
    def flow(day0, hours):
        return statistics.mean(sim.reading(s, "flow", day0 + h * HOUR)[0] for h in hours)
    assert flow(monday, (12, 13, 14)) > 1.3 * flow(monday, (2, 3, 4))  # the plant sees the day shift
    assert flow(monday, range(24)) > 1.2 * flow(MIDNIGHT, range(24))  # Sunday is quiet
    for q, (lo, hi) in {"ph": (6.0, 9.0), "cod": (10, 75), "tss": (3, 50), "water_temperature": (26, 36)}.items():
        values = [v for v, st in (sim.reading(s, q, monday + k * 300) for k in range(288)) if st == sim.VALID]
        assert lo <= min(values) and max(values) <= hi, q


def test_month_has_calibrations_errors_and_a_few_exceedances():
    statuses = collections.Counter()
    exceed = collections.Counter()
    start = MIDNIGHT - 30 * DAY
    for s in FILE_STATIONS:
        limits = PERMITS.get(s.kind, {})
        for t in range(start, MIDNIGHT, 900):  # every third reading: episodes last 30 min or more
            for q, (v, status) in sim.readings_at(s, t).items():
                statuses[status] += 1
                if status == sim.VALID and q in limits and s.kind == "wastewater" and limits[q][1] is not None and v > limits[q][1]:
                    exceed[s.code] += 1
    total = sum(statuses.values())
    assert 0.001 < statuses[sim.CALIBRATING] / total < 0.01 and 0.0005 < statuses[sim.ERROR] / total < 0.01
    risky = {s.code for s in FILE_STATIONS if s.profile.get("risk")}
    assert set(exceed) <= risky and len(exceed) >= 2  # only the dischargers with a history of it
    assert all(n < 0.05 * 30 * 96 for n in exceed.values())  # a few episodes, not a permanent breach


def test_groundwater_level_within_qc_range_and_moves():
    s = BY_CODE["BD_TTQT_NDD01"]
    day = [sim.reading(s, "water_level", MIDNIGHT + DAY + k * 300)[0] for k in range(288)]
    assert all(-150 < v < 0 for v in day)
    assert max(day) - min(day) > 0.2  # pumping by day, recovery at night
    temps = [round(sim.reading(s, "water_temperature", MIDNIGHT + k * 300)[0], 2) for k in range(72)]
    assert len(set(temps)) > 5  # never a flat line for 6 hours


def test_station_files_parse_with_the_circular_10_parser():
    s = BY_CODE["BD_KCNSONGTHAN_NT01"]
    name, data = sim.station_file(s, MIDNIGHT + DAY + 10 * HOUR)
    assert name == "BD_KCNSONGTHAN_NT01_20251117100000.txt"
    fn = sf.parse_name(name)
    assert fn.code == s.code and fn.t == MIDNIGHT + DAY + 10 * HOUR
    parsed = sf.parse_bytes(data)
    assert not parsed.errors and [ln.parameter for ln in parsed.lines] == ["pH", "COD", "TSS", "Flow", "Temp"]
    assert all(ln.t == fn.t for ln in parsed.lines) and b"\r\n" in data and data.count(b"\t") == 20


def test_files_carry_status_codes_and_malformed_lines():
    codes, errors, commas = collections.Counter(), collections.Counter(), 0
    for s in FILE_STATIONS[:6]:
        for t in range(MIDNIGHT - 7 * DAY, MIDNIGHT, 300):
            _name, data = sim.station_file(s, t)
            parsed = sf.parse_bytes(data)
            for ln in parsed.lines:
                codes[ln.status_code] += 1
            for e in parsed.errors:
                errors[e.code] += 1
            commas += any(line.split(b"\t")[1].count(b",") == 1 for line in data.splitlines() if line)
    assert codes["00"] > 0 and codes["01"] > 0 and codes["02"] > 0
    assert errors[sf.BAD_NUMBER] > 0 and set(errors) == {sf.BAD_NUMBER}  # `---`, `#N/A`, rejected with a reason
    assert commas > 0  # decimal commas: accepted by the lenient parser


def test_mobile_vehicle_drives_its_route_on_working_days():
    monday = MIDNIGHT + DAY
    assert sim.position(MIDNIGHT + 9 * HOUR) is None  # Sunday
    assert sim.position(monday + 7 * HOUR) is None and sim.position(monday + 12 * HOUR) is None
    track = [sim.position(monday + 8 * HOUR + k * 60) for k in range(180)]
    assert all(p is not None for p in track)
    lats = [p[0] for p in track]
    lons = [p[1] for p in track]
    assert max(lats) > 10.97 and min(lats) < 10.90 and max(lons) > 106.76  # Thủ Dầu Một to Dĩ An
    assert len(set(track)) > 100
    values = sim.readings_at(MOBILE, monday + 9 * HOUR)
    assert set(values) == set(MOBILE.quantities) and 5 < values["pm25"][0] < 150


@pytest.fixture
def loaded(hub, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    from smartcity.demo.hub_demo import load_hub_demo
    from smartcity.environment.demo import load_environment_demo

    now = MIDNIGHT + 3 * DAY + 10 * HOUR
    load_hub_demo(days=0.05, now=now)
    return now, load_environment_demo(days=0.5, now=now)


def test_loader_creates_the_network_idempotently(loaded, tmp_path):
    from smartcity.core.models import Organisation
    from smartcity.environment.demo import demo_ftp_passwords, load_environment_demo
    from smartcity.environment.models import FtpAccount, PermitLimit, Station
    from smartcity.hub.models import Observation

    now, first = loaded
    assert first["stations"] == first["new_stations"] == len(DEMO_STATIONS) == Station.objects.count()
    assert first["readings"] > 10_000
    st = Station.objects.select_related("asset").get(code="BD_TTQT_KK02")
    assert st.asset.slug == "kk-di-an" and st.asset.name == "Trạm quan trắc không khí tự động Dĩ An" and st.short_name == "Dĩ An"
    ww = Station.objects.select_related("asset", "owner").get(code="BD_KCNSONGTHAN_NT01")
    assert ww.owner.code == "HT-KCNSONGTHAN" and ww.owner.kind == "enterprise" and ww.industrial_park == "KCN Sóng Thần"
    assert set(ww.asset.datastreams.values_list("quantity_id", flat=True)) == {"ph", "cod", "tss", "flow", "water_temperature"}
    gw = Station.objects.get(code="BD_TTQT_NDD05")
    assert gw.asset.name.startswith("Giếng quan trắc nước dưới đất tự động Vĩnh Phú 2") and gw.owner.code == "DONRE"
    assert Organisation.objects.filter(code__in=[f.code for f in sim.FACILITIES]).count() == len(sim.FACILITIES)
    assert PermitLimit.objects.filter(station=ww, quantity_id="cod", limit_max=75).exists()
    # located readings of the vehicle; canonical units for the stack (mg/Nm³ SO2 -> µg/m³)
    mobile = Station.objects.get(code="BD_TTQT_XQT01")
    located = Observation.objects.filter(datastream__asset=mobile.asset, lat__isnull=False).count()
    assert located > 500
    so2 = Observation.objects.filter(datastream__asset__station__code="BD_GIAYTPK_KT01", datastream__quantity_id="so2", status=0).first()
    assert so2 is not None and so2.value > 50_000
    # FTP accounts: hashed, matching the installation's passwords (file mode 600)
    passwords = demo_ftp_passwords()
    acc = FtpAccount.objects.get(username="ttqt-nuocngam")
    assert acc.check_password(passwords["ttqt-nuocngam"]) and passwords["ttqt-nuocngam"] not in acc.password_hash
    assert acc.stations.count() == 9 and oct((tmp_path / "demo_ftp_accounts.json").stat().st_mode & 0o777) == "0o600"
    # again: nothing new
    versions = ww.history.count()
    again = load_environment_demo(days=0.5, now=now)
    assert again["new_stations"] == 0 and again["readings"] == 0 and again["new_ftp_accounts"] == 0
    assert ww.history.count() == versions and demo_ftp_passwords() == passwords
