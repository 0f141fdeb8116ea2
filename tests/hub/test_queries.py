"""The read side: latest values with every filter, series against the raw data, keyset
paging, geo helpers."""
import math

import pytest
from django.db import transaction

from smartcity.core.models import AdministrativeUnit
from smartcity.hub import geo, queries
from smartcity.hub.models import Datastream, Observation, Status
from smartcity.hub.store import store
from smartcity.hub.timebase import DAY, HOUR, day_bucket, hour_bucket, iso

T0 = 1_763_917_200  # 2025-11-24T00:00:00+07:00, a local midnight


def write(rows):
    with transaction.atomic():
        return store(rows, "test")


def pm25_value(i: int) -> float:
    """A plausible PM2.5 day curve in Thủ Dầu Một (µg/m³), never twice the same pattern."""
    return round(22 + 14 * math.sin(i / 40.0) + (i * 7919 % 23) / 10.0, 2)


@pytest.fixture
def city(make_asset):
    """Assets of Binh Duong with readings: three days of 5-minute PM2.5 in Thủ Dầu Một."""
    units = {code: AdministrativeUnit.objects.get(code=code) for code in ("718", "724")}
    tdm = make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.98, lon=106.65,
                     admin_unit=units["718"], address="Đường Cách Mạng Tháng Tám, phường Phú Cường")
    di_an = make_asset("kk-di-an", name="Trạm quan trắc không khí Dĩ An", lat=10.906, lon=106.769, admin_unit=units["724"])
    river = make_asset("nm-song-sai-gon-phu-cuong", "water-station", name="Trạm quan trắc nước mặt sông Sài Gòn – Phú Cường",
                       lat=10.9858, lon=106.6433, admin_unit=units["718"])
    hidden = make_asset("kk-bau-bang", name="Trạm quan trắc không khí KCN Bàu Bàng (thử nghiệm)", lat=11.254, lon=106.617,
                        published=False)
    bus = make_asset("xe-buyt-61-b1-234", "bus", owner="DOT", name="Xe buýt tuyến 61 Thủ Dầu Một – Bến xe Miền Đông",
                     lat=None, lon=None)
    ds = {
        "tdm_pm25": Datastream.objects.create(asset=tdm, quantity_id="pm25", unit="µg/m³"),
        "tdm_temp": Datastream.objects.create(asset=tdm, quantity_id="temperature", unit="°C"),
        "dian_pm25": Datastream.objects.create(asset=di_an, quantity_id="pm25", unit="µg/m³"),
        "river_ph": Datastream.objects.create(asset=river, quantity_id="ph", unit="-"),
        "hidden_pm25": Datastream.objects.create(asset=hidden, quantity_id="pm25", unit="µg/m³"),
        "bus_speed": Datastream.objects.create(asset=bus, quantity_id="speed", unit="km/h", expected_interval_s=30),
    }
    rows = []
    for i in range(3 * 288):  # three days at 5 minutes
        status = Status.CALIBRATING if i % 97 == 5 else Status.VALID
        rows.append((ds["tdm_pm25"].id, T0 + i * 300, pm25_value(i), status, None, None))
    rows += [(ds["tdm_temp"].id, T0 + h * HOUR, 27.5 + (h % 24) / 4, 0, None, None) for h in range(72)]
    rows += [(ds["dian_pm25"].id, T0 + h * HOUR, 31.0 + h % 9, 0, None, None) for h in range(72)]
    rows += [(ds["river_ph"].id, T0 + h * HOUR, 7.1, 0, None, None) for h in range(24)]
    rows += [(ds["hidden_pm25"].id, T0 + h * HOUR, 45.0, 0, None, None) for h in range(24)]
    rows += [(ds["bus_speed"].id, T0 + k * 30, 20.0 + k, 0, 10.95 + k / 1000, 106.66 + k / 1000) for k in range(10)]
    write(rows)
    return {"ds": ds, "rows": rows}


def raw(ds_id):
    return list(Observation.objects.filter(datastream_id=ds_id).order_by("t").values_list("t", "value", "status"))


