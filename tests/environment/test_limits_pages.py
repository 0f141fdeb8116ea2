"""Permit limits through the UI and the API: unit conversion (or refusal), validity
overlaps, ending a limit with history kept, the permission rule (another organisation's
editor gets 403), the national tables page and the evidence page of an alert."""
from datetime import date

import pytest

from tests.environment.test_limits import _fresh_index, feed, midnight, seeded, stream  # noqa: F401


@pytest.fixture
def plant(make_station, seeded):  # noqa: F811
    return make_station("BD_KCNMYPHUOC_NT01", kind="wastewater", owner="BECAMEX", name="Trạm xả thải KCN Mỹ Phước",
                        facility="Tổng Công ty Becamex IDC", industrial_park="KCN Mỹ Phước",
                        contact_emails="moitruong@becamex.com.vn")


@pytest.fixture
def becamex(make_user):
    return make_user("becamex.lan", "BECAMEX", "editor", email="lan@becamex.com.vn")


@pytest.fixture
def dot(make_user):
    return make_user("dot.hung", "DOT", "editor")


def test_ui_add_edit_end_permit_limit_with_unit_conversion_and_history(plant, becamex, client_as):
    from smartcity.environment.models import PermitLimit

    c = client_as(becamex)
    page = c.get(f"/environment/limits/stations/{plant.code}/")
    assert page.status_code == 200 and b"add-permit" in page.content
    r = c.post(f"/environment/limits/stations/{plant.code}/permit/add/", {
        "quantity": "tss", "averaging": "1h", "limit_max": "0.1", "unit": "g/L", "valid_from": "2026-01-01",
        "permit_ref": "GPMT 45/GP-UBND"})
    assert r.status_code == 200 and "g/L" in r.content.decode()  # g/L is not a unit the registry converts for TSS
    assert not PermitLimit.objects.exists()
    r = c.post(f"/environment/limits/stations/{plant.code}/permit/add/", {
        "quantity": "tss", "averaging": "1h", "limit_max": "100", "unit": "mg/L", "valid_from": "2026-01-01",
        "permit_ref": "GPMT 45/GP-UBND"})
    assert r.status_code == 302
    lim = PermitLimit.objects.get()
    assert (lim.limit_max, lim.unit, lim.owner.code) == (100.0, "mg/L", "BECAMEX")
    # a second limit of the same parameter and period overlapping the first is refused
    r = c.post(f"/environment/limits/stations/{plant.code}/permit/add/", {
        "quantity": "tss", "averaging": "1h", "limit_max": "80", "unit": "mg/L", "valid_from": "2026-06-01"})
    assert r.status_code == 200 and PermitLimit.objects.count() == 1
    r = c.post(f"/environment/limits/permit/{lim.pk}/edit/", {
        "quantity": "tss", "averaging": "1h", "limit_max": "90", "unit": "mg/L", "valid_from": "2026-01-01",
        "permit_ref": "GPMT 45/GP-UBND"})
    assert r.status_code == 302
    r = c.post(f"/environment/limits/permit/{lim.pk}/end/", {"valid_to": "2026-05-31"})
    lim.refresh_from_db()
    assert (lim.limit_max, lim.valid_to) == (90.0, date(2026, 5, 31))
    assert lim.history.count() == 3 and lim.history.first().history_user == becamex
    r = c.post(f"/environment/limits/stations/{plant.code}/permit/add/", {
        "quantity": "tss", "averaging": "1h", "limit_max": "80", "unit": "mg/L", "valid_from": "2026-06-01"})
    assert r.status_code == 302 and PermitLimit.objects.count() == 2
    page = c.get(f"/environment/limits/stations/{plant.code}/").content.decode()
    assert "GPMT 45/GP-UBND" in page and 'id="history"' in page


