"""Live vehicles: GTFS-Realtime parsing/building, the realtime checks, matching with stop
events and delays on a synthetic run with known truth, the POST endpoint, our public feeds,
the commands and pages. The MQTT path through the real broker is in test_realtime_mqtt.py.
"""
import datetime as dt
import math
import time

import orjson
import pytest
from google.transit import gtfs_realtime_pb2 as pb

from smartcity.mobility import rt_checks
from smartcity.mobility.gtfs import rt
from smartcity.mobility.gtfs.reader import from_files
from smartcity.mobility.gtfs.schedule import Schedule
from smartcity.mobility.matching import Fix, Matcher

TZ = dt.timezone(dt.timedelta(hours=7))
# A corridor along Đại lộ Bình Dương, Thủ Dầu Một, north to south: shape vertices; stops on some of them
SHAPE = [(11.0100, 106.6600), (11.0070, 106.6605), (11.0040, 106.6610), (11.0010, 106.6612), (10.9980, 106.6615),
         (10.9950, 106.6620), (10.9920, 106.6630), (10.9890, 106.6640), (10.9860, 106.6648), (10.9830, 106.6655)]
STOPS = [("S1", "Bến xe Thủ Dầu Một", 0), ("S2", "Chợ Thủ Dầu Một", 2), ("S3", "Ngã tư Cây Me", 4),
         ("S4", "Bệnh viện Đa khoa Bình Dương", 6), ("S5", "Ngã tư Phú Văn", 9)]
FAR = (10.90, 106.80)  # Dĩ An, well outside the corridor's area


def hms(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def tiny_files() -> dict:
    """Route 51 with two southbound trips (08:00 and 08:30), stop times every 3 min."""
    stops = "stop_id,stop_name,stop_lat,stop_lon\n" + "".join(
        f"{sid},{name},{SHAPE[i][0]},{SHAPE[i][1]}\n" for sid, name, i in STOPS)
    shapes = "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n" + "".join(
        f"SH51,{la},{lo},{k + 1}\n" for k, (la, lo) in enumerate(SHAPE))
    st = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    for trip, start in (("T0800", 8 * 3600), ("T0830", 8 * 3600 + 1800)):
        for k, (sid, _n, _i) in enumerate(STOPS):
            a = start + k * 180
            d = a + (20 if 0 < k < len(STOPS) - 1 else 0)
            st.append(f"{trip},{hms(a)},{hms(d)},{sid},{k + 1}")
    return {
        "agency.txt": b"agency_id,agency_name,agency_url,agency_timezone\nBT,Becamex Tokyu,https://becamex-tokyu.example,Asia/Ho_Chi_Minh\n",
        "stops.txt": stops.encode(),
        "routes.txt": "route_id,agency_id,route_short_name,route_long_name,route_type\nR51,BT,51,Thủ Dầu Một - Thành phố mới,3\n".encode(),
        "trips.txt": b"route_id,service_id,trip_id,shape_id,direction_id\nR51,DAILY,T0800,SH51,0\nR51,DAILY,T0830,SH51,0\n",
        "stop_times.txt": ("\n".join(st) + "\n").encode(),
        "shapes.txt": shapes.encode(),
        "calendar.txt": b"service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        b"DAILY,1,1,1,1,1,1,1,20200101,20351231\n",
    }


@pytest.fixture(scope="module")
def schedule():
    return Schedule.from_raw(from_files(tiny_files()))


def day_start(date: dt.date) -> int:
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=TZ).timestamp())


def synthetic_run(schedule, trip_id: str, date: dt.date, late: list[int], dwell: int = 25, step: int = 10):
    """A bus driving the trip's shape: arrives at stop k `late[k]` seconds after schedule,
    dwells, drives at constant speed between stops. Returns (fixes, truth {seq: (arr, dep)})."""
    m = Matcher(schedule)
    trip = schedule.trips[trip_id]
    g = m.geom(trip)
    base = day_start(date)
    truth = {}
    for k, seq in enumerate(trip.seqs):
        arr = base + trip.arr[k] + late[k]
        dep = arr + (dwell if 0 < k < len(trip.seqs) - 1 else 0)
        if k == 0:
            arr, dep = None, base + trip.dep[0] + late[0]
        truth[seq] = (arr, dep)
    # position as a function of time
    pts = []
    for k in range(len(trip.seqs)):
        a, d = truth[trip.seqs[k]]
        pts.append(((a if a is not None else d - 60), g.s[k]))
        pts.append((d, g.s[k]))
    line = g.line
    fixes = []
    t = pts[0][0]
    end = pts[-1][0] + 40
    while t <= end:
        for j in range(len(pts) - 1):
            (ta, da), (tb, db) = pts[j], pts[j + 1]
            if ta <= t <= tb:
                dist = da if tb == ta else da + (db - da) * (t - ta) / (tb - ta)
                speed = 0.0 if db == da else (db - da) / (tb - ta)
                break
        else:
            dist, speed = pts[-1][1], 0.0
        lat, lon = point_at(line, dist)
        wobble = 4.0 * math.sin(t / 37.0)  # a few metres of GPS noise across the road
        fixes.append(Fix(t=t, lat=lat + wobble / 111195, lon=lon, speed=speed))
        t += step
    return fixes, truth


