"""Booking requests through /api/research/bookings/: the rules (hours, closures, overlaps)
with their reasons in the error shape, approval by the lab's organisation only, e-mails,
private contact details, the iCalendar of approved bookings read back."""
from datetime import timedelta

import pytest

from smartcity.research import ical
from smartcity.research.models import Booking, Closure
from tests.research.conftest import at, monday

pytestmark = pytest.mark.django_db

URL = "/api/research/bookings/"


def ask(api, user, lab, start, end, equipment=None, **extra):
    api.force_authenticate(user)
    body = {"lab": lab.slug, "start": start.isoformat(), "end": end.isoformat(), "purpose": "Đo thử vùng phủ LoRaWAN", **extra}
    if equipment is not None:
        body["equipment"] = equipment.pk
    return api.post(URL, body, format="json")


def test_request_approve_and_the_rules_with_reasons(api, lab, people, mailoutbox, django_capture_on_commit_callbacks):
    day = monday()
    with django_capture_on_commit_callbacks(execute=True):
        r = ask(api, people["student"], lab, at(day, 9), at(day, 11), lab.analyser, affiliation="CLB Khởi nghiệp sinh viên EIU")
    assert r.status_code == 201, r.json()
    first = r.json()
    assert first["status"] == "pending" and first["requester"] == "sv.nam" and first["contact_email"] == "nam.sv@gmail.com"
    assert mailoutbox[-1].to == ["lab.iot@tdmu.edu.vn"] and "Máy phân tích phổ" in mailoutbox[-1].body

    # outside the opening hours, on a closed day, over a closure: 400 with the reason under errors
    r = ask(api, people["student"], lab, at(day, 16), at(day, 18), lab.analyser)
    assert r.status_code == 400 and r.json()["code"] == "validation_error"
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [("start", "outside_hours")]
    assert "07:30–17:00" in r.json()["errors"][0]["message"]
    r = ask(api, people["student"], lab, at(day + timedelta(days=6), 9), at(day + timedelta(days=6), 10))
    assert r.json()["errors"][0]["code"] == "closed_day"
    Closure.objects.create(lab=lab, start=at(day + timedelta(days=4), 7), end=at(day + timedelta(days=4), 18), reason="Kiểm kê thiết bị")
    r = ask(api, people["student"], lab, at(day + timedelta(days=4), 9), at(day + timedelta(days=4), 10), lab.scope)
    assert r.json()["errors"][0]["code"] == "closure" and "Kiểm kê thiết bị" in r.json()["errors"][0]["message"]
    r = ask(api, people["student"], lab, at(day - timedelta(days=14), 9), at(day - timedelta(days=14), 10))
    assert r.json()["errors"][0]["code"] == "past"

    # a second request for the same analyser overlapping the first (still pending) is accepted as pending
    second = ask(api, people["vgu"], lab, at(day, 10), at(day, 12), lab.analyser).json()
    assert second["status"] == "pending"

    # only the lab's organisation approves: another university gets 403 in the error shape
    api.force_authenticate(people["vgu"])
    r = api.post(f"{URL}{first['id']}/approve/")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied" and r.json()["status"] == 403
    api.force_authenticate(people["tdmu"])
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"{URL}{first['id']}/approve/")
    assert r.status_code == 200 and r.json()["status"] == "approved" and r.json()["decided_by"] == "tdmu.long"
    assert mailoutbox[-1].to == ["nam.sv@gmail.com"] and "Đã duyệt" in mailoutbox[-1].subject

    # now the second one overlaps an approved booking of the same equipment: 409 naming it
    r = api.post(f"{URL}{second['id']}/approve/")
    assert r.status_code == 409 and r.json()["code"] == "booking_conflict"
    assert f"#{first['id']}" in r.json()["detail"]
    # a new request for that slot is refused at once; another piece of equipment is fine
    r = ask(api, people["student"], lab, at(day, 10, 30), at(day, 11, 30), lab.analyser)
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "conflict"
    assert ask(api, people["student"], lab, at(day, 10, 30), at(day, 11, 30), lab.scope).status_code == 201
    # the whole lab collides with every approved booking
    assert ask(api, people["student"], lab, at(day, 8), at(day, 9, 30)).json()["errors"][0]["code"] == "conflict"

    # decline needs a reason; then the requester is told why
    api.force_authenticate(people["tdmu"])
    r = api.post(f"{URL}{second['id']}/decline/", {"reason": ""}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"{URL}{second['id']}/decline/", {"reason": "Máy đã được xếp lịch cho lớp thực hành"}, format="json")
    assert r.json()["status"] == "declined" and mailoutbox[-1].to == ["phong@vgu.edu.vn"]
    assert "Máy đã được xếp lịch" in mailoutbox[-1].body


def test_contact_details_private_and_cancel_by_requester_only(api, lab, people):
    day = monday()
    b = ask(api, people["student"], lab, at(day, 13), at(day, 14), lab.scope, contact_phone="0912345678").json()
    api.force_authenticate(people["tdmu"])
    api.post(f"{URL}{b['id']}/approve/")
    api.force_authenticate(None)
    public = api.get(URL, {"lab": lab.slug}).json()["results"]
    assert [p["id"] for p in public] == [b["id"]] and public[0]["contact_phone"] is None and public[0]["requester"] is None
    api.force_authenticate(people["tdmu"])
    assert api.get(f"{URL}{b['id']}/").json()["contact_phone"] == "0912345678"
    api.force_authenticate(people["vgu"])
    r = api.post(f"{URL}{b['id']}/cancel/")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    api.force_authenticate(people["student"])
    r = api.post(f"{URL}{b['id']}/cancel/", {"reason": "Đổi kế hoạch"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    api.force_authenticate(None)
    r = api.post(URL, {"lab": lab.slug}, format="json")
    assert r.status_code in (401, 403) and "code" in r.json()


def test_ics_holds_approved_bookings_only(client, lab, people):
    day = monday()
    ok = Booking.objects.create(lab=lab, equipment=lab.analyser, start=at(day, 9), end=at(day, 11), status="approved",
                                purpose="Đo phát xạ RF; bo mạch A, B", affiliation="Công ty TNHH Điện tử Bình Dương Smart")
    Booking.objects.create(lab=lab, start=at(day, 13), end=at(day, 14), status="pending", purpose="Chờ duyệt")
    r = client.get(f"/research/labs/{lab.slug}/calendar.ics")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    text = r.content.decode()
    assert text.endswith("END:VCALENDAR\r\n") and "PRODID:" in text
    [event] = ical.parse(text)
    assert event["UID"] == f"booking-{ok.pk}@research.smartcity.binhduong"
    assert ical.parse_utc(event["DTSTART"]) == ok.start and ical.parse_utc(event["DTEND"]) == ok.end
    assert event["SUMMARY"] == "Máy phân tích phổ: Đo phát xạ RF; bo mạch A, B"
    assert event["LOCATION"].startswith("Nhà I2, phòng I2.302") and event["STATUS"] == "CONFIRMED" and "DTSTAMP" in event
