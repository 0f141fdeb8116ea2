"""GTFS feeds in the database: import of real feeds, lossless round trip, versions,
activation with archive, blocking by ERROR notices and force, the CLI commands."""
import io
import json
import time
import zipfile
from pathlib import Path

import pytest

from smartcity.testing import require
from django.core.management import CommandError, call_command

from smartcity.mobility.gtfs.reader import format_seconds, from_files, gtfs_seconds, read_feed

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gtfs"


def gtfs(name: str) -> Path:
    require(DATA.is_dir(), "../shared/data/gtfs (MobilityData's real feeds, read beside the clone, never copied)")
    return DATA / name


def zip_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def drop_column(data: bytes, column: str) -> bytes:
    """A CSV file without one of its columns (a corrupted copy made at test time)."""
    table = from_files({"t.txt": data}).tables["t"]
    i = table.columns.index(column)
    out = io.StringIO()
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow([c for k, c in enumerate(table.columns) if k != i])
    w.writerows([[c for k, c in enumerate(r) if k != i] for r in table.rows])
    return out.getvalue().encode()


def assert_same_feed(a, b):
    """Same tables, columns in the same order, same cells row by row; same other files."""
    assert set(a.tables) == set(b.tables)
    for name, ta in a.tables.items():
        tb = b.tables[name]
        assert ta.columns == tb.columns, name
        assert len(ta.rows) == len(tb.rows), name
        for i, (ra, rb) in enumerate(zip(ta.rows, tb.rows)):
            assert ra == rb, f"{name}.txt line {i + 2}: {ra} != {rb}"
    assert a.other_files == b.other_files


@pytest.fixture
def dot(reference):
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code="DOT")


# -- real feeds: import, counts, round trip --------------------------------------------------
@pytest.mark.parametrize("name", ["sample_gtfs.zip", "cairns_gtfs.zip", "caltrain-2017-07-24.zip"])
def test_real_feed_import_and_round_trip(name, dot, tmp_path):
    from smartcity.mobility import models as m
    from smartcity.mobility.gtfs.validate import validate
    from smartcity.mobility.services import feeds

    source = read_feed(gtfs(name))
    feed = feeds.import_feed(gtfs(name), owner="DOT")
    assert feed.version == 1 and feed.name == Path(name).stem and feed.status == "imported"
    # every table's columns in order and row count; typed tables in their models
    for tname, table in source.tables.items():
        meta = feed.files[f"{tname}.txt"]
        assert meta["columns"] == table.columns and meta["rows"] == len(table.rows)
        if tname in feeds.TABLE_MODELS:
            assert meta["stored"] == "table"
            assert feeds.TABLE_MODELS[tname].objects.filter(feed=feed).count() == len(table.rows)
        else:
            assert meta["stored"] == "verbatim"
            assert m.FeedFile.objects.filter(feed=feed, name=f"{tname}.txt").exists()
    # stop times carry seconds for arithmetic
    st = source.tables["stop_times"]
    first = m.StopTime.objects.filter(feed=feed).order_by("id").first()
    assert first.arrival_s == gtfs_seconds(st.rows[0][st.index("arrival_time")])
    # the validator's report (run once, at import) is stored: counts and every code
    report = feed._report
    assert report is not None and type(report).__module__ == validate.__module__
    assert (feed.errors, feed.warnings, feed.infos) == (report.errors, report.warnings, report.infos)
    assert {(n.code, n.count) for n in m.ValidationNotice.objects.filter(feed=feed)} == {(n.code, n.count) for n in report.notices}
    assert feed.validated_at is not None
    # service span from the calendar
    cal = source.tables.get("calendar")
    if cal is not None and cal.rows:
        assert feed.start_date.strftime("%Y%m%d") <= min(cal.col("start_date"))
        assert feed.end_date.strftime("%Y%m%d") >= max(cal.col("end_date"))
    # database -> RawFeed and -> zip give back what the producer wrote
    assert_same_feed(source, feeds.load_raw(feed))
    out = feeds.export_feed(feed, tmp_path / "out.zip")
    assert_same_feed(source, read_feed(out))