def point_at(line, dist):
    for i in range(len(line.cum) - 1):
        if line.cum[i] <= dist <= line.cum[i + 1]:
            u = (dist - line.cum[i]) / ((line.cum[i + 1] - line.cum[i]) or 1)
            x = line.xs[i] + u * (line.xs[i + 1] - line.xs[i])
            y = line.ys[i] + u * (line.ys[i + 1] - line.ys[i])
            return line.lat0 + y / line.ky, line.lon0 + x / line.kx
    return line.lat0 + line.ys[-1] / line.ky, line.lon0 + line.xs[-1] / line.kx


DATE = dt.date(2026, 11, 30)
LATE = [60, 75, 110, 150, 170]


def run_matcher(schedule, fixes):
    m = Matcher(schedule)
    track, events = None, []
    for f in fixes:
        res = m.update(track, f)
        track = res.track
        events.extend(res.events)
    return track, events


def merged(events):
    out = {}
    for e in events:
        old = out.get(e.stop_sequence)
        if old is None:
            out[e.stop_sequence] = e
        else:
            old.arrival = old.arrival if old.arrival is not None else e.arrival
            if e.departure is not None:
                old.departure, old.delay = e.departure, e.delay
    return out


# -- GTFS-Realtime reading and writing ----------------------------------------------------------
def test_protobuf_and_json_round_trip():
    pos = rt.Position("e1", vehicle_id="51-01", label="51-01", trip=rt.TripRef("T0800", "R51", 0, "08:00:00", "20261130"),
                      lat=10.9980, lon=106.6615, bearing=182.5, speed=8.25, timestamp=1764464400, current_stop_sequence=3,
                      stop_id="S3", status="STOPPED_AT")
    upd = rt.TripUpdate("u1", rt.TripRef("T0800", start_date="20261130"), vehicle_id="51-01", timestamp=1764464400, delay=95,
                        stop_time_updates=[rt.StopTimeUpdate(4, "S4", arrival_delay=120, departure_time=1764464700)])
    msg = rt.build(1764464405, [pos], [upd])
    data = rt.to_bytes(msg)
    again = pb.FeedMessage()
    again.ParseFromString(data)  # the official bindings read what we write
    assert again.header.gtfs_realtime_version == "2.0" and again.IsInitialized()
    back = rt.parse(data, "application/x-protobuf")
    p = back.positions[0]
    assert (p.vehicle_id, p.trip.trip_id, p.trip.start_date, p.stop_id, p.status, p.current_stop_sequence) == (
        "51-01", "T0800", "20261130", "S3", "STOPPED_AT", 3)
    assert p.lat == pytest.approx(10.998, abs=1e-5) and p.speed == pytest.approx(8.25) and p.bearing == pytest.approx(182.5)
    assert back.trip_updates[0].stop_time_updates[0].as_dict() == {
        "stop_sequence": 4, "stop_id": "S4", "arrival_delay": 120, "departure_time": 1764464700, "schedule_relationship": "SCHEDULED"}
    assert back.timestamp == 1764464405 and back.trip_updates[0].delay == 95
    from_json = rt.parse(rt.to_json(msg))  # protobuf's JSON mapping, lowerCamelCase
    assert from_json == back
    snake = {"header": {"gtfs_realtime_version": "2.0", "timestamp": 5}, "entity": [
        {"id": "a", "vehicle": {"vehicle": {"id": "x"}, "position": {"latitude": 10.9, "longitude": 106.6}}}]}
    assert rt.parse(orjson.dumps(snake)).positions[0].vehicle_id == "x"


