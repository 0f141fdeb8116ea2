"""Service-quality KPIs: the formulas on hand-made numbers, a small feed with hand-computed
expectations end to end (pure, the `kpi` command with --gtfs and --feed), and the stored
RouteKpi rows computed from StopEvent rows."""
import csv
import datetime as dt
import io
import math
import zipfile

import pytest

from smartcity.testing import require
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from smartcity.mobility import kpi
from smartcity.mobility.gtfs.reader import from_files
from smartcity.mobility.gtfs.schedule import Schedule

DAY = dt.date(2026, 3, 2)  # a Monday
TZ = "Asia/Ho_Chi_Minh"
BASE = kpi.service_day_epoch(DAY, TZ)  # 2026-03-02 00:00 +07:00
T0 = 8 * 3600  # first departure 08:00


# -- the formulas ----------------------------------------------------------------------------
def test_otp_window_edges_are_on_time():
    assert kpi.otp([-60, -61, 300, 301, 0]) == pytest.approx(3 / 5)
    assert kpi.otp([-60, 300], window=(-59, 299)) == 0
    assert kpi.otp([-120, 240], window=(-120, 240)) == 1  # Muni-like windows are configurable
    assert kpi.otp([]) is None


def test_cv_h_hand_computed():
    # deviations 0, -300, +300 over a 600 s schedule: pstdev = sqrt(60000) = 244.949
    cv = kpi.cv_headway([600, 300, 900], [600, 600, 600])
    assert cv == pytest.approx(math.sqrt(60000) / 600)
    assert kpi.los(cv) == "D"
    assert kpi.cv_headway([600, 600], [600, 600]) == 0
    assert kpi.cv_headway([600], [600]) is None  # one headway says nothing about regularity


@pytest.mark.parametrize("cv,level", [
    (0.0, "A"), (0.21, "A"), (0.2149, "A"), (0.215, "B"), (0.22, "B"), (0.30, "B"), (0.31, "C"), (0.39, "C"),
    (0.40, "D"), (0.52, "D"), (0.53, "E"), (0.74, "E"), (0.745, "F"), (0.75, "F"), (2.0, "F"), (None, ""),
])
def test_los_boundaries_of_tcqsm(cv, level):
    assert kpi.los(cv) == level


def test_bunching_share_is_strictly_below_half():
    assert kpi.bunching([200, 300, 600], [600, 600, 600]) == pytest.approx(1 / 3)  # 300 is exactly half: not bunched
    assert kpi.bunching([], []) is None


def test_excess_wait_time_tfl():
    # AWT = (300² + 900² + 600² + 600²) / (2 x 2400) = 337.5 ; SWT = 600² x 4 / (2 x 2400) = 300
    assert kpi.wait_time([300, 900, 600, 600]) == pytest.approx(337.5)
    assert kpi.excess_wait([300, 900, 600, 600], [600] * 4) == pytest.approx(37.5)
    assert kpi.excess_wait([600] * 4, [600] * 4) == 0
    # random arrivals: 0.5 x H x (1 + cv²) equals AWT when the headways' own cv is used
    hs = [300, 900, 600, 600]
    cv_own = kpi.cv_headway(hs, [sum(hs) / 4] * 4)
    assert kpi.expected_wait(600, cv_own) == pytest.approx(kpi.wait_time(hs))


def test_running_time_cv_and_buffer():
    cv, buffer = kpi.running_time_stats([600, 600, 1050, 600])
    assert cv == pytest.approx(math.sqrt(37968.75) / 712.5)
    assert buffer == pytest.approx(382.5)  # p95 = 600 + 0.85 x 450 ; p50 = 600
    assert kpi.running_time_stats([600]) == (None, None)