def test_seattle_imports_in_seconds(dot, tmp_path):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    t0 = time.perf_counter()
    feed = feeds.import_feed(gtfs("seattle-area-2017-11-16.zip"), owner="DOT")
    took = time.perf_counter() - t0
    source = read_feed(gtfs("seattle-area-2017-11-16.zip"))
    assert m.StopTime.objects.filter(feed=feed).count() == len(source.tables["stop_times"].rows) > 50000
    assert m.ShapePoint.objects.filter(feed=feed).count() == len(source.tables["shapes"].rows)
    assert took < 30, f"Seattle import took {took:.1f} s"
    assert feeds.load_raw(feed).tables["stop_times"].rows == source.tables["stop_times"].rows


# -- values that do not fit their typed column ---------------------------------------------------
def test_values_outside_typed_columns_are_kept_and_exported(dot, tmp_path):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    files = zip_files(gtfs("sample_gtfs.zip"))
    st = from_files({"stop_times.txt": files["stop_times.txt"]}).tables["stop_times"]
    rows = [list(r) for r in st.rows]
    seq, arr = st.index("stop_sequence"), st.index("arrival_time")
    rows[0][seq] = "x1"  # not a number
    rows[1][seq] = "02"  # a number written differently
    rows[3][seq] = rows[2][seq]  # a duplicate inside the trip
    rows[4][arr] = "7h30"  # not a time
    long_headsign = "Bến xe Thủ Dầu Một – " * 20
    cols = st.columns + ["vendor_note"]
    rows = [r + ["ghi chú" if i == 5 else ""] for i, r in enumerate(rows)]
    rows[5][st.index("stop_headsign")] = long_headsign
    out = io.StringIO()
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    w.writerows(rows)
    files["stop_times.txt"] = out.getvalue().encode()
    stops = files["stops.txt"].decode().splitlines()
    head = stops[0].split(",")
    lat = head.index("stop_lat")
    cells = stops[1].split(",")
    cells[lat] = cells[lat] + "000"  # 36.425288000: same float, other text
    stops[1] = ",".join(cells)
    files["stops.txt"] = ("\n".join(stops) + "\n").encode()
    path = write_zip(tmp_path / "odd.zip", files)

    feed = feeds.import_feed(path, owner="DOT", name="odd")
    rows_db = list(m.StopTime.objects.filter(feed=feed).order_by("id"))
    assert rows_db[0].stop_sequence >= feeds.SUBSTITUTE_BASE and rows_db[0].extra[feeds.RAW]["stop_sequence"] == "x1"
    assert rows_db[1].stop_sequence == 2 and rows_db[1].extra[feeds.RAW]["stop_sequence"] == "02"
    assert rows_db[3].stop_sequence >= feeds.SUBSTITUTE_BASE
    assert rows_db[4].arrival_s is None and rows_db[4].arrival_time == "7h30"
    assert rows_db[5].extra["vendor_note"] == "ghi chú" and len(rows_db[5].stop_headsign) == 255
    assert feed.errors > 0  # the validator reports the bad sequence and time
    assert_same_feed(read_feed(path), read_feed(feeds.export_feed(feed, tmp_path / "back.zip")))


def test_duplicate_keys_refuse_the_import(dot, tmp_path):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    files = zip_files(gtfs("sample_gtfs.zip"))
    lines = files["stops.txt"].decode().splitlines()
    files["stops.txt"] = ("\n".join(lines + [lines[2]]) + "\n").encode()
    with pytest.raises(feeds.ImportRefused) as exc:
        feeds.import_feed(write_zip(tmp_path / "dup.zip", files), owner="DOT")
    assert any("duplicate key stop_id" in p for p in exc.value.problems)
    assert f"line {len(lines) + 1}" in exc.value.problems[0]
    assert not m.Feed.objects.exists() and not m.Stop.objects.exists()


def test_not_a_zip_is_refused(dot, tmp_path):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(feeds.ImportRefused, match="not a readable zip"):
        feeds.import_feed(bad, owner="DOT")
    empty = write_zip(tmp_path / "empty.zip", {"readme.md": b"hello"})
    with pytest.raises(feeds.ImportRefused, match="no GTFS table"):
        feeds.import_feed(empty, owner="DOT")
    assert not m.Feed.objects.exists()


