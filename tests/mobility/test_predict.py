"""Arrival predictions: the predictors on a small synthetic line with time-of-day structure
the timetable does not have (learned beats the baseline at every horizon), a slow day
the Kalman filter catches and the plain average does not, and the prediction service on a
stored feed (incremental learning from StopEvent rows, next arrivals, trip predictions)."""
import datetime as dt
import math
import random
import statistics

import pytest

from smartcity.mobility import predict
from smartcity.mobility.kpi import service_day_epoch

TZ = "Asia/Ho_Chi_Minh"
DAY = dt.date(2026, 3, 2)
STOPS = [f"S{k}" for k in range(8)]
PLANNED = 240  # scheduled running time of every segment (s)
DWELL = 20


def congestion(hour: float) -> float:
    """Peaks the timetable ignores: +60 % around 08:00, +80 % around 17:30, 10 % faster at night."""
    return 0.9 + 0.6 * math.exp(-((hour - 8) / 1.0) ** 2) + 0.8 * math.exp(-((hour - 17.5) / 1.0) ** 2)


def plan_for(day0: int, start: int) -> predict.TripPlan:
    arr, dep = [], []
    t = day0 + start
    for k in range(len(STOPS)):
        if k:
            t += PLANNED
        arr.append(t)
        dep.append(t + (DWELL if 0 < k < len(STOPS) - 1 else 0))
        t = dep[-1]
    return predict.TripPlan(f"T{start}", list(STOPS), arr, dep, "R")


def synth_day(day: dt.date, seed: int, slow_from_hour: float | None = None, slow: float = 1.0):
    """[(plan, [(arrival, departure) per stop])] of buses every 10 min 06:00-20:00."""
    rng = random.Random(seed)
    day0 = service_day_epoch(day, TZ)
    out = []
    for start in range(6 * 3600, 20 * 3600, 600):
        plan = plan_for(day0, start)
        driver = rng.gauss(1.0, 0.03)
        t = plan.dep[0] + rng.expovariate(1 / 20)
        times = [(plan.arr[0], int(t))]
        for k in range(1, len(STOPS)):
            hour = (t - day0) / 3600
            factor = congestion(hour) * (slow if slow_from_hour is not None and hour >= slow_from_hour else 1.0)
            t += PLANNED * factor * driver * math.exp(rng.gauss(0, 0.08))
            arr = t
            if k < len(STOPS) - 1:
                t = max(arr + rng.uniform(5, 45), plan.dep[k] - 60)  # dwell; never more than a minute early
            times.append((int(arr), int(t)))
        out.append((plan, times))
    return out


class Ev:
    def __init__(self, stop_id, arrival, departure, sa, sd):
        self.stop_id, self.arrival, self.departure = stop_id, arrival, departure
        self.scheduled_arrival, self.scheduled_departure = sa, sd


def pairs(runs):
    out = []
    for plan, times in runs:
        out += predict.pairs_of_trip([Ev(s, a, d, plan.arr[k], plan.dep[k]) for k, (s, (a, d)) in enumerate(zip(STOPS, times))])
    return sorted(out, key=lambda p: p.arrive)


def replay(runs, predictors, learn):
    """At each departure: learn what it completes, then predict every later stop."""
    moments = sorted((times[k][1], n, k) for n, (_plan, times) in enumerate(runs) for k in range(len(STOPS) - 1))
    errors = {name: [] for name in predictors}
    for t, n, k in moments:
        plan, times = runs[n]
        if k:
            learn([predict.PairObs(STOPS[k - 1], STOPS[k], times[k - 1][1], times[k][0], times[k][1],
                                   plan.arr[k] - plan.dep[k - 1], plan.dep[k] - plan.arr[k])])
        for name, p in predictors.items():
            for j, pred in p.predict(plan, k, t, t - plan.dep[k]):
                errors[name].append((times[j][0] - t, abs(pred - times[j][0])))
    return {name: predict.mae_by_horizon(e) for name, e in errors.items()}


def trained(days=5):
    stats = predict.SegmentStats()
    for d in range(days):
        stats.learn(pairs(synth_day(DAY - dt.timedelta(days=days - d), seed=100 + d)))
    return stats


