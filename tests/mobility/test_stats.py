"""Schedule statistics: the typed Schedule, gtfs-kit-compatible trip/route/stop/feed stats,
and `smartcity mobility stats`.

The Cairns trip stats are checked against gtfs-kit's own output (cairns_trip_stats.csv);
route and stop stats against an independent calculation made here from the raw CSV tables
(zipfile + csv, not our reader) of the sample feed and of a small feed built in the test.
"""
import csv
import datetime as dt
import io
import math
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from smartcity.testing import require

from smartcity.mobility.gtfs import stats as st
from smartcity.mobility.gtfs.reader import from_files, read_feed
from smartcity.mobility.gtfs.schedule import Schedule, haversine_m

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gtfs"
NUMERIC = {"route_type", "direction_id", "num_stops", "is_loop", "duration", "distance", "speed"}


def data_file(name: str) -> Path:
    path = DATA / name
    require(path.exists(), f"GTFS test data {path} (../shared/data/gtfs beside the checkout)")
    return path


@pytest.fixture(scope="module")
def cairns():
    return Schedule.from_raw(read_feed(data_file("cairns_gtfs.zip")))


@pytest.fixture(scope="module")
def sample():
    return Schedule.from_raw(read_feed(data_file("sample_gtfs.zip")))


def raw_tables(path: Path) -> dict[str, list[dict]]:
    """The feed's tables as dicts, read without our reader (independent of it)."""
    with zipfile.ZipFile(path) as zf:
        return {n[:-4]: list(csv.DictReader(io.StringIO(zf.read(n).decode("utf-8-sig"))))
                for n in zf.namelist() if n.endswith(".txt")}


def secs(text: str):
    if not text:
        return None
    h, m, s = (int(x) for x in text.strip().split(":"))
    return h * 3600 + m * 60 + s


def zip_bytes(files: dict[str, str]) -> dict[str, bytes]:
    return {k: v.encode() for k, v in files.items()}


# ------------------------------------------------------------------ trip stats vs gtfs-kit
def test_cairns_trip_stats_match_gtfs_kit(cairns):
    with open(data_file("cairns_trip_stats.csv"), newline="") as fh:
        expected = list(csv.DictReader(fh))
    ours = st.trip_stats(cairns)
    assert list(expected[0].keys()) == st.TRIP_STATS_COLUMNS
    assert len(ours) == len(expected) == 1339
    by_id = {r["trip_id"]: r for r in ours}
    assert set(by_id) == {r["trip_id"] for r in expected}
    worst = defaultdict(float)
    for e in expected:
        o = by_id[e["trip_id"]]
        for col, text in e.items():
            if col in NUMERIC:
                want, got = float(text), float(o[col])
                rel = abs(got - want) / abs(want) if want else abs(got)
                worst[col] = max(worst[col], rel)
                assert rel <= 1e-3, (e["trip_id"], col, want, got)
            else:
                assert str(o[col]) == text, (e["trip_id"], col, text, o[col])
    assert worst["distance"] < 1e-3 and worst["speed"] < 1e-3
    # same order as gtfs-kit (route, direction, start time)
    assert [r["trip_id"] for r in ours] == [r["trip_id"] for r in expected]


def test_trip_stats_date_and_subset(cairns):
    monday = st.trip_stats(cairns, date=dt.date(2014, 5, 26))
    assert {r["trip_id"] for r in monday} == {t.trip_id for t in cairns.trips_on(dt.date(2014, 5, 26))}
    assert all("Weekday" in r["trip_id"] for r in monday)
    some = [r["trip_id"] for r in monday[:3]]
    assert [r["trip_id"] for r in st.trip_stats(cairns, trip_ids=some)] == some


def test_distance_from_stop_times_in_feet_gives_miles():
    path = data_file("seattle-area-2017-11-16.zip")
    schedule = Schedule.from_raw(read_feed(path))
    assert st.infer_dist_units(schedule) == "ft"
    rows = {r["trip_id"]: r for r in st.trip_stats(schedule)}
    stop_times = raw_tables(path)["stop_times"]
    trip_id = stop_times[0]["trip_id"]
    feet = max(float(r["shape_dist_traveled"]) for r in stop_times if r["trip_id"] == trip_id and r["shape_dist_traveled"])
    assert rows[trip_id]["distance"] == pytest.approx(feet / 5280, rel=1e-12)