# -- latest --------------------------------------------------------------------------------
def test_latest_filters(city):
    everything = queries.latest_values()
    assert {r["asset"] for r in everything} == {"kk-thu-dau-mot", "kk-di-an", "nm-song-sai-gon-phu-cuong", "xe-buyt-61-b1-234"}
    assert len(everything) == 5  # one row per visible datastream; the unpublished station is hidden
    row = next(r for r in everything if r["datastream"] == city["ds"]["tdm_pm25"].id)
    assert row == {"datastream": city["ds"]["tdm_pm25"].id, "asset": "kk-thu-dau-mot",
                   "asset_name": "Trạm quan trắc không khí Thủ Dầu Một", "type": "air-station", "owner": "DONRE",
                   "quantity": "pm25", "unit": "µg/m³", "time": "2025-11-26T23:55:00+07:00", "value": pm25_value(863),
                   "status": "valid", "lat": 10.98, "lon": 106.65}

    def assets(**kw):
        return sorted({r["asset"] for r in queries.latest_values(queries.asset_filter(**kw))})

    assert assets(asset="kk-di-an") == ["kk-di-an"]
    assert assets(type="water-station") == ["nm-song-sai-gon-phu-cuong"]
    assert assets(owner="DOT") == ["xe-buyt-61-b1-234"]
    assert assets(quantity="PM2.5") == ["kk-di-an", "kk-thu-dau-mot"]
    assert assets(admin_unit="718") == ["kk-thu-dau-mot", "nm-song-sai-gon-phu-cuong"]
    assert assets(admin_unit="74") == ["kk-di-an", "kk-thu-dau-mot", "nm-song-sai-gon-phu-cuong"]  # the province holds its districts
    assert assets(admin_unit="718", quantity="pm25") == ["kk-thu-dau-mot"]
    assert assets(type="air-station,water-station", owner="DONRE") == ["kk-di-an", "kk-thu-dau-mot", "nm-song-sai-gon-phu-cuong"]


def test_latest_filter_errors(city):
    for kw, field_name in ((dict(quantity="độ phóng xạ"), "quantity"), (dict(type="tau-ngam"), "type"),
                           (dict(admin_unit="999"), "admin_unit"), (dict(datastream="abc"), "datastream"),
                           (dict(datastream="99999999999999999999999"), "datastream"), (dict(admin_unit="9" * 30), "admin_unit"),
                           (dict(active="có lẽ"), "active")):
        with pytest.raises(queries.QueryError) as err:
            queries.asset_filter(**kw)
        assert err.value.field == field_name


def test_latest_geo(city):
    def assets(**kw):
        return [r["asset"] for r in queries.latest_values(geo=queries.geo_filter(**kw))]

    assert sorted(set(assets(bbox="106.6,10.95,106.7,11.0"))) == ["kk-thu-dau-mot", "nm-song-sai-gon-phu-cuong", "xe-buyt-61-b1-234"]
    near = queries.latest_values(geo=queries.geo_filter(near="10.98,106.65,2000"))
    assert {r["asset"] for r in near} == {"kk-thu-dau-mot", "nm-song-sai-gon-phu-cuong"}
    assert [r["distance_m"] for r in near] == sorted(r["distance_m"] for r in near)  # nearest first
    assert near[0]["asset"] == "kk-thu-dau-mot" and near[0]["distance_m"] == 0
    # Dĩ An is ~15 km from Thủ Dầu Một: inside 20 km, outside 10 km
    assert "kk-di-an" in assets(near="10.98,106.65,20000") and "kk-di-an" not in assets(near="10.98,106.65,10000")
    di_an_area = "106.74,10.88;106.80,10.88;106.80,10.93;106.74,10.93"
    assert set(assets(within=di_an_area)) == {"kk-di-an"}
    geojson = '{"type":"Polygon","coordinates":[[[106.6,10.9],[106.8,10.9],[106.8,11.0],[106.6,11.0],[106.6,10.9]]]}'
    assert set(assets(within=geojson)) == {"kk-thu-dau-mot", "kk-di-an", "nm-song-sai-gon-phu-cuong", "xe-buyt-61-b1-234"}
    # combined filters intersect
    assert set(assets(bbox="106.6,10.9,106.8,11.0", near="10.906,106.769,1000")) == {"kk-di-an"}


def test_latest_position_of_a_moving_asset_is_its_last_fix(city):
    bus = queries.latest_values(queries.asset_filter(asset="xe-buyt-61-b1-234"))
    assert len(bus) == 1
    assert (bus[0]["value"], bus[0]["lat"], bus[0]["lon"]) == (29.0, pytest.approx(10.959), pytest.approx(106.669))
    assert bus[0]["time"] == "2025-11-24T00:04:30+07:00"