def predictors(stats):
    out = {"baseline": predict.BaselinePredictor()}
    for how in ("last", "average", "kalman"):
        out[how] = predict.LearnedPredictor(how, stats, hold_early_s=60)
    return out


def test_learned_beats_the_baseline_at_every_horizon():
    stats = trained()
    result = replay(synth_day(DAY, seed=7), predictors(stats), stats.learn)
    base = result["baseline"]
    for how in ("average", "kalman"):
        for b, (mae, n) in result[how].items():
            assert n > 100
            assert mae < base[b][0] * 0.9, (how, b, mae, base[b][0])
    for b in base:  # on an ordinary day the Kalman filter stays close to the average
        assert result["kalman"][b][0] < result["average"][b][0] * 1.05
    assert result["kalman"][(0, 300)][0] < 60


def test_kalman_catches_a_slow_day_the_average_does_not():
    stats = trained()
    result = replay(synth_day(DAY, seed=8, slow_from_hour=10, slow=1.3), predictors(stats), stats.learn)
    for b in ((300, 600), (600, 1200)):
        assert result["kalman"][b][0] < result["average"][b][0] * 0.85, (b, result["kalman"][b], result["average"][b])
        assert result["kalman"][b][0] < result["last"][b][0] * 1.1  # as quick as the last vehicle to follow the day
        assert result["kalman"][b][0] < result["baseline"][b][0] * 0.6


def test_baseline_carries_the_delay_and_never_predicts_the_past():
    plan = plan_for(service_day_epoch(DAY, TZ), 8 * 3600)
    got = predict.BaselinePredictor().predict(plan, 2, plan.dep[2] + 90, 90)
    assert got == [(j, plan.arr[j] + 90) for j in range(3, len(STOPS))]
    early = predict.BaselinePredictor().predict(plan, 2, plan.dep[2] + 10, -600)
    assert early[0] == (3, plan.dep[2] + 10)  # 10 min early would be before now: now


def test_learned_without_history_follows_the_timetable_from_where_the_bus_is():
    plan = plan_for(service_day_epoch(DAY, TZ), 8 * 3600)
    p = predict.LearnedPredictor("kalman")
    got = dict(p.predict(plan, 1, plan.dep[1] + 100, 100))
    assert got[2] == plan.arr[2] + 100 and got[7] == plan.arr[7] + 100
    # holding: a bus 5 min early leaves each stop at most a minute early
    p = predict.LearnedPredictor("average", hold_early_s=60)
    got = dict(p.predict(plan, 1, plan.dep[1] - 300, -300))
    assert got[2] == plan.arr[2] - 300 and got[3] == plan.arr[3] - 60


def test_welford_and_ratio_to_schedule():
    st = predict.SegStat()
    xs, planned = [250, 300, 290, 310], [240, 240, 300, 300]
    for x, p in zip(xs, planned):
        st.add(x, p)
    assert st.mean_s == pytest.approx(statistics.mean(xs)) and st.var == pytest.approx(statistics.variance(xs))
    assert st.ratio() == pytest.approx(statistics.mean(xs) / statistics.mean(planned))
    stats = predict.SegmentStats()
    for x, p in zip(xs, planned):
        stats.observe("A", "B", service_day_epoch(DAY, TZ) + 8 * 3600, x, p)
    assert stats.expected("A", "B", 8, 600) == pytest.approx(600 * st.ratio())
    assert stats.expected("A", "B", 10, 600) == pytest.approx(600 * st.ratio())  # nearest hour with data
    assert stats.expected("A", "B", 13, 600) is None  # more than 3 h away


def test_pairs_of_trip_reads_the_schedule():
    evs = [Ev("A", 100, 110, 100, 100), Ev("B", 400, 430, 380, 400), Ev("C", 700, 700, 680, 680)]
    got = predict.pairs_of_trip(evs)
    assert got == [predict.PairObs("A", "B", 110, 400, 430, 280, 20), predict.PairObs("B", "C", 430, 700, None, 280, None)]


def test_mae_by_horizon_bins():
    got = predict.mae_by_horizon([(0, 10), (299, 20), (300, 30), (1200, 40), (1201, 99)])
    assert got == {(0, 300): (15, 2), (300, 600): (30, 1), (600, 1200): (40, 1)}