# ------------------------------------------------------------------------- the schedule
def test_services_on_hand_checked_dates(cairns, sample):
    wk, fri, sat, sun = ("CNS2014-CNS_MUL-Weekday-00", "CNS2014-CNS_MUL-Weekday-00-0000100",
                         "CNS2014-CNS_MUL-Saturday-00", "CNS2014-CNS_MUL-Sunday-00")
    assert cairns.services_on(dt.date(2014, 5, 26)) == {wk}  # first Monday
    assert cairns.services_on(dt.date(2014, 5, 30)) == {wk, fri}  # Friday-only extra service
    assert cairns.services_on("20140609") == {sun}  # Queen's Birthday: weekday removed, Sunday added
    assert cairns.services_on(dt.date(2014, 12, 26)) == {sun}  # Boxing Day: both Friday services removed
    assert cairns.services_on(dt.date(2014, 12, 27)) == {sat}  # last Saturday, end date inclusive
    assert cairns.services_on(dt.date(2014, 5, 25)) == set()  # before the Sunday service starts
    assert cairns.services_on(dt.date(2014, 12, 29)) == set()  # after the end
    assert sample.services_on(dt.date(2007, 6, 4)) == set()  # FULLW removed that Monday
    assert sample.services_on(dt.date(2007, 6, 5)) == {"FULLW"}
    assert sample.services_on(dt.date(2007, 6, 9)) == {"FULLW", "WE"}
    assert sample.services_on(dt.date(2011, 1, 1)) == set()
    assert {t.trip_id for t in sample.trips_on(dt.date(2007, 6, 9))} >= {"AAMV1", "AAMV4", "STBA"}
    assert len(cairns.trips_on(dt.date(2014, 6, 9))) == sum(t.service_id == sun for t in cairns.trips.values())


def test_calendar_dates_only_service_and_service_dates():
    files = {
        "calendar_dates.txt": "service_id,date,exception_type\nX,20240102,1\nX,20240105,1\nY,20240105,2\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        "Y,0,0,0,0,1,0,0,20240101,20240112\n",
        "trips.txt": "route_id,service_id,trip_id\nR,X,t1\nR,Y,t2\n",
    }
    s = Schedule.from_raw(from_files(zip_bytes(files)))
    assert s.services_on(dt.date(2024, 1, 2)) == {"X"}
    assert s.services_on(dt.date(2024, 1, 5)) == {"X"}  # Y removed that Friday
    assert s.services_on(dt.date(2024, 1, 12)) == {"Y"}
    assert s.service_dates() == [dt.date(2024, 1, 2), dt.date(2024, 1, 5), dt.date(2024, 1, 12)]
    assert [t.trip_id for t in s.trips_on("20240112")] == ["t2"]
    assert s.timezone == "Asia/Ho_Chi_Minh"  # no agency.txt: the platform's zone


def test_schedule_types_sorts_and_tolerates_bad_rows(tmp_path):
    files = {
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Becamex Tokyu,http://x,Asia/Ho_Chi_Minh\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon,parent_station\n"
                     "S1,Bến xe Thủ Dầu Một,10.98,106.65,\nS2,Chợ Thủ Dầu Một,10.99,106.66,ST\nS3,Ngã tư,,,\n",
        "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,52,Thủ Dầu Một - Bến Thành,3\n",
        "trips.txt": "route_id,service_id,trip_id,direction_id,shape_id\nR,S,T,1,SH\n",
        "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n"
                          "T,06:10:00,06:11:00,S2,20,1.5\n"
                          "T,06:00:00,06:00:00,S1,10,0\n"
                          "T,6:2x:00,06:30:00,S3,30,\n"       # malformed time: skipped
                          "T,06:40:00,06:40:00,S3,x,\n"        # stop_sequence not an integer: skipped
                          "T,,,S3,25,\n"                       # no times (non-timepoint): kept
                          "GHOST,06:00:00,06:00:00,S1,1,\n",  # unknown trip: skipped
        "shapes.txt": "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n"
                      "SH,10.99,106.66,2\nSH,10.98,106.65,1\nSH,bad,106.0,3\nSH,11.00,106.66,4\n",
        "frequencies.txt": "trip_id,start_time,end_time,headway_secs,exact_times\nT,07:00:00,09:00:00,600,1\n"
                           "T,25:00,26:00:00,600,\n",
    }
    s = Schedule.from_raw(from_files(zip_bytes(files)))
    trip = s.trips["T"]
    assert trip.seqs == [10, 20, 25]
    assert trip.stop_ids == ["S1", "S2", "S3"]
    assert trip.arr == [6 * 3600, 6 * 3600 + 600, None]
    assert trip.dep == [6 * 3600, 6 * 3600 + 660, None]
    assert trip.dist == [0.0, 1.5, None]
    assert trip.direction_id == 1 and trip.start_s == 6 * 3600 and trip.end_s == 6 * 3600 + 600
    assert s.skipped == {"stop_times": 3, "shapes": 1, "frequencies": 1}
    assert s.stops["S3"].lat is None and s.stops["S2"].parent == "ST"
    assert s.routes["R"].route_type == 3 and s.routes["R"].short_name == "52"
    shape = s.shapes["SH"]
    assert shape.lats == [10.98, 10.99, 11.00]
    assert shape.cum_m[0] == 0.0
    assert shape.cum_m[1] == pytest.approx(haversine_m(10.98, 106.65, 10.99, 106.66))
    assert shape.cum_m[2] == pytest.approx(shape.cum_m[1] + haversine_m(10.99, 106.66, 11.00, 106.66))
    assert s.frequencies == {"T": [(7 * 3600, 9 * 3600, 600, True)]}
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert [(t.trip_id, k) for t, k in s.stop_index()["S2"]] == [("T", 1)]


