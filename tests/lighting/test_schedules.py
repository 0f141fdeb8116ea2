"""Schedules: calendars and programs through the API, the group's timeline is the pure
engine's at the group's position, Tết picks its program, `smartcity lighting sun`."""
import datetime as dt
import io

import pytest
from django.core.management import call_command

from smartcity.lighting import astro, services

pytestmark = pytest.mark.django_db


def test_group_timeline_uses_calendar_rules_and_the_astronomical_clock(api, lighting):
    day = dt.date(2026, 12, 3)  # a Thursday
    body = api.get(f"/api/lighting/timeline?group=T-LL&date={day}").json()
    lat, lon = services.group_position(lighting["group"])
    on = dt.datetime.fromisoformat(body["on"])
    assert on == astro.sunset(day, lat, lon) + dt.timedelta(minutes=10)
    assert body["program"] == "T-WEEKDAY" and [s["level"] for s in body["steps"]] == [100, 50, 100]
    tet = api.get("/api/lighting/timeline?group=T-LL&date=2027-02-06").json()
    assert tet["program"] == "T-FULL" and [s["level"] for s in tet["steps"]] == [100]
    assert tet["full_power_hours"] == pytest.approx(tet["hours"], abs=1e-3)
    r = api.get("/api/lighting/timeline?group=T-LL&date=03/12/2026")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "bad_date"


def test_calendars_and_programs_written_by_their_owner_with_checked_steps(api, make_user, lighting):
    api.force_authenticate(make_user("bcm.lan", "BECAMEX", "editor"))
    r = api.post("/api/lighting/programs/", {"code": "T-BAD", "name": "x", "steps": [{"at": "25:00", "level": 50}]}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "bad_steps"
    r = api.post("/api/lighting/programs/", {"code": "T-WKND", "name": "Cuối tuần", "steps": [
        {"at": "on", "level": 100}, {"at": "00:00", "level": 70}, {"at": "04:30", "level": 100}]}, format="json")
    assert r.status_code == 201
    r = api.post("/api/lighting/calendars/", {"code": "T-CAL2", "name": "Lịch cố định", "switching": "fixed", "on_time": "18:15",
                                              "off_time": "05:45", "default_program": "T-WEEKDAY",
                                              "rules": [{"program": "T-WKND", "weekdays": "5, 6"}]}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["rules"][0]["weekdays"] == "5,6"
    r = api.patch("/api/lighting/groups/T-LL/", {"calendar": "T-CAL2"}, format="json")
    assert r.status_code == 200
    saturday = api.get("/api/lighting/timeline?group=T-LL&date=2026-12-05").json()
    assert saturday["program"] == "T-WKND" and saturday["on"] == "2026-12-05T18:15:00+07:00"
    assert saturday["steps"][1] == {"t": "2026-12-06T00:00:00+07:00", "level": 70}
    api.force_authenticate(make_user("dot.an", "DOT", "editor"))
    assert api.patch("/api/lighting/calendars/T-CAL2/", {"on_time": "19:00"}, format="json").status_code == 403


def test_sun_command_prints_the_engines_times():
    out = io.StringIO()
    call_command("lighting", "sun", "--date", "2026-06-21", "--lat", "11.05", "--lon", "106.70", stdout=out)
    lines = out.getvalue().split()
    day = dt.date(2026, 6, 21)
    assert lines == ["sunrise", astro.sunrise(day, 11.05, 106.70).isoformat(), "sunset", astro.sunset(day, 11.05, 106.70).isoformat()]
    assert lines[1].startswith("2026-06-21T05:") and lines[1].endswith("+07:00")
    out = io.StringIO()
    call_command("lighting", "sun", "--date", "2026-06-21", "--lat", "51.5", "--lon", "-0.12", "--tz", "Europe/London", stdout=out)
    assert out.getvalue().split()[3].startswith("2026-06-21T21:") and out.getvalue().split()[3].endswith("+01:00")