@pytest.mark.parametrize("body,ctype,code", [
    (b"not a protobuf at all", "application/x-protobuf", "bad_protobuf"),
    (b"", None, "empty_body"),
    (b"{not json", "application/json", "malformed_json"),
    (b'{"header": {"timestamp": 5}}', "application/json", "missing_required_fields"),
    (b'{"header": {"gtfsRealtimeVersion": "2.0"}, "entity": [{"id": "a", "vehicle": {"position": {"latitude": "north"}}}]}',
     "application/json", "bad_json"),
    (b"[1, 2]", "application/json", "bad_json"),
])
def test_unreadable_messages_raise_a_coded_error(body, ctype, code):
    with pytest.raises(rt.RtError) as exc:
        rt.parse(body, ctype)
    assert exc.value.code == code and exc.value.message


# -- checks ----------------------------------------------------------------------------------------
def test_each_check_code_is_raised_by_its_crafted_message(schedule):
    now = day_start(DATE) + 8 * 3600 + 300
    on = SHAPE[3]
    good = rt.Position("ok", vehicle_id="51-01", trip=rt.TripRef("T0800", "R51"), lat=on[0], lon=on[1], bearing=180,
                       speed=8, timestamp=now - 5, stop_id="S2")
    clean = rt.Message("2.0", now - 2, positions=[good])
    assert rt_checks.check(clean, schedule, now=now, previous_header_t=now - 32) == []

    def codes(positions=(), updates=(), header=now - 2, previous=None):
        msg = rt.Message("2.0", header, positions=list(positions), trip_updates=list(updates))
        return {c for c, _s in rt_checks.check(msg, schedule, now=now, previous_header_t=previous)}

    def pos(**kw):
        base = dict(entity_id="e", vehicle_id="51-02", trip=rt.TripRef("T0800", "R51"), lat=on[0], lon=on[1], timestamp=now - 5)
        base.update(kw)
        return rt.Position(**base)

    assert codes([pos(trip=rt.TripRef("NOPE", "R51"))]) == {"E003"}
    assert codes([pos(trip=rt.TripRef("NOPE", "R51", schedule_relationship="ADDED"))]) == set()
    assert codes([pos(trip=rt.TripRef("T0800", "R99"))]) == {"E004"}
    assert codes([pos(stop_id="S404")]) == {"E011"}
    assert codes([], [rt.TripUpdate("u", rt.TripRef("T0800"), stop_time_updates=[rt.StopTimeUpdate(2, "S404")])]) == {"E011"}
    assert codes([pos(timestamp=now)], header=now - 10) == {"E012"}
    assert codes([pos()], previous=now + 1) == {"E018"}
    assert codes([pos(lat=95.0)]) == {"E026"}
    assert codes([pos(bearing=361.0)]) == {"E027"}
    assert codes([pos(lat=FAR[0], lon=FAR[1])]) == {"E028"}
    # 400 m east of the corridor: inside the agency area (1609 m buffer), off the shape
    assert codes([pos(lon=on[1] + 400 / (111195 * math.cos(math.radians(on[0]))))]) == {"E029"}
    assert codes([pos(timestamp=now + 600)], header=now + 600) == {"E050"}
    assert codes([pos(speed=40.0)]) == {"W004"}
    assert codes([pos(timestamp=now - 200)], header=now - 100) == {"W008"}
    found = rt_checks.check(rt.Message("2.0", now, positions=[pos(speed=30.0), pos(entity_id="f", speed=35.0)]), schedule, now=now)
    assert rt_checks.summarise(found)["W004"][0] == 2
    assert set(rt_checks.CODES) >= {c for c, _ in found}


# -- matching ----------------------------------------------------------------------------------------
def test_matching_a_synthetic_run_gives_the_true_events_and_delays(schedule):
    fixes, truth = synthetic_run(schedule, "T0800", DATE, LATE)
    for f in fixes:
        f.trip_id = "T0800"
    track, events = run_matcher(schedule, fixes)
    got = merged(events)
    trip = schedule.trips["T0800"]
    assert set(got) == set(trip.seqs)
    base = day_start(DATE)
    for k, seq in enumerate(trip.seqs):
        arr, dep = truth[seq]
        e = got[seq]
        if arr is not None:
            assert e.arrival == pytest.approx(arr, abs=12), (seq, "arrival")
        if k < len(trip.seqs) - 1:
            assert e.departure == pytest.approx(dep, abs=12), (seq, "departure")
            assert e.delay == pytest.approx(dep - (base + trip.dep[k]), abs=12)
            assert e.scheduled_departure == base + trip.dep[k]
        else:
            assert e.delay == pytest.approx(LATE[-1], abs=12)
    assert track.trip_id == "T0800" and track.match == "given" and track.at_idx == len(trip.seqs) - 1
    # stops passed between two fixes (one fix a minute) still get one event each, interpolated
    sparse = fixes[::6]
    _t, ev2 = run_matcher(schedule, sparse)
    got2 = merged(ev2)
    assert set(got2) >= set(trip.seqs[1:])
    for seq in trip.seqs[1:-1]:
        assert got2[seq].departure == pytest.approx(truth[seq][1], abs=45)


