"""GTFS validation: the real feeds validate (with the notices their data deserve), and for
every ERROR code we implement, a copy of a real feed corrupted in one file produces exactly
that code, with the sample pointing at the corrupted file, row and field."""
import csv
import io
import json
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from smartcity.testing import require

from smartcity.mobility.gtfs import notices as N
from smartcity.mobility.gtfs.reader import from_files, read_feed
from smartcity.mobility.gtfs.validate import validate

GTFS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gtfs"
TODAY = date(2026, 12, 2)  # validation date: the feeds are years old, expiry notices are expected
ZIPS = {"sample": "sample_gtfs.zip", "cairns": "cairns_gtfs.zip", "caltrain": "caltrain-2017-07-24.zip",
        "trimet": "trimet-vermont-2018-02-06.zip", "seattle": "seattle-area-2017-11-16.zip"}


def _need_data():
    require(GTFS_DIR.is_dir(), f"GTFS test data {GTFS_DIR} (../shared/data/gtfs beside the checkout)")


@pytest.fixture(scope="module")
def zips():
    """Each real feed's files, read once for the module: name -> {file: bytes}."""
    _need_data()
    out = {}
    for key, name in ZIPS.items():
        with zipfile.ZipFile(GTFS_DIR / name) as zf:
            out[key] = {i.filename.rsplit("/", 1)[-1]: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    return out


@pytest.fixture(scope="module")
def reports(zips):
    """Clean reports of the real feeds (from_files on the zip contents), with timings."""
    out = {}
    for key, files in zips.items():
        raw = from_files(files, source=ZIPS[key])
        t0 = time.perf_counter()
        rep = validate(raw, today=TODAY)
        out[key] = (rep, time.perf_counter() - t0)
    out["trimet_files"] = zips["trimet"]
    return out


# -- CSV editing helpers ---------------------------------------------------------------------
class Csv:
    def __init__(self, data: bytes):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        self.header, self.rows = rows[0], [r for r in rows[1:] if r]

    def i(self, col):
        return self.header.index(col)

    def get(self, row, col):
        return self.rows[row][self.i(col)]

    def set(self, row, col, value):
        self.rows[row][self.i(col)] = value

    def find(self, **match):
        return [k for k, r in enumerate(self.rows) if all(r[self.i(c)] == v for c, v in match.items())]

    def bytes(self):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.header)
        w.writerows(self.rows)
        return buf.getvalue().encode()


def edit(files, name, fn):
    """Apply fn(Csv) to one file; returns what fn returns (the expected sample fields)."""
    table = Csv(files[name])
    expected = fn(table)
    files[name] = table.bytes()
    return expected


