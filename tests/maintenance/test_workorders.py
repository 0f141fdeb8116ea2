"""Work orders: from hub alerts (one per asset and fault, re-raises add to it, fixing
clears the alert), the state machine and who may take each step, photos cleaned of their
location, repair times, the pages and the API."""
import io

import pytest
from django.core.exceptions import PermissionDenied

from smartcity.alerts.models import Alert
from smartcity.maintenance import services
from smartcity.maintenance.models import WorkOrder
from tests.maintenance.conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db
SLUG = "thung-rac-cho-tdm-01"


def rows_of(body):
    return body["results"] if isinstance(body, dict) else body


def test_alert_raises_one_work_order_per_asset_and_fault_and_fix_clears_it(bin_key, full_bin_rule, ingest, make_user):
    ingest(bin_key, SLUG, [(0, 40), (30, 90)])
    order = WorkOrder.objects.get()
    alert = Alert.objects.get()
    assert (order.state, order.source, order.fault_type, order.owner.code) == ("open", "alert", "Thùng đầy", "DONRE")
    assert order.priority == "high" and order.raised_at == alert.first_at and list(order.alerts.all()) == [alert]
    # emptied, then full again: a second alert episode joins the same active order
    ingest(bin_key, SLUG, [(60, 10), (90, 95)])
    assert Alert.objects.count() == 2 and WorkOrder.objects.count() == 1
    order.refresh_from_db()
    assert order.alert_count == 2
    assert list(order.events.values_list("action", flat=True)) == ["created", "alert_cleared", "alert"]
    crew = make_user("to.doi.1", "DONRE", role="viewer")
    boss = make_user("truong.ca", "DONRE", role="editor")
    services.transition(order, "assign", boss, assignee=crew)
    services.transition(order, "start", crew)
    order = services.transition(order, "fix", crew, note="Đã thu gom")
    assert order.state == "fixed" and order.hours_to_fix > 0
    # fixing cleared the open alert (the rule's AutoRule asked for it)
    assert not Alert.objects.open().exists()
    with pytest.raises(PermissionDenied):
        services.transition(order, "close", crew)  # closing is the supervisor's
    order = services.transition(order, "close", boss)
    assert order.state == "closed" and order.hours_to_close >= order.hours_to_fix
    # a new fault after closing is a new order
    ingest(bin_key, SLUG, [(200, 10), (230, 97)])
    assert WorkOrder.objects.count() == 2 and WorkOrder.objects.active().count() == 1


def test_alerts_without_an_auto_rule_make_no_work_order(bin_key, full_bin_rule, ingest):
    from smartcity.maintenance.models import AutoRule

    AutoRule.objects.update(fault_types="Nắp mở")
    ingest(bin_key, SLUG, [(0, 40), (30, 90)])
    assert Alert.objects.count() == 1 and not WorkOrder.objects.exists()


