"""The station-file inbox: each file stored whole through the hub, or quarantined with a
reason; duplicates store nothing; archive by date; ordering; files still being written."""
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from smartcity.environment import inbox
from smartcity.environment.models import FtpAccount, StationFile
from smartcity.hub import store as store_module
from smartcity.hub.models import Latest, Observation, Status
from smartcity.hub.timebase import LOCAL_TZ

CODE = "BD_KCNSONGTHAN_NT01"
WHEN = datetime.now(LOCAL_TZ).replace(microsecond=0, second=0) - timedelta(hours=2)


def stamp(dt: datetime) -> str:
    return dt.strftime("%Y%m%d%H%M%S")


def station_text(dt=WHEN, cod="45.3", extra=""):
    s = stamp(dt)
    return (f"pH\t7.21\t-\t{s}\t00\nCOD\t{cod}\tmg/L\t{s}\t00\nTSS\t12,0\tMG/L\t{s}\t00\n"
            f"Temp\t29.4\toC\t{s}\t00\nFlow\t85.2\tm3/h\t{s}\t01\n{extra}")


def write(folder: Path, text: str, code=CODE, dt=WHEN, old=True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}_{stamp(dt)}.txt"
    path.write_text(text, encoding="utf-8", newline="")
    if old:  # settled: last written a minute ago
        os.utime(path, (time.time() - 60, time.time() - 60))
    return path


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def station(make_station):
    return make_station(CODE, "wastewater", name="Trạm nước thải KCN Sóng Thần", industrial_park="KCN Sóng Thần")


@pytest.fixture
def account(station):
    acc = FtpAccount(username="songthan", owner=station.owner)
    acc.set_password("Mật-khẩu-trạm-2025")
    acc.save()
    acc.stations.add(station)
    return acc


def latest(station) -> dict:
    return {r.datastream.quantity_id: (r.value, r.status) for r in Latest.objects.filter(datastream__asset=station.asset).select_related("datastream")}


def test_a_file_is_stored_through_the_hub_and_archived_by_date(data_dir, station):
    path = write(inbox.inbox_dir(), station_text())
    s = inbox.process_inbox(settle_s=0)
    assert (s.files, s.lines, s.stored, s.replaced, s.rejected, s.quarantined) == (1, 5, 5, 0, 0, 0)
    assert latest(station) == {"ph": (7.21, Status.VALID), "cod": (45.3, Status.VALID), "tss": (12.0, Status.VALID),
                               "water_temperature": (29.4, Status.VALID), "flow": (85.2, Status.CALIBRATING)}
    rec = StationFile.objects.get()
    assert (rec.outcome, rec.station, rec.station_code, rec.lines, rec.stored, rec.rejected) == ("stored", station, CODE, 5, 5, 0)
    kept = data_dir / "environment" / "archive" / WHEN.strftime("%Y/%m/%d") / path.name
    assert rec.archive_path == str(kept) and kept.read_text(encoding="utf-8") == station_text()
    assert not path.exists()
    assert rec.measured_at.timestamp() == WHEN.timestamp()


def test_unknown_station_goes_to_quarantine_with_a_reason_file(data_dir, station):
    path = write(inbox.inbox_dir(), station_text(), code="BD_KCNVIETHUONG_NT09")
    s = inbox.process_inbox(settle_s=0)
    assert (s.files, s.stored, s.quarantined) == (1, 0, 1)
    q = data_dir / "environment" / "quarantine" / path.name
    reason = (q.parent / (q.name + ".reason.txt")).read_text(encoding="utf-8")
    assert q.exists() and not path.exists()
    assert "code: unknown_station" in reason and "BD_KCNVIETHUONG_NT09" in reason
    rec = StationFile.objects.get()
    assert (rec.outcome, rec.code, rec.station, rec.archive_path) == ("quarantined", "unknown_station", None, str(q))
    assert Observation.objects.count() == 0


