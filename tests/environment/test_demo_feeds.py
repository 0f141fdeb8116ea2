"""The demo's live feeds against the real thing: station files uploaded with ftplib to the
platform's FTP server and stored by its inbox processor; the mobile vehicle's located
readings POSTed to a real server (the hub's API) as a device would."""
import time

import pytest

from smartcity.environment import env_simulators as sim
from smartcity.environment.env_simulators import BY_CODE, MOBILE, StationFileFeed

HOUR, DAY = 3600, 86400


@pytest.fixture
def network(shared_db, hub, settings, tmp_path):
    from smartcity.environment import demo

    settings.VAR_DIR = tmp_path
    settings.DATA_DIR = tmp_path / "data"
    demo._ensure_facilities()
    stations, _ = demo._ensure_stations()
    demo._ensure_ftp_accounts(stations)
    return stations


def test_station_files_uploaded_over_real_ftp_are_stored(network):
    from smartcity.environment import ftp
    from smartcity.environment.demo import demo_ftp_passwords
    from smartcity.environment.models import StationFile
    from smartcity.hub.models import Latest, Observation

    chosen = [BY_CODE["BD_KCNSONGTHAN_NT01"], BY_CODE["BD_TTQT_NDD01"], BY_CODE["BD_GIAYTPK_KT01"]]
    handle = ftp.start_server("127.0.0.1", 0, interval=0.3, settle_s=1.0)
    try:
        feed = StationFileFeed("127.0.0.1", handle.port, demo_ftp_passwords(), stations=chosen)
        now = int(time.time())
        grid = now - now % sim.FILE_INTERVAL
        assert feed.tick(now) == 9  # the last three 5-minute transmissions of each station
        assert feed.tick(now) == 0  # nothing new to send
        assert handle.wait_processed(timeout=30)
    finally:
        handle.stop()
    files = StationFile.objects.filter(station__code__in=[s.code for s in chosen])
    assert files.count() == 9 and set(files.values_list("outcome", flat=True)) == {"stored"}
    name = f"BD_KCNSONGTHAN_NT01_{sim.stamp(grid)}.txt"
    record = files.get(name=name)
    assert record.account.username == "kcn-songthan" and "/2" in record.archive_path  # archived in dated folders
    expected = sim.readings_at(BY_CODE["BD_KCNSONGTHAN_NT01"], grid)
    cod = Observation.objects.get(datastream__asset__station__code="BD_KCNSONGTHAN_NT01", datastream__quantity_id="cod", t=grid)
    assert cod.value == pytest.approx(round(expected["cod"][0], 1)) and cod.status == expected["cod"][1]
    so2 = Latest.objects.get(datastream__asset__station__code="BD_GIAYTPK_KT01", datastream__quantity_id="so2")
    assert so2.t == grid and so2.value > 50_000  # mg/Nm³ in the file, µg/m³ in the hub
    level = Latest.objects.get(datastream__asset__station__code="BD_TTQT_NDD01", datastream__quantity_id="water_level")
    assert level.value < 0


def test_status_codes_and_rejected_lines_reach_the_hub(network, settings):
    """A month of one station's files through the same inbox processor (no FTP): calibration
    (01) and error (02) readings are stored with their status; `---` lines are rejected."""
    from smartcity.environment import inbox
    from smartcity.hub.models import Observation, Status

    now = int(time.time())
    start = now - now % DAY - 20 * DAY
    hourly = range(start, start + 20 * DAY, 900)
    s = next(s for s in sim.FILE_STATIONS if s.kind == "wastewater"  # one that had a fault in the period
             and any(st == sim.ERROR for t in hourly for _v, st in sim.readings_at(s, t).values()))
    folder = settings.DATA_DIR / "backfill"
    folder.mkdir(parents=True)
    # every calibration or fault of the period, plus a reading every two hours
    times = [t for t in range(start, start + 20 * DAY, 300)
             if t % (2 * HOUR) == 0 or any(st != sim.VALID for _v, st in sim.readings_at(s, t).values())]
    for t in times:
        name, data = sim.station_file(s, t)
        (folder / name).write_bytes(data)
    summary = inbox.process_paths([folder], mode="keep")
    assert summary.files == len(times) and summary.quarantined == 0
    statuses = set(Observation.objects.filter(datastream__asset__station__code=s.code).values_list("status", flat=True))
    assert {Status.VALID, Status.CALIBRATING, Status.ERROR} <= statuses
    assert summary.rejected > 0  # the malformed values, each with its reason


def _weekday_morning(now: int) -> int:
    t = now - (now + 7 * HOUR) % DAY + 9 * HOUR  # today 09:00 local
    while t > now or sim.on_duty(t) is None:
        t -= DAY
    return t


def test_mobile_vehicle_readings_with_positions_over_http(live_server, hub, settings, tmp_path, device_token):
    from smartcity.core.models import Organisation
    from smartcity.environment.services import create_station
    from smartcity.hub.models import Observation

    settings.VAR_DIR = tmp_path
    st = create_station(MOBILE.code, MOBILE.name, "mobile", Organisation.objects.get(code="DONRE"), MOBILE.lat, MOBILE.lon)
    _token, key = device_token("DONRE", all_owner_assets=True)
    feed = sim.mobile_feed(live_server.url, mqtt_url="", keys={"DONRE": key})
    t = _weekday_morning(int(time.time()))
    assert feed.tick(t) == len(MOBILE.quantities)
    lat, lon = sim.position(t - t % 60)
    rows = Observation.objects.filter(datastream__asset=st.asset, t=t - t % 60)
    assert rows.count() == 8 and {(r.lat, r.lon) for r in rows} == {(lat, lon)}
    assert feed.tick(t + 10) == 0  # the same minute is not sent twice
    assert feed.messages(t - t % DAY + 2 * HOUR) == []  # off duty at night
