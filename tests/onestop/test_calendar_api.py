"""API of the calendar: the year's days, the due-date check with its error codes, and staff
writes with permission checks."""
import datetime as dt

import pytest

from smartcity.onestop.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_year_lists_exceptions_with_working_day_count(api, reference):
    r = api.get("/api/onestop/calendar/2025/")
    assert r.status_code == 200
    body = r.json()
    days = {d["date"]: d for d in body["days"]}
    assert days["2025-04-26"]["working"] is True and days["2025-04-26"]["kind"] == "makeup"
    assert days["2025-05-02"]["kind"] == "swap_off"
    assert days["2025-01-29"]["name_vi"] == "Tết Nguyên Đán (mùng 1)"
    assert body["stored"] is False
    # 365 days - 104 weekend days - the weekdays off in the list + the make-up Saturday
    off_weekdays = sum(1 for d in body["days"] if not d["working"] and d["weekday"] <= 5)
    assert body["working_days"] == 365 - 104 - off_weekdays + 1


def test_due_date(api, reference):
    r = api.get("/api/onestop/due-date", {"received": "2026-04-29T10:30", "days": "5"})
    assert r.status_code == 200
    assert r.json()["due"] == "2026-05-08T10:30:00+07:00"
    assert r.json()["skipped"][:2] == ["2026-04-30", "2026-05-01"]
    # an explicit offset: 03:30 UTC is 10:30 in Vietnam
    r = api.get("/api/onestop/due-date", {"received": "2026-04-29T03:30:00+00:00", "days": "0.5"})
    assert r.json()["due"] == "2026-04-29T16:00:00+07:00"  # 1 h before lunch + 3 h after


def test_due_date_for_a_procedure_takes_its_limit(api, procedures):
    r = api.get("/api/onestop/due-date", {"received": "2026-03-02T08:00", "procedure": "1.009972"})
    assert r.status_code == 200
    body = r.json()
    assert body["due"] == "2026-03-23T08:00:00+07:00" and body["days"] == "15.0" and body["unit"] == "DOC"


@pytest.mark.parametrize("params, code", [
    ({"days": "5"}, "missing_received"),
    ({"received": "29/04/2026", "days": "5"}, "invalid_received"),
    ({"received": "2026-04-29T10:30"}, "missing_days"),
    ({"received": "2026-04-29T10:30", "days": "năm"}, "invalid_days"),
    ({"received": "2026-04-29T10:30", "days": "-1"}, "invalid_days"),
    ({"received": "2026-04-29T10:30", "procedure": "0.000000"}, "unknown_procedure"),
    ({"received": "2026-04-29T10:30", "days": "1", "unit": "KHONG-CO"}, "unknown_unit"),
])
def test_due_date_bad_input_is_400_with_a_code(api, reference, params, code):
    r = api.get("/api/onestop/due-date", params)
    assert r.status_code == 400
    assert r.json()["code"] == code and r.json()["status"] == 400


def test_writes_need_doha_or_the_office(api, make_user):
    payload = {"date": "2026-06-08", "kind": "local_off", "name_vi": "Nghỉ theo Quyết định của UBND tỉnh"}
    assert api.post("/api/onestop/calendar/days/", payload, format="json").status_code in (401, 403)
    api.force_authenticate(make_user("vo.thanh.tam.doc", "DOC"))
    r = api.post("/api/onestop/calendar/days/", payload, format="json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert not CalendarDay.objects.filter(date=dt.date(2026, 6, 8)).exists()


def test_doha_creates_changes_and_deletes(api, make_user):
    api.force_authenticate(make_user("ho.thi.lan.doha", "DOHA"))
    r = api.post("/api/onestop/calendar/days/", {"date": "2026-06-08", "kind": "local_off", "name_vi": "Nghỉ theo Quyết định của UBND tỉnh"},
                 format="json")
    assert r.status_code == 201 and r.json()["source"] == "staff" and r.json()["working"] is False
    pk = r.json()["id"]
    assert api.get("/api/onestop/due-date", {"received": "2026-06-05T09:00", "days": "1"}).json()["due"] == "2026-06-09T09:00:00+07:00"
    r = api.patch(f"/api/onestop/calendar/days/{pk}/", {"kind": "makeup"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "makeup_on_weekday"
    r = api.patch(f"/api/onestop/calendar/days/{pk}/", {"date": "2026-06-13", "kind": "makeup", "name_vi": "Làm bù thứ Bảy"}, format="json")
    assert r.status_code == 200 and r.json()["working"] is True
    r = api.post("/api/onestop/calendar/days/", {"date": "2026-06-09", "kind": "nghi", "name_vi": "X"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "invalid_kind"
    assert api.delete(f"/api/onestop/calendar/days/{pk}/").status_code == 204
    assert not CalendarDay.objects.filter(pk=pk).exists()