# -- versions, activation, archive, blocking ---------------------------------------------------
def test_versions_activation_and_archive(dot, make_user):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    user = make_user("dot-editor", "DOT")
    v1 = feeds.import_feed(gtfs("sample_gtfs.zip"), owner=dot, name="xe-buyt")
    v2 = feeds.import_feed(gtfs("sample_gtfs.zip"), owner=dot, name="xe-buyt")
    other = feeds.import_feed(gtfs("sample_gtfs.zip"), owner="BECAMEXTOKYU", name="xe-buyt")
    assert (v1.version, v2.version, other.version) == (1, 2, 1)
    assert feeds.active_feed("xe-buyt") is None
    feeds.activate(v1, user=user)
    other_active = feeds.activate(other)
    feeds.activate(v2, user=user)
    v1.refresh_from_db(), v2.refresh_from_db(), other_active.refresh_from_db()
    assert v1.status == "archived" and v2.status == "active" and other_active.status == "active"
    assert v2.activated_by == user and v2.activated_at is not None and not v2.forced
    assert feeds.active_feed("xe-buyt", owner="DOT") == v2
    assert feeds.active_feed("xe-buyt", owner="BECAMEXTOKYU") == other
    # the archived version stays queryable, with all its rows
    assert m.Stop.objects.filter(feed=v1).count() == m.Stop.objects.filter(feed=v2).count() == 9
    assert feeds.load_raw(v1).tables["stops"].rows == feeds.load_raw(v2).tables["stops"].rows
    assert m.Feed.objects.filter(owner=dot, name="xe-buyt", status="active").count() == 1


def test_errors_block_activation_unless_forced(dot, tmp_path, make_user):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    files = zip_files(gtfs("sample_gtfs.zip"))
    files["stops.txt"] = drop_column(files["stops.txt"], "stop_lat")
    path = write_zip(tmp_path / "no-lat.zip", files)
    good = feeds.import_feed(gtfs("sample_gtfs.zip"), owner=dot, name="tuyen", activate=True)
    with pytest.raises(feeds.FeedBlocked) as exc:
        feeds.import_feed(path, owner=dot, name="tuyen", activate=True)
    bad = exc.value.feed
    assert exc.value.errors == bad.errors > 0
    errors = m.ValidationNotice.objects.filter(feed=bad, severity="ERROR")
    assert sum(n.count for n in errors) == bad.errors and {n.code for n in errors} & {"missing_required_column", "stop_without_location"}
    bad.refresh_from_db(), good.refresh_from_db()
    assert bad.status == "imported" and good.status == "active"  # stored, not activated; the good one stays
    assert m.Stop.objects.filter(feed=bad, stop_lat__isnull=True).count() == 9
    with pytest.raises(feeds.FeedBlocked):
        feeds.activate(bad)
    user = make_user("dot-chief", "DOT", role="manager")
    feeds.activate(bad, user=user, force=True)
    bad.refresh_from_db(), good.refresh_from_db()
    assert bad.status == "active" and bad.forced and bad.activated_by == user
    assert good.status == "archived"
    # the corrupted feed exports as it came (no stop_lat column)
    assert_same_feed(read_feed(path), read_feed(feeds.export_feed(bad, tmp_path / "back.zip")))


def test_schedule_for_is_cached_per_feed(dot):
    from smartcity.mobility.services import feeds

    feed = feeds.import_feed(gtfs("sample_gtfs.zip"), owner=dot)
    s1 = feeds.schedule_for(feed)
    assert len(s1.trips) == 11 and set(s1.stops) == {r[0] for r in read_feed(gtfs("sample_gtfs.zip")).tables["stops"].rows}
    assert feeds.schedule_for(feed.pk) is s1
    trip = s1.trips["AB1"]
    assert [format_seconds(s) for s in trip.arr] == ["08:00:00", "08:10:00"]
    feeds.activate(feed)  # activation forgets cached schedules
    assert feeds.schedule_for(feed) is not s1


