"""`smartcity ingest csv`: history backfill from files, resumable, with quarantine.

Most tests call the service in-process inside pytest-django's test database. The SIGKILL
test cannot: pytest-django's SQLite test database lives in memory (and its PostgreSQL
test database holds the test's uncommitted transaction), so no other process can see it.
That test builds its own database instead, the way an operator would: a temporary SQLite
file (or, when the suite runs on PostgreSQL, a scratch database named after the suite's
test database), migrated and seeded through the real `smartcity` CLI in subprocesses, and
checked afterwards with the plain driver. It never touches pytest-django's database.
"""
import csv
import gzip
import io
import math
import random
import signal
import sqlite3
import time
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from smartcity.hub import store as store_module
from smartcity.hub.files import ingest_csv
from smartcity.hub.models import DailyRollup, HourlyRollup, IngestFile, Latest, Observation
from smartcity.hub.timebase import LOCAL_TZ, parse_time
from tests.scratch_db import ScratchDb

HEADER = "asset,quantity,unit,time,value,status\n"
START = datetime(2025, 1, 1, tzinfo=LOCAL_TZ)


def pm25(hour_index: int, rng: random.Random) -> float:
    """Plausible hourly PM2.5 (µg/m³) at a Binh Duong roadside station: higher in the dry
    season (Dec-Apr), peaks at the morning and evening rush hours."""
    t = START + timedelta(hours=hour_index)
    season = 38.0 if t.month in (12, 1, 2, 3, 4) else 22.0
    rush = 12.0 if t.hour in (7, 8, 17, 18, 19) else (-6.0 if 1 <= t.hour <= 5 else 0.0)
    return round(max(3.0, season + rush + 6 * math.sin(hour_index / 24 * 2 * math.pi) + rng.gauss(0, 4)), 1)


def year_rows(slug="kk-di-an", quantity="pm25", unit="µg/m³", hours=8760, seed=2025):
    rng = random.Random(seed)
    for h in range(hours):
        yield [slug, quantity, unit, (START + timedelta(hours=h)).isoformat(), f"{pm25(h, rng)}", "valid"]


def cp1258(text: str) -> bytes:
    """Windows-1258, what old Vietnamese Excel exports use (tone marks as combining marks)."""
    return unicodedata.normalize("NFD", text).encode("cp1258")


def write_csv(path: Path, rows, header=HEADER, compress=False) -> Path:
    text = header + "".join(",".join(r) + "\n" for r in rows)
    if compress:
        with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def station(make_asset):
    return make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769)


@pytest.fixture
def year_file(tmp_path):
    return write_csv(tmp_path / "di-an-pm25-2025.csv", year_rows())


def test_a_year_of_hourly_pm25_is_stored_with_latest_and_rollups(station, data_dir, year_file):
    report = ingest_csv(year_file, chunk_rows=2000)
    assert (report.status, report.rows, report.stored, report.rejected) == ("done", 8760, 8760, 0)
    assert Observation.objects.count() == 8760
    assert HourlyRollup.objects.count() == 8760 and DailyRollup.objects.count() == 365
    assert DailyRollup.objects.aggregate(n=Sum("n"))["n"] == 8760
    total = sum(float(r[4]) for r in year_rows())
    assert DailyRollup.objects.aggregate(s=Sum("total"))["s"] == pytest.approx(total)
    latest = Latest.objects.get()
    assert latest.t == parse_time("2025-12-31T23:00:00+07:00")
    record = IngestFile.objects.get(sha256=report.sha256)
    assert record.finished_at is not None and record.rows_done == 8760 and record.bytes_done == year_file.stat().st_size
    assert not (data_dir / "quarantine" / f"{year_file.name}.rejected.csv").exists()


def test_a_finished_file_is_not_loaded_twice_unless_forced(station, data_dir, year_file):
    ingest_csv(year_file, chunk_rows=5000)
    again = ingest_csv(year_file)
    assert (again.status, again.rows, again.stored) == ("already_done", 0, 8760)
    forced = ingest_csv(year_file, force=True)
    assert (forced.status, forced.rows, forced.stored, forced.unchanged) == ("done", 8760, 0, 8760)
    assert Observation.objects.count() == 8760
    assert HourlyRollup.objects.aggregate(n=Sum("n"))["n"] == 8760  # a re-run adds nothing to the rollups