# -- a small feed ----------------------------------------------------------------------------
def hms(s):
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def feed_files(timepoint_column=False):
    """Route R1 direction 0: trips T1..T5 every 10 min from 08:00, stops A (0), B (+5 min),
    C (+10 min). R1 direction 1 and route R2 run too but are never observed. R3 has one
    trip after midnight (24:30 at A)."""
    stops = "stop_id,stop_name,stop_lat,stop_lon\nA,Chợ Thủ Dầu Một,10.98,106.65\nB,Ngã Sáu Phú Cường,10.98,106.656\n" \
            "C,Bến xe Bình Dương,10.968,106.67\n"
    trips = ["route_id,service_id,trip_id,direction_id"]
    times = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence" + (",timepoint" if timepoint_column else "")]

    def add(trip_id, route, direction, start, pattern=("A", "B", "C")):
        trips.append(f"{route},WK,{trip_id},{direction}")
        for k, stop in enumerate(pattern):
            t = hms(start + 300 * k)
            tp = ("," + ("1" if stop in ("A", "C") else "0")) if timepoint_column else ""
            times.append(f"{trip_id},{t},{t},{stop},{k + 1}{tp}")

    for k in range(5):
        add(f"T{k + 1}", "R1", 0, T0 + 600 * k)
    add("U1", "R1", 1, T0, ("C", "B", "A"))
    add("V1", "R2", 0, T0)
    add("N1", "R3", 0, 24 * 3600 + 1800)
    return {
        "agency.txt": f"agency_id,agency_name,agency_url,agency_timezone\nBT,Becamex Tokyu,https://example.vn,{TZ}\n".encode(),
        "stops.txt": stops.encode(),
        "routes.txt": b"route_id,agency_id,route_short_name,route_type\nR1,BT,51,3\nR2,BT,52,3\nR3,BT,53,3\n",
        "trips.txt": ("\n".join(trips) + "\n").encode(),
        "stop_times.txt": ("\n".join(times) + "\n").encode(),
        "calendar.txt": b"service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        b"WK,1,1,1,1,1,1,1,20260101,20261231\n",
    }


# observed delays (s) of R1 direction 0 at A, B, C; T3 never ran
DELAYS = {"T1": (0, 0, 0), "T2": (120, 120, 120), "T4": (-90, 0, 360), "T5": (0, 0, 0)}


def iso(epoch):
    return dt.datetime.fromtimestamp(epoch, dt.timezone(dt.timedelta(hours=7))).isoformat()


def events_rows():
    rows = []
    for trip, delays in DELAYS.items():
        start = T0 + 600 * (int(trip[1]) - 1)
        for k, (stop, d) in enumerate(zip("ABC", delays)):
            rows.append((trip, stop, k + 1, BASE + start + 300 * k + d))
    rows.append(("N1", "A", 1, BASE + 24 * 3600 + 1800 + 30))  # 00:30:30 on 3 March: service day 2 March
    return rows


def events_csv(path):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["trip_id", "stop_id", "stop_sequence", "arrival_time"])
        for trip, stop, seq, t in events_rows():
            w.writerow([trip, stop, seq, iso(t)])
    return path


# Hand computation for R1/0 on 2 March (see feed_files and DELAYS):
# OTP, every timed stop a timepoint: 12 departures, -90 and +360 outside -60..+300 -> 10/12;
#   with timepoint=1 on A and C only: 8 departures, 2 outside -> 6/8.
# Headways (later bus; C is the last stop, not counted):
#   A: actual 720, 990, 690 vs 600 -> deviations 120, 390, 90 -> pstdev sqrt(18200) / 600
#   B: actual 720, 1080, 600 vs 600 -> deviations 120, 480, 0 -> pstdev sqrt(41600) / 600
#   cv_h = mean of the two (3 headways each) = 0.28239 -> B
# EWT: A: AWT = (720² + 990² + 690²) / 4800 = 411.375, SWT = 300 (T2..T5 scheduled at 600)
#      B: AWT = (720² + 1080² + 600²) / 4800 = 426.0 -> EWT = mean(111.375, 126.0) = 118.6875
# Running times: 600, 600, 1050, 600 -> cv 0.27348, buffer 382.5
CV_A = math.sqrt(18200) / 600
CV_B = math.sqrt(41600) / 600
EXPECTED_CV = (CV_A + CV_B) / 2
EXPECTED_EWT = (111.375 + 126.0) / 2