def test_a_trip_is_inferred_from_time_and_position_when_not_given(schedule):
    late = [300, 320, 340, 360, 380]  # 5 min late: still closer to 08:00 than to 08:30
    fixes, truth = synthetic_run(schedule, "T0800", DATE, late)
    track, events = run_matcher(schedule, fixes)
    assert track.trip_id == "T0800" and track.match == "inferred"
    got = merged(events)
    assert got[3].departure == pytest.approx(truth[3][1], abs=12) and got[3].delay == pytest.approx(truth[3][1] - (day_start(DATE) + 8 * 3600 + 360 + 20), abs=12)
    later, _ = synthetic_run(schedule, "T0830", DATE, [-30, 0, 10, 20, 30])
    track2, _ = run_matcher(schedule, later)
    assert track2.trip_id == "T0830"
    # a bus far from every line matches nothing
    m = Matcher(schedule)
    lone = m.update(None, Fix(t=fixes[5].t, lat=FAR[0], lon=FAR[1]))
    assert lone.track.trip_id == "" and lone.track.match == "none"


def loop_files() -> dict:
    """A trip out along the corridor and back on the other side of the same road (12 m east)."""
    files = tiny_files()
    east = 12 / (111195 * math.cos(math.radians(11.0)))
    back = [(la, lo + east) for la, lo in reversed(SHAPE)]
    pts = SHAPE + back
    files["shapes.txt"] = ("shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence\n" + "".join(
        f"LOOP,{la},{lo},{k + 1}\n" for k, (la, lo) in enumerate(pts))).encode()
    stops = [("S1", 0), ("S3", 4), ("S5", 9), ("R3", 15), ("R1", 19)]
    files["stops.txt"] += "".join(f"{sid},Điểm quay đầu {sid},{pts[i][0]},{pts[i][1]}\n" for sid, i in stops[3:]).encode()
    files["trips.txt"] = b"route_id,service_id,trip_id,shape_id,direction_id\nR51,DAILY,LOOP1,LOOP,0\n"
    files["stop_times.txt"] = ("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n" + "".join(
        f"LOOP1,{hms(9 * 3600 + k * 240)},{hms(9 * 3600 + k * 240 + (20 if 0 < k < 4 else 0))},{sid},{k + 1}\n"
        for k, (sid, _i) in enumerate(stops))).encode()
    return files


def test_a_road_driven_out_and_back_keeps_its_stops_in_order():
    loop = Schedule.from_raw(from_files(loop_files()))
    fixes, truth = synthetic_run(loop, "LOOP1", DATE, [30, 40, 60, 70, 90])
    for f in fixes:
        f.trip_id = "LOOP1"
    _track, events = run_matcher(loop, fixes)
    got = merged(events)
    assert set(got) == {1, 2, 3, 4, 5}
    for seq in (2, 3, 4):
        assert got[seq].departure == pytest.approx(truth[seq][1], abs=12), seq
    # events come in stop order: the way back (R3) is not taken on the way out (S3)
    order = [e.stop_sequence for e in events]
    assert order == sorted(order)


# -- the database path -----------------------------------------------------------------------------
@pytest.fixture
def network(db, hub, schedule):
    """An active feed of Becamex Tokyu (its schedule pinned) and a GTFS-RT source."""
    from smartcity.core.models import Organisation
    from smartcity.mobility.models import Feed, FeedStatus, RealtimeSource
    from smartcity.mobility.services import realtime

    owner = Organisation.objects.get(code="BECAMEXTOKYU")
    feed = Feed.objects.create(owner=owner, name="kaze", status=FeedStatus.ACTIVE, activated_at=dt.datetime.now(dt.UTC))
    realtime.pin_schedule(feed, schedule)
    source = RealtimeSource.objects.create(owner=owner, name="KAZE SHUTTLE", feed_name="kaze")
    yield feed, source
    realtime.forget(feed.pk)


def recent_run(schedule, late=LATE):
    """The synthetic run on yesterday's service day (inside the hub's retention)."""
    date = dt.datetime.now(TZ).date() - dt.timedelta(days=1)
    fixes, truth = synthetic_run(schedule, "T0800", date, late)
    return date, fixes, truth


