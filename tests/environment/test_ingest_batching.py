"""Station files stored many per transaction (a savepoint each, hooks keeping lookups and
the index queue for the batch) give exactly what storing them one by one gives: readings,
rollups, latest values, QC flags, indices, exceedances, alerts and the files' own rows.

Two identical networks (station codes BD_A_* and BD_B_*) receive the same files: network A
file by file (`Processor.process`, one transaction each, as before batching, and the limits
evaluator asking per datastream, as before its read-ahead), network B through
`process_paths` (chunks of files in one transaction, the alerts app's and the limits'
per-transaction caches, the read-ahead of all datastreams closing an hour). Everything each produced is
compared after mapping the station codes."""
import math
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from smartcity.environment import inbox, indexing, limits_hooks
from smartcity.environment.models import Exceedance, FileOutcome, IndexValue, QcFlag, Station, StationFile
from smartcity.hub import store as store_module
from smartcity.hub.models import Datastream, DailyRollup, HourlyRollup, Latest, Observation
from smartcity.hub.timebase import LOCAL_TZ

DAY = datetime.now(LOCAL_TZ).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)
AIR = ["pm25", "pm10", "no2", "so2", "co", "o3"]
WATER = ["ph", "dissolved_oxygen", "cod", "tss", "water_temperature", "ammonium"]
N = 10 * 12  # ten hours of 5-minute files


def stamp(dt):
    return dt.strftime("%Y%m%d%H%M%S")


def air_text(k: int, dt) -> str:
    s = stamp(dt)
    pm25 = 30 + 12 * math.sin(k / 9) + (400 if k == 33 else 0)  # one spike
    no2 = 260 if 24 <= k < 48 else 80 + k % 7  # hours 2 and 3 above the 1-hour limit (200 µg/m³)
    so2 = 5000 if k == 70 else 20 + k % 5  # one value out of range
    co = "1.5" if 50 <= k < 90 else f"1.{k % 9}"  # the CO analyser stuck for more than 2 hours
    status = "01" if k == 60 else "00"
    lines = [f"PM2.5\t{pm25:.1f}\tug/m3\t{s}\t00", f"PM10\t{2 * pm25:.1f}\tug/m3\t{s}\t00", f"NO2\t{no2}\tug/m3\t{s}\t{status}",
             f"SO2\t{so2}\tug/m3\t{s}\t00", f"CO\t{co}\tmg/m3\t{s}\t00", f"O3\t{60 + k % 11}\tug/m3\t{s}\t00"]
    if k == 15:
        lines.append(f"O3\tabc\tug/m3\t{s}\t00")  # a bad line: rejected, the rest stored
    if k == 16:
        lines[5] = f"O3\t61\tug/m3\t{s}\t07"  # unknown status: kept, noted
    return "\r\n".join(lines) + "\r\n"


