"""Alerts REST API: rules CRUD under the permission rule, alerts, acknowledge, preferences."""
import pytest

from smartcity.alerts.models import Alert, AlertRule
from tests.alerts.conftest import pm25

RULES = "/api/alerts/rules/"
PM25_RULE = {"name": "PM2.5 trên 50 µg/m³ kéo dài 1 giờ", "severity": "high", "target": "asset_type", "asset_type": "air-station",
             "quantity": "pm25", "kind": "threshold", "params": {"op": ">", "value": 50, "clear_value": 40, "duration_s": 3600}}


@pytest.fixture
def donre(make_user):
    return make_user("donre.minh", "DONRE", "editor", email="minh@stnmt.binhduong.gov.vn")


@pytest.fixture
def dot(make_user):
    return make_user("dot.nam", "DOT", "editor")


@pytest.fixture
def donre_alert(station_key, make_rule, ingest):
    make_rule(params={"op": ">", "value": 50, "duration_s": 0})
    ingest(station_key, pm25("kk-thu-dau-mot", [(0, 80)]))
    return Alert.objects.get()


def test_create_rule_and_validation_errors(api, donre, hub):
    api.force_authenticate(donre)
    r = api.post(RULES, PM25_RULE, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["owner"] == "DONRE" and body["params"]["duration_s"] == 3600 and body["open_alerts"] == 0
    bad = dict(PM25_RULE, name="Sai", quantity=None, params={"op": ">", "value": 50, "clear_value": 60, "duration": 5})
    r = api.post(RULES, bad, format="json")
    assert r.status_code == 400 and r.json()["code"] == "validation_error"
    errors = {(e["field"], e["code"]) for e in r.json()["errors"]}
    assert errors == {("params.clear_value", "bad_hysteresis"), ("params.duration", "unknown_param"), ("quantity", "required")}
    r = api.post(RULES, dict(PM25_RULE, name="Thiếu", kind="rate", params={"max_per_hour": -1, "direction": "sideways"}), format="json")
    assert {(e["field"], e["code"]) for e in r.json()["errors"]} == {("params.max_per_hour", "out_of_range"),
                                                                      ("params.direction", "invalid_choice")}
    r = api.post(RULES, PM25_RULE, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "name"
    assert AlertRule.objects.count() == 1


def test_rules_belong_to_their_organisation(api, donre, dot, make_user, hub):
    api.force_authenticate(donre)
    rule_id = api.post(RULES, PM25_RULE, format="json").json()["id"]
    api.force_authenticate(dot)
    assert api.post(RULES, dict(PM25_RULE, owner="DONRE", name="Của DOT"), format="json").status_code == 403
    r = api.patch(f"{RULES}{rule_id}/", {"severity": "low"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert api.get(f"{RULES}{rule_id}/").status_code == 200  # published rules are readable by members
    api.force_authenticate(make_user("donre.xem", "DONRE", "viewer"))
    assert api.patch(f"{RULES}{rule_id}/", {"severity": "low"}, format="json").status_code == 403
    api.force_authenticate(make_user("vptptm.huong", "VPTPTM", "manager"))  # the Smart City Office
    assert api.patch(f"{RULES}{rule_id}/", {"severity": "critical"}, format="json").status_code == 200
    assert api.delete(f"{RULES}{rule_id}/").status_code == 204
    assert not AlertRule.objects.exists()


def test_reading_needs_a_login(api, donre_alert):
    assert api.get("/api/alerts/").status_code in (401, 403)
    assert api.get(RULES).status_code in (401, 403)


def test_acknowledge_permission(api, donre, dot, donre_alert):
    url = f"/api/alerts/{donre_alert.pk}/acknowledge/"
    api.force_authenticate(dot)
    assert api.get(f"/api/alerts/{donre_alert.pk}/").status_code == 200  # published asset: visible
    r = api.post(url, {"note": "Đã xem"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    donre_alert.refresh_from_db()
    assert donre_alert.state == "raised"
    api.force_authenticate(donre)
    r = api.post(url, {"note": "Đã cử cán bộ kiểm tra"}, format="json")
    assert r.status_code == 200
    body = r.json()
    assert body["state"] == "acknowledged" and body["acknowledged_by"] == "donre.minh"
    assert [(e["action"], e["user"], e["note"]) for e in body["events"]][-1] == ("acknowledged", "donre.minh", "Đã cử cán bộ kiểm tra")
    assert api.post(url, {}, format="json").status_code == 200  # again: no change
    Alert.objects.filter(pk=donre_alert.pk).update(state="cleared")
    r = api.post(url, {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "alert_cleared"


def test_alert_visibility_and_filters(api, donre, dot, donre_alert):
    api.force_authenticate(donre)
    body = api.get("/api/alerts/?state=open&min_severity=high").json()
    assert body["count"] == 1 and body["results"][0]["asset"] == "kk-thu-dau-mot"
    assert api.get("/api/alerts/?min_severity=critical").json()["count"] == 0
    assert api.get("/api/alerts/?owner=DOT").json()["count"] == 0
    assert api.get("/api/alerts/?type=air-station&state=raised").json()["count"] == 1
    assert api.get("/api/alerts/?severity=loud").status_code == 400
    donre_alert.asset.published = False
    donre_alert.asset.save()
    api.force_authenticate(dot)
    assert api.get("/api/alerts/").json()["count"] == 0
    assert api.get(f"/api/alerts/{donre_alert.pk}/").status_code == 404


def test_preferences_are_personal(api, donre, dot, hub):
    api.force_authenticate(donre)
    r = api.post("/api/alerts/preferences/", {"organisation": "DONRE", "min_severity": "high", "by_webhook": True}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "webhook_url"
    r = api.post("/api/alerts/preferences/", {"organisation": "DONRE", "asset_type": "air-station", "min_severity": "high",
                                               "by_webhook": True, "webhook_url": "http://127.0.0.1:9/hook"}, format="json")
    assert r.status_code == 201 and len(r.json()["webhook_secret"]) == 48
    pref_id = r.json()["id"]
    api.force_authenticate(dot)
    assert api.get("/api/alerts/preferences/").json()["count"] == 0
    assert api.get(f"/api/alerts/preferences/{pref_id}/").status_code == 404
    r = api.post("/api/alerts/preferences/", {"min_severity": "high"}, format="json")  # DOT user has no e-mail
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "no_email"


def test_evaluator_list(api, donre):
    from smartcity.alerts import evaluators

    evaluators.register("test-noop", label="Không làm gì")(lambda ds, readings: [])
    try:
        api.force_authenticate(donre)
        names = [e["name"] for e in api.get("/api/alerts/evaluators").json()["results"]]
        assert "test-noop" in names
    finally:
        evaluators.unregister("test-noop")
