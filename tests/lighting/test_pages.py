"""Pages: the module's home, lists with filters, a luminaire with its hub readings and
command form (editors of the owner only), the map's data by state, the schedules chart,
the import page's report, the UI command post."""
import time

import pytest

from smartcity.hub.models import Datastream
from smartcity.hub.store import store
from smartcity.lighting.models import Command

pytestmark = pytest.mark.django_db


def _reading(lum, quantity, value, t=None):
    from django.db import transaction

    ds = Datastream.objects.get(asset=lum.asset, quantity_id=quantity)
    with transaction.atomic():
        store([(ds.id, int(t or time.time()) - 60, value, 0, None, None)])


def test_home_lists_and_filters(client, lighting):
    page = client.get("/lighting/").content.decode()
    assert 'data-count="luminaires">4<' in page and "/lighting/map/" in page and "/lighting/schedules/" in page
    page = client.get("/lighting/luminaires/?technology=hps").content.decode()
    assert 'data-code="T-DEN-2"' in page and 'data-code="T-DEN-0"' not in page
    page = client.get("/lighting/luminaires/?owner=DOT&lang=en").content.decode()
    assert 'data-code="T-DEN-DT742"' in page and 'data-code="T-DEN-1"' not in page
    page = client.get("/lighting/cabinets/T-TD-01/").content.decode()
    assert 'data-circuit="L1"' in page and "T-DEN-2" in page


def test_luminaire_page_shows_readings_state_and_commands_to_editors_only(client, client_as, make_user, lighting, settings):
    settings.MQTT_URL = ""
    lum = lighting["luminaires"][0]
    _reading(lum, "power", 55.0)
    _reading(lum, "dimming_level", 50.0)
    page = client.get(f"/lighting/luminaires/{lum.code}/?lang=en").content.decode()
    assert 'data-state="dimmed"' in page and 'data-quantity="power"' in page and "55" in page
    assert "<svg" in page and 'name="action"' not in page  # a visitor sees no command form
    c = client_as(make_user("dot.an", "DOT", "editor"))
    assert 'name="action"' not in c.get(f"/lighting/luminaires/{lum.code}/").content.decode()
    r = c.post("/lighting/commands/", {"luminaire": lum.code, "action": "switch_off", "next": "/lighting/"})
    assert r.status_code == 403 and not Command.objects.exists()
    c = client_as(make_user("bcm.lan", "BECAMEX", "editor"))
    assert 'name="action"' in c.get(f"/lighting/luminaires/{lum.code}/").content.decode()
    r = c.post("/lighting/commands/", {"group": "T-LL", "action": "dim", "level": "30", "next": "/lighting/schedules/"})
    assert r.status_code == 302 and r["Location"] == "/lighting/schedules/"
    assert Command.objects.filter(group__code="T-LL", level=30, state="queued").count() == 3


def test_map_data_colours_luminaires_by_their_latest_state(client, lighting):
    on, dim = lighting["luminaires"][:2]
    _reading(on, "lamp_state", 1)
    _reading(dim, "lamp_state", 3)
    _reading(lighting["luminaires"][2], "power", 160.0, t=time.time() - 6 * 3600)
    body = client.get("/lighting/map.json").json()
    state = {row[0]: row[body["fields"].index("state")] for row in body["luminaires"]}
    assert state == {"T-DEN-0": "on", "T-DEN-1": "fault", "T-DEN-2": "stale", "T-DEN-DT742": "unknown"}
    assert body["cabinets"][0][0] == "T-TD-01" and body["cabinets"][0][4] == 3
    assert 'id="lt-map"' in client.get("/lighting/map/").content.decode()


def test_schedules_page_draws_each_group_night(client, lighting):
    page = client.get("/lighting/schedules/?date=2026-12-03").content.decode()
    assert 'data-group="T-LL"' in page and 'data-level="50"' in page and 'data-calendar="T-CAL"' in page
    page = client.get("/lighting/schedules/?date=2027-02-06").content.decode()
    assert 'data-level="50"' not in page and 'data-level="100"' in page  # Tết: full light all night


def test_import_page_needs_an_editor_and_reports_rows(client, client_as, make_user, lighting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert client.get("/lighting/import/").status_code == 302
    c = client_as(make_user("bcm.lan", "BECAMEX", "editor"))
    data = ("code,owner,name,lat,lon\nTD-NEW,BECAMEX,Tủ mới,11.05,106.67\nTD-BAD,BECAMEX,Tủ sai,xx,106.67\n").encode()
    page = c.post("/lighting/import/", {"file": SimpleUploadedFile("tu.csv", data)}).content.decode()
    assert 'id="lt-report"' in page and 'data-reason="not_numeric"' in page
    assert c.get("/lighting/export.csv?kind=cabinets").content.decode().count("TD-NEW") == 1