def water_text(k: int, dt) -> str:
    s = stamp(dt)
    ph = 9.6 if k == 30 else 7.2 + (k % 4) / 10  # a spike
    do = 25 if k == 50 else 6 + (k % 6) / 10  # out of range, between valid neighbours
    return (f"pH\t{ph:.2f}\t-\t{s}\t00\nDO\t{do}\tmg/L\t{s}\t00\nCOD\t{12 + k % 3}\tmg/L\t{s}\t00\n"
            f"TSS\t{20 + k % 8}\tmg/L\t{s}\t00\nTemp\t{28 + (k % 5) / 10}\toC\t{s}\t00\nNH4\t0.{2 + k % 3}\tmg/L\t{s}\t00\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return path


def make_files(root: Path, net: str) -> list[Path]:
    files = []
    for k in range(N):
        dt = DAY + timedelta(minutes=5 * k)
        day = dt.strftime("%Y/%m/%d")
        files.append(write(root / "a_first" / f"BD_{net}_KK01" / day / f"BD_{net}_KK01_{stamp(dt)}.txt", air_text(k, dt)))
        files.append(write(root / "a_first" / f"BD_{net}_NM01" / day / f"BD_{net}_NM01_{stamp(dt)}.txt", water_text(k, dt)))
    dt = DAY + timedelta(minutes=5 * 20)  # a corrected file sent again (same name, new PM2.5)
    files.append(write(root / "b_resend" / f"BD_{net}_KK01_{stamp(dt)}.txt", air_text(20, dt).replace("PM2.5\t", "PM2.5\t1")))
    dt = DAY + timedelta(minutes=5 * 40)  # the same file twice: a duplicate
    files.append(write(root / "c_copy" / f"BD_{net}_NM01_{stamp(dt)}.txt", water_text(40, dt)))
    dt = DAY + timedelta(minutes=5 * 41)  # a station nobody knows: quarantined between chunks
    files.append(write(root / "d_unknown" / f"BD_{net}_XX99_{stamp(dt)}.txt", water_text(41, dt)))
    return files


@pytest.fixture
def networks(make_station, settings, tmp_path):
    from smartcity.environment import limits_seed

    settings.DATA_DIR = tmp_path / "data"
    limits_seed.seed()  # QCVN limits and DONRE's exceedance rules
    for net in "AB":
        make_station(f"BD_{net}_KK01", kind="air", name=f"Trạm không khí Dĩ An {net}", quantities=AIR)
        make_station(f"BD_{net}_NM01", kind="surface-water", name=f"Trạm nước mặt Thị Tính {net}", river="Thị Tính",
                     quantities=WATER)
    return tmp_path


@pytest.fixture
def immediate_huey():
    from huey.contrib.djhuey import HUEY

    before, HUEY.immediate = HUEY.immediate, True  # indices computed at each commit, as the worker would
    try:
        yield
    finally:
        HUEY.immediate = before


def snapshot(net: str) -> dict:
    """Everything the files produced for network `net`, with station codes made neutral."""
    from smartcity.alerts.models import Alert

    stations = {s.pk: s.code.replace(f"BD_{net}_", "") for s in Station.objects.filter(code__startswith=f"BD_{net}_")}
    assets = {s.asset_id: stations[s.pk] for s in Station.objects.filter(pk__in=stations)}
    ds = {d.pk: (assets[d.asset_id], d.quantity_id) for d in Datastream.objects.filter(asset_id__in=assets)}
    by_ds = {"datastream_id__in": list(ds)}

    def rows(qs, *fields):
        out = []
        for r in qs.values_list("datastream_id", *fields):
            out.append((ds[r[0]], *[round(x, 9) if isinstance(x, float) else x for x in r[1:]]))
        return sorted(out, key=repr)

    files = sorted((f.name.replace(f"BD_{net}_", ""), f.outcome, f.code, f.lines, f.stored, f.replaced, f.unchanged,
                    f.rejected, f.rejections, f.notes, Path(f.archive_path).name.replace(f"BD_{net}_", ""))
                   for f in StationFile.objects.filter(station_code__startswith=f"BD_{net}_"))
    return {
        "observations": rows(Observation.objects.filter(**by_ds), "t", "value", "status"),
        "hours": rows(HourlyRollup.objects.filter(**by_ds), "bucket", "n", "total", "vmin", "vmax"),
        "days": rows(DailyRollup.objects.filter(**by_ds), "bucket", "n", "total", "vmin", "vmax"),
        "latest": rows(Latest.objects.filter(**by_ds), "t", "value", "status"),
        "flags": rows(QcFlag.objects.filter(**by_ds), "t", "rule", "state", "value", "detail", "since", "note"),
        "exceedances": rows(Exceedance.objects.filter(**by_ds), "key", "averaging", "window_start", "window_end", "value",
                            "limit_value", "bound", "coverage", "evidence", "message"),
        "alerts": rows(Alert.objects.filter(**by_ds), "rule_id", "key", "state", "severity", "first_at", "last_at", "value",
                       "peak", "readings", "message"),
        "indices": sorted((stations[i.station_id], i.kind, i.t, i.value, i.dominant, i.band, repr(i.parts))
                          for i in IndexValue.objects.filter(station_id__in=stations)),
        "files": files,
    }


def test_batched_ingest_equals_file_by_file(networks, immediate_huey, monkeypatch):
    root = networks
    one_by_one = inbox.collect(make_files(root / "A", "A"))  # measurement-time order, as process_paths takes them
    batched = make_files(root / "B", "B")

    proc = inbox.Processor(mode="copy", record_duplicates=False)  # the reference: a transaction per file
    proc.known_shas = inbox._recorded_shas(one_by_one)
    with monkeypatch.context() as m:  # and the limits evaluator asking per datastream, as before its read-ahead
        m.delattr(limits_hooks.evaluate, "prefetch")
        results_a = [proc.process(p, account=None) for p in one_by_one]
    indexing.process_dirty()

    monkeypatch.setattr(inbox, "CHUNK_FILES", 37)  # several chunks, and chunk ends in odd places
    commits = []
    real_batch = store_module.batch

    def counting_batch():
        commits.append(1)
        return real_batch()

    monkeypatch.setattr(inbox, "store_batch", counting_batch)
    summary = inbox.process_paths(batched, mode="copy")
    indexing.process_dirty()

    assert [r.outcome for r in results_a] == [r.outcome for r in summary.results]
    assert summary.as_dict()["files"] == len(batched) and summary.failed == 0
    assert summary.quarantined == 1 and summary.duplicates == 1 and summary.replaced == 1 and summary.rejected == 1
    assert len(commits) < len(batched) / 10  # many files per transaction

    a, b = snapshot("A"), snapshot("B")
    # the scenario exercises what it claims to
    flags = {(f[0][1], f[2]) for f in a["flags"]}
    assert {("pm25", "spike"), ("so2", "range"), ("co", "flatline"), ("ph", "spike"), ("dissolved_oxygen", "range")} <= flags
    assert any(f[0][1] == "dissolved_oxygen" and f[2] == "spike" for f in a["flags"]) is False  # judged per file
    assert any(al[3] == "cleared" for al in a["alerts"]) and any(e[0][1] == "no2" for e in a["exceedances"])
    assert {i[1] for i in a["indices"]} >= {"vn_aqi_h", "us_aqi_h", "vn_wqi"}
    assert any(o[3] == 3 for o in a["observations"])  # readings turned SUSPECT by QC
    for part in a:
        assert a[part] == b[part], part


def test_a_failing_file_rolls_back_alone_inside_a_batch(networks, monkeypatch):
    root = networks
    files = make_files(root / "B", "B")[:40]  # 20 air and 20 water files
    bad_t = int((DAY + timedelta(minutes=5 * 7)).timestamp())
    air_ds = set(Datastream.objects.filter(asset__station__code="BD_B_KK01").values_list("id", flat=True))

    def broken(written, result):
        if any(row[1] == bad_t and row[0] in air_ds for row in written):
            raise RuntimeError("disk full")

    store_module._AFTER_STORE.append(broken)
    try:
        summary = inbox.process_paths(files, mode="copy")
    finally:
        store_module._AFTER_STORE.remove(broken)
    failed = [r for r in summary.results if r.outcome == "failed"]
    assert [r.name for r in failed] == [f"BD_B_KK01_{stamp(DAY + timedelta(minutes=35))}.txt"]
    assert "disk full" in failed[0].reason and failed[0].stored == 0
    assert not Observation.objects.filter(datastream_id__in=air_ds, t=bad_t).exists()  # nothing of it
    assert Observation.objects.filter(datastream_id__in=air_ds, t=bad_t - 300).count() == 6  # its neighbours whole
    assert Observation.objects.filter(datastream_id__in=air_ds, t=bad_t + 300).count() == 6
    assert StationFile.objects.filter(outcome=FileOutcome.STORED, station_code="BD_B_KK01").count() == 19
    assert not StationFile.objects.filter(name=failed[0].name).exists()
    for r in summary.results:
        if r.outcome == "stored":
            rec = StationFile.objects.get(pk=r.record_id)
            assert (rec.stored, rec.replaced, rec.unchanged, rec.rejected) == (r.stored, r.replaced, r.unchanged, r.rejected)
            assert rec.stored == Observation.objects.filter(datastream__asset__station__code=r.station,
                                                            t=int(datetime.strptime(r.name[-18:-4], "%Y%m%d%H%M%S")
                                                                  .replace(tzinfo=LOCAL_TZ).timestamp())).count()