def messages_of(fixes, vehicle="51-01", trip_id="T0800", per=1):
    out = []
    for i in range(0, len(fixes), per):
        chunk = fixes[i:i + per]
        positions = [rt.Position(f"{vehicle}-{f.t}", vehicle_id=vehicle, label=vehicle,
                                 trip=rt.TripRef(trip_id, "R51") if trip_id else None, lat=f.lat, lon=f.lon,
                                 speed=f.speed, bearing=180.0, timestamp=f.t) for f in chunk]
        out.append((chunk[-1].t, rt.to_bytes(rt.build(chunk[-1].t, positions))))
    return out


def test_post_endpoint_auth_and_what_a_good_message_stores(network, schedule, api, device_token, make_user):
    from smartcity.hub.models import Observation
    from smartcity.mobility.models import RealtimeCheck, StopEvent, VehicleState

    feed, source = network
    url = f"/api/mobility/gtfs-rt/{source.pk}/"
    date, fixes, truth = recent_run(schedule)
    body = messages_of(fixes[:1])[0][1]
    assert api.post(url, body, content_type="application/x-protobuf").status_code == 401
    _tok, other = device_token(owner="DOT")
    r = api.post(url, body, content_type="application/x-protobuf", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    _tok, key = device_token(owner="BECAMEXTOKYU", all_owner_assets=True)
    r = api.post(url, b"\x08\x96\x01garbage", content_type="application/x-protobuf", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 400 and r.json()["code"] == "bad_protobuf" and "FeedMessage" in r.json()["detail"]
    assert not Observation.objects.exists()
    assert api.post(f"/api/mobility/gtfs-rt/{source.pk + 999}/", body, content_type="application/x-protobuf",
                    HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404

    from smartcity.mobility.services import realtime

    for t, data in messages_of(fixes):  # the whole run, one message per fix, through the service (the API's own call)
        realtime.ingest(source, data, "application/x-protobuf", now=t + 3)
    last_t, last = messages_of(fixes[-1:])[0]
    r = api.post(url, orjson.dumps(orjson.loads(rt.to_json(pb_from(last)))), content_type="application/json",
                 HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200, r.content
    assert r.json()["unchanged"] == 2 and r.json()["stored"] == 0  # the same fix again changes nothing

    obs = Observation.objects.filter(datastream__asset__slug="51-01", datastream__quantity_id="speed").order_by("t")
    assert obs.count() == len(fixes)
    first = obs.first()
    assert first.lat == pytest.approx(fixes[0].lat, abs=1e-5) and first.lon == pytest.approx(fixes[0].lon, abs=1e-5)
    vs = VehicleState.objects.get(vehicle__asset__slug="51-01")
    assert (vs.trip_id, vs.route_id, vs.service_date, vs.match, vs.feed_id) == ("T0800", "R51", date, "given", feed.pk)
    assert vs.vehicle.asset.owner.code == "BECAMEXTOKYU" and vs.vehicle.asset.asset_type_id == "bus"
    events = {e.stop_sequence: e for e in StopEvent.objects.filter(feed=feed, trip_id="T0800", service_date=date)}
    assert set(events) == {1, 2, 3, 4, 5}
    for seq in (2, 3, 4):
        assert events[seq].arrival == pytest.approx(truth[seq][0], abs=12)
        assert events[seq].departure == pytest.approx(truth[seq][1], abs=12)
        assert events[seq].delay_s == pytest.approx(truth[seq][1] - events[seq].scheduled_departure, abs=12)
    assert events[2].vehicle_id == vs.vehicle_id
    assert not RealtimeCheck.objects.filter(source_key=str(source.pk)).exclude(code="W008").exists()

    # a token scoped to one bus writes that bus only, and may not register new ones
    from smartcity.hub.models import Asset

    _tok, one_bus = device_token(owner="BECAMEXTOKYU", assets=[Asset.objects.get(slug="51-01")])
    t9 = fixes[-1].t + 10
    two = rt.to_bytes(rt.build(t9, [rt.Position("a", vehicle_id="51-01", lat=fixes[-1].lat, lon=fixes[-1].lon, timestamp=t9),
                                    rt.Position("b", vehicle_id="51-99", lat=fixes[-1].lat, lon=fixes[-1].lon, timestamp=t9)]))
    r = api.post(url, two, content_type="application/x-protobuf", HTTP_AUTHORIZATION=f"Bearer {one_bus}")
    assert r.status_code == 207 and r.json()["stored"] == 1
    assert [e["code"] for e in r.json()["errors"]] == ["unknown_vehicle"] and not Asset.objects.filter(slug="51-99").exists()

    # a personal token of an editor of the owner may post; one of another organisation may not
    from smartcity.core.services import issue_api_token

    _t, mine = issue_api_token(make_user("bt-editor", "BECAMEXTOKYU"), "feed")
    _t, theirs = issue_api_token(make_user("dot-editor", "DOT"), "feed")
    _t, viewer = issue_api_token(make_user("bt-viewer", "BECAMEXTOKYU", role="viewer"), "feed")
    assert api.post(url, last, content_type="application/x-protobuf", HTTP_AUTHORIZATION=f"Bearer {mine}").status_code == 200
    assert api.post(url, last, content_type="application/x-protobuf", HTTP_AUTHORIZATION=f"Bearer {theirs}").status_code == 403
    assert api.post(url, last, content_type="application/x-protobuf", HTTP_AUTHORIZATION=f"Bearer {viewer}").status_code == 403


def pb_from(data: bytes):
    msg = pb.FeedMessage()
    msg.ParseFromString(data)
    return msg


def now_message(schedule, vehicle="51-01", t=None, trip_id="T0800"):
    """One fix on the corridor at the real current time (what the public feeds show)."""
    t = int(time.time()) - 2 if t is None else t
    la, lo = SHAPE[5]
    p = rt.Position(f"{vehicle}-now", vehicle_id=vehicle, label=vehicle, trip=rt.TripRef(trip_id, "R51") if trip_id else None,
                    lat=la, lon=lo, speed=7.5, bearing=175.0, timestamp=t)
    return t, rt.to_bytes(rt.build(t, [p]))


def test_our_public_feeds_are_valid_gtfs_realtime(network, schedule, client):
    from google.protobuf import json_format

    from smartcity.mobility.api.public import build_feed
    from smartcity.mobility.services import realtime

    feed, source = network
    _date, fixes, _truth = recent_run(schedule)
    for t, data in messages_of(fixes[:40], per=10):
        realtime.ingest(source, data, now=t + 3)
    mid = fixes[39].t
    tu = build_feed("trip-updates", now=mid + 5)
    assert len(tu.entity) == 1
    upd = tu.entity[0].trip_update
    assert upd.trip.trip_id == "T0800" and upd.vehicle.id == "51-01" and len(upd.stop_time_update) >= 1
    times = [s.arrival.time for s in upd.stop_time_update if s.HasField("arrival")]
    assert times == sorted(times) and all(t > mid - 60 for t in times)
    state = realtime.live_vehicles(None).get()
    trip = schedule.trips["T0800"]
    last = upd.stop_time_update[-1]
    assert last.stop_id == "S5"
    from smartcity.mobility.api.public import _predictions

    if _predictions(feed, state, mid + 5) is None:  # no learned prediction: the baseline, schedule + current delay
        assert last.arrival.time == day_start(state.service_date) + trip.arr[-1] + state.delay_s

    t, data = now_message(schedule)
    realtime.ingest(source, data, now=t + 1)
    r = client.get("/api/mobility/gtfs-rt/vehicle-positions.pb")
    assert r.status_code == 200 and r["Content-Type"] == "application/x-protobuf" and "max-age" in r["Cache-Control"]
    msg = pb.FeedMessage()
    msg.ParseFromString(r.content)
    assert msg.IsInitialized() and msg.header.gtfs_realtime_version == "2.0"
    ent = [e for e in msg.entity if e.vehicle.vehicle.id == "51-01"]
    assert len(ent) == 1 and ent[0].vehicle.position.latitude == pytest.approx(SHAPE[5][0], abs=1e-4)
    assert ent[0].vehicle.trip.trip_id == "T0800" and ent[0].vehicle.timestamp == t
    assert ent[0].vehicle.position.speed == pytest.approx(7.5, abs=0.01)
    as_json = client.get("/api/mobility/gtfs-rt/vehicle-positions.json")
    again = json_format.Parse(as_json.content, pb.FeedMessage())
    assert again.entity[0].vehicle.vehicle.id == "51-01"
    r = client.get("/api/mobility/gtfs-rt/trip-updates.pb")
    tmsg = pb.FeedMessage()
    tmsg.ParseFromString(r.content)
    assert tmsg.IsInitialized() and tmsg.entity[0].trip_update.trip.trip_id == "T0800"
    tjson = json_format.Parse(client.get("/api/mobility/gtfs-rt/trip-updates.json").content, pb.FeedMessage())
    assert [e.trip_update.trip.trip_id for e in tjson.entity] == [e.trip_update.trip.trip_id for e in tmsg.entity]
    listing = client.get("/api/mobility/vehicles/").json()
    assert listing["count"] == 1 and listing["results"][0]["route_short_name"] == "51"
    assert listing["results"][0]["trip_id"] == "T0800" and listing["results"][0]["lat"] == pytest.approx(SHAPE[5][0], abs=1e-4)


def test_trip_updates_are_kept_and_checks_counted_per_day(network, schedule):
    from smartcity.mobility.models import RealtimeCheck, TripUpdateState
    from smartcity.mobility.services import realtime

    feed, source = network
    now = int(time.time())
    upd = rt.TripUpdate("u1", rt.TripRef("T0830", start_date="20261130"), vehicle_id="51-02", timestamp=now - 5, delay=120,
                        stop_time_updates=[rt.StopTimeUpdate(2, "S2", arrival_delay=120), rt.StopTimeUpdate(3, "S404")])
    bad = rt.Position("p", vehicle_id="51-03", lat=FAR[0], lon=FAR[1], speed=45.0, timestamp=now - 5)
    rep = realtime.ingest(source, rt.to_bytes(rt.build(now - 2, [bad], [upd])), now=now)
    assert rep.checks == {"E011": 1, "E028": 1, "W004": 1}
    rep = realtime.ingest(source, rt.to_bytes(rt.build(now - 1, [bad], [upd])), now=now)
    counts = dict(RealtimeCheck.objects.filter(source_key=str(source.pk)).values_list("code", "count"))
    assert counts == {"E011": 2, "E028": 2, "W004": 2}
    sample = RealtimeCheck.objects.get(source_key=str(source.pk), code="E028").samples[0]
    assert sample["vehicle"] == "51-03" and sample["lat"] == pytest.approx(FAR[0])
    state = TripUpdateState.objects.get(feed=feed, trip_id="T0830")
    assert state.delay_s == 120 and state.stops[0] == {"stop_sequence": 2, "stop_id": "S2", "arrival_delay": 120,
                                                       "schedule_relationship": "SCHEDULED"}
    # the header went backwards: E018
    rep = realtime.ingest(source, rt.to_bytes(rt.build(now - 30, [], [upd])), now=now)
    assert rep.checks.get("E018") == 1


def test_rt_import_rt_sources_and_rt_poll_commands(network, schedule, tmp_path):
    import http.server
    import threading
    from io import StringIO

    from django.core.management import call_command

    from smartcity.mobility.models import RealtimeSource, VehicleState

    feed, source = network
    t, data = now_message(schedule, vehicle="52-07")
    path = tmp_path / "vp.pb"
    path.write_bytes(data)
    out = StringIO()
    call_command("mobility", "rt-import", str(path), "--source", str(source.pk), stdout=out)
    assert "1 positions" in out.getvalue() and "new buses 1" in out.getvalue()
    assert VehicleState.objects.get(vehicle__asset__slug="52-07").t == t
    (tmp_path / "bad.json").write_bytes(b'{"header": {}}')
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="missing_required_fields"):
        call_command("mobility", "rt-import", str(tmp_path / "bad.json"), "--source", source.name)

    t2, data2 = now_message(schedule, vehicle="52-08")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = data2 if self.path == "/vp.pb" else b"oops"
            self.send_response(200 if self.path == "/vp.pb" else 500)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        RealtimeSource.objects.filter(pk=source.pk).update(vehicle_positions_url=f"{base}/vp.pb", trip_updates_url=f"{base}/gone")
        out = StringIO()
        call_command("mobility", "rt-poll", "--source", str(source.pk), "--once", stdout=out)
    finally:
        server.shutdown()
    assert VehicleState.objects.get(vehicle__asset__slug="52-08").t == t2
    source.refresh_from_db()
    assert source.last_polled_at is not None and "/gone" in source.last_error and "500" in source.last_error
    out = StringIO()
    call_command("mobility", "rt-sources", stdout=out)
    assert "KAZE SHUTTLE" in out.getvalue() and "owner=BECAMEXTOKYU" in out.getvalue()
    call_command("mobility", "rt-source-add", "--name", "Xe buýt DOT", "--owner", "DOT", "--feed", "dot", "--interval", "15",
                 stdout=StringIO())
    added = RealtimeSource.objects.get(name="Xe buýt DOT")
    assert (added.owner.code, added.feed_name, added.interval_s) == ("DOT", "dot", 15)


def test_realtime_pages_show_check_counts_and_live_vehicles(network, schedule, client, make_user):
    from smartcity.mobility.services import realtime

    feed, source = network
    now = int(time.time())
    far = rt.Position("p", vehicle_id="51-09", label="51-09", lat=FAR[0], lon=FAR[1], speed=40.0, timestamp=now - 5)
    realtime.ingest(source, rt.to_bytes(rt.build(now - 2, [far])), now=now)
    realtime.ingest(source, rt.to_bytes(rt.build(now - 1, [far])), now=now)
    t, data = now_message(schedule, vehicle="51-10")
    realtime.ingest(source, data, now=t + 1)
    r = client.get("/mobility/realtime/")
    assert r.status_code == 302  # staff page
    client.force_login(make_user("bt-staff", "BECAMEXTOKYU"))
    html = client.get("/mobility/realtime/").content.decode()
    assert "KAZE SHUTTLE" in html and 'data-code="E028" data-count="2"' in html and 'data-code="W004" data-count="2"' in html
    assert "51-09" in html  # a sample names the vehicle
    client.logout()
    page = client.get("/mobility/realtime/vehicles/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'data-vehicle="51-10"' in page and "T0800" in page and 'data-vehicle="51-09"' in page
    assert "Xe đang chạy" in page and "Độ trễ" in page  # Vietnamese first


def test_a_matching_failure_never_loses_the_hub_readings(network, make_asset, device_token, caplog):
    """The hub hook runs in a savepoint: a broken schedule is logged, the positions stay stored."""
    from smartcity.hub.ingest import Normaliser, Principal
    from smartcity.hub.models import Observation
    from smartcity.hub.store import store
    from smartcity.mobility.services import realtime

    feed, _source = network

    class Broken:
        timezone = "Asia/Ho_Chi_Minh"
        stops = routes = shapes = frequencies = {}

        @property
        def trips(self):
            raise RuntimeError("schedule unreadable")

    realtime.pin_schedule(feed, Broken())
    bus = make_asset("bt-51-11", type_code="bus", owner="BECAMEXTOKYU", properties={"gtfs_trip_id": "T0800"})
    t = int(time.time()) - 60
    from django.db import transaction

    with transaction.atomic():
        rows, errors = Normaliser(Principal(owner_id=bus.owner_id)).rows(
            [{"asset": bus.slug, "quantity": "speed", "time": t, "value": 20.0, "lat": SHAPE[2][0], "lon": SHAPE[2][1]}])
        assert not errors
        result = store(rows, source="test")
    assert result.stored == 1 and Observation.objects.filter(datastream__asset=bus, lat__isnull=False).count() == 1
    assert "schedule unreadable" in caplog.text


def test_matching_the_demo_simulator_finds_its_stop_events():
    """The demo network driven by the simulator (delays, bunching, noise): half an hour of
    morning positions, trips given for one half of the fleet and inferred for the other."""
    from smartcity.mobility import sim
    from smartcity.mobility.demo_network import build_files

    demo = Schedule.from_raw(from_files(build_files()))
    result = sim.simulate(demo, dt.date(2026, 12, 1), seed=7, start_s=7 * 3600, end_s=7 * 3600 + 1800, step_s=10)
    m = Matcher(demo)
    tracks, found = {}, {}
    buses = sorted({p.vehicle_id for p in result.positions})
    given = set(buses[::2])
    for p in result.positions:
        fix = Fix(p.t_epoch, p.lat, p.lon, p.speed_kmh / 3.6, p.bearing,
                  trip_id=p.trip_id if p.vehicle_id in given else None, route_id=p.route_id)
        res = m.update(tracks.get(p.vehicle_id), fix)
        tracks[p.vehicle_id] = res.track
        for e in res.events:
            old = found.get((e.trip_id, e.stop_sequence))
            if old is None or e.departure is not None:
                found[(e.trip_id, e.stop_sequence)] = e
    truth = [e for e in result.events if e.departure_epoch < result.positions[-1].t_epoch - 60]
    hits = [(e, found[(e.trip_id, e.stop_sequence)]) for e in truth if (e.trip_id, e.stop_sequence) in found]
    assert len(hits) >= 0.95 * len(truth) and len(truth) > 50
    errors = sorted(abs(ours.departure - e.departure_epoch) for e, ours in hits if ours.departure is not None)
    assert errors[len(errors) // 2] <= 5 and errors[int(len(errors) * 0.9)] <= 20