def test_a_file_with_no_valid_line_goes_to_quarantine(data_dir, station):
    s_ = stamp(WHEN)
    write(inbox.inbox_dir(), f"COD\tmất tín hiệu\tmg/L\t{s_}\t00\nXYZ\t1\t-\t{s_}\t00\npH 7\n")
    s = inbox.process_inbox(settle_s=0)
    assert (s.quarantined, s.rejected, s.stored) == (1, 3, 0)
    rec = StationFile.objects.get()
    assert rec.code == "no_valid_line"
    assert [(r["line"], r["code"]) for r in rec.rejections] == [(1, "bad_number"), (2, "unknown_quantity"), (3, "field_count")]
    reason = next((data_dir / "environment" / "quarantine").glob("*.reason.txt")).read_text(encoding="utf-8")
    assert "line 1: [bad_number]" in reason and "line 2: [unknown_quantity]" in reason
    assert Observation.objects.count() == 0


def test_a_bad_file_name_goes_to_quarantine(data_dir, station):
    p = inbox.inbox_dir() / f"{CODE}.txt"
    p.write_text(station_text())
    assert inbox.process_inbox(settle_s=0).quarantined == 1
    assert StationFile.objects.get().code == "bad_name"


def test_the_same_file_twice_stores_nothing_new(data_dir, station):
    write(inbox.inbox_dir(), station_text())
    inbox.process_inbox(settle_s=0)
    write(inbox.inbox_dir() / "resent", station_text())  # the datalogger sends it again, elsewhere
    s = inbox.process_inbox(settle_s=0)
    assert (s.files, s.stored, s.duplicates) == (1, 0, 1)
    assert Observation.objects.count() == 5
    assert list(StationFile.objects.order_by("pk").values_list("outcome", flat=True)) == ["stored", "duplicate"]
    assert not list(inbox.inbox_dir().rglob("*.txt"))


def test_a_half_valid_file_stores_the_valid_lines_and_records_the_others(data_dir, station):
    s_ = stamp(WHEN)
    extra = (f"NH4\tabc\tmg/L\t{s_}\t00\n"  # bad number
             f"Amoni\t1.5\tkg\t{s_}\t00\n"  # wrong unit
             f"Dioxin\t1\tng/L\t{s_}\t00\n"  # unknown parameter
             f"COD\t46\tmg/L\t{s_}\t00\n"  # the same parameter twice
             f"DO\t6.1\tmg/L\t{s_}\t09\n")  # unknown status: kept, flagged
    write(inbox.inbox_dir(), station_text(extra=extra))
    s = inbox.process_inbox(settle_s=0)
    assert (s.lines, s.stored, s.rejected, s.quarantined) == (10, 6, 4, 0)
    rec = StationFile.objects.get()
    assert [(r["line"], r["field"], r["code"]) for r in rec.rejections] == [
        (6, "value", "bad_number"), (7, "unit", "wrong_unit"), (8, "parameter", "unknown_quantity"), (9, "parameter", "duplicate_line")]
    assert all(r["reason"] for r in rec.rejections)
    assert [(n["line"], n["code"]) for n in rec.notes] == [(10, "unknown_status")]
    assert latest(station)["cod"] == (45.3, Status.VALID) and latest(station)["dissolved_oxygen"] == (6.1, Status.UNKNOWN)


def test_a_failing_store_leaves_nothing_half_applied(data_dir, station):
    path = write(inbox.inbox_dir(), station_text())

    def broken(rows, result):
        raise RuntimeError("disk full")

    store_module._AFTER_STORE.append(broken)
    try:
        proc = inbox.Processor(mode="move", inbox_root=inbox.inbox_dir())
        r = proc.process(path)
        assert (r.outcome, r.code, r.stored) == ("failed", "store_failed", 0)
        assert Observation.objects.count() == 0 and Latest.objects.count() == 0 and not StationFile.objects.exists()
        assert path.exists()  # left in the inbox to be tried again
        for _ in range(inbox.MAX_ATTEMPTS - 1):
            r = proc.process(path)
    finally:
        store_module._AFTER_STORE.remove(broken)
    assert r.outcome == "quarantined" and StationFile.objects.get().code == "store_failed"
    assert Observation.objects.count() == 0