def test_haversine_known_distance():
    # one degree of latitude on the mean sphere
    assert haversine_m(10.0, 106.0, 11.0, 106.0) == pytest.approx(6371008.8 * math.pi / 180, rel=1e-9)
    assert haversine_m(10.9, 106.6, 10.9, 106.6) == 0.0


# ------------------------------------------------------------------------- geometry
def test_utm_projection_and_line_rules():
    import numpy as np

    x, y = st.to_utm([3.0], [0.0], 31, False)  # the central meridian on the equator
    assert x[0] == pytest.approx(500000.0, abs=1e-6) and y[0] == pytest.approx(0.0, abs=1e-6)
    # 1 km north along a central meridian is 0.9996 km in UTM
    x, y = st.to_utm([105.0, 105.0], [10.0, 10.0 + 1000 / 110_000], 48, False)
    true_m = haversine_m(10.0, 105.0, 10.0 + 1000 / 110_000, 105.0)
    assert (y[1] - y[0]) == pytest.approx(0.9996 * true_m, rel=6e-3)
    assert st.utm_zone(106.65, 10.98) == (48, False) and st.utm_zone(145.7, -16.9) == (55, True)

    def simple(points):
        a = np.array(points, dtype=float)
        return st._is_simple(a[:, 0], a[:, 1])

    assert simple([(0, 0), (1, 0), (1, 1), (0, 1)])
    assert simple([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)])  # a closed ring
    assert simple([(0, 0), (1, 0), (1, 0), (2, 0)])  # a repeated point
    assert not simple([(0, 0), (2, 2), (2, 0), (0, 2)])  # crosses itself
    assert not simple([(0, 0), (2, 0), (1, 0)])  # turns back on itself
    assert not simple([(0, 0), (2, 0), (2, 1), (1, 1), (1, 0)])  # ends on its own interior
    line = st._Line(np.array([0.0, 10.0, 10.0]), np.array([0.0, 0.0, 10.0]))
    assert line.length == 20.0
    assert line.project(4.0, 3.0) == 4.0
    assert line.project(12.0, 7.0) == 17.0
    assert line.project(-5.0, -5.0) == 0.0