# -- the service on a stored feed -------------------------------------------------------------
def hms(s):
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def line_files():
    """One route, stops S0..S7, a trip every 10 min 06:00-20:00, times as plan_for."""
    stops = ["stop_id,stop_name,stop_lat,stop_lon"] + [f"S{k},Trạm {k} Đại lộ Bình Dương,{10.95 + k * 0.005},106.66" for k in range(8)]
    trips, times = ["route_id,service_id,trip_id,direction_id,trip_headsign"], ["trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    for start in range(6 * 3600, 20 * 3600, 600):
        plan = plan_for(0, start)
        trips.append(f"R,WK,T{start},0,Trạm 7")
        for k in range(len(STOPS)):
            times.append(f"T{start},{hms(plan.arr[k])},{hms(plan.dep[k])},{STOPS[k]},{k + 1}")
    return {
        "agency.txt": f"agency_id,agency_name,agency_url,agency_timezone\nBT,Becamex Tokyu,https://example.vn,{TZ}\n".encode(),
        "stops.txt": ("\n".join(stops) + "\n").encode(),
        "routes.txt": b"route_id,agency_id,route_short_name,route_type\nR,BT,51,3\n",
        "trips.txt": ("\n".join(trips) + "\n").encode(),
        "stop_times.txt": ("\n".join(times) + "\n").encode(),
        "calendar.txt": b"service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        b"WK,1,1,1,1,1,1,1,20260101,20261231\n",
    }


@pytest.fixture
def line_feed(reference):
    from smartcity.mobility.gtfs.reader import from_files
    from smartcity.mobility.services.feeds import import_feed

    return import_feed(from_files(line_files(), source="predict-test"), owner="BECAMEXTOKYU", name="predict-test")


def store_events(feed, day, runs, until=None):
    from smartcity.mobility import models as m

    rows = []
    for plan, times in runs:
        for k, (a, d) in enumerate(times):
            if until is not None and a > until:
                break
            rows.append(m.StopEvent(feed=feed, service_date=day, trip_id=plan.trip_id, route_id="R", direction_id=0,
                                    stop_id=STOPS[k], stop_sequence=k + 1, scheduled_arrival=plan.arr[k],
                                    scheduled_departure=plan.dep[k], arrival=a, departure=d if until is None or d <= until else None,
                                    delay_s=d - plan.dep[k]))
    m.StopEvent.objects.bulk_create(rows)
    return len(rows)


def test_learn_segments_is_incremental(line_feed):
    from smartcity.mobility import models as m
    from smartcity.mobility.services.predictions import learn_segments, load_stats

    day = DAY - dt.timedelta(days=1)
    runs = synth_day(day, seed=3)
    noon = service_day_epoch(day, TZ) + 12 * 3600
    store_events(line_feed, day, runs, until=noon)
    far = noon + 86400
    first = learn_segments(line_feed, now=far)
    morning = [r for r in runs if r[1][-1][0] <= noon]
    # every bus done by noon: 7 runs and 6 dwells each
    assert first >= len(morning) * 13
    assert learn_segments(line_feed, now=far) == 0  # nothing new
    m.StopEvent.objects.filter(feed=line_feed).delete()
    store_events(line_feed, day, runs)
    second = learn_segments(line_feed, now=far)
    total = len(runs) * 13
    assert first + second == total
    stats = load_stats(line_feed)
    assert sum(st.n for (a, b, h), st in stats.rows.items() if a != b) == len(runs) * 7
    # relearning everything from scratch gives the same means
    means = {k: st.mean_s for k, st in stats.rows.items()}
    assert learn_segments(line_feed, rebuild=True, now=far) == total
    again = load_stats(line_feed)
    assert {k: round(st.mean_s, 6) for k, st in again.rows.items()} == {k: round(v, 6) for k, v in means.items()}
    peak = stats.rows[("S2", "S3", 8)]
    assert peak.mean_s > 1.3 * PLANNED and peak.planned_s == PLANNED  # the learnt peak the timetable ignores


@pytest.fixture
def live_bus(line_feed, make_asset):
    """Bus BD-051-01 on the 08:00 trip, between S2 and S3 (left S2 two minutes late)."""
    from smartcity.mobility import models as m

    day0 = service_day_epoch(DAY, TZ)
    plan = plan_for(day0, 8 * 3600)
    asset = make_asset("bd-051-01", type_code="bus", owner="BECAMEXTOKYU", name="Xe buýt 51")
    vehicle = m.Vehicle.objects.create(asset=asset, label="BD-051-01")
    left = plan.dep[2] + 120
    store_events(line_feed, DAY, [(plan, [(plan.arr[k] + 120, plan.dep[k] + 120) for k in range(3)])])
    now = left + 60
    m.VehicleState.objects.create(vehicle=vehicle, feed=line_feed, t=now - 5, lat=10.962, lon=106.66, trip_id=plan.trip_id,
                                  route_id="R", direction_id=0, service_date=DAY, stop_sequence=4, stop_id="S3",
                                  at_stop=False, delay_s=120, next_idx=3, match="given")
    return plan, now


def test_next_arrivals_live_and_timetable(line_feed, live_bus):
    from smartcity.mobility.services.predictions import learn_segments, next_arrivals

    plan, now = live_bus
    got = next_arrivals(line_feed, "S4", now, limit=4)
    assert len(got) == 4
    assert set(got[0]) == {"trip_id", "route_id", "route_short_name", "headsign", "vehicle_label", "scheduled", "predicted",
                           "delay_s", "realtime"}
    live = got[0]
    assert (live["trip_id"], live["realtime"], live["vehicle_label"], live["route_short_name"]) == (plan.trip_id, True, "BD-051-01", "51")
    assert live["scheduled"] == plan.arr[4] and live["predicted"] == plan.arr[4] + 120 and live["delay_s"] == 120
    rest = got[1:]
    assert all(not a["realtime"] and a["delay_s"] is None and a["predicted"] == a["scheduled"] > now for a in rest)
    assert [a["predicted"] for a in got] == sorted(a["predicted"] for a in got)
    # the bus has passed S2: its trip is not listed there; the 07:50 trip (no bus) was due before now
    assert plan.trip_id not in [a["trip_id"] for a in next_arrivals(line_feed, "S2", now)]
    # with history (morning peak slower than the timetable) the prediction moves later
    prev = DAY - dt.timedelta(days=1)
    store_events(line_feed, prev, synth_day(prev, seed=5))
    assert learn_segments(line_feed, now=now) > 0
    later = next_arrivals(line_feed, "S4", now, limit=1)[0]
    assert later["realtime"] and later["predicted"] > plan.arr[4] + 120 + 60


def test_trip_predictions(line_feed, live_bus):
    from smartcity.mobility.services.predictions import trip_predictions

    plan, now = live_bus
    got = trip_predictions(line_feed, plan.trip_id, DAY, now)
    assert [g["stop_sequence"] for g in got] == [4, 5, 6, 7, 8]
    assert [g["stop_id"] for g in got] == STOPS[3:]
    assert got[0]["predicted_arrival"] == plan.arr[3] + 120
    for g in got:
        assert g["predicted_departure"] >= g["predicted_arrival"]
    assert all(a["predicted_arrival"] < b["predicted_arrival"] for a, b in zip(got, got[1:]))
    assert trip_predictions(line_feed, plan.trip_id, DAY, now + 3600) == []  # the state is no longer live
    assert trip_predictions(line_feed, "T36600", DAY, now) == []  # no bus on that trip


def test_a_bus_at_a_stop_leaves_after_its_dwell_and_not_before_now(line_feed, live_bus):
    from smartcity.mobility import models as m
    from smartcity.mobility.services.predictions import next_arrivals, trip_predictions

    plan, now = live_bus
    # now at S3 since 2 min late; the timetable's 20 s dwell
    m.VehicleState.objects.filter(trip_id=plan.trip_id).update(at_stop=True, arrived_at=plan.arr[3] + 120, next_idx=3,
                                                              t=plan.arr[3] + 125)
    at = plan.arr[3] + 130
    got = {g["stop_id"]: g for g in trip_predictions(line_feed, plan.trip_id, DAY, at)}
    assert got["S3"]["predicted_arrival"] == plan.arr[3] + 120
    assert got["S4"]["predicted_arrival"] == plan.arr[4] + 120  # 20 s dwell then the timetable's run
    late = plan.arr[3] + 400  # still there 4.5 min later: it has not left yet
    got = {g["stop_id"]: g for g in trip_predictions(line_feed, plan.trip_id, DAY, late)}
    assert got["S4"]["predicted_arrival"] == late + PLANNED
    first = next_arrivals(line_feed, "S3", at, limit=1)[0]
    assert first["trip_id"] == plan.trip_id and first["realtime"] and first["predicted"] == plan.arr[3] + 120


def test_end_to_end_positions_to_predictions(line_feed, make_asset):
    """Simulated positions of a trip go through the realtime matcher (VehicleState and
    StopEvent rows as the live path writes them); a day of history is learnt; the next
    arrivals at a stop ahead of the bus are predicted close to the simulated truth."""
    from smartcity.mobility import models as m
    from smartcity.mobility import sim
    from smartcity.mobility.matching import Fix
    from smartcity.mobility.services import realtime
    from smartcity.mobility.services.feeds import schedule_for
    from smartcity.mobility.services.predictions import learn_segments, next_arrivals, trip_predictions

    schedule = schedule_for(line_feed)
    prev = DAY - dt.timedelta(days=1)
    history = sim.simulate(schedule, prev, seed=11, positions=False, missed_rate=0)
    day0p = service_day_epoch(prev, TZ)
    rows = []
    for e in history.events:
        trip = schedule.trips[e.trip_id]
        k = trip.seqs.index(e.stop_sequence)
        rows.append(m.StopEvent(feed=line_feed, service_date=prev, trip_id=e.trip_id, route_id="R", direction_id=0,
                                stop_id=e.stop_id, stop_sequence=e.stop_sequence, scheduled_arrival=day0p + trip.arr[k],
                                scheduled_departure=day0p + trip.dep[k], arrival=e.arrival_epoch, departure=e.departure_epoch))
    m.StopEvent.objects.bulk_create(rows)
    today = sim.simulate(schedule, DAY, seed=12, missed_rate=0, start_s=8 * 3600 - 60, end_s=9 * 3600)
    trip_id = "T28800"  # 08:00
    truth = {e.stop_id: e.arrival_epoch for e in today.events if e.trip_id == trip_id}
    cut = truth["S3"] + 30  # the bus has left S2 and is on its way past S3
    asset = make_asset("bd-051-02", type_code="bus", owner="BECAMEXTOKYU", name="Xe buýt 51")
    vehicle = m.Vehicle.objects.create(asset=asset, label="BD-051-02")
    fixes = [Fix(t=p.t_epoch, lat=p.lat, lon=p.lon, speed=p.speed_kmh / 3.6, trip_id=trip_id, route_id="R", direction_id=0)
             for p in today.positions if p.trip_id == trip_id and p.t_epoch <= cut]
    realtime.forget(line_feed.pk)
    realtime.apply_fixes(line_feed, realtime.matcher_for(line_feed), {vehicle.pk: fixes}, "test")
    vs = m.VehicleState.objects.get(vehicle=vehicle)
    assert vs.trip_id == trip_id and vs.service_date == DAY and vs.next_idx >= 3
    assert m.StopEvent.objects.filter(feed=line_feed, service_date=DAY, trip_id=trip_id).count() >= 3
    learnt = learn_segments(line_feed, now=cut)
    assert learnt >= len(history.events)  # yesterday, and today's runs so far
    got = next_arrivals(line_feed, "S6", cut, limit=3)
    live = [a for a in got if a["trip_id"] == trip_id]
    assert live and live[0]["realtime"] and live[0]["vehicle_label"] == "BD-051-02"
    assert abs(live[0]["predicted"] - truth["S6"]) < 90  # 3 stops (about 13 min) ahead
    preds = {p["stop_id"]: p["predicted_arrival"] for p in trip_predictions(line_feed, trip_id, DAY, cut)}
    assert set(preds) >= {"S5", "S6", "S7"}
    assert abs(preds["S7"] - truth["S7"]) < 120