def test_resume_after_a_stop_between_chunks(station, data_dir, year_file):
    calls = []

    def stop_after_two_chunks(position, total):
        calls.append(position)
        if len(calls) == 3:  # start, chunk 1, chunk 2
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_csv(year_file, chunk_rows=2000, progress=stop_after_two_chunks)
    record = IngestFile.objects.get()
    assert (record.rows_done, record.stored, record.finished_at) == (4000, 4000, None)
    assert Observation.objects.count() == 4000
    report = ingest_csv(year_file, chunk_rows=2000)
    assert (report.status, report.resumed_from, report.rows, report.stored, report.unchanged) == ("resumed", 4000, 4760, 8760, 0)
    assert Observation.objects.count() == 8760 and HourlyRollup.objects.aggregate(n=Sum("n"))["n"] == 8760


def test_a_failure_inside_a_chunk_rolls_back_the_chunk_and_its_rejects(station, data_dir, tmp_path):
    rows = list(year_rows(hours=3000))
    for i in (150, 1500, 2500):  # one bad value in each chunk
        rows[i][4] = "lỗi cảm biến"
    path = write_csv(tmp_path / "di-an.csv", rows)
    calls = []

    def crash_in_third_chunk(written, result):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("mất điện")

    store_module._AFTER_STORE.append(crash_in_third_chunk)
    try:
        with pytest.raises(RuntimeError):
            ingest_csv(path, chunk_rows=1000)
    finally:
        store_module._AFTER_STORE.remove(crash_in_third_chunk)
    record = IngestFile.objects.get()
    assert (record.rows_done, record.stored, record.rejected) == (2000, 1998, 2)
    assert Observation.objects.count() == 1998
    rejected = data_dir / "quarantine" / "di-an.csv.rejected.csv"
    assert [r["index"] for r in csv.DictReader(rejected.open(encoding="utf-8"))] == ["150", "1500", "2500"]  # 2500 not committed yet
    report = ingest_csv(path, chunk_rows=1000)
    assert (report.status, report.stored, report.rejected) == ("resumed", 2997, 3)
    assert [r["index"] for r in csv.DictReader(rejected.open(encoding="utf-8"))] == ["150", "1500", "2500"]
    assert Observation.objects.count() == 2997


def test_rejected_rows_are_listed_with_the_raw_row_and_can_be_fixed_and_reloaded(station, make_asset, data_dir, tmp_path):
    make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.98, lon=106.65)
    text = (HEADER
            + "kk-di-an,pm25,µg/m³,2025-03-01T08:00:00+07:00,41.2,valid\n"
            + "kk-ben-cat,pm25,µg/m³,2025-03-01T08:00:00+07:00,30.0,valid\n"      # 1 unknown asset
            + "kk-di-an,độ phóng xạ,‰,2025-03-01T08:00:00+07:00,3.1,valid\n"           # 2 unknown quantity
            + "kk-di-an,pm10,ppm,2025-03-01T08:00:00+07:00,50,valid\n"           # 3 wrong unit
            + "kk-di-an,pm10,µg/m³,2025-03-01T08:00:00+07:00,36,1,valid\n"       # 4 unquoted decimal comma
            + 'kk-di-an,pm10,µg/m³,2025-03-01T09:00:00+07:00,"36,1",valid\n'     # 5 quoted: accepted as 36.1
            + "kk-di-an,pm10,µg/m³,2099-01-01T00:00:00+07:00,20,valid\n"         # 6 future
            + "kk-di-an,pm10,µg/m³,hôm qua,20,valid\n"                           # 7 bad time
            + "\n"                                                               # 8 blank: skipped
            + "kk-thu-dau-mot,temperature,°C,2025-03-01T08:00:00+07:00,31.5,valid\n"
            + "kk-di-an,pm25,µg/m³,2025-03-01T08:00:00+07:00,41.2,valid\n")      # 10 repeats row 0
    path = tmp_path / "tram-2025-03.csv"
    path.write_text(text, encoding="utf-8")
    report = ingest_csv(path)
    assert (report.stored, report.unchanged, report.rejected, report.rows) == (3, 1, 6, 10)
    assert report.stored + report.replaced + report.unchanged + report.rejected == report.rows
    rejected = Path(report.rejected_path)
    assert rejected == data_dir / "quarantine" / "tram-2025-03.csv.rejected.csv"
    rows = list(csv.reader(rejected.open(encoding="utf-8")))
    assert rows[0] == ["index", "field", "code", "message", "asset", "quantity", "unit", "time", "value", "status"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("1", "asset", "unknown_asset"), ("2", "quantity", "unknown_quantity"), ("3", "unit", "wrong_unit"),
        ("4", "", "column_count"), ("6", "time", "future_time"), ("7", "time", "bad_time")]
    assert rows[2][4:] == ["kk-di-an", "độ phóng xạ", "‰", "2025-03-01T08:00:00+07:00", "3.1", "valid"]
    assert Observation.objects.get(datastream__quantity_id="pm10").value == pytest.approx(36.1)

    # the operator fixes the unit in the rejected file and loads that file as it is
    fixed = tmp_path / "tram-2025-03-sua.csv"
    fixed.write_text(rejected.read_text(encoding="utf-8").replace(",ppm,", ",µg/m³,"), encoding="utf-8")
    again = ingest_csv(fixed)
    assert (again.stored, again.rejected) == (1, 5)
    assert Observation.objects.filter(datastream__quantity_id="pm10").count() == 2


