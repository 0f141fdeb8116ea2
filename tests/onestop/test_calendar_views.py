"""Staff UI of the calendar: the year view for everybody, edits for DOHA editors and the
Smart City Office only (403 for others), every change in the history, the deadline form."""
import datetime as dt

import pytest
from django.urls import reverse

from smartcity.onestop.models import CalendarDay, CalendarYear, WorkingRules

pytestmark = pytest.mark.django_db
URL = reverse("onestop-calendar")


@pytest.fixture
def doha(make_user):
    return make_user("nguyen.thi.thu.doha", "DOHA")


def test_public_year_view_shows_twelve_months_and_colour_codes(client, reference):
    r = client.get(URL, {"year": 2025})
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count('class="cal-month"') == 12
    assert 'data-date="2025-04-26"' in html and 'class="k-makeup"' in html  # the worked Saturday
    assert 'class="k-swap_off off" data-date="2025-05-02"' in html
    assert 'id="cal-add"' not in html and 'id="cal-history"' not in html  # read-only for the public


def test_deadline_form_shows_due_date_and_days_counted(client, reference):
    r = client.get(URL, {"received": "2026-04-29T10:30", "days": "5"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-iso="2026-05-08T10:30:00+07:00"' in html
    assert "08/05/2026 10:30" in html
    assert html.count("<li>", html.index('id="cal-counted"'), html.index("</ul>", html.index('id="cal-counted"'))) == 6


def test_deadline_form_with_procedure_uses_its_limit(client, procedures):
    r = client.get(URL, {"received": "2026-03-02T08:00", "procedure": "2.000575"})  # household business: 3 days
    assert 'data-iso="2026-03-05T08:00:00+07:00"' in r.content.decode()
    r = client.get(URL, {"received": "2026-03-02T08:00", "procedure": "9.999999"})
    assert 'id="cal-result"' not in r.content.decode()


@pytest.mark.parametrize("who, org, role", [("tran.van.binh.dpi", "DPI", "editor"), ("le.thi.hoa.doha", "DOHA", "viewer")])
def test_others_may_not_change_the_calendar(client, make_user, who, org, role):
    client.force_login(make_user(who, org, role))
    assert client.get(reverse("onestop-calendar-day-add")).status_code == 403
    assert client.post(reverse("onestop-calendar-day-add"), {"date": "2026-06-08", "kind": "local_off", "name_vi": "Nghỉ"}).status_code == 403
    assert client.post(reverse("onestop-calendar-confirm", args=[2026]), {"confirmed": "on"}).status_code == 403
    assert client.get(reverse("onestop-calendar-rules")).status_code == 403
    assert not CalendarDay.objects.filter(date=dt.date(2026, 6, 8)).exists()
    assert 'id="cal-add"' not in client.get(URL).content.decode()


def test_anonymous_is_sent_to_log_in(client, reference):
    r = client.get(reverse("onestop-calendar-day-add"))
    assert r.status_code == 302 and "login" in r["Location"]


def test_doha_editor_adds_edits_and_deletes_with_history(client, doha):
    client.force_login(doha)
    r = client.post(reverse("onestop-calendar-day-add"), {
        "date": "2026-06-08", "kind": "local_off", "name_vi": "Nghỉ theo Quyết định của UBND tỉnh Bình Dương",
        "name_en": "Day off by decision of the Provincial People's Committee", "legal_basis": "Quyết định 123/QĐ-UBND"})
    assert r.status_code == 302
    row = CalendarDay.objects.get(date=dt.date(2026, 6, 8))
    assert row.source == "staff" and row.working is False
    assert CalendarYear.objects.get(year=2026).days.filter(kind="holiday").exists()  # the year was seeded first
    # the deadline follows at once: Fri 5/6 09:00 + 1 day skips Monday 8/6
    r = client.get(URL, {"received": "2026-06-05T09:00", "days": "1"})
    assert 'data-iso="2026-06-09T09:00:00+07:00"' in r.content.decode()
    # a make-up day on a weekday is refused
    r = client.post(reverse("onestop-calendar-day-edit", args=[row.pk]), {"date": "2026-06-08", "kind": "makeup", "name_vi": "Làm bù"})
    assert r.status_code == 400
    r = client.post(reverse("onestop-calendar-day-edit", args=[row.pk]), {"date": "2026-06-13", "kind": "makeup", "name_vi": "Làm bù thứ Bảy"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.working is True and row.date == dt.date(2026, 6, 13)
    assert client.post(reverse("onestop-calendar-day-delete", args=[row.pk])).status_code == 302
    assert not CalendarDay.objects.filter(pk=row.pk).exists()
    history = CalendarDay.history.filter(id=row.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert all(h.history_user == doha for h in history)
    html = client.get(URL, {"year": 2026}).content.decode()
    assert 'id="cal-history"' in html and doha.username in html


def test_deleted_holiday_stays_deleted_when_the_year_is_computed_again(client, doha):
    client.force_login(doha)
    client.post(reverse("onestop-calendar-seed", args=[2026]))
    companion = CalendarDay.objects.get(date=dt.date(2026, 9, 1))  # the day next to 2/9, set by the government
    client.post(reverse("onestop-calendar-day-delete", args=[companion.pk]))
    client.post(reverse("onestop-calendar-seed", args=[2026]))
    assert not CalendarDay.objects.filter(date=dt.date(2026, 9, 1)).exists()
    assert CalendarDay.objects.filter(date=dt.date(2026, 9, 2)).exists()


def test_coordinator_confirms_a_year_and_sets_unit_rules(client, make_user):
    from smartcity.core.models import Organisation

    office = Organisation.objects.filter(is_coordinator=True).first()
    client.force_login(make_user("pham.minh.duc", office.code))
    r = client.post(reverse("onestop-calendar-confirm", args=[2026]), {"confirmed": "on", "note": "Thông báo 6150/TB-BLĐTBXH"})
    assert r.status_code == 302
    assert CalendarYear.objects.get(year=2026).confirmed is True
    doc = Organisation.objects.get(code="DOC")
    r = client.post(reverse("onestop-calendar-rules"), {"unit": doc.pk, "morning_start": "07:00", "morning_end": "11:00",
                                                        "afternoon_start": "13:30", "afternoon_end": "17:30", "cutoff": "16:00"})
    assert r.status_code == 302
    assert WorkingRules.objects.get(unit=doc).cutoff == dt.time(16, 0)
    r = client.get(URL, {"received": "2026-06-01T15:30", "days": "1", "unit": "DOC"})  # before DOC's 16:00 cut-off
    assert 'data-iso="2026-06-02T15:30:00+07:00"' in r.content.decode()
    r = client.post(reverse("onestop-calendar-rules"), {"morning_start": "09:00", "morning_end": "08:00",
                                                        "afternoon_start": "13:00", "afternoon_end": "17:00"})
    assert r.status_code == 400
