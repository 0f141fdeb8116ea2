"""CSV export without a silent cap: `smartcity hub export` (stdout) and the HTTP CSV views,
checked row by row against what is stored; plus `smartcity hub recompute`."""
import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from smartcity.hub import queries
from smartcity.hub.models import DailyRollup, Datastream, HourlyRollup, Observation, Status
from smartcity.hub.store import store
from smartcity.hub.timebase import HOUR, parse_time

T0 = 1_763_917_200  # 2025-11-24T00:00:00+07:00
COLUMNS = ["asset", "quantity", "unit", "time", "value", "status"]
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


@pytest.fixture
def data(make_asset):
    tdm = make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một", lat=10.98, lon=106.65)
    river = make_asset("nm-song-sai-gon-phu-cuong", "water-station", name="Trạm quan trắc nước mặt sông Sài Gòn – Phú Cường",
                       lat=10.9858, lon=106.6433)
    ds = {
        "pm25": Datastream.objects.create(asset=tdm, quantity_id="pm25", unit="µg/m³"),
        "no2": Datastream.objects.create(asset=tdm, quantity_id="no2", unit="µg/m³"),
        "ph": Datastream.objects.create(asset=river, quantity_id="ph", unit="-"),
    }
    rows = []
    for i in range(2 * 288):  # two days at 5 minutes
        status = Status.ERROR if i % 50 == 7 else Status.VALID
        rows.append((ds["pm25"].id, T0 + i * 300, round(18.5 + (i * 37 % 41) / 3, 3), status, None, None))
        rows.append((ds["no2"].id, T0 + i * 300, 0.1 + 0.2 + i, 0, None, None))  # floats that must survive the round trip
    rows += [(ds["ph"].id, T0 + h * HOUR, 6.8 + (h % 6) / 10, 0, None, None) for h in range(48)]
    with transaction.atomic():
        store(rows, "test")
    return ds


def parse(text):
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, list(reader)


def stored(ds_ids, start=None, end=None):
    """What the database holds, as CSV rows would show it (status by name)."""
    out = []
    names = {s.value: s.name.lower() for s in Status}
    info = {d.id: d for d in Datastream.objects.filter(id__in=ds_ids).select_related("asset")}
    for ds in sorted(ds_ids):
        qs = Observation.objects.filter(datastream_id=ds).order_by("t")
        if start is not None:
            qs = qs.filter(t__gte=start)
        if end is not None:
            qs = qs.filter(t__lt=end)
        for o in qs:
            d = info[ds]
            out.append((d.asset.slug, d.quantity_id, d.unit, o.t, o.value, names[o.status]))
    return out


def as_tuples(rows):
    return [(r[0], r[1], r[2], parse_time(r[3]), float(r[4]) if r[4] else None, r[5]) for r in rows]


def export(*args):
    out = io.StringIO()
    call_command("hub", "export", *args, stdout=out)
    return out.getvalue()


# -- CLI -----------------------------------------------------------------------------------
def test_cli_export_everything_equals_the_stored_data(data):
    header, rows = parse(export())
    assert header == COLUMNS
    assert all(ISO_WITH_OFFSET.match(r[3]) for r in rows)
    assert rows[0][:4] == ["kk-thu-dau-mot", "pm25", "µg/m³", "2025-11-24T00:00:00+07:00"]
    assert as_tuples(rows) == stored([d.id for d in data.values()])
    assert len(rows) == 2 * 576 + 48
    assert {r[5] for r in rows} == {"valid", "error"}


def test_cli_export_streams_through_many_keyset_pages(data, monkeypatch):
    monkeypatch.setattr(queries, "EXPORT_PAGE", 13)  # many pages: nothing lost, nothing doubled at page edges
    _, rows = parse(export())
    assert as_tuples(rows) == stored([d.id for d in data.values()])


def test_cli_export_filters(data):
    _, rows = parse(export("--asset", "kk-thu-dau-mot", "--quantity", "PM2.5", "--from", "2025-11-24T06:00:00+07:00",
                           "--to", "2025-11-23T23:30:00Z"))
    assert as_tuples(rows) == stored([data["pm25"].id], T0 + 6 * HOUR, T0 + 6 * HOUR + 1800)
    assert len(rows) == 6
    _, rows = parse(export("--type", "water-station", "--from", "2025-11-25"))  # naive date: local midnight
    assert {r[0] for r in rows} == {"nm-song-sai-gon-phu-cuong"} and len(rows) == 24
    assert rows[0][3] == "2025-11-25T00:00:00+07:00"
    assert export("--quantity", "so2") == "asset,quantity,unit,time,value,status\n"
    assert export("--quantity", "so2", "--no-header") == ""


def test_cli_export_hourly_means(data):
    _, rows = parse(export("--asset", "kk-thu-dau-mot", "--quantity", "pm25", "--agg", "1h"))
    assert len(rows) == 48
    raw = stored([data["pm25"].id])
    first_hour = [r[4] for r in raw if T0 <= r[3] < T0 + HOUR and r[5] == "valid"]
    assert rows[0][3] == "2025-11-24T00:00:00+07:00" and rows[0][5] == "valid"
    assert float(rows[0][4]) == pytest.approx(sum(first_hour) / len(first_hour), rel=1e-12)
    for row in rows:  # every hourly mean from the raw rows it summarises
        t = parse_time(row[3])
        values = [r[4] for r in raw if t <= r[3] < t + HOUR and r[5] == "valid"]
        assert float(row[4]) == pytest.approx(sum(values) / len(values), rel=1e-12)