def compute(timepoint_column=False, by_hour=False, window=kpi.DEFAULT_WINDOW):
    files = feed_files(timepoint_column)
    schedule = Schedule.from_raw(from_files(files))
    from smartcity.mobility.services.quality import kpis_from_events, timepoints_of_raw

    events = [kpi.Event(t, s, stop, e) for t, stop, s, e in events_rows()]
    return kpis_from_events(schedule, events, timepoints=timepoints_of_raw(from_files(files)), window=window,
                            by_hour=by_hour)


def test_kpis_of_a_small_feed_match_the_hand_computation():
    rows, stats = compute()
    assert stats == {"events": 13, "matched": 13, "unmatched": 0, "dates": [DAY]}
    assert [(r.route_id, r.direction_id, r.date) for r in rows] == [("R1", 0, DAY), ("R3", 0, DAY)]
    r = rows[0]
    assert r.otp == pytest.approx(10 / 12)
    assert r.cv_h == pytest.approx(EXPECTED_CV)
    assert r.los == "B"
    assert r.bunching == 0
    assert r.ewt_s == pytest.approx(EXPECTED_EWT)
    assert (r.trips_scheduled, r.trips_observed, r.missed_trips) == (5, 4, 1)
    assert r.running_time_cv == pytest.approx(math.sqrt(37968.75) / 712.5)
    assert r.buffer_time_s == pytest.approx(382.5)
    night = rows[1]  # the 00:30 event belongs to the 2 March service day (24:30:00)
    assert (night.trips_scheduled, night.trips_observed, night.otp) == (1, 1, 1.0)


def test_timepoint_column_restricts_otp_and_the_window_is_configurable():
    rows, _ = compute(timepoint_column=True)
    assert rows[0].otp == pytest.approx(6 / 8)
    rows, _ = compute(timepoint_column=True, window=(-90, 360))
    assert rows[0].otp == 1.0
    rows, _ = compute(window=(-89, 359))
    assert rows[0].otp == pytest.approx(10 / 12)


def test_bunched_and_missed_buses():
    files = feed_files()
    schedule = Schedule.from_raw(from_files(files))
    # T2 runs 5 min late and T3 4 min early: at A, 08:15 and 08:16 -> a 60 s headway against 600
    events = []
    for trip, d in (("T1", 0), ("T2", 300), ("T3", -240), ("T4", 0)):
        start = T0 + 600 * (int(trip[1]) - 1)
        events += [kpi.Event(trip, k + 1, s, BASE + start + 300 * k + d) for k, s in enumerate("ABC")]
    instances = kpi.build_instances(schedule, DAY, TZ)
    assert kpi.match_events(instances, events) == 0
    (r,) = kpi.compute(instances)
    # A and B each: T2 900 vs 600, T3 60 vs 600 (bunched), T4 840 vs 600 -> 2 of 6 bunched
    assert r.bunching == pytest.approx(2 / 6)
    assert (r.trips_scheduled, r.trips_observed, r.missed_trips) == (5, 4, 1)  # T5 missed
    dev = [300, -540, 240]
    assert r.cv_h == pytest.approx(math.sqrt(sum((x - sum(dev) / 3) ** 2 for x in dev) / 3) / 600)
    assert r.los == "E"  # pstdev sqrt(146400) / 600 = 0.638