def test_export_columns_status_names_positions_and_datastream_ids(station, data_dir, tmp_path):
    text = ("asset,quantity,unit,time,value,status,lat,lon\n"
            "kk-di-an,pm25,µg/m³,2025-06-01T07:00:00+07:00,19.4,valid,10.906,106.769\n"
            "kk-di-an,pm25,µg/m³,2025-06-01T08:00:00+07:00,250.0,calibrating,,\n"
            "kk-di-an,PM2.5,mg/m3,2025-06-01T09:00:00+07:00,0.0215,00,,\n")
    report = ingest_csv(write_csv(tmp_path / "export.csv", [], header=text))
    assert (report.stored, report.rejected) == (3, 0)
    obs = list(Observation.objects.order_by("t").values_list("value", "status", "lat"))
    assert obs[0] == (19.4, 0, 10.906) and obs[1][1] == 1 and obs[2][0] == pytest.approx(21.5)
    ds = Observation.objects.first().datastream_id
    by_id = write_csv(tmp_path / "by-id.csv", [[str(ds), "2025-06-01T10:00:00+07:00", "23.0"]], header="datastream,time,value\n")
    assert ingest_csv(by_id).stored == 1
    assert HourlyRollup.objects.aggregate(n=Sum("n"))["n"] == 3  # the calibrating reading is kept out


def test_excel_style_bom_and_crlf_and_a_header_only_file(station, data_dir, tmp_path):
    text = "\ufeff" + HEADER.upper() + "".join(",".join(r) + "\r\n" for r in year_rows(hours=48))
    path = tmp_path / "di-an-excel.csv"
    path.write_bytes(text.encode("utf-8"))
    report = ingest_csv(path, chunk_rows=7)
    assert (report.stored, report.rejected) == (48, 0)
    assert IngestFile.objects.get(sha256=report.sha256).bytes_done == path.stat().st_size
    empty = write_csv(tmp_path / "chi-co-tieu-de.csv", [])
    assert (ingest_csv(empty).status, Observation.objects.count()) == ("done", 48)


def test_an_export_loads_back_unchanged(station, data_dir, tmp_path):
    ingest_csv(write_csv(tmp_path / "di-an-thang-3.csv", year_rows(hours=744)))
    out = io.StringIO()
    call_command("hub", "export", "--asset", "kk-di-an", stdout=out)
    exported = tmp_path / "xuat-kk-di-an.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    report = ingest_csv(exported)
    assert (report.rows, report.unchanged, report.stored, report.rejected) == (744, 744, 0, 0)


def test_gzip_file_loads_and_resumes(station, data_dir, tmp_path):
    path = write_csv(tmp_path / "di-an-pm25-2025.csv.gz", year_rows(), compress=True)
    calls = []

    def stop(position, total):
        calls.append(position)
        assert 0 <= position <= total == path.stat().st_size
        if len(calls) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_csv(path, chunk_rows=1500, progress=stop)
    assert Observation.objects.count() == 4500
    report = ingest_csv(path, chunk_rows=1500)
    assert (report.status, report.stored, report.unchanged) == ("resumed", 8760, 0)
    assert Observation.objects.count() == 8760