def test_dated_sub_folders_and_measurement_time_order(data_dir, station, account):
    home = inbox.inbox_dir() / "songthan"
    later = WHEN + timedelta(minutes=5)
    # the later file is written first and sits in a folder that sorts first
    write(home / "2025" / "a", station_text(dt=later, cod="50.0"), dt=later)
    write(home / "2025" / "b" / "c", station_text(dt=WHEN, cod="40.0"), dt=WHEN)
    s = inbox.process_inbox(settle_s=0)
    assert (s.files, s.stored) == (2, 10)
    assert list(StationFile.objects.order_by("pk").values_list("measured_at", flat=True)) == sorted(
        StationFile.objects.values_list("measured_at", flat=True))
    assert latest(station)["cod"] == (50.0, Status.VALID)
    assert set(StationFile.objects.values_list("account__username", flat=True)) == {"songthan"}
    assert (home / "2025" / "b" / "c").is_dir()  # the station's folders stay


def test_an_account_may_deliver_only_its_stations(data_dir, station, account, make_station):
    make_station("BD_KCNMYPHUOC_NT02", "wastewater")
    write(inbox.inbox_dir() / "songthan", station_text(), code="BD_KCNMYPHUOC_NT02")
    s = inbox.process_inbox(settle_s=0)
    assert s.quarantined == 1 and Observation.objects.count() == 0
    rec = StationFile.objects.get()
    assert rec.code == "station_not_allowed" and rec.account == account and "songthan" in rec.reason


def test_files_still_being_written_are_not_read(data_dir, station):
    root = inbox.inbox_dir()
    fresh = write(root, station_text(), old=False)
    busy = write(root / "x", station_text(dt=WHEN + timedelta(minutes=5)), dt=WHEN + timedelta(minutes=5))
    (root / f".{CODE}_{stamp(WHEN)}.txt").write_text("partial")
    (root / f"{CODE}_{stamp(WHEN)}.txt.part").write_text("partial")
    assert inbox.pending(root, settle_s=5, busy={str(busy)}) == []
    assert inbox.pending(root, settle_s=0, busy={str(busy)}) == [fresh]
    s = inbox.process_inbox(settle_s=5, busy={str(busy)})
    assert s.files == 0 and Observation.objects.count() == 0


def test_an_interrupted_upload_is_quarantined_unread(data_dir, station):
    path = write(inbox.inbox_dir(), station_text()[:40])
    r = inbox.Processor(inbox_root=inbox.inbox_dir()).incomplete(path)
    assert (r.outcome, r.code) == ("quarantined", "incomplete_upload") and Observation.objects.count() == 0


def test_backfill_copies_and_keeps_originals(data_dir, station, tmp_path):
    src = tmp_path / "tram" / "2025"
    files = [write(src / f"{i:02d}", station_text(dt=WHEN - timedelta(minutes=5 * i)), dt=WHEN - timedelta(minutes=5 * i)) for i in range(4)]
    s = inbox.process_paths([tmp_path / "tram"], mode="copy")
    assert (s.files, s.stored, s.quarantined) == (4, 20, 0)
    assert all(f.exists() for f in files)
    again = inbox.process_paths([tmp_path / "tram"], mode="copy")
    assert (again.files, again.stored, again.duplicates) == (4, 0, 4)
    assert StationFile.objects.count() == 4  # a backfill run again records nothing twice
    assert Observation.objects.count() == 20


def test_two_stations_sending_identical_lines_are_not_duplicates(data_dir, station, make_station):
    other = make_station("BD_KCNSONGTHAN_NT02", "wastewater")
    write(inbox.inbox_dir(), station_text())
    write(inbox.inbox_dir(), station_text(), code="BD_KCNSONGTHAN_NT02")
    s = inbox.process_inbox(settle_s=0)
    assert (s.files, s.stored, s.duplicates) == (2, 10, 0)
    assert latest(other)["cod"] == (45.3, Status.VALID)