def test_latest_respects_publication(city, make_user):
    hidden = city["ds"]["hidden_pm25"].id
    seen = lambda user: hidden in {r["datastream"] for r in queries.latest_values(user=user)}  # noqa: E731
    from django.contrib.auth.models import AnonymousUser

    assert not seen(AnonymousUser())
    assert not seen(make_user("dot.nam", "DOT", "editor"))
    assert seen(make_user("donre.xem", "DONRE", "viewer"))  # the owner organisation reads its drafts
    assert seen(make_user("vptptm.huong", "VPTPTM", "editor"))  # the Smart City Office reads everything


def test_latest_of_ten_thousand_datastreams_is_two_queries(make_asset, django_assert_num_queries):
    from smartcity.core.models import Organisation
    from smartcity.hub.models import Asset

    owner = Organisation.objects.get(code="DOC")
    Asset.objects.bulk_create([Asset(slug=f"den-dai-lo-binh-duong-{i:05d}", asset_type_id="streetlight", owner=owner,
                                     name=f"Đèn đường Đại lộ Bình Dương – cột {i}", latitude=10.95 + i / 1e5, longitude=106.67)
                               for i in range(2500)])
    assets = list(Asset.objects.filter(asset_type_id="streetlight").order_by("id"))
    Datastream.objects.bulk_create([Datastream(asset=a, quantity_id=q, unit="-") for a in assets
                                    for q in ("power", "energy", "dimming_level", "illuminance")])
    ids = list(Datastream.objects.filter(asset__asset_type_id="streetlight").values_list("id", flat=True))
    write([(ds, T0, 50.0, 0, None, None) for ds in ids])
    with django_assert_num_queries(2):  # the readings, then each asset once: no N+1 whatever the size
        rows = queries.latest_values(queries.AssetFilter(owners=["DOC"]))
    assert len(rows) == 10_000
    assert rows[0]["asset"] == "den-dai-lo-binh-duong-00000" and rows[0]["owner"] == "DOC"
    assert [r["quantity"] for r in rows[:4]] == ["dimming_level", "energy", "illuminance", "power"]


def test_latest_order_and_positions_whatever_the_order_of_creation(make_asset):
    """Rows come by asset slug, then quantity code, even when ids run the other way; each
    row's position is the reading's own fix, else its asset's."""
    slugs = ["kk-tan-uyen", "kk-ben-cat", "xe-rac-02", "kk-thuan-an", "xe-rac-01"]  # ids not in slug order
    assets = {s: make_asset(s, "bus" if s.startswith("xe") else "air-station", lat=10.9 + i / 100, lon=106.6 + i / 100)
              for i, s in enumerate(slugs)}
    quantities = ["temperature", "pm10", "speed", "pm25", "no2"]  # not in code order either
    streams = {(s, q): Datastream.objects.create(asset=assets[s], quantity_id=q, unit="-")
               for s in slugs for q in quantities[slugs.index(s) % 3:]}
    rows = []
    for (s, q), d in streams.items():
        fix = (11.01, 106.71) if s == "xe-rac-01" and q == "speed" else (None, None)
        rows.append((d.id, T0 + len(rows), float(len(rows)), Status.SUSPECT if q == "no2" else Status.VALID, *fix))
    write(rows)
    got = queries.latest_values()
    assert [(r["asset"], r["quantity"]) for r in got] == sorted(streams)
    for r in got:
        d = streams[(r["asset"], r["quantity"])]
        ds_id, t, value, status, lat, lon = next(row for row in rows if row[0] == d.id)
        asset = assets[r["asset"]]
        assert (r["datastream"], r["value"], r["status"]) == (ds_id, value, "suspect" if r["quantity"] == "no2" else "valid")
        assert r["time"] == iso(t)
        assert (r["lat"], r["lon"]) == ((lat, lon) if lat is not None else (asset.latitude, asset.longitude))
    near = queries.latest_values(geo=queries.geo_filter(near="11.01,106.71,50"))
    assert [(r["asset"], r["quantity"], r["distance_m"]) for r in near] == [("xe-rac-01", "speed", 0.0)]


# -- series --------------------------------------------------------------------------------
def stream(city, key):
    flt = queries.asset_filter(datastream=str(city["ds"][key].id))
    return queries.find_streams(flt)