# ----------------------------------------------------- route/stop stats vs hand calculation
def _independent(tables: dict[str, list[dict]], service_ids: set[str], lo: int, hi: int):
    """Route and stop stats computed straight from the raw tables."""
    trips = {t["trip_id"]: t for t in tables["trips"] if t["service_id"] in service_ids}
    by_trip = defaultdict(list)
    for r in tables["stop_times"]:
        if r["trip_id"] in trips:
            by_trip[r["trip_id"]].append(r)
    for rows in by_trip.values():
        rows.sort(key=lambda r: int(r["stop_sequence"]))
    routes = defaultdict(lambda: {"trips": [], "starts": defaultdict(list)})
    stops = defaultdict(lambda: {"deps": [], "routes": set(), "n": 0})
    for tid, rows in by_trip.items():
        t = trips[tid]
        start, end = secs(rows[0]["departure_time"]), secs(rows[-1]["departure_time"])
        if start is not None and end is not None and end - start > 0:
            routes[t["route_id"]]["trips"].append((start, end))
            if t.get("direction_id", "") != "" and lo <= start <= hi:
                routes[t["route_id"]]["starts"][t["direction_id"]].append(start)
        for r in rows:
            s = stops[r["stop_id"]]
            s["n"] += 1
            s["routes"].add(t["route_id"])
            if r["departure_time"]:
                s["deps"].append(secs(r["departure_time"]))

    def gaps(times):
        ts = sorted(times)
        return [b - a for a, b in zip(ts, ts[1:])]

    route_out = {}
    for rid, r in routes.items():
        hw = [g for d in r["starts"].values() for g in gaps(d)]
        route_out[rid] = {
            "num_trips": len(r["trips"]),
            "start_time": min(s for s, _ in r["trips"]), "end_time": max(e for _, e in r["trips"]),
            "service_duration": sum(e - s for s, e in r["trips"]) / 3600,
            "max_headway": max(hw) / 60 if hw else None, "min_headway": min(hw) / 60 if hw else None,
            "mean_headway": sum(hw) / len(hw) / 60 if hw else None,
            # brute force: most trips running at once, over every minute of the day
            "peak_num_trips": max(sum(s <= m < e for s, e in r["trips"]) for m in range(0, 48 * 3600, 60)),
        }
    stop_out = {}
    for sid, s in stops.items():
        hw = gaps([d for d in s["deps"] if lo <= d <= hi])
        stop_out[sid] = {
            "num_trips": s["n"], "num_routes": len(s["routes"]),
            "start_time": min(s["deps"], default=None), "end_time": max(s["deps"], default=None),
            "max_headway": max(hw) / 60 if hw else None, "min_headway": min(hw) / 60 if hw else None,
            "mean_headway": sum(hw) / len(hw) / 60 if hw else None,
        }
    return route_out, stop_out


def _check_against_independent(schedule, tables, date, lo="07:00:00", hi="19:00:00"):
    route_exp, stop_exp = _independent(tables, schedule.services_on(date), secs(lo), secs(hi))
    routes = st.route_stats(schedule, date, headway_start=lo, headway_end=hi)
    stops = st.stop_stats(schedule, date, headway_start=lo, headway_end=hi)
    assert {r["route_id"] for r in routes} == set(route_exp)
    assert {s["stop_id"] for s in stops} == set(stop_exp)
    for r in routes:
        e = route_exp[r["route_id"]]
        assert list(r) == st.ROUTE_STATS_COLUMNS
        assert r["num_trips"] == e["num_trips"]
        assert secs(r["start_time"]) == e["start_time"] and secs(r["end_time"]) == e["end_time"]
        assert r["service_duration"] == pytest.approx(e["service_duration"])
        assert r["peak_num_trips"] == e["peak_num_trips"]
        for k in ("max_headway", "min_headway", "mean_headway"):
            assert r[k] == pytest.approx(e[k]) if e[k] is not None else r[k] is None, (r["route_id"], k)
    for s in stops:
        e = stop_exp[s["stop_id"]]
        assert list(s) == st.STOP_STATS_COLUMNS
        assert (s["num_trips"], s["num_routes"]) == (e["num_trips"], e["num_routes"])
        assert secs(s["start_time"] or "") == e["start_time"] and secs(s["end_time"] or "") == e["end_time"]
        for k in ("max_headway", "min_headway", "mean_headway"):
            assert s[k] == pytest.approx(e[k]) if e[k] is not None else s[k] is None, (s["stop_id"], k)
    return routes, stops