def test_by_hour_rows_and_unmatched_events():
    files = feed_files()
    schedule = Schedule.from_raw(from_files(files))
    from smartcity.mobility.services.quality import kpis_from_events

    events = [kpi.Event(t, s, stop, e) for t, stop, s, e in events_rows()]
    events.append(kpi.Event("NO_SUCH_TRIP", 1, "A", BASE + T0))
    events.append(kpi.Event("T1", 1, "A", BASE + T0 + 10 * 3600))  # ten hours off schedule
    rows, stats = kpis_from_events(schedule, events, by_hour=True)
    assert stats["unmatched"] == 2
    day, hour8 = [r for r in rows if r.route_id == "R1"]
    assert (day.hour, hour8.hour) == (None, 8)
    assert (hour8.otp, hour8.cv_h, hour8.trips_scheduled) == (day.otp, day.cv_h, 5)
    assert [r.hour for r in rows if r.route_id == "R3"] == [None, 24]  # hours of the service day


def test_ewt_needs_five_buses_an_hour():
    files = feed_files()
    schedule = Schedule.from_raw(from_files(files))
    events = [kpi.Event(t, s, stop, e) for t, stop, s, e in events_rows()]
    instances = kpi.build_instances(schedule, DAY, TZ)
    kpi.match_events(instances, events)
    r = kpi.compute(instances, ewt_max_headway_s=599, cv_max_headway_s=599)[0]
    assert r.ewt_s is None and r.cv_h is None and r.los == ""
    assert r.bunching == 0 and r.otp == pytest.approx(10 / 12)  # the others do not depend on frequency