def expected(rows, bucket_fn, stat):
    groups = {}
    for t, v, s in rows:
        if s == Status.VALID and v is not None:
            groups.setdefault(bucket_fn(t), []).append(v)
    fn = {"avg": lambda xs: sum(xs) / len(xs), "min": min, "max": max, "count": len, "sum": sum}[stat]
    return {b: fn(xs) for b, xs in sorted(groups.items())}


@pytest.mark.parametrize("agg,bucket_fn", [("1h", hour_bucket), ("1d", day_bucket)])
@pytest.mark.parametrize("stat", ["avg", "min", "max", "count"])
def test_aggregated_series_matches_the_raw_data(city, agg, bucket_fn, stat):
    streams = stream(city, "tdm_pm25")
    page = queries.series(streams, T0, T0 + 3 * DAY, agg=agg, stat=stat)
    assert page.next is None and page.agg == agg
    want = expected(raw(city["ds"]["tdm_pm25"].id), bucket_fn, stat)
    got = page.points[streams[0].id]
    assert [p[0] for p in got] == [queries.iso(b) for b in want]
    for (_, value), wanted in zip(got, want.values()):
        assert value == pytest.approx(wanted, rel=1e-12)
    if agg == "1d":
        assert [p[0] for p in got] == ["2025-11-24T00:00:00+07:00", "2025-11-25T00:00:00+07:00", "2025-11-26T00:00:00+07:00"]
    if stat == "count":
        assert sum(v for _, v in got) == sum(1 for _, _, s in raw(city["ds"]["tdm_pm25"].id) if s == Status.VALID)


def test_raw_series_range_is_half_open_and_keeps_every_status(city):
    streams = stream(city, "tdm_pm25")
    page = queries.series(streams, T0 + HOUR, T0 + 2 * HOUR, agg="raw", with_status=True)
    points = page.points[streams[0].id]
    assert len(points) == 12
    assert points[0][0] == "2025-11-24T01:00:00+07:00" and points[-1][0] == "2025-11-24T01:55:00+07:00"
    rows = {t: (v, s) for t, v, s in raw(streams[0].id)}
    assert [p[1] for p in points] == [rows[T0 + HOUR + k * 300][0] for k in range(12)]
    everything = queries.series(streams, T0, T0 + 3 * DAY, agg="raw", with_status=True).points[streams[0].id]
    assert "calibrating" in {p[2] for p in everything}


def test_aggregated_buckets_overlapping_the_range_are_returned_whole(city):
    streams = stream(city, "tdm_pm25")
    page = queries.series(streams, T0 + HOUR + 1800, T0 + 3 * HOUR, agg="1h", stat="count")
    assert [p[0] for p in page.points[streams[0].id]] == ["2025-11-24T01:00:00+07:00", "2025-11-24T02:00:00+07:00"]
    assert all(p[1] == 12 for p in page.points[streams[0].id])


def test_auto_picks_raw_hourly_or_daily_by_range():
    assert queries.choose_agg(0, DAY, 300) == "raw"  # 288 points
    assert queries.choose_agg(0, 3 * DAY, 300) == "raw"  # 864 points
    assert queries.choose_agg(0, 4 * DAY, 300) == "1h"  # 1,152 raw points: hourly
    assert queries.choose_agg(0, 30 * DAY, 300) == "1h"  # 720 hours
    assert queries.choose_agg(0, 365 * DAY, 300) == "1d"  # 365 days
    assert queries.choose_agg(0, 4 * HOUR, 30) == "raw" and queries.choose_agg(0, 10 * HOUR, 30) == "1h"  # a bus every 30 s


def test_auto_on_an_open_range_uses_the_data_extent(city):
    streams = stream(city, "tdm_pm25")
    assert queries.series(streams, agg="auto").agg == "raw"  # three days of 5-minute data: 864 points
    assert queries.series(streams, T0 - 60 * DAY, agg="auto").agg == "1d"
    assert queries.series(stream(city, "bus_speed"), agg="auto").agg == "raw"


def test_series_of_many_datastreams(city):
    flt = queries.asset_filter(asset="kk-thu-dau-mot,kk-di-an", quantity="pm25")
    streams = queries.find_streams(flt)
    assert [s.asset for s in streams] == ["kk-thu-dau-mot", "kk-di-an"]
    page = queries.series(streams, T0, T0 + DAY, agg="1h").as_dict()
    assert [(d["asset"], d["quantity"], d["unit"], len(d["points"])) for d in page["datastreams"]] == [
        ("kk-thu-dau-mot", "pm25", "µg/m³", 24), ("kk-di-an", "pm25", "µg/m³", 24)]
    assert page["from"] == "2025-11-24T00:00:00+07:00" and page["to"] == "2025-11-25T00:00:00+07:00"