def write_and_read(files, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return read_feed(folder)


def first_trip_rows(st: Csv):
    """Row indexes of the first trip of stop_times.txt, in stop_sequence order."""
    tid = st.get(0, "trip_id")
    return sorted(st.find(trip_id=tid), key=lambda k: int(st.get(k, "stop_sequence"))), tid


# -- corruptions: one per ERROR code ---------------------------------------------------------
# each: base feed, function(files) -> expected sample subset (files edited in place)
def c_missing_required_file(f):
    del f["agency.txt"]
    return {"filename": "agency.txt"}


def c_missing_required_column(f):
    def fn(t):
        k = t.i("agency_url")
        t.header.pop(k)
        for r in t.rows:
            r.pop(k)
        return {"filename": "agency.txt", "fieldName": "agency_url"}
    return edit(f, "agency.txt", fn)


def c_missing_required_field(f):
    def fn(t):
        t.set(0, "route_type", "")
        return {"filename": "routes.txt", "csvRowNumber": 2, "fieldName": "route_type"}
    return edit(f, "routes.txt", fn)


def c_duplicate_key(f):
    def fn(t):
        t.rows.append(list(t.rows[3]))
        return {"filename": "stops.txt", "oldCsvRowNumber": 5, "newCsvRowNumber": len(t.rows) + 1,
                "fieldName1": "stop_id", "fieldValue1": t.get(3, "stop_id")}
    return edit(f, "stops.txt", fn)


def c_foreign_key_violation(f):
    def fn(t):
        t.set(5, "stop_id", "NO-SUCH-STOP")
        return {"filename": "stop_times.txt", "csvRowNumber": 7, "fieldName": "stop_id", "fieldValue": "NO-SUCH-STOP",
                "childFilename": "stop_times.txt", "parentFilename": "stops.txt", "parentFieldName": "stop_id"}
    return edit(f, "stop_times.txt", fn)


def c_invalid_date(f):
    def fn(t):
        t.set(0, "end_date", "20181340")
        return {"filename": "calendar.txt", "csvRowNumber": 2, "fieldName": "end_date", "fieldValue": "20181340"}
    return edit(f, "calendar.txt", fn)


def c_invalid_time(f):
    def fn(t):
        t.set(4, "arrival_time", "06:5:19")
        return {"filename": "stop_times.txt", "csvRowNumber": 6, "fieldName": "arrival_time", "fieldValue": "06:5:19"}
    return edit(f, "stop_times.txt", fn)


def c_invalid_timezone(f):
    def fn(t):
        t.set(0, "agency_timezone", "Asia/Binh_Duong")
        return {"filename": "agency.txt", "csvRowNumber": 2, "fieldName": "agency_timezone", "fieldValue": "Asia/Binh_Duong"}
    return edit(f, "agency.txt", fn)


def c_invalid_color(f):
    def fn(t):
        t.set(0, "route_color", "#FF0000")
        return {"filename": "routes.txt", "csvRowNumber": 2, "fieldName": "route_color", "fieldValue": "#FF0000"}
    return edit(f, "routes.txt", fn)


def c_invalid_float(f):
    def fn(t):
        t.set(3, "shape_dist_traveled", "3,4 km")
        return {"filename": "stop_times.txt", "csvRowNumber": 5, "fieldName": "shape_dist_traveled", "fieldValue": "3,4 km"}
    return edit(f, "stop_times.txt", fn)


def c_invalid_integer(f):
    def fn(t):
        t.set(3, "pickup_type", "none")
        return {"filename": "stop_times.txt", "csvRowNumber": 5, "fieldName": "pickup_type", "fieldValue": "none"}
    return edit(f, "stop_times.txt", fn)


def c_number_out_of_range(f):
    def fn(t):
        t.set(1, "stop_lat", "95.487677")
        return {"filename": "stops.txt", "csvRowNumber": 3, "fieldName": "stop_lat", "fieldValue": "95.487677"}
    return edit(f, "stops.txt", fn)


def c_point_near_origin(f):
    def fn(t):
        t.set(1, "stop_lat", "0.0")
        t.set(1, "stop_lon", "0.0")
        return {"filename": "stops.txt", "csvRowNumber": 3, "latFieldName": "stop_lat", "latFieldValue": 0.0}
    return edit(f, "stops.txt", fn)


def c_point_near_pole(f):
    def fn(t):
        t.set(10, "shape_pt_lat", "89.5")
        return {"filename": "shapes.txt", "csvRowNumber": 12, "latFieldName": "shape_pt_lat", "latFieldValue": 89.5}
    return edit(f, "shapes.txt", fn)


def c_missing_calendar_and_calendar_date_files(f):
    del f["calendar.txt"], f["calendar_dates.txt"]
    return {}


def c_start_and_end_range_out_of_order(f):
    def fn(t):
        s, e = t.get(0, "start_date"), t.get(0, "end_date")
        t.set(0, "start_date", e)
        t.set(0, "end_date", s)
        return {"filename": "calendar.txt", "csvRowNumber": 2, "startFieldName": "start_date", "startValue": e,
                "endFieldName": "end_date", "endValue": s}
    return edit(f, "calendar.txt", fn)


def c_arrival_before_previous_departure(f):
    def fn(t):
        rows, tid = first_trip_rows(t)
        k = rows[4]
        t.set(k, "arrival_time", "06:40:00")
        t.set(k, "departure_time", "06:40:00")
        return {"filename": "stop_times.txt", "csvRowNumber": k + 2, "prevCsvRowNumber": rows[3] + 2, "tripId": tid,
                "arrivalTime": "06:40:00"}
    return edit(f, "stop_times.txt", fn)


def c_only_arrival_or_departure(f):
    def fn(t):
        rows, tid = first_trip_rows(t)
        k = next(r for r in rows[1:-1] if t.get(r, "timepoint") == "0")
        t.set(k, "departure_time", "")
        return {"filename": "stop_times.txt", "csvRowNumber": k + 2, "tripId": tid, "specifiedField": "arrival_time"}
    return edit(f, "stop_times.txt", fn)


def c_missing_trip_edge(f):
    def fn(t):
        rows, tid = first_trip_rows(t)
        k = rows[0]
        t.set(k, "arrival_time", "")
        t.set(k, "departure_time", "")
        t.set(k, "timepoint", "0")
        return {"filename": "stop_times.txt", "csvRowNumber": k + 2, "tripId": tid, "stopSequence": 1,
                "specifiedField": "arrival_time"}
    return edit(f, "stop_times.txt", fn)


def c_timepoint_without_times(f):
    def fn(t):
        rows, tid = first_trip_rows(t)
        k = next(r for r in rows[1:-1] if t.get(r, "timepoint") == "0")
        t.set(k, "arrival_time", "")
        t.set(k, "departure_time", "")
        t.set(k, "timepoint", "1")
        return {"filename": "stop_times.txt", "csvRowNumber": k + 2, "tripId": tid}
    return edit(f, "stop_times.txt", fn)


def c_decreasing_or_equal_stop_time_distance(f):
    def fn(t):
        rows, tid = first_trip_rows(t)
        t.set(rows[5], "shape_dist_traveled", t.get(rows[4], "shape_dist_traveled"))
        return {"filename": "stop_times.txt", "csvRowNumber": rows[5] + 2, "prevCsvRowNumber": rows[4] + 2,
                "tripId": tid}
    return edit(f, "stop_times.txt", fn)


def _spans(files):
    st = Csv(files["stop_times.txt"])
    spans = {}
    for k, r in enumerate(st.rows):
        tid = r[st.i("trip_id")]
        t = r[st.i("departure_time")] or r[st.i("arrival_time")]
        lo, hi = spans.get(tid, (t, t))
        spans[tid] = (min(lo, t), max(hi, t))
    return spans


def c_block_trips_overlap(f):
    spans = _spans(f)

    def fn(t):
        by_service = {}
        for k in range(len(t.rows)):
            by_service.setdefault(t.get(k, "service_id"), []).append(k)
        for rows in by_service.values():
            for a in rows:
                for b in rows:
                    sa, sb = spans[t.get(a, "trip_id")], spans[t.get(b, "trip_id")]
                    if a < b and sa[0] < sb[0] < sa[1]:
                        t.set(a, "block_id", "OVERLAP")
                        t.set(b, "block_id", "OVERLAP")
                        return {"filename": "trips.txt", "csvRowNumberA": a + 2, "csvRowNumberB": b + 2,
                                "blockId": "OVERLAP", "tripIdA": t.get(a, "trip_id"), "tripIdB": t.get(b, "trip_id")}
        raise AssertionError("no overlapping trips to put in one block")
    return edit(f, "trips.txt", fn)


def c_location_without_parent_station(f):
    def fn(t):
        row = [""] * len(t.header)
        t.rows.append(row)
        k = len(t.rows) - 1
        for c, v in (("stop_id", "ENTRANCE-1"), ("stop_name", "Entrance"), ("stop_lat", "45.4871"),
                     ("stop_lon", "-122.6827"), ("location_type", "2")):
            t.set(k, c, v)
        return {"filename": "stops.txt", "csvRowNumber": k + 2, "stopId": "ENTRANCE-1", "locationType": 2}
    return edit(f, "stops.txt", fn)


def c_station_with_parent_station(f):
    def fn(t):
        row = [""] * len(t.header)
        t.rows.append(row)
        k = len(t.rows) - 1
        for c, v in (("stop_id", "STATION-1"), ("stop_name", "Station"), ("stop_lat", "45.4871"),
                     ("stop_lon", "-122.6827"), ("location_type", "1"), ("parent_station", t.get(0, "stop_id"))):
            t.set(k, c, v)
        return {"filename": "stops.txt", "csvRowNumber": k + 2, "stopId": "STATION-1"}
    return edit(f, "stops.txt", fn)


def c_wrong_parent_location_type(f):
    def fn(t):
        t.set(0, "parent_station", t.get(1, "stop_id"))
        return {"filename": "stops.txt", "csvRowNumber": 2, "parentStation": t.get(1, "stop_id"),
                "parentLocationType": 0, "expectedLocationType": 1}
    return edit(f, "stops.txt", fn)


def c_location_with_unexpected_stop_time(f):
    used = Csv(f["stop_times.txt"]).get(0, "stop_id")

    def fn(t):
        k = t.find(stop_id=used)[0]
        t.set(k, "location_type", "1")
        return {"filename": "stops.txt", "csvRowNumber": k + 2, "stopId": used}
    return edit(f, "stops.txt", fn)


def c_stop_without_location(f):
    def fn(t):
        t.set(2, "stop_lat", "")
        t.set(2, "stop_lon", "")
        return {"filename": "stops.txt", "csvRowNumber": 4, "stopId": t.get(2, "stop_id"), "locationType": 0}
    return edit(f, "stops.txt", fn)


def c_route_names_missing(f):
    def fn(t):
        t.set(0, "route_short_name", "")
        t.set(0, "route_long_name", "")
        return {"filename": "routes.txt", "csvRowNumber": 2, "routeId": t.get(0, "route_id")}
    return edit(f, "routes.txt", fn)


def c_inconsistent_agency_timezone(f):
    def fn(t):
        row = list(t.rows[0])
        t.rows.append(row)
        t.set(1, "agency_id", "BECAMEXTOKYU")
        t.set(1, "agency_name", "Becamex Tokyu Bus")
        t.set(1, "agency_url", "https://becamextokyubus.example/")
        t.set(1, "agency_timezone", "Asia/Ho_Chi_Minh")
        return {"filename": "agency.txt", "csvRowNumber": 3, "expected": "America/Los_Angeles",
                "actual": "Asia/Ho_Chi_Minh"}
    return edit(f, "agency.txt", fn)


def c_invalid_row_length(f):
    def fn(t):
        t.rows[6].append("extra")
        return {"filename": "stops.txt", "csvRowNumber": 8, "headerCount": len(t.header)}
    return edit(f, "stops.txt", fn)


def c_csv_parsing_failed(f):
    f["stops.txt"] = f["stops.txt"].replace(b"4900 Block", b"4900 \xff\xfe Block", 1)
    return {"filename": "stops.txt"}


def c_duplicated_column(f):
    def fn(t):
        t.header[t.i("position")] = "stop_code"
        return {"filename": "stops.txt", "fieldName": "stop_code", "firstIndex": 1, "secondIndex": len(t.header) - 1}
    return edit(f, "stops.txt", fn)


def c_empty_column_name(f):
    def fn(t):
        t.header[t.i("position")] = ""
        return {"filename": "stops.txt", "index": len(t.header) - 1}
    return edit(f, "stops.txt", fn)


def c_empty_file(f):
    f["agency.txt"] = b""
    return {"filename": "agency.txt"}


def c_new_line_in_value(f):
    def fn(t):
        t.set(0, "stop_name", "4900 Block\nSW Barbur")
        return {"filename": "stops.txt", "csvRowNumber": 2, "fieldName": "stop_name"}
    return edit(f, "stops.txt", fn)


def c_invalid_url(f):
    def fn(t):
        t.set(0, "agency_url", "trimet dot org")
        return {"filename": "agency.txt", "csvRowNumber": 2, "fieldName": "agency_url", "fieldValue": "trimet dot org"}
    return edit(f, "agency.txt", fn)


def c_invalid_email(f):
    def fn(t):
        t.set(0, "agency_email", "customerservice at trimet.org")
        return {"filename": "agency.txt", "csvRowNumber": 2, "fieldName": "agency_email"}
    return edit(f, "agency.txt", fn)


def c_invalid_language_code(f):
    def fn(t):
        t.set(0, "feed_lang", "english!")
        return {"filename": "feed_info.txt", "csvRowNumber": 2, "fieldName": "feed_lang", "fieldValue": "english!"}
    return edit(f, "feed_info.txt", fn)


def c_invalid_currency(f):
    def fn(t):
        t.set(0, "currency_type", "VNĐ")
        return {"filename": "fare_attributes.txt", "csvRowNumber": 2, "fieldName": "currency_type", "fieldValue": "VNĐ"}
    return edit(f, "fare_attributes.txt", fn)


def c_decreasing_shape_distance(f):
    def fn(t):
        t.set(20, "shape_dist_traveled", "1.0")
        return {"filename": "shapes.txt", "csvRowNumber": 22, "shapeId": t.get(20, "shape_id"), "shapeDistTraveled": 1.0}
    return edit(f, "shapes.txt", fn)


def c_equal_shape_distance_diff_coordinates(f):
    def fn(t):
        t.set(20, "shape_dist_traveled", t.get(19, "shape_dist_traveled"))
        assert (t.get(20, "shape_pt_lat"), t.get(20, "shape_pt_lon")) != (t.get(19, "shape_pt_lat"), t.get(19, "shape_pt_lon"))
        return {"filename": "shapes.txt", "csvRowNumber": 22, "prevCsvRowNumber": 21}
    return edit(f, "shapes.txt", fn)


def c_overlapping_frequency(f):
    def fn(t):
        k = t.find(trip_id="CITY1", start_time="8:00:00")[0]
        t.set(k, "start_time", "7:30:00")
        return {"filename": "frequencies.txt", "currCsvRowNumber": k + 2, "currStartTime": "7:30:00",
                "prevEndTime": "7:59:59", "tripId": "CITY1"}
    return edit(f, "frequencies.txt", fn)


def c_start_and_end_range_equal(f):
    def fn(t):
        k = t.find(trip_id="STBA")[0]
        t.set(k, "end_time", t.get(k, "start_time"))
        return {"filename": "frequencies.txt", "csvRowNumber": k + 2, "startFieldName": "start_time"}
    return edit(f, "frequencies.txt", fn)


def c_duplicate_fare_rule(f):
    def fn(t):
        t.rows.append(list(t.rows[1]))
        return {"filename": "fare_rules.txt", "csvRowNumber": len(t.rows) + 1, "previousCsvRowNumber": 3, "fareId": "p"}
    return edit(f, "fare_rules.txt", fn)


def c_stop_without_zone_id(f):
    def fn(t):
        k = t.find(stop_id="70011")[0]
        t.set(k, "zone_id", "")
        return {"filename": "stops.txt", "csvRowNumber": k + 2, "stopId": "70011"}
    return edit(f, "stops.txt", fn)


CASES = {
    "missing_required_file": ("trimet", c_missing_required_file),
    "missing_required_column": ("trimet", c_missing_required_column),
    "missing_required_field": ("trimet", c_missing_required_field),
    "duplicate_key": ("trimet", c_duplicate_key),
    "foreign_key_violation": ("trimet", c_foreign_key_violation),
    "invalid_date": ("trimet", c_invalid_date),
    "invalid_time": ("trimet", c_invalid_time),
    "invalid_timezone": ("trimet", c_invalid_timezone),
    "invalid_color": ("sample", c_invalid_color),
    "invalid_float": ("trimet", c_invalid_float),
    "invalid_integer": ("trimet", c_invalid_integer),
    "number_out_of_range": ("trimet", c_number_out_of_range),
    "point_near_origin": ("trimet", c_point_near_origin),
    "point_near_pole": ("trimet", c_point_near_pole),
    "missing_calendar_and_calendar_date_files": ("trimet", c_missing_calendar_and_calendar_date_files),
    "start_and_end_range_out_of_order": ("trimet", c_start_and_end_range_out_of_order),
    "stop_time_with_arrival_before_previous_departure_time": ("trimet", c_arrival_before_previous_departure),
    "stop_time_with_only_arrival_or_departure_time": ("trimet", c_only_arrival_or_departure),
    "missing_trip_edge": ("trimet", c_missing_trip_edge),
    "stop_time_timepoint_without_times": ("trimet", c_timepoint_without_times),
    "decreasing_or_equal_stop_time_distance": ("trimet", c_decreasing_or_equal_stop_time_distance),
    "overlapping_frequency": ("sample", c_overlapping_frequency),
    "start_and_end_range_equal": ("sample", c_start_and_end_range_equal),
    "block_trips_with_overlapping_stop_times": ("trimet", c_block_trips_overlap),
    "location_without_parent_station": ("trimet", c_location_without_parent_station),
    "station_with_parent_station": ("trimet", c_station_with_parent_station),
    "wrong_parent_location_type": ("trimet", c_wrong_parent_location_type),
    "location_with_unexpected_stop_time": ("trimet", c_location_with_unexpected_stop_time),
    "stop_without_location": ("trimet", c_stop_without_location),
    "route_both_short_and_long_name_missing": ("trimet", c_route_names_missing),
    "inconsistent_agency_timezone": ("trimet", c_inconsistent_agency_timezone),
    "invalid_row_length": ("trimet", c_invalid_row_length),
    "csv_parsing_failed": ("trimet", c_csv_parsing_failed),
    "duplicated_column": ("trimet", c_duplicated_column),
    "empty_column_name": ("trimet", c_empty_column_name),
    "empty_file": ("trimet", c_empty_file),
    "new_line_in_value": ("trimet", c_new_line_in_value),
    "invalid_url": ("trimet", c_invalid_url),
    "invalid_email": ("trimet", c_invalid_email),
    "invalid_language_code": ("trimet", c_invalid_language_code),
    "invalid_currency": ("sample", c_invalid_currency),
    "decreasing_shape_distance": ("trimet", c_decreasing_shape_distance),
    "equal_shape_distance_diff_coordinates": ("trimet", c_equal_shape_distance_diff_coordinates),
    "duplicate_fare_rule_zone_id_fields": ("sample", c_duplicate_fare_rule),
    "stop_without_zone_id": ("caltrain", c_stop_without_zone_id),
}


def test_every_error_code_has_a_corruption_case():
    assert set(CASES) == set(N.codes(N.ERROR))
    assert "point_near_origin" in N.codes(N.ERROR) and N.severity("unknown_file") == N.INFO


@pytest.mark.parametrize("code", sorted(CASES))
def test_corruption_produces_exactly_its_error(code, zips, reports, tmp_path):
    base, corrupt = CASES[code]
    files = dict(zips[base])
    expected = corrupt(files)
    rep = validate(write_and_read(files, tmp_path / "feed"), today=TODAY)
    clean = reports[base][0]
    if code in clean.codes:  # only caltrain's two stops without zone_id (see the real-feed test)
        assert code == "stop_without_zone_id"
        assert rep.get(code).count == clean.get(code).count + 1
        assert rep.codes_with(N.ERROR) == clean.codes_with(N.ERROR)
    else:
        assert rep.codes_with(N.ERROR) - clean.codes_with(N.ERROR) == {code}, rep.as_dict()["notices"]
    notice = rep.get(code)
    assert notice.severity == N.ERROR and notice.count >= 1 and rep.blocking
    assert any(all(s.get(k) == v for k, v in expected.items()) for s in notice.samples), (expected, notice.samples)


# -- the real feeds ----------------------------------------------------------------------------
def test_clean_real_feeds_have_no_errors_but_caltrains_zones(reports):
    for key in ("sample", "cairns", "trimet", "seattle"):
        rep = reports[key][0]
        assert rep.errors == 0, (key, rep.as_dict()["notices"])
        assert not rep.blocking
    caltrain = reports["caltrain"][0]
    # fare_rules.txt uses origin_id/destination_id, and stops 777402 and 777403 (San Jose and
    # Tamien, used by 44 stop times each) have no zone_id: a "must" of the spec, so ERROR
    assert caltrain.codes_with(N.ERROR) == {"stop_without_zone_id"}
    notice = caltrain.get("stop_without_zone_id")
    assert notice.count == 2
    assert [(s["stopId"], s["csvRowNumber"]) for s in notice.samples] == [("777402", 64), ("777403", 65)]


def test_caltrain_non_standard_files_are_unknown_files(reports):
    rep = reports["caltrain"][0]
    notice = rep.get("unknown_file")
    assert notice.severity == N.INFO
    assert notice.count == 7
    assert {s["filename"] for s in notice.samples} <= {
        "calendar_attributes.txt", "directions.txt", "farezone_attributes.txt", "realtime_routes.txt",
        "realtime_trips.txt", "stop_attributes.txt", "timepoints.txt"}
    full = validate(from_files(dict(), source="x"), today=TODAY)  # an empty input: every required file missing
    assert {s["filename"] for s in full.get("missing_required_file").samples} == {
        "agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"}
    all_samples = validate(read_feed(GTFS_DIR / ZIPS["caltrain"]), today=TODAY, max_samples=100)
    assert sorted(s["filename"] for s in all_samples.get("unknown_file").samples) == [
        "calendar_attributes.txt", "directions.txt", "farezone_attributes.txt", "realtime_routes.txt",
        "realtime_trips.txt", "stop_attributes.txt", "timepoints.txt"]
    # all 64 stops have a platform_code (NB, SB...) and no parent_station
    assert rep.get("platform_without_parent_station").count == 64


def test_real_feed_warnings_match_their_data(reports):
    seattle = reports["seattle"][0]
    # route_short_name longer than 12 characters: the two streetcar lines
    long_names = seattle.get("route_short_name_too_long")
    assert long_names.count == 2
    assert {s["routeShortName"] for s in long_names.samples} == {"South Lake Union Streetcar", "First Hill Streetcar"}
    # trips.txt has peak_flag and fare_id, not in the spec
    assert {s["fieldName"] for s in seattle.get("unknown_column").samples} == {"peak_flag", "fare_id"}
    trimet = reports["trimet"][0]
    # feed_info.txt: feed_end_date 20180602, long before the validation date
    exp = trimet.get("feed_expiration_date7_days")
    assert exp.count == 1 and exp.samples[0]["feedEndDate"] == "20180602"
    assert {s["fieldName"] for s in validate(read_feed(GTFS_DIR / ZIPS["trimet"]), today=TODAY).get(
        "unknown_column").samples} == {"feed_id", "bikes_policy_url", "direction", "position", "trip_type"}
    # consecutive shape points repeated with the same distance (e.g. sequence 259/260 of 360808)
    dup = trimet.get("equal_shape_distance_same_coordinates")
    assert dup.severity == N.WARNING and dup.samples[0]["shapeId"] == "360808"
    assert dup.samples[0]["prevShapePtSequence"] == 259 and dup.samples[0]["shapePtSequence"] == 260
    # cairns, seattle and caltrain have no feed_info.txt: a recommended file
    for key in ("cairns", "seattle", "caltrain"):
        assert reports[key][0].get("missing_recommended_file").samples == [{"filename": "feed_info.txt"}]
    assert reports["trimet"][0].get("missing_recommended_file") is None
    # judged on a date inside the trimet feed's period (it ends 20180602): no expiry notice
    inside = validate(from_files(dict(reports["trimet_files"])), today=date(2018, 2, 10))
    assert inside.get("feed_expiration_date7_days") is None and inside.get("feed_expiration_date30_days") is None
    assert inside.get("expired_calendar") is None


def test_real_feeds_validate_fast(reports):
    rep, seconds = reports["seattle"]
    assert rep.summary["counts"]["Trips"] == 3888
    assert seconds < 5.0, seconds  # measured ~1 s on the 2-core machine
    assert reports["cairns"][1] < 3.0


def test_report_json_is_shaped_like_mobilitydatas(reports):
    rep = reports["caltrain"][0]
    doc = json.loads(json.dumps(rep.as_dict()))
    assert set(doc) == {"summary", "notices"}
    s = doc["summary"]
    assert s["counts"]["Routes"] == 4 and s["counts"]["Agencies"] == 1 and s["counts"]["Stops"] == 64
    assert s["agencies"][0]["name"] == "Caltrain"
    assert s["noticeCounts"] == {"ERROR": rep.errors, "WARNING": rep.warnings, "INFO": rep.infos}
    assert "timepoints.txt" in s["files"] and s["dateForValidation"] == "2026-12-02"
    order = [(N.SEVERITY_RANK[n["severity"]], n["code"]) for n in doc["notices"]]
    assert order == sorted(order) and doc["notices"][0]["severity"] == "ERROR"
    assert doc["notices"][-1]["severity"] == "INFO"
    for n in doc["notices"]:
        assert set(n) == {"code", "severity", "totalNotices", "sampleNotices"}
        assert 1 <= len(n["sampleNotices"]) <= 5 and n["totalNotices"] >= len(n["sampleNotices"])
        assert n["severity"] == N.severity(n["code"])
    assert rep.errors == sum(n["totalNotices"] for n in doc["notices"] if n["severity"] == "ERROR")
    trimet = reports["trimet"][0].summary["feedInfo"]
    assert trimet["publisherName"] == "TriMet" and trimet["feedEndDate"] == "20180602"


def test_max_samples_limits_samples_not_counts(zips):
    files = dict(zips["trimet"])
    edit(files, "stops.txt", lambda t: [t.set(k, "stop_lat", "abc") for k in range(12)])
    few = validate(from_files(files), today=TODAY, max_samples=3).get("invalid_float")
    many = validate(from_files(files), today=TODAY, max_samples=50).get("invalid_float")
    assert few.count == many.count == 12
    assert len(few.samples) == 3 and len(many.samples) == 12
    assert [s["csvRowNumber"] for s in many.samples] == list(range(2, 14))


# -- the command -------------------------------------------------------------------------------
def test_command_prints_codes_writes_report_and_exits_1_on_errors(tmp_path, zips, capsys):
    from django.core.management import call_command

    files = dict(zips["trimet"])
    expected = c_invalid_color_trimet(files)
    folder = tmp_path / "broken"
    write_and_read(files, folder)
    out_json = tmp_path / "report.json"
    with pytest.raises(SystemExit) as exc:
        call_command("mobility", "validate", str(folder), "--report", str(out_json), "--date", "20261202")
    assert exc.value.code == 1
    printed = capsys.readouterr().out
    line = next(x for x in printed.splitlines() if x.startswith("invalid_color"))
    assert line.split() == ["invalid_color", "ERROR", "1"]
    assert "unknown_column" in printed and "error(s)" in printed
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    notice = next(n for n in doc["notices"] if n["code"] == "invalid_color")
    assert notice["totalNotices"] == 1 and notice["sampleNotices"][0] == {**notice["sampleNotices"][0], **expected}
    assert doc["summary"]["noticeCounts"]["ERROR"] == 1


def c_invalid_color_trimet(f):
    def fn(t):
        t.set(0, "route_color", "blue")
        return {"filename": "routes.txt", "csvRowNumber": 2, "fieldName": "route_color", "fieldValue": "blue"}
    return edit(f, "routes.txt", fn)


def test_command_clean_zip_exits_0(capsys):
    _need_data()
    from django.core.management import call_command

    call_command("mobility", "validate", str(GTFS_DIR / ZIPS["sample"]), "--date", "20080101")  # no SystemExit
    out = capsys.readouterr().out
    assert "0 error(s), 0 warning(s), 0 info(s)" in out


def test_command_refuses_bad_arguments(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("mobility", "validate")
    with pytest.raises(CommandError):
        call_command("mobility", "validate", str(tmp_path / "nothing.zip"))
    with pytest.raises(CommandError):
        call_command("mobility", "validate", str(tmp_path), "--date", "2026-12-02")


@pytest.mark.django_db
def test_command_validates_a_stored_feed(reference, capsys, make_user, client_as):
    _need_data()
    from django.core.management import call_command

    from smartcity.core.models import Organisation
    from smartcity.mobility.services.feeds import import_feed

    feed = import_feed(GTFS_DIR / ZIPS["caltrain"], owner=Organisation.objects.get(code="DOT"), name="caltrain")
    with pytest.raises(SystemExit) as exc:
        call_command("mobility", "validate", "--feed", str(feed.pk), "--date", "20261202")
    assert exc.value.code == 1
    lines = {x.split()[0]: x.split()[1:] for x in capsys.readouterr().out.splitlines() if x.strip()}
    assert lines["stop_without_zone_id"] == ["ERROR", "2"]
    assert lines["unknown_file"] == ["INFO", "7"]
    # the notices stored at import are what the page shows
    from django.urls import reverse

    html = client_as(make_user("can-bo-so", "DOT", role="viewer")).get(
        reverse("mobility-feed-validation", kwargs={"pk": feed.pk}) + "?lang=en").content.decode()
    assert 'id="notice-stop_without_zone_id" data-code="stop_without_zone_id" data-severity="ERROR" data-count="2"' in html
    assert 'data-code="unknown_file" data-severity="INFO" data-count="7"' in html and "777402" in html


# -- the report page ---------------------------------------------------------------------------
@pytest.fixture
def feed_with_notices(reference):
    from smartcity.core.models import Organisation
    from smartcity.mobility.models import Feed, ValidationNotice

    feed = Feed.objects.create(owner=Organisation.objects.get(code="DOT"), name="Xe buýt Bình Dương", version=2,
                               source_name="binhduong.zip", files={"routes.txt": {"columns": ["route_id"], "rows": 12}})
    ValidationNotice.objects.create(feed=feed, code="foreign_key_violation", severity="ERROR", count=3, samples=[
        {"filename": "stop_times.txt", "csvRowNumber": 17, "fieldName": "stop_id", "fieldValue": "BX-THU-DAU-MOT",
         "childFilename": "stop_times.txt", "parentFilename": "stops.txt"}])
    ValidationNotice.objects.create(feed=feed, code="unknown_file", severity="INFO", count=1,
                                    samples=[{"filename": "ghi_chu.txt"}])
    ValidationNotice.objects.create(feed=feed, code="route_short_name_too_long", severity="WARNING", count=2, samples=[
        {"filename": "routes.txt", "csvRowNumber": 4, "routeId": "61-77", "routeShortName": "Thủ Dầu Một - Suối Tiên"}])
    return feed


def test_page_shows_codes_samples_and_chart(feed_with_notices, make_user, client_as):
    from django.urls import reverse

    user = make_user("nhanvien-gtvt", "DOT", role="viewer")
    url = reverse("mobility-feed-validation", kwargs={"pk": feed_with_notices.pk})
    assert url == f"/mobility/feeds/{feed_with_notices.pk}/validation/"
    resp = client_as(user).get(url + "?lang=en")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert html.index('id="notice-foreign_key_violation"') < html.index('id="notice-route_short_name_too_long"') \
        < html.index('id="notice-unknown_file"')  # ERROR, WARNING, INFO
    assert 'data-severity="ERROR" data-count="3"' in html
    assert "BX-THU-DAU-MOT" in html and "<th>csvRowNumber</th>" in html and "<td>17</td>" in html
    assert "A value refers to a record that does not exist in the referenced file." in html
    assert "Thủ Dầu Một - Suối Tiên" in html
    assert 'data-severity="ERROR" data-count="3"><title>' in html  # the chart's bar
    assert 'id="blocking"' in html and "can only be activated by forcing it" in html
    assert html.count('class="badge"') == 3 and ">Error</span>" in html and ">Info</span>" in html


def test_page_in_vietnamese(feed_with_notices, make_user, client_as):
    from django.urls import reverse

    from smartcity.mobility.gtfs import notices

    client = client_as(make_user("nhanvien-vi", "DOT", role="viewer"))
    html = client.get(reverse("mobility-feed-validation", kwargs={"pk": feed_with_notices.pk})).content.decode()
    assert "Báo cáo kiểm tra dữ liệu" in html  # Vietnamese first
    assert notices.description("foreign_key_violation") not in html
    assert "Giá trị tham chiếu đến một bản ghi không có trong tệp được tham chiếu." in html
    assert "Phiên bản này có lỗi" in html


def test_page_json_download(feed_with_notices, make_user, client_as):
    from django.urls import reverse

    client = client_as(make_user("nhanvien-json", "BECAMEXTOKYU", role="viewer"))  # published feed: any org reads it
    resp = client.get(reverse("mobility-feed-validation", kwargs={"pk": feed_with_notices.pk}) + "?format=json")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/json")
    assert "attachment" in resp["Content-Disposition"] and "-v2-validation.json" in resp["Content-Disposition"]
    doc = resp.json()
    assert [n["code"] for n in doc["notices"]] == ["foreign_key_violation", "route_short_name_too_long", "unknown_file"]
    assert doc["notices"][0]["totalNotices"] == 3 and doc["notices"][0]["sampleNotices"][0]["csvRowNumber"] == 17
    assert doc["summary"]["noticeCounts"] == {"ERROR": 3, "WARNING": 2, "INFO": 1}
    assert doc["summary"]["counts"]["Routes"] == 12 and doc["summary"]["feed"]["owner"] == "DOT"


def test_page_access(feed_with_notices, make_user, client, client_as):
    from django.urls import reverse

    url = reverse("mobility-feed-validation", kwargs={"pk": feed_with_notices.pk})
    resp = client.get(url)
    assert resp.status_code == 302 and "login" in resp["Location"]
    assert client.get(url + "?format=json").status_code == 302
    feed_with_notices.published = False
    feed_with_notices.save()
    outsider = client_as(make_user("ngoai-to-chuc", "BECAMEXTOKYU", role="viewer"))
    assert outsider.get(url).status_code == 404  # an unpublished version of another organisation
    client.logout()
    insider = client_as(make_user("trong-to-chuc", "DOT", role="viewer"))
    assert insider.get(url).status_code == 200


# -- some WARNING/INFO rules on a corrupted copy (they never block) ---------------------------
def _append_copy(t, row, **changes):
    t.rows.append(list(t.rows[row]))
    for c, v in changes.items():
        t.set(len(t.rows) - 1, c, v)
    return len(t.rows) + 1  # csvRowNumber of the new row


WARN_CASES = {
    "route_short_name_too_long": lambda f: edit(f, "routes.txt", lambda t: (
        t.set(0, "route_short_name", "Thủ Dầu Một - Suối Tiên"), {"routeShortName": "Thủ Dầu Một - Suối Tiên"})[1]),
    "same_name_and_description_for_stop": lambda f: edit(f, "stops.txt", lambda t: (
        t.set(0, "stop_desc", t.get(0, "stop_name").upper()), {"csvRowNumber": 2, "stopId": t.get(0, "stop_id")})[1]),
    "unused_trip": lambda f: edit(f, "trips.txt", lambda t: {
        "csvRowNumber": _append_copy(t, 0, trip_id="KHONG-CO-GIO"), "tripId": "KHONG-CO-GIO"}),
    "unused_shape": lambda f: edit(f, "shapes.txt", lambda t: {
        "csvRowNumber": _append_copy(t, 0, shape_id="HINH-LE"), "shapeId": "HINH-LE"}),
    "stop_without_stop_time": lambda f: edit(f, "stops.txt", lambda t: {
        "csvRowNumber": _append_copy(t, 0, stop_id="TRAM-BO-HOANG"), "stopId": "TRAM-BO-HOANG"}),
    "duplicate_route_name": lambda f: edit(f, "routes.txt", lambda t: {
        "csvRowNumber2": _append_copy(t, 0, route_id="1-BIS"), "routeId1": "1", "routeId2": "1-BIS"}),
    "route_color_contrast": lambda f: edit(f, "routes.txt", lambda t: (
        t.set(0, "route_color", "0B5D8F"), t.set(0, "route_text_color", "1A5E8A"), {"routeColor": "0B5D8F"})[2]),
    "missing_feed_info_date": lambda f: edit(f, "feed_info.txt", lambda t: (
        t.set(0, "feed_end_date", ""), {"fieldName": "feed_end_date", "csvRowNumber": 2})[1]),
    "more_than_one_entity": lambda f: edit(f, "feed_info.txt", lambda t: (
        _append_copy(t, 0), {"filename": "feed_info.txt", "entityCount": 2})[1]),
    "unexpected_enum_value": lambda f: edit(f, "stop_times.txt", lambda t: (
        t.set(3, "pickup_type", "7"), {"csvRowNumber": 5, "fieldName": "pickup_type", "fieldValue": "7"})[1]),
    "fast_travel_between_consecutive_stops": lambda f: edit(f, "stops.txt", lambda t: (
        t.set(t.find(stop_id=Csv(f["stop_times.txt"]).get(3, "stop_id"))[0], "stop_lat", "45.95"),
        {"stopId2": Csv(f["stop_times.txt"]).get(3, "stop_id")})[1]),
    "unknown_file": lambda f: (f.__setitem__("ghi_chu.txt", "ghi_chu\nTuyến 52\n".encode()), {"filename": "ghi_chu.txt"})[1],
}


@pytest.mark.parametrize("code", sorted(WARN_CASES))
def test_warning_rules_on_corrupted_copies(code, zips, reports):
    files = dict(zips["trimet"])
    expected = WARN_CASES[code](files)
    clean = reports["trimet"][0]
    rep = validate(from_files(files), today=TODAY)
    assert code not in clean.codes
    notice = rep.get(code)
    assert notice is not None and notice.severity in (N.WARNING, N.INFO)
    assert any(all(s.get(k) == v for k, v in expected.items()) for s in notice.samples), (expected, notice.samples)
    assert rep.errors == 0 and not rep.blocking  # warnings never block


def test_feed_expiring_within_30_days(zips):
    rep = validate(from_files(dict(zips["trimet"])), today=date(2018, 5, 20))  # feed_end_date 20180602
    assert rep.get("feed_expiration_date7_days") is None
    notice = rep.get("feed_expiration_date30_days")
    assert notice.samples[0]["suggestedExpirationDate"] == "20180619" and notice.samples[0]["feedEndDate"] == "20180602"
    assert validate(from_files(dict(zips["trimet"])), today=date(2018, 5, 28)).get("feed_expiration_date7_days").count == 1


def test_random_corruptions_never_crash(zips):
    """Seeded random damage (cells, headers, short rows, deleted, emptied or bit-flipped
    files) to the sample feed: the validator always returns a consistent report."""
    import random

    rnd = random.Random(2018)
    values = ["", "x", "-1", "0", "99999999999", "1e400", "nan", "25:61:00", "20180231", "Thủ Dầu Một", "a\nb", "+3", ".5"]
    base = zips["sample"]
    for _ in range(60):
        files = dict(base)
        for _ in range(rnd.randint(1, 5)):
            name = rnd.choice(sorted(files))
            mode = rnd.random()
            if mode < 0.75 and files[name]:
                try:
                    t = Csv(files[name])
                except (UnicodeDecodeError, IndexError):  # already bit-flipped or emptied
                    continue
                rows = [t.header] + t.rows
                r = rnd.randrange(len(rows))
                if rows[r]:
                    rows[r][rnd.randrange(len(rows[r]))] = rnd.choice(values)
                    if rnd.random() < 0.15:
                        rows[r].pop()
                files[name] = t.bytes()
            elif mode < 0.85:
                del files[name]
            elif mode < 0.92:
                files[name] = b""
            else:
                files[name] = files[name][:7] + b"\xff" + files[name][8:]
        rep = validate(from_files(files), today=TODAY)
        doc = rep.as_dict()
        assert rep.errors == sum(n["totalNotices"] for n in doc["notices"] if n["severity"] == "ERROR")
        assert all(n["severity"] == N.severity(n["code"]) for n in doc["notices"])
    # a service whose only date is removed by calendar_dates has no dates at all
    files = dict(base)
    files["calendar_dates.txt"] = b"service_id,date,exception_type\nONLY,20070604,1\nONLY,20070604,2\n"
    assert validate(from_files(files), today=TODAY).summary["feedInfo"]["feedServiceWindowStart"] == "2007-01-01"
