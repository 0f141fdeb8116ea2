"""Reservoir API, permission rule, stage-table imports, daily balance, season report and pages."""
import io
from datetime import date, datetime

import pytest
from django.db import transaction

from smartcity.hub import store
from smartcity.hub.models import Datastream, Latest
from smartcity.water.balance import LOCAL

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 10)


def t(h, d=DAY):
    return int(datetime(d.year, d.month, d.day, h, tzinfo=LOCAL).timestamp())


def stream(asset, q):
    from smartcity.hub import registry

    return Datastream.objects.get_or_create(asset=asset, quantity_id=q, defaults={"unit": registry.QUANTITIES[q].unit})[0].pk


@pytest.fixture
def lake(make_reservoir):
    """One day by hand: 1.00 m at 13 h; a 20 mm storm to 1.50 m by 14 h (+5,000 m³ on the
    10,000 m²/m stretch); 100 m³ pumped to irrigation and the level at 1.49 m by 15 h."""
    r = make_reservoir()
    lvl, rain, irr = stream(r.asset, "water_level"), stream(r.rain_gauge, "rainfall"), stream(r.asset, "reuse_irrigation")
    with transaction.atomic():
        store.store([(lvl, t(13), 1.0, 0, None, None), (lvl, t(14), 1.5, 0, None, None), (lvl, t(15), 1.49, 0, None, None),
                     (rain, t(14), 20.0, 0, None, None), (irr, t(15), 100.0, 0, None, None)])
    return r


def test_list_and_detail_read_by_anyone_unpublished_only_by_the_owner(api, make_user, lake, make_reservoir):
    hidden = make_reservoir("ho-noi-bo", published=False)
    slugs = [x["slug"] for x in api.get("/api/water/reservoirs/").json()["results"]]
    assert lake.slug in slugs and hidden.slug not in slugs
    body = api.get(f"/api/water/reservoirs/{lake.slug}/").json()
    assert body["crest_level"] == 2.5 and body["rain_gauge"] == lake.rain_gauge.slug and body["stage_table"]["rows"] == 4
    api.force_authenticate(make_user("becamex.lan", "BECAMEX"))
    assert api.get(f"/api/water/reservoirs/{hidden.slug}/").status_code == 200