def test_find_streams_refuses_unknown_or_hidden(city):
    with pytest.raises(queries.QueryError) as err:
        queries.find_streams(queries.asset_filter(datastream="999999"))
    assert (err.value.field, err.value.code) == ("datastream", "unknown_datastream")
    with pytest.raises(queries.QueryError) as err:
        queries.find_streams(queries.asset_filter(asset="kk-bau-bang"))  # unpublished, anonymous caller
    assert (err.value.field, err.value.code) == ("asset", "unknown_asset")


# -- keyset paging -------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [1, 37, 288, 300, 5000])
def test_keyset_pages_return_every_row_exactly_once(city, limit):
    flt = queries.asset_filter(asset="kk-thu-dau-mot,kk-di-an")
    streams = queries.find_streams(flt)
    start, end = T0 + 3 * HOUR, T0 + 2 * DAY
    want = [(s.id, t, v) for s in streams for t, v, _ in raw(s.id) if start <= t < end]
    got, cursor, pages = [], None, 0
    while True:
        page = queries.series(streams, start, end, agg="raw", limit=limit, cursor=cursor)
        pages += 1
        batch = [(ds, queries.parse_time_param(p[0], "t"), p[1]) for ds, pts in page.points.items() for p in pts]
        assert 0 < len(batch) <= limit
        got.extend(sorted(batch))
        cursor = page.next
        if cursor is None:
            break
        assert pages <= len(want)  # bounded: every page makes progress
    assert got == want
    assert pages == math.ceil(len(want) / limit)  # no trailing empty page


def test_keyset_paging_of_hourly_rollups(city):
    streams = queries.find_streams(queries.asset_filter(quantity="pm25"))
    full = queries.series(streams, T0, T0 + 3 * DAY, agg="1h", stat="max")
    collected, cursor = {}, None
    for _ in range(100):
        page = queries.series(streams, T0, T0 + 3 * DAY, agg="1h", stat="max", limit=50, cursor=cursor)
        for ds, pts in page.points.items():
            collected.setdefault(ds, []).extend(pts)
        cursor = page.next
        if cursor is None:
            break
    assert collected == full.points


def test_cursor_is_checked(city):
    streams = stream(city, "tdm_pm25")
    page = queries.series(streams, agg="raw", limit=10)
    assert page.next
    for bad in ("không-phải-con-trỏ", "YWJj", page.next[:-3]):
        with pytest.raises(queries.QueryError) as err:
            queries.series(streams, agg="raw", cursor=bad)
        assert err.value.field == "cursor"
    with pytest.raises(queries.QueryError):
        queries.series(streams, agg="1h", cursor=page.next)  # a raw cursor on an hourly query


def test_iter_rows_streams_everything_through_small_pages(city):
    streams = queries.find_streams(queries.asset_filter(owner="DONRE"))
    rows = list(queries.iter_rows(streams, page_size=7))
    want = [(s.id, t, v, st) for s in streams for t, v, st in raw(s.id)]
    assert [(s.id, t, v, st) for s, t, v, st in rows] == want
    assert len(rows) == 3 * 288 + 72 + 72 + 24


# -- parameters and geo helpers ------------------------------------------------------------
def test_time_parameters():
    assert queries.parse_time_param("2025-11-24T00:00:00+07:00", "from") == T0
    assert queries.parse_time_param("2025-11-23T17:00:00Z", "from") == T0
    assert queries.parse_time_param("2025-11-24T00:00:00", "from") == T0  # naive: Vietnam time
    assert queries.parse_time_param("2025-11-24", "from") == T0
    assert queries.parse_time_param("2025-11-24T00:00:00 07:00", "from") == T0  # '+' decoded as a space
    assert queries.parse_time_param("2025-11-23T17:00:00.000 00:00", "from") == T0
    assert queries.parse_time_param("2025-11-24 08:00", "from") == T0 + 8 * HOUR  # a space before the time is no offset
    assert queries.parse_time_param(str(T0), "from") == T0
    assert queries.parse_time_param("", "from") is None
    with pytest.raises(queries.QueryError) as err:
        queries.parse_time_param("hôm qua", "to")
    assert (err.value.field, err.value.code) == ("to", "bad_time")