def test_steps_follow_the_state_machine_and_the_permission_rule(bin_asset, make_user, api):
    from smartcity.core.models import Organisation

    donre = Organisation.objects.get(code="DONRE")
    editor = make_user("bien.tap", "DONRE")
    crew = make_user("to.doi.2", "DONRE", role="viewer")
    other_crew = make_user("to.doi.3", "DONRE", role="viewer")
    outsider = make_user("ngoai", "DOT", role="editor")
    order = services.create(owner=donre, asset=bin_asset, fault_type="lidOpen", user=editor)
    with pytest.raises(services.Conflict):
        services.create(owner=donre, asset=bin_asset, fault_type="lidOpen", user=editor)
    with pytest.raises(PermissionDenied):
        services.create(owner=donre, asset=bin_asset, fault_type="other", user=outsider)
    with pytest.raises(services.Conflict):
        services.transition(order, "close", editor)  # only a fixed order closes
    url = f"/api/maintenance/workorders/{order.pk}/transition/"
    api.force_authenticate(outsider)
    assert api.post(url, {"action": "start"}, format="json").status_code == 404  # not visible to DOT
    api.force_authenticate(editor)
    r = api.post(url, {"action": "assign", "assignee": outsider.pk}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "validation_error" and r.json()["errors"][0]["field"] == "assignee"
    assert api.post(url, {"action": "assign", "assignee": crew.pk}, format="json").json()["state"] == "assigned"
    api.force_authenticate(other_crew)
    r = api.post(url, {"action": "start"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(crew)
    assert api.post(url, {"action": "start"}, format="json").json()["state"] == "in_progress"
    r = api.post(url, {"action": "start"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "bad_state"
    assert api.post(url, {"action": "fix", "note": "Thay bản lề"}, format="json").json()["state"] == "fixed"
    assert api.post(url, {"action": "close"}, format="json").status_code == 403
    api.force_authenticate(editor)
    body = api.post(url, {"action": "close"}, format="json").json()
    assert body["state"] == "closed" and body["hours_to_close"] >= 0
    detail = api.get(f"/api/maintenance/workorders/{order.pk}/").json()
    assert [e["action"] for e in detail["events"]] == ["created", "assigned", "started", "fixed", "closed"]
    api.force_authenticate(crew)
    assert [o["id"] for o in rows_of(api.get("/api/maintenance/workorders/?mine=1").json())] == [order.pk]
    api.force_authenticate(editor)
    assert rows_of(api.get("/api/maintenance/workorders/?mine=1").json()) == []


def test_api_create_list_and_errors(bin_asset, make_user, api):
    editor = make_user("bien.tap", "DONRE")
    api.force_authenticate(None)
    assert api.get("/api/maintenance/workorders/").status_code in (401, 403)
    api.force_authenticate(editor)
    r = api.post("/api/maintenance/workorders/", {"asset": SLUG, "fault_type": "tampering", "priority": "high"}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["owner"] == "DONRE" and r.json()["events"][0]["action"] == "created"
    r = api.post("/api/maintenance/workorders/", {"asset": SLUG, "fault_type": "tampering"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "work_order_exists"
    r = api.post("/api/maintenance/workorders/", {"asset": "khong-co", "fault_type": "x"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "asset"
    rows = rows_of(api.get("/api/maintenance/workorders/?state=active&asset_type=waste-bin").json())
    assert [o["fault_type"] for o in rows] == ["tampering"]


def test_photos_are_real_images_without_location(bin_asset, make_user, api, settings):
    from PIL import Image

    from smartcity.core.models import Organisation

    editor = make_user("bien.tap", "DONRE")
    order = services.create(owner=Organisation.objects.get(code="DONRE"), asset=bin_asset, fault_type="fire", user=editor)
    api.force_authenticate(editor)
    url = f"/api/maintenance/workorders/{order.pk}/photos/"
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the phone wrote a position
    r = api.post(url, {"photo": io.BytesIO(original), "caption": "Trước khi sửa"}, format="multipart")
    assert r.status_code == 201, r.content
    photo = order.photos.get()
    stored = services.photo_file(photo)
    assert str(stored).startswith(str(settings.DATA_DIR))
    with Image.open(stored) as img:
        assert img.format == "JPEG" and not img.getexif() and "exif" not in img.info
    assert b"PhoneMaker" not in stored.read_bytes()
    # a text file named .jpg, and a photo over the limit, are refused with a reason
    fake = io.BytesIO(b"not an image at all")
    fake.name = "anh.jpg"
    r = api.post(url, {"photo": fake}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0] == {"field": "photo", "code": "not_image",
                                                              "message": r.json()["errors"][0]["message"]}
    settings.MAINTENANCE_PHOTO_MAX_BYTES = 100
    r = api.post(url, {"photo": io.BytesIO(original)}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "too_large"
    assert order.photos.count() == 1
    # served to the owner organisation only
    assert api.get(f"/maintenance/photos/{photo.pk}/").status_code in (302, 403)  # API client is not a session
    from django.test import Client

    c = Client()
    c.force_login(editor)
    resp = c.get(f"/maintenance/photos/{photo.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/jpeg"
    c.force_login(make_user("ngoai", "DOT"))
    assert c.get(f"/maintenance/photos/{photo.pk}/").status_code == 404


def test_pages_list_detail_crew_and_repair_times(bin_asset, make_user, client_as):
    from datetime import timedelta

    from smartcity.core.models import Organisation

    donre = Organisation.objects.get(code="DONRE")
    editor = make_user("bien.tap", "DONRE")
    crew = make_user("to.doi.4", "DONRE", role="viewer", first_name="Lan", last_name="Nguyễn")
    order = services.create(owner=donre, asset=bin_asset, fault_type="lidOpen", user=editor, assigned_to=crew)
    WorkOrder.objects.filter(pk=order.pk).update(raised_at=order.raised_at - timedelta(hours=5))
    client = client_as(editor)
    page = client.get("/maintenance/orders/?state=active").content.decode()
    assert f'data-order="{order.pk}"' in page and "Thùng rác Chợ Thủ Dầu Một 01" in page
    assert f'data-order="{order.pk}"' not in client.get("/maintenance/orders/?state=closed").content.decode()
    client = client_as(crew)
    crew_page = client.get("/maintenance/crew/").content.decode()
    assert f'data-order="{order.pk}"' in crew_page and 'data-step="start"' in crew_page and 'data-step="close"' not in crew_page
    r = client.post(f"/maintenance/orders/{order.pk}/step/", {"step": "start", "next": "/maintenance/crew/"})
    assert r.status_code == 302 and r["Location"] == "/maintenance/crew/"
    photo = io.BytesIO(jpeg_with_gps())
    photo.name = "sua.jpg"
    client.post(f"/maintenance/orders/{order.pk}/step/", {"step": "fix", "photo": photo, "note": "Đã thay nắp"})
    order.refresh_from_db()
    assert order.state == "fixed" and order.photos.count() == 1 and 4.9 < order.hours_to_fix < 5.5
    detail = client.get(f"/maintenance/orders/{order.pk}/").content.decode()
    assert 'data-action="fixed"' in detail and 'data-action="photo"' in detail and "Đã thay nắp" in detail
    stats = client_as(editor).get("/maintenance/repair-times/").content.decode()
    assert 'data-fault="lidOpen"' in stats and "<svg" in stats and 'data-series="lidOpen"' in stats
