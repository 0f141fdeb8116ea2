"""The wall's state endpoint: who may open it, the alert stream since a cursor (from alerts
raised through the alerts app), the counts of open alerts, the indicators of the registry."""
import pytest
from django.core.cache import cache

from smartcity.alerts import services as alert_services
from smartcity.core import indicators

STATE = "/opscentre/api/state.json"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/opscentre/", STATE, "/opscentre/api/layers/wifi.geojson"])
def test_anonymous_is_sent_to_the_login(client, url):
    r = client.get(url)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/opscentre/", STATE, "/opscentre/api/layers/wifi.geojson"])
def test_only_government_staff(client_as, make_user, url):
    # an enterprise (business helix) and a user with no organisation may not open the wall
    assert client_as(make_user("tran.thi.binh", "BECAMEX", role="admin")).get(url).status_code == 403
    assert client_as(make_user("le.van.cuong", None)).get(url).status_code == 403
    assert client_as(make_user("pham.minh.duc", "DIC", role="viewer")).get(url).status_code == 200


@pytest.mark.django_db
def test_alerts_after_the_cursor(client_as, gov_user, raise_alert):
    client = client_as(gov_user)
    first = raise_alert("tram-phu-cuong", severity="high")
    body = client.get(STATE).json()
    assert body["reset"] is True and body["more"] is False
    assert [a["id"] for a in body["alerts"]] == [first.pk]
    a = body["alerts"][0]
    assert a["severity"] == "high" and a["state"] == "raised" and a["asset"] == "Trạm quan trắc không khí tram-phu-cuong"
    assert a["rule"] == "PM2.5 vượt QCVN 05:2023" and a["owner"] and a["url"] == f"/alerts/{first.pk}/"
    assert a["raised_at"] == int(first.raised_at.timestamp() * 1000)
    assert body["open_counts"] == {"high": 1}
    cursor = body["cursor"]
    assert cursor

    # nothing changed: nothing after the cursor
    again = client.get(STATE, {"cursor": cursor}).json()
    assert again["alerts"] == [] and again["reset"] is False and again["cursor"] == cursor

    # a new alert appears after the cursor, the old one does not come back
    second = raise_alert("tram-thuan-an", severity="critical")
    delta = client.get(STATE, {"cursor": cursor}).json()
    assert [x["id"] for x in delta["alerts"]] == [second.pk]
    assert delta["open_counts"] == {"high": 1, "critical": 1}
    cursor2 = delta["cursor"]
    assert cursor2 != cursor
    # ...and not after its own change
    assert client.get(STATE, {"cursor": cursor2}).json()["alerts"] == []

    # an acknowledgement is a change: the alert comes again with its new state
    boss = gov_user.__class__.objects.create_user("vo.thi.em", password="x", organisation=gov_user.organisation, role="editor")
    alert_services.acknowledge(first, boss, "Đã cử tổ kiểm tra")
    ack = client.get(STATE, {"cursor": cursor2}).json()
    assert [(x["id"], x["state"]) for x in ack["alerts"]] == [(first.pk, "acknowledged")]


@pytest.mark.django_db
def test_an_unreadable_cursor_starts_again(client_as, gov_user, raise_alert):
    alert = raise_alert()
    body = client_as(gov_user).get(STATE, {"cursor": "không-phải-con-trỏ"}).json()
    assert body["reset"] is True and [a["id"] for a in body["alerts"]] == [alert.pk]


@pytest.mark.django_db
def test_alerts_follow_the_alert_visibility_rule(client_as, gov_user, make_user, raise_alert):
    mine = raise_alert("tram-di-an", owner="DONRE", published=False)
    theirs = raise_alert("den-duong-dt743", owner="DOT", published=False, rule="Đèn không phản hồi")
    public = raise_alert("tram-tan-uyen", owner="DOT", published=True, rule="Đèn không phản hồi")
    seen = {a["id"] for a in client_as(gov_user).get(STATE).json()["alerts"]}
    assert seen == {mine.pk, public.pk}
    dot = make_user("hoang.van.phuc", "DOT", role="viewer")
    assert {a["id"] for a in client_as(dot).get(STATE).json()["alerts"]} == {theirs.pk, public.pk}


@pytest.mark.django_db
def test_initial_list_is_bounded_newest_first(client_as, gov_user, raise_alert):
    from smartcity.opscentre import feed

    made = [raise_alert(f"tram-{i}", minutes_ago=200 - i) for i in range(feed.INITIAL + 3)]
    body = client_as(gov_user).get(STATE).json()
    ids = [a["id"] for a in body["alerts"]]
    assert len(ids) == feed.INITIAL
    assert ids == [a.pk for a in sorted(made, key=lambda a: a.raised_at, reverse=True)][:feed.INITIAL]
    assert body["open_counts"] == {"high": feed.INITIAL + 3}


@pytest.fixture
def wall_providers():
    """Two providers of the registry for the test's life: one working, one failing."""
    saved = dict(indicators._PROVIDERS)

    def fine():
        return [indicators.Reading("test.buses", "Xe buýt đang chạy", 42, status="ok"),
                indicators.Reading("test.internal", "Chỉ phòng điều hành", 7, unit="%", status="warn", public=False)]

    def broken():
        raise RuntimeError("trạm mất kết nối")

    indicators.register(indicators.Provider("test_fine", "Giao thông", fine, order=1))
    indicators.register(indicators.Provider("test_broken", "Chiếu sáng", broken, order=2))
    cache.clear()
    yield
    indicators._PROVIDERS.clear()
    indicators._PROVIDERS.update(saved)
    cache.clear()


@pytest.mark.django_db
def test_indicators_of_the_registry_operations_room_included(client_as, gov_user, wall_providers):
    body = client_as(gov_user).get(STATE).json()
    domains = {d["domain"]: d for d in body["indicators"]["domains"]}
    assert set(indicators._PROVIDERS) <= set(domains)
    fine = domains["test_fine"]
    assert fine["label"] == "Giao thông" and fine["error"] == ""
    # the wall is an operations room: readings not meant for the public website are shown too
    assert [(r["key"], r["value"], r["status"]) for r in fine["readings"]] == [
        ("test.buses", 42, "ok"), ("test.internal", 7, "warn")]
    assert domains["test_broken"]["error"] == "RuntimeError" and domains["test_broken"]["readings"] == []


def test_listed_among_the_modules():
    from django.urls import reverse

    from smartcity.core.modules import all_modules

    module = next(m for m in all_modules() if m.key == "opscentre")
    assert reverse(module.url_name) == "/opscentre/" and "P18" in module.plan_items
