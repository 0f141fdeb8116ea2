"""Plans from live bin levels with the real solver (short budget), the API's permission rule,
collections recorded back, the bin status alerts, and the pages answering."""
import datetime as dt
from collections import defaultdict

import pytest

from smartcity.sanitation import planning

pytestmark = pytest.mark.django_db


def plan_body(area, **extra):
    day, shift = planning.current_shift(area["now"])
    body = {"date": day.isoformat(), "shift": shift, "depot": area["depot"].pk, "disposal_site": area["site"].pk,
            "trucks": [t.plate for t in area["trucks"]], "seconds": 0.3, "include_may": False, "trips_per_truck": 2}
    body.update(extra)
    return body


def test_plan_from_live_levels_visits_full_bins_within_capacity(area, api, make_user):
    api.force_authenticate(make_user("donre.lan", "DONRE", "editor"))
    r = api.post("/api/sanitation/plans/", plan_body(area), format="json")
    assert r.status_code == 201, r.content
    plan = r.json()
    assert plan["state"] == "planned" and plan["feasible"]
    stops = [s for route in plan["routes"] for s in route["stops"]]
    assert sorted(s["bin"] for s in stops) == sorted(b.code for b in area["full"])  # the full ones, once each; no nearly empty one
    per_trip = defaultdict(int)
    for route in plan["routes"]:
        assert route["load"] == sum(s["load"] for s in route["stops"])
        assert [s["order"] for s in route["stops"]] == list(range(1, len(route["stops"]) + 1))
        for s in route["stops"]:
            per_trip[(route["number"], s["trip"])] += s["load"]
            assert s["level_pct"] >= 80
    assert per_trip and max(per_trip.values()) <= 700  # every trip fits the truck
    assert len(per_trip) >= 2  # six 240 L bins over 80 % do not fit one 700 L trip
    assert plan["distance_m"] == sum(route["distance_m"] for route in plan["routes"])
    # every trip ends at the disposal site, 14 km north: each costs at least the way there and back
    from smartcity.sanitation.distance import haversine_m

    far = haversine_m(area["depot"].latitude, area["depot"].longitude, area["site"].latitude, area["site"].longitude)
    assert plan["distance_m"] >= len(per_trip) * 2 * far
    assert plan["summary"]["must"] == 6 and plan["summary"]["left_out"] == []