def test_writes_follow_the_permission_rule(api, make_user, lake, make_asset):
    url = f"/api/water/reservoirs/{lake.slug}/"
    assert api.patch(url, {"crest_level": 2.6}, format="json").status_code in (401, 403)
    api.force_authenticate(make_user("dot.an", "DOT"))
    r = api.patch(url, {"crest_level": 2.6}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(make_user("becamex.lan", "BECAMEX"))
    assert api.patch(url, {"crest_level": 2.6}, format="json").json()["crest_level"] == 2.6
    r = api.patch(url, {"min_operating_level": 3.0}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "min_operating_level", "code": "above_crest", "message": r.json()["errors"][0]["message"]}
    # a new reservoir on an asset of the caller's organisation; not on another's
    mine = make_asset("ho-moi", "reservoir", owner="BECAMEX")
    theirs = make_asset("ho-cua-dot", "reservoir", owner="DOT")
    body = {"crest_level": 3, "min_operating_level": 1, "capacity_m3": 5000, "kind": "mixed"}
    r = api.post("/api/water/reservoirs/", {"slug": "ho-moi", **body}, format="json")
    assert r.status_code == 201 and r.json()["owner"] == "BECAMEX"
    assert api.post("/api/water/reservoirs/", {"slug": theirs.slug, **body}, format="json").status_code == 403
    from smartcity.alerts.models import AlertRule

    assert AlertRule.objects.filter(owner__code="BECAMEX", asset_type_id="reservoir").count() == 2
    assert mine.reservoir.kind == "mixed"


def test_stage_table_by_json_and_by_file(api, make_user, lake):
    url = f"/api/water/reservoirs/{lake.slug}/stage-tables/"
    assert api.post(url, {}, format="json").status_code in (401, 403)
    api.force_authenticate(make_user("becamex.lan", "BECAMEX"))
    bad = {"valid_from": "2025-09-01", "rows": [{"level": 0, "volume": 0}, {"level": 1, "volume": 9000}, {"level": 1, "volume": 8000}]}
    r = api.post(url, bad, format="json")
    assert r.status_code == 400
    assert {(e["field"], e["code"]) for e in r.json()["errors"]} == {("rows.2.level", "not_increasing"), ("rows.2.volume", "decreasing")}
    good = {"valid_from": "2025-09-01", "source": "đo lại 2025", "rows": [{"level": 0, "volume": 0}, {"level": 2, "volume": 24_000}]}
    r = api.post(url, good, format="json")
    assert r.status_code == 201 and len(r.json()["rows"]) == 2
    vol = Latest.objects.get(datastream__asset=lake.asset, datastream__quantity_id="stored_volume")
    assert vol.value == pytest.approx(1.49 * 12_000)  # recomputed with the new table
    # a CSV with a Vietnamese header, decimal commas and a bad row: nothing saved, every reason reported
    csv = "Mực nước;Dung tích\n0;0\n1,5;abc\n1,0;500\n".encode()
    r = api.post(url, {"valid_from": "2025-09-05", "file": io.BytesIO(csv)}, format="multipart")
    assert r.status_code == 400
    codes = [e["code"] for e in r.json()["errors"]]
    assert "not_a_number" in codes and "too_few_rows" not in codes
    from openpyxl import Workbook

    wb = Workbook()
    for row in (("level", "volume"), (0, 0), (1, 11_000), (3, 40_000)):
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "khao-sat.xlsx"
    buf.seek(0)
    r = api.post(url, {"valid_from": "2025-09-05", "file": buf}, format="multipart")
    assert r.status_code == 201, r.json()
    assert [x["valid_from"] for x in api.get(url).json()] == ["2025-09-05", "2025-09-01", "2024-01-01"]


def test_daily_balance_and_season_report(api, lake):
    r = api.get(f"/api/water/reservoirs/{lake.slug}/balance/?from=2025-09-10&to=2025-09-11")
    assert r.status_code == 200
    [day] = r.json()["days"]
    # 13-14 h: +5,000 m³; 14-15 h: -100 m³ of level, all of it the metered irrigation: no unmetered loss
    assert day["inflow"] == pytest.approx(5000.0) and day["reuse"] == 100.0 and day["losses"] == pytest.approx(0.0)
    assert day["reuse_by"] == {"irrigation": 100.0} and day["rain_mm"] == 20.0
    assert day["captured"] == pytest.approx(20 / 1000 * 50_000 * 0.6)
    bad = api.get(f"/api/water/reservoirs/{lake.slug}/balance/?from=2025-13-01")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "from"
    rep = api.get(f"/api/water/season-report/?from=2025-09-01&to=2025-10-01&reservoir={lake.slug}").json()
    [season] = rep["seasons"]
    assert season["key"] == "rainy-2025" and season["reuse"] == 100.0 and season["captured"] == pytest.approx(600.0)
    assert rep["months"][0]["key"] == "2025-09"
    unknown = api.get("/api/water/season-report/?reservoir=khong-co")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["code"] == "unknown_reservoir"


def test_pages_and_report_files(client, client_as, make_user, lake):
    assert client.get("/water/").status_code == 200
    page = client.get(f"/water/reservoirs/{lake.slug}/?days=30&end=2025-09-20").content.decode()
    for chart in ("chart-level", "chart-volume", "chart-stage", "chart-flows", "chart-rain"):
        assert f'id="{chart}"' in page
    rep = client.get("/water/season-report/?from=2025-09-01&to=2025-10-01")
    assert rep.status_code == 200 and b"chart-season" in rep.content
    x = client.get("/water/season-report.xlsx?from=2025-09-01&to=2025-10-01")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(x.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert 600.0 in values and 100.0 in values
    pdf = client.get("/water/season-report.pdf?from=2025-09-01&to=2025-10-01")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # the import form: only the owner's editors
    url = f"/water/reservoirs/{lake.slug}/stage-table/"
    client_as(make_user("dot.an", "DOT"))
    assert client.get(url).status_code == 403
    client_as(make_user("becamex.lan", "BECAMEX"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(url, {"valid_from": "2025-09-20", "file": SimpleUploadedFile("bang.csv", b"level,volume\n0,0\n2,100\n1,200\n")})
    assert r.status_code == 400 and b'data-code="not_increasing"' in r.content
    r = client.post(url, {"valid_from": "2025-09-20", "file": SimpleUploadedFile("bang.csv", b"level,volume\n0,0\n2,30000\n")})
    assert r.status_code == 302 and lake.stage_tables.count() == 2
