"""Alert pages: list with counts, detail with history and acknowledge, rule editor,
notification preferences; writes follow the platform rule."""
import pytest

from smartcity.alerts.models import Alert, AlertRule, NotificationPreference
from tests.alerts.conftest import pm25


@pytest.fixture
def donre(make_user):
    return make_user("donre.minh", "DONRE", "editor", email="minh@stnmt.binhduong.gov.vn")


@pytest.fixture
def dot(make_user):
    return make_user("dot.nam", "DOT", "editor")


@pytest.fixture
def donre_alert(station_key, make_rule, ingest):
    make_rule(params={"op": ">", "value": 50, "clear_value": 40, "duration_s": 0})
    ingest(station_key, pm25("kk-thu-dau-mot", [(0, 80), (10, 91)]))
    return Alert.objects.get()


def test_pages_need_a_login(client, donre_alert):
    r = client.get("/alerts/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_alert_list_with_counts_and_filters(client_as, donre, donre_alert, django_assert_max_num_queries):
    client = client_as(donre)
    with django_assert_max_num_queries(12):
        r = client.get("/alerts/")
    html = r.content.decode()
    assert r.status_code == 200 and '<html lang="vi">' in html
    assert 'data-severity="high"' in html and f'data-alert="{donre_alert.pk}"' in html
    assert "Trạm quan trắc không khí Thủ Dầu Một" in html and "91" in html
    counts = dict((v, n) for v, _label, n in r.context["counts"])
    assert counts == {"critical": 0, "high": 1, "medium": 0, "low": 0, "info": 0}
    assert f'data-alert="{donre_alert.pk}"' not in client.get("/alerts/?min_severity=critical").content.decode()
    assert f'data-alert="{donre_alert.pk}"' not in client.get("/alerts/?type=waste-bin").content.decode()
    assert f'data-alert="{donre_alert.pk}"' in client.get("/alerts/?state=raised&owner=DONRE&kind=threshold").content.decode()


def test_detail_history_and_acknowledge(client_as, donre, dot, donre_alert):
    client = client_as(dot)
    r = client.get(f"/alerts/{donre_alert.pk}/")
    assert r.status_code == 200 and 'id="acknowledge"' not in r.content.decode()
    r = client.post(f"/alerts/{donre_alert.pk}/acknowledge/", {"note": "DOT xem"})
    assert r.status_code == 403
    donre_alert.refresh_from_db()
    assert donre_alert.state == "raised"
    client = client_as(donre)
    html = client.get(f"/alerts/{donre_alert.pk}/?lang=en").content.decode()
    assert 'id="acknowledge"' in html and 'data-action="raised"' in html and 'data-action="updated"' in html
    assert "91 µg/m³, above the limit of 50 µg/m³" in html
    r = client.post(f"/alerts/{donre_alert.pk}/acknowledge/", {"note": "Đã cử cán bộ kiểm tra"})
    assert r.status_code == 302
    donre_alert.refresh_from_db()
    assert donre_alert.state == "acknowledged" and donre_alert.acknowledged_by == donre
    html = client.get(f"/alerts/{donre_alert.pk}/").content.decode()
    assert 'data-action="acknowledged"' in html and "Đã cử cán bộ kiểm tra" in html and 'id="acknowledge"' not in html


RULE_FORM = {"owner": "", "name": "Mực nước hồ thấp", "description": "", "severity": "medium", "target": "asset_type",
             "asset_type": "air-station", "quantity": "pm25", "kind": "threshold", "enabled": "on", "published": "on",
             "op": ">", "value": "50", "clear_value": "40,5", "duration_min": "60", "direction": "both"}


def test_rule_editor_creates_and_validates(client_as, donre, hub):
    from smartcity.core.models import Organisation

    client = client_as(donre)
    assert client.get("/alerts/rules/new/").status_code == 200
    data = dict(RULE_FORM, owner=Organisation.objects.get(code="DONRE").pk)
    bad = dict(data, clear_value="60", value="")
    r = client.post("/alerts/rules/new/?lang=en", bad)
    assert r.status_code == 200
    form = r.context["form"]
    assert form.errors["value"] == ["This parameter is required."]
    r = client.post("/alerts/rules/new/?lang=en", dict(data, clear_value="60"))
    assert r.context["form"].errors["clear_value"] == ["For an upper limit the clearing value must not be above the limit."]
    r = client.post("/alerts/rules/new/", data)  # Vietnamese decimal comma: 40,5
    assert r.status_code == 302
    rule = AlertRule.objects.get()
    assert rule.params == {"op": ">", "value": 50.0, "clear_value": 40.5, "duration_s": 3600} and rule.owner.code == "DONRE"
    r = client.post(f"/alerts/rules/{rule.pk}/", dict(data, kind="missing", factor="4", target="asset", asset_slug="khong-co"))
    assert r.context["form"].errors["asset_slug"]
    assert client.get("/alerts/rules/").status_code == 200


def test_rule_editor_for_a_datastream_and_other_organisations(client_as, donre, dot, station, station_key, ingest):
    from smartcity.core.models import Organisation

    ingest(station_key, pm25("kk-thu-dau-mot", [(0, 10)]))
    client = client_as(donre)
    data = dict(RULE_FORM, owner=Organisation.objects.get(code="DONRE").pk, target="datastream", asset_slug="kk-thu-dau-mot",
                kind="rate", max_per_hour="30", direction="rise")
    assert client.post("/alerts/rules/new/", data).status_code == 302
    rule = AlertRule.objects.get()
    assert rule.datastream == station.datastreams.get() and rule.params == {"max_per_hour": 30.0, "direction": "rise"}
    client = client_as(dot)
    assert client.get(f"/alerts/rules/{rule.pk}/").status_code == 403
    assert client.post(f"/alerts/rules/{rule.pk}/delete/").status_code == 403
    # DOT may only pick its own organisation as owner
    r = client.post("/alerts/rules/new/", data)
    assert r.status_code == 200 and "owner" in r.context["form"].errors
    client = client_as(donre)
    assert client.post(f"/alerts/rules/{rule.pk}/delete/").status_code == 302
    assert not AlertRule.objects.exists()


def test_preferences_page(client_as, donre, hub):
    client = client_as(donre)
    assert client.get("/alerts/preferences/").status_code == 200
    r = client.post("/alerts/preferences/?lang=en", {"min_severity": "high", "by_webhook": "on", "webhook_url": ""})
    assert r.status_code == 200 and r.context["form"].errors["webhook_url"] == ["Enter the http(s) address that receives the webhook."]
    r = client.post("/alerts/preferences/", {"min_severity": "medium", "by_email": "on", "asset_type": "air-station"})
    assert r.status_code == 302
    pref = NotificationPreference.objects.get()
    assert (pref.user, pref.min_severity, pref.asset_type_id, pref.by_email) == (donre, "medium", "air-station", True)
    assert client.post(f"/alerts/preferences/{pref.pk}/delete/").status_code == 302
    assert not NotificationPreference.objects.exists()


def test_module_is_on_the_home_page(client, donre_alert):
    html = client.get("/").content.decode()
    assert 'href="/alerts/"' in html
