"""Commands to controllers and their acknowledgements, over HTTP (controllers poll with a
device token) and over a real Mosquitto broker, with the demo's simulated controllers
obeying: the ack comes back and the new level shows in the hub's readings."""
import io
import time
import uuid

import pytest

from smartcity.hub.models import Latest
from smartcity.lighting import control
from smartcity.lighting.controller_feed import ControllerGateway
from smartcity.lighting.models import Command
from smartcity.lighting.simulation import SimController
from smartcity.testing import require_mqtt


def _gateway(lighting, base_url, mqtt_url, keys):
    ctrls = {}
    for lum in [*lighting["luminaires"], lighting["dot_luminaire"]]:
        lum.refresh_from_db()
        ctrls[lum.controller_id] = (lum.owner.code, SimController(lum.controller_id, lum.asset.slug, lum.technology, lum.rated_power_w,
                                                                  lum.pole.latitude, lum.pole.longitude))
    return ControllerGateway(base_url, ctrls, mqtt_url=mqtt_url, keys=keys)


@pytest.mark.django_db
def test_http_commands_are_polled_acknowledged_and_expire(api, client, make_user, device_token, lighting, settings):
    settings.MQTT_URL = ""
    editor = make_user("bcm.lan", "BECAMEX", "editor")
    api.force_authenticate(make_user("dot.an", "DOT", "editor"))
    r = api.post("/api/lighting/commands/", {"group": "T-LL", "action": "dim", "level": 50}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(editor)
    r = api.post("/api/lighting/commands/", {"group": "T-LL", "action": "dim"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "required"
    r = api.post("/api/lighting/commands/", {"group": "T-LL", "action": "dim", "level": 50}, format="json")
    assert r.status_code == 202 and r.json()["count"] == 3 and r.json()["transport"] == "http"
    assert set(Command.objects.values_list("state", flat=True)) == {"queued"}
    ids = ",".join(lum.controller_id for lum in lighting["luminaires"])
    _t, dot_key = device_token("DOT", all_owner_assets=True)
    got = client.get(f"/api/lighting/controller/commands?controller={ids}", HTTP_AUTHORIZATION=f"Bearer {dot_key}").json()
    assert got == {"commands": {}}  # another organisation's token sees nothing
    _t, key = device_token("BECAMEX", all_owner_assets=True)
    got = client.get(f"/api/lighting/controller/commands?controller={ids}", HTTP_AUTHORIZATION=f"Bearer {key}").json()["commands"]
    assert len(got) == 3 and all(m[0]["action"] == "dim" and m[0]["level"] == 50 for m in got.values())
    assert set(Command.objects.values_list("state", flat=True)) == {"sent"}
    acks = [{"controller": cid, "id": m[0]["id"], "status": "ok", "level": 50, "state": "dimmed"} for cid, m in got.items()]
    acks[-1] = {**acks[-1], "status": "failed", "error": "lamp is not dimmable"}
    r = client.post("/api/lighting/controller/acks", acks, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {dot_key}")
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "forbidden"
    r = client.post("/api/lighting/controller/acks", acks, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200 and r.json()["accepted"] == 3
    states = sorted(Command.objects.values_list("state", flat=True))
    assert states == ["acknowledged", "acknowledged", "failed"]
    # a command nobody answers times out
    cmds = control.issue([lighting["luminaires"][0]], "switch_off", user=editor, timeout_s=5)
    Command.objects.filter(pk=cmds[0].pk).update(expires_at=cmds[0].created_at)
    body = api.get(f"/api/lighting/commands/{cmds[0].pk}/").json()
    assert body["state"] == "timeout" and body["luminaire"] == "T-DEN-0"


class _Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _through_test_client(client):
    """urlopen for the gateway's HTTP calls, served by Django's test client in this test's
    transaction (the browser test drives the same gateway against a real server socket)."""
    import urllib.error

    def urlopen(request, timeout=None):
        path = request.full_url.split("testserver", 1)[1]
        kw = {"HTTP_AUTHORIZATION": request.get_header("Authorization")}
        if request.get_method() == "POST":
            r = client.post(path, request.data, content_type="application/json", **kw)
        else:
            r = client.get(path, **kw)
        if r.status_code >= 400:
            raise urllib.error.HTTPError(request.full_url, r.status_code, "error", {}, io.BytesIO(r.content))
        return _Answer(r.content)

    return urlopen


@pytest.mark.django_db
def test_simulated_controllers_obey_over_http_and_readings_show_it(api, client, make_user, device_token, lighting, settings,
                                                                  monkeypatch):
    settings.MQTT_URL = ""
    monkeypatch.setattr("urllib.request.urlopen", _through_test_client(client))
    _t, key = device_token("BECAMEX", all_owner_assets=True)
    gw = _gateway(lighting, "http://testserver/", "", {"BECAMEX": key})
    api.force_authenticate(make_user("bcm.lan", "BECAMEX", "editor"))
    batch = api.post("/api/lighting/commands/", {"group": "T-LL", "action": "dim", "level": 40}, format="json").json()["batch"]
    gw.tick()
    states = dict(Command.objects.filter(batch=batch).values_list("luminaire__code", "state"))
    assert states == {"T-DEN-0": "acknowledged", "T-DEN-1": "acknowledged", "T-DEN-2": "failed"}  # sodium cannot dim
    assert Command.objects.get(batch=batch, luminaire__code="T-DEN-2").error == "lamp is not dimmable"
    led = lighting["luminaires"][0]
    latest = dict(Latest.objects.filter(datastream__asset__slug=f"sl-{led.code.lower()}").values_list("datastream__quantity_id", "value"))
    assert latest["dimming_level"] == 40 and latest["lamp_state"] == 2
    assert latest["power"] == pytest.approx(100 * (0.1 + 0.9 * 0.4))
    api.post("/api/lighting/commands/", {"luminaire": led.code, "action": "switch_off"}, format="json")
    gw.tick(int(time.time()) + 1)
    latest = dict(Latest.objects.filter(datastream__asset__slug=f"sl-{led.code.lower()}").values_list("datastream__quantity_id", "value"))
    assert latest["power"] == 0 and latest["lamp_state"] == 0


@pytest.mark.django_db
def test_commands_over_a_real_mqtt_broker_are_acknowledged(api, make_user, lighting, settings):
    url = require_mqtt()
    settings.MQTT_URL = url
    listener = control.AckListener(url, f"test-lighting-acks-{uuid.uuid4().hex[:8]}")
    listener.start()
    gw = _gateway(lighting, "http://127.0.0.1:9/", url, {})
    gw._subscribe()
    try:
        assert listener.ready.wait(10) and gw.subscribed.wait(10)
        api.force_authenticate(make_user("bcm.lan", "BECAMEX", "editor"))
        body = api.post("/api/lighting/commands/", {"group": "T-LL", "action": "dim", "level": 60}, format="json").json()
        assert body["transport"] == "mqtt" and {c["state"] for c in body["commands"]} == {"sent"}
        batch = body["batch"]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            gw._commands_mqtt(int(time.time()))
            listener.drain(wait=0.2)
            if not Command.objects.filter(batch=batch, state="sent").exists():
                break
        states = dict(Command.objects.filter(batch=batch).values_list("luminaire__code", "state"))
        assert states == {"T-DEN-0": "acknowledged", "T-DEN-1": "acknowledged", "T-DEN-2": "failed"}
        ack = Command.objects.get(batch=batch, luminaire__code="T-DEN-0").ack
        assert ack["status"] == "ok" and ack["level"] == 60 and ack["state"] == "dimmed"
        msgs = {slug: p["values"] for _owner, slug, p in gw.messages(int(time.time()))}
        assert msgs["sl-t-den-0"]["dimming_level"] == 60 and msgs["sl-t-den-2"]["dimming_level"] in (0, 100)
    finally:
        listener.stop()
        gw.close()


@pytest.mark.django_db
def test_daily_push_sends_each_group_its_night_once(lighting, settings):
    """The afternoon task sends every luminaire of a group with a calendar its own night;
    a second run the same day sends nothing again, a failed one is sent again, and the
    next night is a new push."""
    import datetime as dt

    from smartcity.lighting.tasks import push_schedules_daily

    settings.MQTT_URL = ""
    day = dt.date(2026, 12, 3)
    assert control.push_schedules(day) == {"T-LL": 3}
    cmds = list(Command.objects.filter(action="schedule").order_by("luminaire__code"))
    assert [c.luminaire.code for c in cmds] == ["T-DEN-0", "T-DEN-1", "T-DEN-2"]
    nights = [c.payload["schedule"] for c in cmds]
    assert {n["date"] for n in nights} == {"2026-12-03"} and {n["program"] for n in nights} == {"T-WEEKDAY"}
    # each at its own pole: the poles are 0.0003 deg apart, so the sunsets differ by a second or so at most
    assert all(n["steps"][0]["level"] == 100 and n["steps"][1]["level"] == 50 for n in nights)
    assert all(abs((c.expires_at - c.created_at).total_seconds() - control.SCHEDULE_TIMEOUT_S) < 60 for c in cmds)
    assert control.push_schedules(day) == {"T-LL": "already sent"}
    Command.objects.filter(pk=cmds[0].pk).update(state="failed")
    assert control.push_schedules(day) == {"T-LL": 1}
    assert control.push_schedules(day + dt.timedelta(days=1))["T-LL"] == 3
    # the worker's task calls the same function for tonight
    assert push_schedules_daily.call_local()["T-LL"] in (3, "already sent")