def test_sample_route_and_stop_stats_match_hand_calculation(sample):
    tables = raw_tables(data_file("sample_gtfs.zip"))
    routes, stops = _check_against_independent(sample, tables, dt.date(2007, 6, 9))  # a Saturday: all routes
    by_route = {r["route_id"]: r for r in routes}
    # AAMV: 08:00 and 13:00 one way, 10:00 and 15:00 the other -> 300 min both ways
    assert by_route["AAMV"]["max_headway"] == by_route["AAMV"]["mean_headway"] == 300.0
    assert by_route["AAMV"]["is_bidirectional"] == 1 and by_route["STBA"]["is_bidirectional"] == 0
    assert by_route["STBA"]["max_headway"] is None  # no direction_id: gtfs-kit gives no headway
    assert by_route["CITY"]["num_stop_patterns"] == 2
    # STBA has no direction_id while the others have one: gtfs-kit names no pattern for it
    # and its ranks become floats ("0-1.0"); we give the same names
    names = st.stop_pattern_names(sample)
    assert names["STBA"] is None and names["CITY1"] == "0-1.0" and names["CITY2"] == "1-1.0"
    assert by_route["STBA"]["num_stop_patterns"] == 0
    # the sample has neither shapes nor shape_dist_traveled: distances are unknown
    assert by_route["AB"]["service_distance"] is None and by_route["AB"]["service_speed"] is None
    weekday = st.route_stats(sample, dt.date(2007, 6, 5))
    assert "AAMV" not in {r["route_id"] for r in weekday}
    assert st.route_stats(sample, dt.date(2007, 6, 4)) == []  # no service that Monday


def _synthetic_feed() -> dict[str, bytes]:
    """Route 52 both ways with irregular departures, a zero-duration trip, a trip past
    midnight, one on another service; two stops served by two routes."""
    trips = ["route_id,service_id,trip_id,direction_id,shape_id"]
    st_rows = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled"]
    starts0 = ["06:40:00", "07:00:00", "07:12:00", "07:40:00", "08:05:00", "12:00:00", "18:55:00", "19:05:00", "23:50:00"]
    for i, start in enumerate(starts0):
        trips.append(f"52,WK,o{i},0,")
        s = secs(start)
        for k, stop in enumerate(["A", "B", "C"]):
            t = s + k * 900
            tt = f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"
            st_rows.append(f"o{i},{tt},{tt},{stop},{k + 1},{k * 2.5}")
    for i, start in enumerate(["07:05:00", "07:35:00", "09:20:00"]):
        trips.append(f"52,WK,r{i},1,")
        s = secs(start)
        for k, stop in enumerate(["C", "B", "A"]):
            t = s + k * 1000
            tt = f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"
            st_rows.append(f"r{i},{tt},{tt},{stop},{k + 1},{k * 2.5}")
    trips.append("52,WK,zero,0,")
    st_rows += ["zero,10:00:00,10:00:00,A,1,0", "zero,10:00:00,10:00:00,B,2,2.5"]
    trips.append("61,WK,x1,0,")
    st_rows += ["x1,08:00:00,08:00:00,B,1,0", "x1,08:30:00,08:31:00,D,2,9", "x1,08:50:00,,E,3,12"]
    trips.append("61,SAT,s1,0,")
    st_rows += ["s1,09:00:00,09:00:00,B,1,0", "s1,09:30:00,09:30:00,D,2,9"]
    files = {
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nBT,Becamex Tokyu,http://x,Asia/Ho_Chi_Minh\n",
        "routes.txt": "route_id,agency_id,route_short_name,route_type\n52,BT,52,3\n61,BT,61,3\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nA,Bến xe Thủ Dầu Một,10.98,106.65\n"
                     "B,Chợ Thủ Dầu Một,10.99,106.66\nC,Ngã tư Bình Phước,10.88,106.72\n"
                     "D,Trung tâm hành chính tỉnh,11.05,106.68\nE,Đại học Quốc tế Miền Đông,11.05,106.70\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        "WK,1,1,1,1,1,0,0,20250101,20251231\nSAT,0,0,0,0,0,1,0,20250101,20251231\n",
        "trips.txt": "\n".join(trips) + "\n",
        "stop_times.txt": "\n".join(st_rows) + "\n",
    }
    return zip_bytes(files)