def test_plan_api_permissions_and_errors(area, api, make_user):
    body = plan_body(area)
    r = api.post("/api/sanitation/plans/", body, format="json")
    assert r.status_code in (401, 403) and r.json()["code"] == "not_authenticated"
    api.force_authenticate(make_user("dot.an", "DOT", "editor"))
    r = api.post("/api/sanitation/plans/", {**body, "owner": "DONRE"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = api.post("/api/sanitation/plans/", body, format="json")  # for DOT, with DONRE's trucks
    assert r.status_code == 400
    assert {(e["field"], e["code"]) for e in r.json()["errors"]} >= {("trucks", "other_owner")}
    api.force_authenticate(make_user("donre.viewer", "DONRE", "viewer"))
    assert api.post("/api/sanitation/plans/", body, format="json").status_code == 403
    api.force_authenticate(make_user("donre.binh", "DONRE", "editor"))
    r = api.post("/api/sanitation/plans/", {**body, "seconds": 60, "detour": 0.5}, format="json")
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"seconds", "detour"}


def test_collection_recorded_back_resets_the_bin(area, api, make_user):
    editor = make_user("donre.lan", "DONRE", "editor")
    api.force_authenticate(editor)
    plan = api.post("/api/sanitation/plans/", plan_body(area), format="json").json()
    stop = plan["routes"][0]["stops"][0]
    before = api.get(f"/api/sanitation/bins/{stop['bin']}/").json()
    assert before["level_pct"] >= 80 and before["rate_pct_per_h"] > 0
    api.force_authenticate(make_user("dot.an", "DOT", "editor"))
    r = api.post("/api/sanitation/collections/", {"bin": stop["bin"], "stop": stop["id"]}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(editor)
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat()
    r = api.post("/api/sanitation/collections/", {"bin": stop["bin"], "collected_at": future}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "future"
    other = next(b.code for b in area["bins"] if b.code != stop["bin"])
    r = api.post("/api/sanitation/collections/", {"bin": other, "stop": stop["id"]}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "other_bin"
    r = api.post("/api/sanitation/collections/", {"bin": stop["bin"], "stop": stop["id"], "weight_kg": 41.5}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["fill_before_pct"] == pytest.approx(before["level_pct"], abs=6)  # the hub's latest reading
    after = api.get(f"/api/sanitation/bins/{stop['bin']}/").json()
    assert after["last_emptied_at"] is not None and after["level_pct"] < 5
    route = api.get(f"/api/sanitation/routes/{plan['routes'][0]['id']}/").json()
    assert route["stops"][0]["state"] == "collected"


def test_bin_status_alerts_from_readings(area):
    from django.db import transaction

    from smartcity.alerts.models import Alert
    from smartcity.hub.models import Datastream
    from smartcity.hub.store import store
    from smartcity.sanitation.bin_alerts import ensure_rules

    assert ensure_rules(area["owner"]) == 2
    assert ensure_rules(area["owner"]) == 0
    asset = area["low"][0].asset
    ds = {q: Datastream.objects.create(asset=asset, quantity_id=q, unit=u).pk
          for q, u in (("temperature", "°C"), ("tilt", "°"), ("lid_open", "-"))}
    fill = Datastream.objects.get(asset=asset, quantity_id="fill_level").pk
    t = area["now"]
    with transaction.atomic():
        store([(fill, t, 91.0, 0, None, None), (ds["temperature"], t - 1800, 31.0, 0, None, None),
               (ds["temperature"], t, 52.0, 0, None, None), (ds["tilt"], t, 80.0, 0, None, None)]
              + [(ds["lid_open"], t - 1200 + 300 * k, 1.0, 0, None, None) for k in range(5)], source="test")
    open_alerts = {a.key or a.datastream.quantity_id: a for a in Alert.objects.filter(asset=asset, state="raised")}
    assert set(open_alerts) == {"full", "fire", "tampering", "lid_open"}
    assert open_alerts["fire"].severity == "critical"  # a rise of 21 °C in half an hour, below 60 °C
    with transaction.atomic():
        store([(fill, t + 60, 4.0, 0, None, None), (ds["tilt"], t + 60, 3.0, 0, None, None)], source="test")
    assert set(Alert.objects.filter(asset=asset, state="cleared").values_list("key", flat=True)) == {"full", "tampering"}
    # a located reading 220 m north of where the bin is registered: it was carried away
    with transaction.atomic():
        store([(fill, t + 120, 5.0, 0, asset.latitude + 0.002, asset.longitude)], source="test")
    moved = Alert.objects.get(asset=asset, key="moved", state="raised")
    assert 200 < moved.value < 240


def test_pages_answer_and_pdf(area, client, make_user):
    from smartcity.sanitation import services
    from smartcity.sanitation.models import CollectionPlan

    day, shift = planning.current_shift(area["now"])
    plan = CollectionPlan.objects.create(owner=area["owner"], date=day, shift=shift, depot=area["depot"],
                                         disposal_site=area["site"], include_may=False, seconds=0.2)
    plan.trucks.set(area["trucks"])
    services.optimise(plan, max_iterations=200)
    route = plan.routes.first()
    code = area["full"][0].code
    for url, needle in (("/sanitation/", 'data-count="bins">8<'), ("/sanitation/bins/", f'data-code="{code}"'),
                        ("/sanitation/bins/map/", "bin-map-data"), (f"/sanitation/bins/{code}/", "<polyline"),
                        ("/sanitation/plans/", str(plan)), (f"/sanitation/plans/{plan.pk}/", "plan-map-data"),
                        (f"/sanitation/routes/{route.pk}/", "route-map-data"), (f"/sanitation/routes/{route.pk}/sheet/", "61C-")):
        page = client.get(url)
        assert page.status_code == 200 and needle in page.content.decode(), url
    pdf = client.get(f"/sanitation/routes/{route.pk}/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    stop = route.stops.first()
    client.force_login(make_user("dot.an", "DOT", "editor"))
    assert client.post(f"/sanitation/routes/{route.pk}/stops/{stop.pk}/collect/", {}).status_code == 403
    stop.refresh_from_db()
    assert stop.state == "pending"


def test_plan_command_prints_routes(area):
    import io
    import re

    from django.core.management import call_command

    out = io.StringIO()
    call_command("sanitation", "plan", "--owner", "DONRE", "--seconds", "0.2", "--trips", "3", stdout=out)
    text = out.getvalue()
    assert re.search(r"6 must \+ \d+ may of 8 bins", text)
    listed = set(re.findall(r"TEST-\d", text))
    assert listed >= {b.code for b in area["full"]}