@pytest.mark.parametrize("name,content,code", [
    ("tram-di-an-cp1258.csv", cp1258(HEADER + "kk-di-an,pm25,µg/m³,2025-01-01T00:00:00+07:00,30,valid\n"), "not_utf8"),
    ("anh-chup-tram.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("so-lieu-dau-cham-phay.csv", "trạm;thông số;thời gian;giá trị\nkk-di-an;pm25;2025-01-01 00:00;30\n".encode(), "bad_header"),
    ("rong.csv", b"", "empty"),
    ("hong.csv.gz", gzip.compress((HEADER + "kk-di-an,pm25,,2025-01-01T00:00:00+07:00,30,valid\n" * 50).encode())[:-30], "bad_gzip"),
])
def test_an_unreadable_file_is_quarantined_with_a_reason_and_nothing_is_stored(station, data_dir, tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    report = ingest_csv(path)
    assert (report.status, report.code) == ("quarantined", code)
    copy = data_dir / "quarantine" / name
    assert copy.read_bytes() == content and path.exists()
    reason = (data_dir / "quarantine" / f"{name}.reason.txt").read_text(encoding="utf-8")
    assert f"code: {code}" in reason and report.sha256 in reason
    assert not Observation.objects.exists() and not IngestFile.objects.exists()


def test_one_bad_byte_at_the_end_stores_nothing_of_the_file(station, data_dir, tmp_path):
    good = (HEADER + "".join(",".join(r) + "\n" for r in year_rows(hours=5000))).encode()
    path = tmp_path / "di-an-xuat-tu-excel.csv"
    path.write_bytes(good + cp1258("kk-di-an,pm25,µg/m³,2025-08-01T00:00:00+07:00,30,valid\n"))
    report = ingest_csv(path, chunk_rows=1000)
    assert report.status == "quarantined" and report.code == "not_utf8"
    assert "5002" in report.reason  # the line: the header and 5000 good rows come before it
    assert str(len(good) + len("kk-di-an,pm25,")) in report.reason  # the byte offset
    assert not Observation.objects.exists()


def test_a_device_token_writes_only_to_its_assets(station, make_asset, device_token, data_dir, tmp_path):
    make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một")
    _, key = device_token(assets=[station])
    rows = list(year_rows(hours=24)) + list(year_rows(slug="kk-thu-dau-mot", hours=24))
    path = write_csv(tmp_path / "hai-tram.csv", rows)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("ingest", "csv", str(path), "--token", key, "--no-progress", stdout=out, stderr=err)
    assert exc.value.returncode == 1  # rows rejected
    assert Observation.objects.count() == 24
    assert set(Observation.objects.values_list("datastream__asset__slug", flat=True)) == {"kk-di-an"}
    rejected = list(csv.DictReader(Path(data_dir / "quarantine" / "hai-tram.csv.rejected.csv").open(encoding="utf-8")))
    assert len(rejected) == 24 and {r["code"] for r in rejected} == {"forbidden_asset"}
    with pytest.raises(CommandError) as exc:
        call_command("ingest", "csv", str(path), "--token", "dv_khong_hop_le", stdout=out, stderr=err)
    assert exc.value.returncode == 2


def test_a_personal_token_follows_the_permission_rule(station, make_user, data_dir, tmp_path):
    from smartcity.core.services import issue_api_token

    path = write_csv(tmp_path / "di-an-thang-1.csv", year_rows(hours=744))
    _, dot_key = issue_api_token(make_user("nv.giaothong", "DOT", "editor"), "nạp lịch sử")
    with pytest.raises(CommandError) as exc:
        call_command("ingest", "csv", str(path), "--token", dot_key, "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 1 and not Observation.objects.exists()
    _, donre_key = issue_api_token(make_user("nv.moitruong", "DONRE", "editor"), "nạp lịch sử")
    call_command("ingest", "csv", str(path), "--token", donre_key, "--force", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert Observation.objects.count() == 744


def test_command_prints_a_summary_and_sets_the_exit_status(station, data_dir, tmp_path, year_file):
    bad = tmp_path / "bao-cao.csv"
    bad.write_bytes(b"\x00\x01\x02")
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", "csv", str(year_file), "--chunk", "3000", "--progress", stdout=out, stderr=err)
    table = out.getvalue()
    assert year_file.name in table and "8,760" in table
    assert year_file.name in err.getvalue() and "B/s" in err.getvalue()  # the tqdm bar, by bytes
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("ingest", "csv", str(year_file), str(bad), str(tmp_path / "khong-co.csv"), "--no-progress", stdout=out, stderr=err)
    assert exc.value.returncode == 2
    first_cells = [line.split()[0] for line in out.getvalue().splitlines() if line.strip()]
    assert [c for c in first_cells if c.endswith(".csv")] == [year_file.name, "bao-cao.csv", "khong-co.csv"]
    assert "[binary]" in err.getvalue() and "[missing]" in err.getvalue() and "B/s" not in err.getvalue()
    assert Observation.objects.count() == 8760


def test_two_runs_on_one_file_cannot_both_advance_it(station, data_dir, year_file):
    def other_process_moves_on(position, total):
        if position > 200:  # after the first chunk: someone else commits progress
            IngestFile.objects.update(rows_done=9999, bytes_done=position + 1)

    report = ingest_csv(year_file, chunk_rows=1000, progress=other_process_moves_on)
    assert report.status == "conflict" and report.failed
    assert Observation.objects.count() == 1000  # the second chunk was rolled back


# -- SIGKILL in the middle of a file, through the real CLI ---------------------------------------
SLUGS = (("kk-di-an", "Trạm quan trắc không khí Dĩ An", 10.906, 106.769),
         ("kk-thu-dau-mot", "Trạm quan trắc không khí Thủ Dầu Một", 10.980, 106.655))
SEED = """
from smartcity.core.seed import load_reference
from smartcity.core.models import Organisation
from smartcity.hub.models import Asset
load_reference()
for slug, name, lat, lon in {slugs!r}:
    Asset.objects.get_or_create(slug=slug, defaults=dict(asset_type_id="air-station", name=name, latitude=lat,
                                longitude=lon, owner=Organisation.objects.get(code="DONRE")))
"""


def kill_when(db: ScratchDb, proc, rows_done_at_least: int, deadline_s: float = 90.0) -> int:
    """SIGKILL `proc` as soon as the file's committed progress reaches the threshold."""
    end = time.monotonic() + deadline_s
    done = 0
    while time.monotonic() < end and proc.poll() is None:  # bounded by the deadline
        try:
            rows = db.query("SELECT rows_done FROM hub_ingestfile")
        except (sqlite3.OperationalError,):
            rows = []
        done = rows[0][0] if rows else 0
        if done >= rows_done_at_least:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(timeout=30)
    return done


def test_sigkill_in_the_middle_of_a_file_then_resume_stores_everything_exactly_once(tmp_path):
    db = ScratchDb(tmp_path, "ingest_kill")
    try:
        db.migrate()
        db.cli("shell", "-v0", "-c", SEED.format(slugs=SLUGS))
        rows, bad = [], set()
        for n, (slug, *_rest) in enumerate(SLUGS):
            for quantity, unit in (("pm25", "µg/m³"), ("pm10", "µg/m³"), ("temperature", "°C")):
                for row in year_rows(slug=slug, quantity=quantity, unit=unit, seed=n):
                    if quantity == "temperature":
                        row[4] = f"{float(row[4]) / 2 + 14:.1f}"
                    rows.append(row)
        for i in range(500, len(rows), 997):
            rows[i][4] = "mất tín hiệu"
            bad.add(i)
        good = len(rows) - len(bad)
        path = write_csv(tmp_path / "binh-duong-khong-khi-2025.csv", rows)
        args = ("ingest", "csv", str(path), "--chunk", "1000", "--no-progress")

        first = db.popen(*args)
        seen = kill_when(db, first, 3000)
        assert first.returncode == -signal.SIGKILL, first.stderr.read()
        second = db.popen(*args)
        kill_when(db, second, seen + 5000)
        assert second.returncode == -signal.SIGKILL, second.stderr.read()
        ((rows_done, finished),) = db.query("SELECT rows_done, finished_at FROM hub_ingestfile")
        assert finished is None and 8000 <= rows_done < len(rows)  # really killed mid-file, twice

        last = db.cli(*args, check=False)
        assert last.returncode == 1, last.stderr  # 1: some rows were rejected
        ((rows_done, stored, replaced, unchanged, rejected, finished),) = db.query(
            "SELECT rows_done, stored, replaced, unchanged, rejected, finished_at FROM hub_ingestfile")
        assert (rows_done, stored, replaced, unchanged, rejected) == (len(rows), good, 0, 0, len(bad))
        assert finished is not None
        assert db.query("SELECT COUNT(*) FROM hub_observation") == [(good,)]
        # rollups were added once per reading: no chunk was counted twice across the kills
        ((n, total),) = db.query("SELECT SUM(n), SUM(total) FROM hub_rollup_hour")
        expected = sum(float(r[4]) for i, r in enumerate(rows) if i not in bad)
        assert n == good and total == pytest.approx(expected)
        assert db.query("SELECT SUM(n) FROM hub_rollup_day") == [(good,)]
        rejected_file = tmp_path / "data" / "quarantine" / f"{path.name}.rejected.csv"
        indexes = [int(r["index"]) for r in csv.DictReader(rejected_file.open(encoding="utf-8"))]
        assert indexes == sorted(bad)

        again = db.cli(*args, check=False)
        assert again.returncode == 1 and db.query("SELECT COUNT(*) FROM hub_observation") == [(good,)]
    finally:
        db.drop()