# -- the command ----------------------------------------------------------------------------
def run_kpi(*args, lang="en"):
    out, err = io.StringIO(), io.StringIO()
    with translation.override(lang):
        call_command("mobility", "kpi", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_zip(path, files):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_kpi_command_with_a_gtfs_zip(tmp_path):
    gtfs = write_zip(tmp_path / "feed.zip", feed_files())
    events = events_csv(tmp_path / "events.csv")
    out, err = run_kpi("--gtfs", str(gtfs), "--events", str(events))
    lines = out.splitlines()
    assert lines[0] == "route_id,direction_id,date,otp,cv_h,los,bunching,ewt_s,trips_scheduled,trips_observed"
    assert lines[1] == f"R1,0,2026-03-02,0.8333,{EXPECTED_CV:.4f},B,0.0000,118.7,5,4"
    assert lines[2] == "R3,0,2026-03-02,1.0000,,,,,1,1"
    assert len(lines) == 3
    assert "13 events read, 13 matched" in err
    out_vi, err_vi = run_kpi("--gtfs", str(gtfs), "--events", str(events), lang="vi")
    assert out_vi == out and "đã đọc 13 sự kiện, 13 khớp với chuyến theo lịch" in err_vi  # the CSV does not change

    out, _ = run_kpi("--gtfs", str(gtfs), "--events", str(events), "--window", "-90,360", "--by-hour")
    lines = out.splitlines()
    assert lines[0].startswith("route_id,direction_id,date,hour,otp,")
    assert lines[1].startswith("R1,0,2026-03-02,,1.0000,")
    assert lines[2].startswith("R1,0,2026-03-02,8,1.0000,")


def test_kpi_command_reports_bad_lines_and_columns(tmp_path):
    gtfs = write_zip(tmp_path / "feed.zip", feed_files())
    bad = tmp_path / "bad.csv"
    bad.write_text("trip_id,stop_id,stop_sequence,arrival_time\nT1,A,1,2026-03-02T08:00:00\nT1,A,1,yesterday\n"
                   f"T1,A,1,{iso(BASE + T0)}\n")
    out, err = run_kpi("--gtfs", str(gtfs), "--events", str(bad))
    assert "bad.csv:2: time without a UTC offset" in err and "bad.csv:3:" in err
    assert "1 events read, 1 matched" in err and "2 lines rejected" in err
    assert out.splitlines()[1].startswith("R1,0,2026-03-02,1.0000,")
    (tmp_path / "cols.csv").write_text("trip_id,stop_id,arrival_time\n")
    with pytest.raises(CommandError, match="stop_sequence"):
        run_kpi("--gtfs", str(gtfs), "--events", str(tmp_path / "cols.csv"))
    with pytest.raises(CommandError, match="--window"):
        run_kpi("--gtfs", str(gtfs), "--events", str(bad), "--window", "300,-60")


# -- stored feed: the command with --feed, and RouteKpi rows from StopEvent rows ------------
@pytest.fixture
def stored_feed(reference):
    from smartcity.mobility.gtfs.reader import from_files as ff
    from smartcity.mobility.services.feeds import import_feed

    return import_feed(ff(feed_files(timepoint_column=True), source="kpi-test"), owner="DOT", name="kpi-test")


def test_kpi_command_with_a_stored_feed(stored_feed, tmp_path):
    events = events_csv(tmp_path / "events.csv")
    out, _ = run_kpi("--feed", str(stored_feed.pk), "--events", str(events))
    assert out.splitlines()[1] == f"R1,0,2026-03-02,0.7500,{EXPECTED_CV:.4f},B,0.0000,118.7,5,4"
    with pytest.raises(CommandError, match="no feed"):
        run_kpi("--feed", str(stored_feed.pk + 999), "--events", str(events))


def test_compute_route_kpis_from_stop_events(stored_feed):
    from smartcity.mobility import models as m
    from smartcity.mobility.services.quality import compute_route_kpis

    rows = []
    for trip, stop, seq, t in events_rows():
        if trip == "N1":
            continue
        sched = t - DELAYS[trip][seq - 1]
        rows.append(m.StopEvent(feed=stored_feed, service_date=DAY, trip_id=trip, route_id="R1", direction_id=0,
                                stop_id=stop, stop_sequence=seq, scheduled_arrival=sched, scheduled_departure=sched,
                                arrival=t, departure=t + 20, delay_s=t + 20 - sched))
    m.StopEvent.objects.bulk_create(rows)
    assert compute_route_kpis(stored_feed, DAY) == 2  # R1/0: the day and hour 8
    day = m.RouteKpi.objects.get(feed=stored_feed, route_id="R1", direction_id=0, date=DAY, hour__isnull=True)
    # departures 20 s after arrival: timepoints A and C have delays 20, 20, 140, 140, -70, 380, 20, 20 -> 6/8
    assert day.otp == pytest.approx(6 / 8)
    assert day.cv_h == pytest.approx(EXPECTED_CV)  # the same shifts for every bus: same headways
    assert (day.los, day.trips_scheduled, day.trips_observed, day.missed_trips) == ("B", 5, 4, 1)
    assert day.buffer_time_s == pytest.approx(382.5)
    assert m.RouteKpi.objects.get(feed=stored_feed, date=DAY, hour=8).trips_observed == 4
    # recomputing replaces, it does not duplicate
    m.StopEvent.objects.filter(trip_id="T5").delete()
    assert compute_route_kpis(stored_feed, DAY) == 2
    assert m.RouteKpi.objects.filter(feed=stored_feed, date=DAY).count() == 2
    assert m.RouteKpi.objects.get(feed=stored_feed, date=DAY, hour__isnull=True).missed_trips == 2
    out = io.StringIO()
    with translation.override("en"):
        call_command("mobility", "kpi-compute", "--date", DAY.isoformat(), stdout=out)
    assert f"feed {stored_feed.pk}, 2026-03-02: 2 route KPI rows" in out.getvalue()
    from smartcity.mobility import tasks
    from smartcity.mobility.services.quality import compute_all

    assert compute_all(DAY) == {stored_feed.pk: 2}
    assert tasks.compute_kpis_nightly.call_local() == {}  # yesterday (the real one) has no events here


def test_frequency_rules_follow_the_published_headway_not_downstream_gaps():
    """A 15-min route whose trips alternate long and short running times: at B the
    scheduled gaps are 7, 23, 7 min, but no bus is frequent (published headway 15 min)."""
    files = feed_files()
    times = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    trips = ["route_id,service_id,trip_id,direction_id"]
    for k, start in enumerate(range(T0, T0 + 3600, 900)):
        to_b = 600 if k % 2 == 0 else 120
        trips.append(f"R1,WK,F{k},0")
        for seq, (stop, t) in enumerate((("A", start), ("B", start + to_b), ("C", start + to_b + 300)), 1):
            times.append(f"F{k},{hms(t)},{hms(t)},{stop},{seq}")
    files["trips.txt"] = ("\n".join(trips) + "\n").encode()
    files["stop_times.txt"] = ("\n".join(times) + "\n").encode()
    schedule = Schedule.from_raw(from_files(files))
    instances = kpi.build_instances(schedule, DAY, TZ)
    events = [kpi.Event(i.trip_id, i.seqs[j], i.stop_ids[j], i.sched_at(j) + 30 * (n % 3)) for n, i in enumerate(instances)
              for j in range(3)]
    assert kpi.match_events(instances, events) == 0
    (r,) = kpi.compute(instances)
    assert r.cv_h is None and r.ewt_s is None and r.los == ""
    assert r.headways == 6 and r.otp == 1.0  # A and B: 3 headways each, all counted for bunching
    (r,) = kpi.compute(instances, cv_max_headway_s=900, ewt_max_headway_s=900)
    assert r.cv_h is not None and r.ewt_s is not None


def test_an_event_at_a_stop_without_a_time_matches_the_right_day():
    files = feed_files()
    files["stop_times.txt"] = files["stop_times.txt"].replace(b"T1,08:05:00,08:05:00,B", b"T1,,,B")
    schedule = Schedule.from_raw(from_files(files))
    events = [kpi.Event("T1", 2, "B", BASE + T0 + 330)]  # 08:05:30 on 2 March at the untimed stop
    instances = []
    for day in sorted(kpi.candidate_dates(events)):
        instances += kpi.build_instances(schedule, day, TZ)
    assert DAY - dt.timedelta(days=1) in {i.date for i in instances}  # the trip runs every day
    assert kpi.match_events(instances, events) == 0
    (run,) = [i for i in instances if i.obs]
    assert run.date == DAY and run.approx_at(1) == BASE + T0 + 300
    (r,) = [r for r in kpi.compute(instances) if r.route_id == "R1"]
    assert r.otp is None and r.trips_observed == 1  # an untimed stop is not a timepoint


@pytest.mark.parametrize("name", ["cairns_gtfs.zip", "seattle-area-2017-11-16.zip"])
def test_real_feed_simulated_day_missed_trips_match_the_truth(name):
    """A day simulated on a real feed (its own time zone): every event matches its trip and
    the missed trips found per route and direction are the simulator's."""
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from smartcity.mobility import sim
    from smartcity.mobility.gtfs.reader import read_feed

    path = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gtfs" / name
    require(path.exists(), "../shared/data/gtfs (MobilityData's real feeds, read beside the clone, never copied)")
    raw = read_feed(path)
    schedule = Schedule.from_raw(raw)
    dates = schedule.service_dates()
    day = dates[len(dates) // 2]
    offset = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(schedule.timezone)).utcoffset().total_seconds())
    result = sim.simulate(schedule, day, seed=5, positions=False, tz_offset_s=offset, missed_rate=0.05)
    events = [kpi.Event(e.trip_id, e.stop_sequence, e.stop_id, e.arrival_epoch) for e in result.events]
    from smartcity.mobility.services.quality import kpis_from_events

    rows, stats = kpis_from_events(schedule, events, timepoints=kpi.timepoints_from_raw(raw))
    assert stats["unmatched"] == 0 and stats["dates"] == [day]
    truth = {}
    for run in result.runs.values():
        if run.missed:
            truth[(run.route_id, run.direction_id)] = truth.get((run.route_id, run.direction_id), 0) + 1
    found = {(r.route_id, r.direction_id): r.missed_trips for r in rows if r.missed_trips}
    assert found == truth and sum(truth.values()) > 5
    for r in rows:
        assert r.otp is None or 0 <= r.otp <= 1
        assert r.trips_observed <= r.trips_scheduled