def test_synthetic_route_stop_feed_stats_match_hand_calculation():
    files = _synthetic_feed()
    schedule = Schedule.from_raw(from_files(files))
    tables = {k[:-4]: list(csv.DictReader(io.StringIO(v.decode()))) for k, v in files.items()}
    day = dt.date(2025, 3, 5)  # a Wednesday
    routes, stops = _check_against_independent(schedule, tables, day)
    r52 = next(r for r in routes if r["route_id"] == "52")
    # direction 0 starts in the window: 07:00 07:12 07:40 08:05 12:00 18:55 (06:40, 19:05 outside)
    # -> 12, 28, 25, 235, 415 min; direction 1: 07:05 07:35 09:20 -> 30, 105
    assert r52["max_headway"] == 415.0 and r52["min_headway"] == 12.0
    assert r52["mean_headway"] == pytest.approx((12 + 28 + 25 + 235 + 415 + 30 + 105) / 7)
    assert r52["num_trips"] == 12  # the zero-duration trip is left out, as gtfs-kit does
    assert r52["end_time"] == "24:20:00"  # the 23:50 trip runs past midnight on its service date
    # no shapes: units default to km; each trip's distance is its largest shape_dist_traveled (5.0)
    assert r52["service_distance"] == pytest.approx(12 * 5.0)
    assert r52["service_speed"] == pytest.approx(60.0 / r52["service_duration"])
    # a different window changes the headways
    narrow = st.route_stats(schedule, day, headway_start="07:00:00", headway_end="08:00:00")
    assert next(r for r in narrow if r["route_id"] == "52")["max_headway"] == 30.0
    # route 61's only weekday trip has no departure time at its last stop: unknown duration,
    # so it is left out of the route stats but still counted in the feed stats
    assert "61" not in {r["route_id"] for r in routes}
    feed = st.feed_stats(schedule, day)
    assert feed["num_trips"] == 14 and feed["num_routes"] == 2 and feed["num_stops"] == 5
    assert feed["num_trip_ends"] == 13
    expected_hours = (9 * 1800 + 3 * 2000) / 3600
    assert feed["service_duration"] == pytest.approx(expected_hours)
    stop_b = next(s for s in stops if s["stop_id"] == "B")
    assert stop_b["num_routes"] == 2 and stop_b["num_trips"] == 9 + 3 + 1 + 1
    assert next(s for s in stops if s["stop_id"] == "E")["start_time"] is None  # no departure time there
    activity = {r["trip_id"]: r for r in st.trip_activity(schedule, ["20250305", "20250308"])}
    assert activity["o0"]["20250305"] == 1 and activity["o0"]["20250308"] == 0 and activity["s1"]["20250308"] == 1
    assert st.busiest_date(schedule, [dt.date(2025, 3, 5), dt.date(2025, 3, 8)]) == "20250305"


# ------------------------------------------------------------------------------ the CLI
def _read(path: Path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_cli_writes_three_csvs_with_gtfs_kit_headers(tmp_path, cairns):
    from django.core.management import call_command

    out = tmp_path / "out"
    stdout = io.StringIO()
    call_command("mobility", "stats", "--gtfs", str(data_file("cairns_gtfs.zip")), "--date", "20140609",
                 "--out", str(out), stdout=stdout)
    trips, routes, stops = (_read(out / f"{n}_stats.csv") for n in ("trip", "route", "stop"))
    assert trips[0] == st.TRIP_STATS_COLUMNS
    assert routes[0] == st.ROUTE_STATS_COLUMNS
    assert stops[0] == st.STOP_STATS_COLUMNS
    sunday = {t.trip_id for t in cairns.trips_on(dt.date(2014, 6, 9))}
    assert {r[0] for r in trips[1:]} == sunday  # the public holiday runs the Sunday timetable
    assert {r[0] for r in routes[1:]} == {"20140609"}
    text = stdout.getvalue()
    assert "num_trips" in text and str(len(sunday)) in text and "km" in text


def test_cli_rejects_bad_input(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("mobility", "stats", "--gtfs", str(tmp_path / "missing.zip"), "--out", str(tmp_path))
    with pytest.raises(CommandError):
        call_command("mobility", "stats", "--gtfs", str(data_file("sample_gtfs.zip")), "--date", "2007-06-05",
                     "--out", str(tmp_path))


@pytest.mark.django_db
def test_cli_on_a_stored_feed_equals_reading_the_zip(tmp_path, reference):
    from django.core.management import call_command

    from smartcity.mobility.services import feeds

    path = data_file("sample_gtfs.zip")
    feed = feeds.import_feed(path, owner="DOT", name="sample-stats")
    call_command("mobility", "stats", "--feed", str(feed.pk), "--date", "20070609", "--out", str(tmp_path / "db"),
                 stdout=io.StringIO())
    call_command("mobility", "stats", "--gtfs", str(path), "--date", "20070609", "--out", str(tmp_path / "zip"),
                 stdout=io.StringIO())
    for name in ("trip_stats.csv", "route_stats.csv", "stop_stats.csv"):
        db_rows = _read(tmp_path / "db" / name)
        assert len(db_rows) > 1
        assert db_rows == _read(tmp_path / "zip" / name)