def test_cli_export_daily_means_and_max(data):
    _, rows = parse(export("--quantity", "ph", "--agg", "1d"))
    assert [r[3] for r in rows] == ["2025-11-24T00:00:00+07:00", "2025-11-25T00:00:00+07:00"]
    raw = [r[4] for r in stored([data["ph"].id]) if r[3] < T0 + 24 * HOUR]
    assert float(rows[0][4]) == pytest.approx(sum(raw) / len(raw))
    _, rows = parse(export("--quantity", "ph", "--agg", "1d", "--stat", "max"))
    assert float(rows[0][4]) == pytest.approx(max(raw))


@pytest.mark.parametrize("args", [["--from", "hôm qua"], ["--quantity", "độ phóng xạ"], ["--asset", "kk-khong-co"],
                                  ["--from", "2025-11-25", "--to", "2025-11-24"], ["--type", "tau-ngam"]])
def test_cli_export_bad_arguments(data, args):
    with pytest.raises(CommandError):
        export(*args)


def test_cli_recompute_repairs_rollups(data):
    ds = data["pm25"].id
    good_hours = sorted(HourlyRollup.objects.filter(datastream_id=ds).values_list("bucket", "n", "total", "vmin", "vmax"))
    good_days = sorted(DailyRollup.objects.filter(datastream_id=ds).values_list("bucket", "n", "total", "vmin", "vmax"))
    with connection.cursor() as cur:  # damage them as a crashed tool might have
        cur.execute("UPDATE hub_rollup_hour SET n = n + 5, total = 0 WHERE datastream_id = %s", [ds])
        cur.execute("DELETE FROM hub_rollup_day WHERE datastream_id = %s", [ds])
    out = io.StringIO()
    call_command("hub", "recompute", "--datastream", str(ds), stdout=out)
    assert "1 datastream" in out.getvalue()
    hours = sorted(HourlyRollup.objects.filter(datastream_id=ds).values_list("bucket", "n", "total", "vmin", "vmax"))
    days = sorted(DailyRollup.objects.filter(datastream_id=ds).values_list("bucket", "n", "total", "vmin", "vmax"))
    assert [h[:2] + h[3:] for h in hours] == [h[:2] + h[3:] for h in good_hours]
    assert all(a[2] == pytest.approx(b[2]) for a, b in zip(hours, good_hours))
    assert [d[:2] for d in days] == [d[:2] for d in good_days]
    call_command("hub", "recompute", "--all", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("hub", "recompute", "--datastream", "999999", stdout=io.StringIO())


# -- HTTP ----------------------------------------------------------------------------------
def http_csv(client, url, params):
    r = client.get(url, params)
    assert r.status_code == 200, r.content[:500]
    assert r["Content-Type"].startswith("text/csv") and r.streaming
    return b"".join(r.streaming_content).decode("utf-8")


def test_http_export_equals_the_stored_data(client, data, monkeypatch):
    monkeypatch.setattr(queries, "EXPORT_PAGE", 50)
    text = http_csv(client, "/api/hub/export.csv", {})
    header, rows = parse(text)
    assert header == COLUMNS
    assert as_tuples(rows) == stored([d.id for d in data.values()])
    assert text == export()  # the CLI and the HTTP export write the same bytes


def test_http_export_filters_and_series_csv_alias(client, data):
    params = {"asset": "kk-thu-dau-mot", "quantity": "no2", "from": "2025-11-24T12:00:00+07:00", "to": "2025-11-25T12:00:00+07:00"}
    text = http_csv(client, "/api/hub/export.csv", params)
    _, rows = parse(text)
    assert as_tuples(rows) == stored([data["no2"].id], T0 + 12 * HOUR, T0 + 36 * HOUR)
    assert [float(r[4]) for r in rows] == [o for o in Observation.objects.filter(
        datastream_id=data["no2"].id, t__gte=T0 + 12 * HOUR, t__lt=T0 + 36 * HOUR).order_by("t").values_list("value", flat=True)]
    assert http_csv(client, "/api/hub/series", {**params, "format": "csv"}) == text
    hourly = http_csv(client, "/api/hub/export.csv", {"type": "water-station", "agg": "1h"})
    assert len(parse(hourly)[1]) == 48


def test_http_export_bad_parameters(client, data):
    r = client.get("/api/hub/export.csv", {"to": "ngày mai"})
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "to", "code": "bad_time", "message": r.json()["errors"][0]["message"]}
    assert client.get("/api/hub/export.csv", {"format": "json"}).status_code == 400


def test_exported_csv_reingests_unchanged(client, data, device_token):
    """The export is the ingest format: sending it back changes nothing."""
    from smartcity.hub.models import Asset

    _, key = device_token(assets=list(Asset.objects.all()))
    text = http_csv(client, "/api/hub/export.csv", {"asset": "kk-thu-dau-mot"})
    r = client.post("/api/hub/observations", data=text, content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["stored"], body["replaced"], body["unchanged"]) == (0, 0, 2 * 576)