# -- commands --------------------------------------------------------------------------------
def test_cli_import_list_activate_export(dot, tmp_path):
    from smartcity.mobility.models import Feed

    report = tmp_path / "report.json"
    out, err = io.StringIO(), io.StringIO()
    call_command("mobility", "import-gtfs", str(gtfs("caltrain-2017-07-24.zip")), "--name", "caltrain", "--report", str(report),
                 stdout=out, stderr=err)
    feed = Feed.objects.get(name="caltrain")
    assert feed.owner.code == "DOT" and feed.status == "imported"
    assert "writing stop_times.txt" in err.getvalue() and f"feed {feed.pk}" in out.getvalue()
    body = json.loads(report.read_text())
    assert body["summary"]["noticeCounts"]["ERROR"] == feed.errors > 0
    assert {n["code"] for n in body["notices"]} >= {"stop_without_zone_id"}

    # activation asked and blocked: non-zero exit, report written, version stored
    report2 = tmp_path / "report2.json"
    with pytest.raises(CommandError) as exc:
        call_command("mobility", "import-gtfs", str(gtfs("caltrain-2017-07-24.zip")), "--name", "caltrain", "--activate",
                     "--report", str(report2), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 3 and report2.exists()
    v2 = Feed.objects.get(name="caltrain", version=2)
    assert v2.status == "imported"

    listing = io.StringIO()
    call_command("mobility", "feeds", "--json", stdout=listing)
    rows = json.loads(listing.getvalue())
    assert [(r["name"], r["version"], r["status"]) for r in rows] == [("caltrain", 2, "imported"), ("caltrain", 1, "imported")]
    assert rows[0]["stop_times"] == 2697

    with pytest.raises(CommandError):
        call_command("mobility", "activate", "--feed", str(v2.pk), stdout=io.StringIO())
    call_command("mobility", "activate", "--feed", str(v2.pk), "--force", stdout=io.StringIO())
    v2.refresh_from_db()
    assert v2.status == "active" and v2.forced

    zpath = tmp_path / "caltrain.zip"
    call_command("mobility", "export-gtfs", "--feed", str(v2.pk), "--out", str(zpath), stdout=io.StringIO(), stderr=io.StringIO())
    assert_same_feed(read_feed(gtfs("caltrain-2017-07-24.zip")), read_feed(zpath))

    # a file that is not a zip: refused, exit 2, nothing stored
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError) as exc:
        call_command("mobility", "import-gtfs", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 2 and Feed.objects.count() == 2


def test_files_without_a_table_are_kept_byte_for_byte(dot, tmp_path):
    from smartcity.mobility import models as m
    from smartcity.mobility.services import feeds

    files = {f"gtfs/{k}": v for k, v in zip_files(gtfs("sample_gtfs.zip")).items()}  # packed in a sub-folder
    files["gtfs/transfers.txt"] = b"from_stop_id,to_stop_id,transfer_type\r\nSTAGECOACH,NANAA,2\r\n"
    files["gtfs/ghi_chu.txt"] = b"tuyen,ben\nso 1,B\xean xe Th\xf9 D\xe2u M\xf4t\n"  # Windows-1258, not UTF-8
    files["gtfs/logo.png"] = b"\x89PNG\r\n\x1a\n\x00\x00"
    path = write_zip(tmp_path / "packed.zip", files)
    feed = feeds.import_feed(path, owner=dot)
    kept = {f.name: bytes(f.content) for f in m.FeedFile.objects.filter(feed=feed)}
    assert kept == {"attributions.txt": files["gtfs/attributions.txt"], "transfers.txt": files["gtfs/transfers.txt"],
                    "ghi_chu.txt": files["gtfs/ghi_chu.txt"], "logo.png": files["gtfs/logo.png"]}
    source = read_feed(path)
    back = feeds.load_raw(feed)
    assert_same_feed(source, back)
    assert back.unreadable.keys() == source.unreadable.keys() == {"ghi_chu.txt"}
    with zipfile.ZipFile(feeds.export_feed(feed, tmp_path / "out.zip")) as zf:
        assert zf.read("transfers.txt") == files["gtfs/transfers.txt"] and zf.read("logo.png") == files["gtfs/logo.png"]


def test_folder_import_named_after_the_folder(dot, tmp_path):
    from smartcity.mobility.services import feeds

    folder = tmp_path / "xe-buyt-binh-duong"
    folder.mkdir()
    for name, data in zip_files(gtfs("sample_gtfs.zip")).items():
        (folder / name).write_bytes(data)
    out = io.StringIO()
    call_command("mobility", "import-gtfs", str(folder), "--owner", "BECAMEXTOKYU", "--activate", stdout=out, stderr=io.StringIO())
    feed = feeds.active_feed("xe-buyt-binh-duong", owner="BECAMEXTOKYU")
    assert feed is not None and feed.version == 1 and "[active]" in out.getvalue()
    assert_same_feed(read_feed(folder), feeds.load_raw(feed))
    with pytest.raises(CommandError):
        call_command("mobility", "import-gtfs", str(folder), "--owner", "KHONGCO", stdout=io.StringIO(), stderr=io.StringIO())