def test_ui_other_organisation_gets_403(plant, dot, client_as):
    from smartcity.environment.models import PermitLimit

    lim = PermitLimit.objects.create(owner=plant.owner, station=plant, quantity_id="cod", averaging="1h", limit_max=75,
                                     unit="mg/L", valid_from=date(2026, 1, 1))
    c = client_as(dot)
    assert c.get(f"/environment/limits/stations/{plant.code}/").status_code == 200  # published: readable
    assert b"add-permit" not in c.get(f"/environment/limits/stations/{plant.code}/").content
    assert c.get(f"/environment/limits/stations/{plant.code}/permit/add/").status_code == 403
    assert c.post(f"/environment/limits/permit/{lim.pk}/end/", {"valid_to": "2026-02-01"}).status_code == 403
    assert c.post(f"/environment/limits/permit/{lim.pk}/edit/", {"quantity": "cod", "averaging": "1h", "limit_max": "500",
                                                                  "unit": "mg/L", "valid_from": "2026-01-01"}).status_code == 403
    lim.refresh_from_db()
    assert lim.limit_max == 75 and lim.valid_to is None


def test_api_permit_limits_convert_refuse_and_follow_the_permission_rule(plant, becamex, dot, api):
    from smartcity.environment.models import PermitLimit

    body = {"station": plant.code, "quantity": "COD", "averaging": "1h", "limit_max": 0.075, "unit": "g/L",
            "valid_from": "2026-01-01"}
    api.force_authenticate(dot)
    r = api.post("/api/env/permit-limits/", body, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(becamex)
    r = api.post("/api/env/permit-limits/", body, format="json")
    assert r.status_code == 400
    err = r.json()
    assert err["code"] == "validation_error" and err["errors"][0]["field"] == "unit"
    assert err["errors"][0]["code"] == "unit_not_convertible"
    r = api.post("/api/env/permit-limits/", {**body, "quantity": "nox", "limit_max": 850, "unit": "mg/Nm3"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "not_measured"
    r = api.post("/api/env/permit-limits/", {**body, "limit_max": 75, "unit": "mg/L"}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["quantity"] == "cod" and r.json()["owner"] == "BECAMEX"
    api.force_authenticate(dot)
    assert api.patch(f"/api/env/permit-limits/{pk}/", {"valid_to": "2026-03-01"}, format="json").status_code == 403
    api.force_authenticate(becamex)
    r = api.patch(f"/api/env/permit-limits/{pk}/", {"valid_to": "2026-03-01"}, format="json")
    assert r.status_code == 200 and r.json()["valid_to"] == "2026-03-01"
    assert PermitLimit.objects.get(pk=pk).history.count() == 2
    api.force_authenticate(None)
    listed = api.get(f"/api/env/permit-limits/?station={plant.code}").json()
    assert [x["id"] for x in listed["results"]] == [pk]


def test_api_legal_limits_valid_on_a_day(api, seeded):  # noqa: F811
    old = api.get("/api/env/legal-limits/?quantity=pm25&averaging=24h&on=2025-12-31").json()["results"]
    new = api.get("/api/env/legal-limits/?quantity=pm25&averaging=24h&on=2026-01-02").json()["results"]
    assert [x["limit_max"] for x in old] == [50.0] and [x["limit_max"] for x in new] == [45.0]
    assert new[0]["citation"].startswith("QCVN 05:2023/BTNMT")


def test_limits_page_and_evidence_of_an_alert(make_station, seeded, make_user, client):  # noqa: F811
    from smartcity.alerts.models import Alert

    st = make_station("BD_DIAN_KK01", kind="air", name="Trạm không khí Dĩ An")
    ds = stream(st, "pm25")
    feed(ds, midnight(2026, 10, 5), 24, 62.1)
    alert = Alert.objects.get(datastream=ds, key="24h")
    page = client.get("/environment/limits/").content.decode()
    assert "QCVN 05:2023/BTNMT" in page and "QCVN 08:2023/BTNMT" in page and "BD_DIAN_KK01" in page
    assert "<h1>Giới hạn quy chuẩn</h1>" in page and "cần đối chiếu" in page  # Vietnamese first; unverified rows marked
    assert client.get(f"/environment/limits/alerts/{alert.pk}/evidence/").status_code == 302  # login first
    client.force_login(make_user("donre.minh", "DONRE", "editor"))
    page = client.get(f"/environment/limits/alerts/{alert.pk}/evidence/").content.decode()
    assert "PM2.5 trung bình 24 giờ 62,1 µg/m³ &gt; 45 (QCVN 05:2023/BTNMT)" in page
    assert page.count("<tr>") >= 24 + 1
    api = client.get(f"/api/env/exceedances/?alert={alert.pk}").json()["results"]
    assert len(api) == 1 and len(api[0]["evidence"]) == 24 and api[0]["limit_value"] == 45