def test_haversine():
    one_degree = math.pi * geo.EARTH_RADIUS_M / 180
    assert geo.haversine_m(10.0, 106.0, 11.0, 106.0) == pytest.approx(one_degree, rel=1e-12)
    assert geo.haversine_m(10.98, 106.65, 10.98, 106.65) == 0
    d = geo.haversine_m(10.98, 106.65, 10.906, 106.769)
    assert d == pytest.approx(geo.haversine_m(10.906, 106.769, 10.98, 106.65))
    assert 15_000 < d < 15_800  # Thủ Dầu Một to Dĩ An
    box = queries.bbox_around(10.98, 106.65, 5000)
    for bearing in range(0, 360, 15):  # every point 5 km away lies inside the prefilter box
        lat = 10.98 + 4999 / one_degree * math.cos(math.radians(bearing))
        lon = 106.65 + 4999 / (one_degree * math.cos(math.radians(10.98))) * math.sin(math.radians(bearing))
        assert box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def test_polygon_forms_and_errors():
    forms = ["106.6,10.9;106.7,10.9;106.7,11.0", "106.6 10.9, 106.7 10.9, 106.7 11.0",
             "[[106.6,10.9],[106.7,10.9],[106.7,11.0]]",
             '{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[106.6,10.9],[106.7,10.9],[106.7,11.0],[106.6,10.9]]]}}',
             {"type": "Polygon", "coordinates": [[[106.6, 10.9], [106.7, 10.9], [106.7, 11.0], [106.6, 10.9]]]}]
    for form in forms:
        geom = queries.parse_polygon(form)
        assert queries.points_within(geom, [106.69, 106.61, 106.7], [10.91, 10.99, 10.95]) == [True, False, True]  # edge counts
    for bad in ("abc", "106.6,10.9;106.7,10.9", '{"type":"Point","coordinates":[106.6,10.9]}', "[[0,0],[1,1],[1,0],[0,1]]",
                "[[200,0],[201,0],[201,1]]", "{not json"):
        with pytest.raises(queries.QueryError) as err:
            queries.parse_polygon(bad)
        assert (err.value.field, err.value.code) == ("within", "bad_polygon")


@pytest.mark.parametrize("text", ["1,2,3", "106.6,11,106.5,10.9", "a,b,c,d", "106,10,200,11"])
def test_bad_bbox(text):
    with pytest.raises(queries.QueryError) as err:
        queries.parse_bbox(text)
    assert err.value.code == "bad_bbox"


@pytest.mark.parametrize("text", ["10.98,106.65", "10.98,106.65,-5", "95,106.65,100", "x,y,z"])
def test_bad_near(text):
    with pytest.raises(queries.QueryError) as err:
        queries.parse_near(text)
    assert err.value.code == "bad_near"


def test_csv_values_read_back_exactly():
    for v in (35.2, 20.0, 0.1 + 0.2, -3.5e-7, 1e20, 123456789.125):
        assert float(queries.csv_value(v)) == v
    assert queries.csv_value(20.0) == "20" and queries.csv_value(None) == ""


def test_fast_iso_equals_datetime_isoformat():
    import random
    from datetime import datetime

    from smartcity.hub.timebase import LOCAL_TZ

    rnd = random.Random(2018)
    # Vietnam has kept UTC+7 since June 1975; the hub's days assume that fixed offset
    times = [200_000_000, 86_399 + 200_000_000, T0, T0 - 1, 4_102_444_799] + [
        rnd.randrange(200_000_000, 4_000_000_000) for _ in range(2000)]
    for t in times:
        assert queries.iso(t) == datetime.fromtimestamp(t, LOCAL_TZ).isoformat(), t


def test_ids_clause_takes_any_number_of_ids_as_one_parameter(make_asset):
    from django.db import connection

    from smartcity.hub.models import Asset

    ids = [make_asset(f"kk-thu-{i}").id for i in range(3)]
    for wanted in ([], ids[:1], ids, ids + list(range(10**6, 10**6 + 5000))):
        clause, params = queries.ids_clause("a.id", wanted)
        assert len(params) == 1
        with connection.cursor() as cur:
            cur.execute(f"SELECT a.id FROM hub_asset a WHERE {clause}", params)
            assert sorted(r[0] for r in cur.fetchall()) == sorted(set(wanted) & set(Asset.objects.values_list("id", flat=True)))
    assert queries.latest_values(queries.asset_filter(asset="kk-thu-0")) == []  # no readings: no assets to look up
