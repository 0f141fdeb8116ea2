"""Pages of the research module (Vietnamese first, English on request), the edit forms'
permission rule, the week calendar, and the demo loader (fast, idempotent, no hub needed)."""
import time

import pytest

from smartcity.research.models import Booking, Course, Lab, Pilot, ResearchProject
from tests.research.conftest import at, monday

pytestmark = pytest.mark.django_db


def test_demo_loads_fast_twice_and_pages_render(client, reference):
    from smartcity.research.demo import load_demo

    started = time.perf_counter()
    counts = load_demo()
    elapsed = time.perf_counter() - started
    assert elapsed < 5, elapsed
    assert counts["labs.labs"] == 5 and counts["pilots.pilots"] == 4 and counts["work.projects"] == 12 and counts["work.courses"] == 20
    assert counts["labs.bookings"] > 30
    assert load_demo().get("labs.labs", 0) == 0  # loading again adds nothing
    # no two approved bookings of one lab overlap on the same resource
    for lab in Lab.objects.all():
        approved = list(lab.bookings.filter(status="approved"))
        for a in approved:
            for b in approved:
                if a.pk < b.pk and (a.equipment_id is None or b.equipment_id is None or a.equipment_id == b.equipment_id):
                    assert not (a.start < b.end and b.start < a.end), (a, b)
    flood = Pilot.objects.get(slug="cam-bien-ngap")
    assert not flood.partners.filter(helix="citizens").exists()
    for url in ["/research/", "/research/labs/", "/research/labs/tdmu-iot/", "/research/labs/tdmu-iot/calendar/?week=2026-12-07",
                "/research/labs/tdmu-iot/book/", "/research/pilots/", "/research/pilots/cam-bien-ngap/", "/research/projects/",
                f"/research/projects/{ResearchProject.objects.first().code}/", "/research/courses/",
                f"/research/courses/{Course.objects.first().code}/", "/research/courses/stats/"]:
        r = client.get(url)
        assert r.status_code == 200, url
    assert "Phòng thí nghiệm IoT và hệ thống nhúng" in client.get("/research/labs/").content.decode()
    assert "IoT and Embedded Systems Lab" in client.get("/research/labs/?lang=en").content.decode()


def test_edit_forms_follow_the_owner_rule(client, lab, people):
    client.force_login(people["vgu"])
    assert client.get(f"/research/labs/{lab.slug}/edit/").status_code == 403
    client.force_login(people["tdmu"])
    page = client.get(f"/research/labs/{lab.slug}/edit/")
    assert page.status_code == 200 and 'name="equipment-TOTAL_FORMS"' in page.content.decode()
    data = {"slug": lab.slug, "owner": lab.owner_id, "published": "on", "name_vi": lab.name_vi, "name_en": lab.name_en,
            "field": "IoT", "building": lab.building, "address": lab.address, "description": "", "capabilities": "LoRaWAN, NB-IoT, PCB",
            "opens": "08:00", "closes": "17:00", "open_days": "01234", "contact_name": "", "contact_email": "lab.iot@tdmu.edu.vn",
            "equipment-TOTAL_FORMS": "1", "equipment-INITIAL_FORMS": "0", "equipment-0-name_vi": "Gateway LoRaWAN 8 kênh",
            "equipment-0-quantity": "2", "equipment-0-status": "operational", "equipment-0-hourly_fee_vnd": "50000",
            "equipment-0-bookable": "on", "closures-TOTAL_FORMS": "0", "closures-INITIAL_FORMS": "0"}
    r = client.post(f"/research/labs/{lab.slug}/edit/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    lab.refresh_from_db()
    assert lab.capabilities == ["LoRaWAN", "NB-IoT", "PCB"] and lab.open_days == "01234"
    gateway = lab.equipment.get(name_vi="Gateway LoRaWAN 8 kênh")
    assert gateway.owner_id == lab.owner_id and lab.history.count() == 2


def test_public_booking_form_and_week_calendar(client, lab, people, mailoutbox, django_capture_on_commit_callbacks):
    day = monday()
    r = client.post(f"/research/labs/{lab.slug}/book/", {"equipment": lab.scope.pk, "day": day.isoformat(), "start": "18:00",
                                                        "end": "19:00", "purpose": "Đo tín hiệu", "contact_name": "Trần Thị Mỹ Linh",
                                                        "contact_email": "mylinh@gmail.com"})
    assert r.status_code == 400 and "07:30–17:00" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/research/labs/{lab.slug}/book/", {"equipment": lab.scope.pk, "day": day.isoformat(), "start": "09:00",
                                                            "end": "10:30", "purpose": "Đo tín hiệu", "contact_name": "Trần Thị Mỹ Linh",
                                                            "contact_email": "mylinh@gmail.com", "contact_phone": "0909123456"})
    assert r.status_code == 302
    b = Booking.objects.get()
    assert b.requester is None and b.contact_phone == "0909123456" and b.status == "pending"
    assert mailoutbox[-1].to == ["lab.iot@tdmu.edu.vn"]
    week = client.get(f"/research/labs/{lab.slug}/calendar/?week={day.isoformat()}").content.decode()
    assert f'data-booking="{b.pk}"' not in week  # an anonymous visitor sees approved slots only
    assert "0909123456" not in client.get(f"/research/labs/{lab.slug}/").content.decode()
    client.force_login(people["tdmu"])
    staff_view = client.get(f"/research/labs/{lab.slug}/").content.decode()
    assert "0909123456" in staff_view and f'data-booking="{b.pk}"' in staff_view
    client.post(f"/research/bookings/{b.pk}/decide/", {"action": "approve"})
    b.refresh_from_db()
    assert b.status == "approved" and b.decided_by == people["tdmu"]
    client.logout()
    week = client.get(f"/research/labs/{lab.slug}/calendar/?week={day.isoformat()}").content.decode()
    assert f'data-booking="{b.pk}" data-status="approved"' in week and "Đo tín hiệu" in week
    assert at(day, 9) == b.start
