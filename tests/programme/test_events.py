"""International events and delegations: services (filters, helices, timeline), the pages in
Vietnamese and English, the forms with their permission checks, participants, attachments
(type and size checks, downloads), the iCalendar export, memberships, the demo data and the
`smartcity programme events` command."""
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from smartcity.programme.models import Attachment, Event, EventParticipant, Membership
from smartcity.programme.services import events as svc
from smartcity.programme.services.events_calc import ics_unfold

D = dt.date


def org(code):
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code=code)


@pytest.fixture
def users(make_user):
    return {"dofa": make_user("ngoaivu.lan", "DOFA"), "dot": make_user("gtvt.nam", "DOT"),
            "office": make_user("vptptm.hoa", "VPTPTM"), "viewer": make_user("ngoaivu.xem", "DOFA", role="viewer")}


@pytest.fixture
def events(small_plan):
    plan, items, _ = small_plan
    horasis = Event.objects.create(
        owner=org("DOFA"), code="horasis-asia-2018", kind="forum", status="held", title_vi="Diễn đàn Hợp tác kinh tế Châu Á Horasis 2018",
        title_en="Horasis Asia Meeting 2018", starts_on=D(2018, 11, 25), ends_on=D(2018, 11, 27), venue="Trung tâm Hội nghị và Triển lãm tỉnh",
        city="Thủ Dầu Một", country="VN", description_vi="Bốn phiên toàn thể, 35 phiên đối thoại.", description_en="Four plenaries, 35 dialogues.")
    horasis.items.add(items["II.4.1"])
    EventParticipant.objects.create(event=horasis, organisation=org("HORASIS"), role="co_organiser", people="Frank-Jürgen Richter – Chủ tịch")
    EventParticipant.objects.create(event=horasis, organisation=org("DOFA"), role="organiser")
    daejeon = Event.objects.create(
        owner=org("DOFA"), code="wta-daejeon-2018-08", kind="delegation_out", status="held", title_vi="Đoàn công tác Daejeon",
        title_en="Delegation to Daejeon", starts_on=D(2018, 8, 1), ends_on=D(2018, 8, 31), city="Daejeon", country="KR")
    EventParticipant.objects.create(event=daejeon, organisation=org("WTA"), role="partner")
    icf = Event.objects.create(
        owner=org("DOFA"), code="icf-summit-2018-06", kind="summit", status="planned", title_vi="Chuyến công tác ICF tháng 6/2018",
        title_en="ICF summit trip", starts_on=D(2018, 6, 1), ends_on=D(2018, 6, 30), city="London", country="GB")
    icf.items.add(items["II.9.1"])
    conf2017 = Event.objects.create(
        owner=org("VPTPTM"), code="hoi-nghi-tptm-2017", kind="conference", status="held", title_vi="Hội nghị Thành phố Thông minh lần 2",
        starts_on=D(2017, 11, 27), country="VN")
    hidden = Event.objects.create(owner=org("DOT"), code="lam-viec-noi-bo", kind="workshop", status="planned", published=False,
                                  title_vi="Làm việc nội bộ", starts_on=D(2018, 5, 2), country="VN")
    return {"horasis": horasis, "daejeon": daejeon, "icf": icf, "conf2017": conf2017, "hidden": hidden, "items": items}


# -- services -------------------------------------------------------------------------------------------
def test_filters_year_kind_country_organisation_item(events, users):
    from django.contrib.auth.models import AnonymousUser

    base = svc.events_for(AnonymousUser())
    assert "lam-viec-noi-bo" not in set(base.values_list("code", flat=True))  # unpublished: not for the public
    assert "lam-viec-noi-bo" in set(svc.events_for(users["dot"]).values_list("code", flat=True))  # its owner sees it
    codes = lambda **kw: sorted(svc.filter_events(base, **kw).values_list("code", flat=True))  # noqa: E731
    assert codes(year=2018) == ["horasis-asia-2018", "icf-summit-2018-06", "wta-daejeon-2018-08"]
    assert codes(year=2017) == ["hoi-nghi-tptm-2017"]
    assert codes(kind="forum") == ["horasis-asia-2018"]
    assert codes(country="kr") == ["wta-daejeon-2018-08"]
    assert codes(organisation="WTA") == ["wta-daejeon-2018-08"]  # a participant
    assert codes(organisation="VPTPTM") == ["hoi-nghi-tptm-2017"]  # the owner
    items = events["items"]
    assert codes(item=items["II.4.1"].pk) == ["horasis-asia-2018"]
    assert codes(item=items["II.4"].pk) == ["horasis-asia-2018"]  # a programme finds its bullets' events
    assert svc.event_years(base) == [2018, 2017]


def test_event_helices_follow_participants(events):
    horasis = events["horasis"]
    h = svc.event_helices(horasis)
    assert h["present"] == ["government", "international"] and h["missing"] == ["business", "academia"] and not h["complete"]
    EventParticipant.objects.create(event=horasis, organisation=org("BECAMEX"), role="co_organiser")
    EventParticipant.objects.create(event=horasis, organisation=org("TDMU"), role="speaker")
    assert svc.event_helices(Event.objects.get(pk=horasis.pk))["complete"]


def test_timeline_bars_carry_participants(events):
    chart = svc.timeline(svc.filter_events(svc.events_for(None), year=2018), 2018, lambda e: f"/e/{e.code}/")
    bars = {b.key: b for b in chart["bars"]}
    assert set(bars) == {"horasis-asia-2018", "icf-summit-2018-06", "wta-daejeon-2018-08"}
    assert bars["horasis-asia-2018"].extra["participants"] == "DOFA,HORASIS"
    assert bars["horasis-asia-2018"].extra["colour"] == svc.KIND_COLOURS["forum"] != svc.KIND_COLOURS["summit"]
    assert bars["icf-summit-2018-06"].x < bars["wta-daejeon-2018-08"].x < bars["horasis-asia-2018"].x


# -- pages ----------------------------------------------------------------------------------------------
def test_list_page_in_vietnamese_with_timeline_and_filters(client, events):
    r = client.get("/programme/events/")
    html = r.content.decode()
    assert r.status_code == 200 and "Hợp tác quốc tế · 2018" in html  # the latest year by default
    assert 'id="events-timeline"' in html and 'data-bars="3"' in html
    assert 'data-code="horasis-asia-2018"' in html and 'data-participants="DOFA,HORASIS"' in html
    assert "Diễn đàn Hợp tác kinh tế Châu Á Horasis 2018" in html and "diễn đàn" in html and "Th11" in html
    assert "lam-viec-noi-bo" not in html and "hoi-nghi-tptm-2017" not in html
    r = client.get("/programme/events/?year=2018&country=KR")
    assert 'data-code="wta-daejeon-2018-08"' in r.content.decode() and "horasis-asia-2018" not in r.content.decode()
    r = client.get("/programme/events/?year=2017")
    assert 'data-code="hoi-nghi-tptm-2017"' in r.content.decode()


def test_list_and_detail_pages_in_english(client, events):
    client.cookies["django_language"] = "en"
    html = client.get("/programme/events/?year=2018").content.decode()
    assert "International cooperation · 2018" in html and "Horasis Asia Meeting 2018" in html and ">Nov<" in html
    html = client.get("/programme/events/horasis-asia-2018/").content.decode()
    assert "Four plenaries, 35 dialogues." in html and "co-organiser" in html and "Frank-Jürgen Richter – Chủ tịch" in html
    assert 'data-missing="business,academia"' in html


def test_detail_page_vietnamese_and_unpublished_hidden(client, events, users):
    html = client.get("/programme/events/horasis-asia-2018/").content.decode()
    assert "Bốn phiên toàn thể, 35 phiên đối thoại." in html and "Thành phần tham dự" in html and "đồng tổ chức" in html
    assert f'href="/programme/items/{events["items"]["II.4.1"].pk}/"' in html
    assert 'id="participant-form"' not in html  # anonymous: no edit forms
    assert client.get("/programme/events/lam-viec-noi-bo/").status_code == 404
    client.force_login(users["dot"])
    assert client.get("/programme/events/lam-viec-noi-bo/").status_code == 200


def test_create_event_by_dofa_and_dates_checked(client, users, small_plan):
    plan, items, _ = small_plan
    assert client.get("/programme/events/new/").status_code == 302  # login first
    client.force_login(users["dofa"])
    page = client.get("/programme/events/new/").content.decode()
    assert '<option value="%d" selected>' % org("DOFA").pk in page and 'value="%d"' % org("DOT").pk not in page  # own unit only
    data = {"code": "hoi-nghi-tptm-lan-3-2018", "kind": "conference", "status": "planned", "owner": org("DOFA").pk, "published": "on",
            "title_vi": "Hội nghị Thành phố Thông minh Bình Dương lần thứ 3", "starts_on": "2018-11-28", "ends_on": "2018-11-20",
            "country": "vn", "items": [items["II.4.1"].pk]}
    r = client.post("/programme/events/new/", data)
    assert r.status_code == 400 and "Ngày kết thúc sự kiện trước ngày bắt đầu." in r.content.decode()
    assert not Event.objects.filter(code="hoi-nghi-tptm-lan-3-2018").exists()
    data["ends_on"] = "2018-11-29"
    r = client.post("/programme/events/new/", data)
    event = Event.objects.get(code="hoi-nghi-tptm-lan-3-2018")
    assert r.status_code == 302 and r["Location"] == "/programme/events/hoi-nghi-tptm-lan-3-2018/"
    assert event.owner.code == "DOFA" and event.country == "VN" and list(event.items.all()) == [items["II.4.1"]]
    # handing it to another unit is refused: the owner list holds only DOFA
    data["owner"] = org("DOT").pk
    r = client.post("/programme/events/hoi-nghi-tptm-lan-3-2018/edit/", data)
    assert r.status_code == 400 and Event.objects.get(pk=event.pk).owner.code == "DOFA"
    assert event.history.count() == 1


def test_edit_permissions(client, users, events):
    url = "/programme/events/horasis-asia-2018/edit/"
    for who, expected in (("dot", 403), ("viewer", 403), ("dofa", 200), ("office", 200)):
        client.force_login(users[who])
        assert client.get(url).status_code == expected, who
    client.force_login(users["dot"])
    assert client.post("/programme/events/horasis-asia-2018/delete/").status_code == 403
    client.force_login(users["office"])
    data = {"code": "horasis-asia-2018", "kind": "forum", "status": "held", "owner": org("DOFA").pk, "published": "on",
            "title_vi": "Diễn đàn Horasis 2018", "starts_on": "2018-11-25", "ends_on": "2018-11-27", "country": "VN", "attendance": "900"}
    assert client.post(url, data).status_code == 302
    horasis = Event.objects.get(code="horasis-asia-2018")
    assert horasis.attendance == 900 and horasis.history.first().history_user == users["office"]


def test_participants_added_and_removed_by_the_owner_only(client, users, events):
    url = "/programme/events/horasis-asia-2018/participants/"
    post = {"organisation": org("BECAMEX").pk, "role": "co_organiser", "people": "Nguyễn Văn Hùng, Chủ tịch HĐQT"}
    client.force_login(users["dot"])
    assert client.post(url, post).status_code == 403
    client.force_login(users["dofa"])
    html = client.get("/programme/events/horasis-asia-2018/").content.decode()
    assert 'id="participant-form"' in html
    r = client.post(url, post)
    assert r.status_code == 302
    p = EventParticipant.objects.get(event=events["horasis"], organisation__code="BECAMEX")
    assert p.people == "Nguyễn Văn Hùng, Chủ tịch HĐQT" and p.history.count() == 1
    r = client.post(url, post)  # twice in the same role
    assert r.status_code == 400 and "Đơn vị này đã tham gia với vai trò này." in r.content.decode()
    html = client.get("/programme/events/?year=2018").content.decode()
    assert 'data-participants="BECAMEX,DOFA,HORASIS"' in html
    assert client.post(f"/programme/events/horasis-asia-2018/participants/{p.pk}/delete/").status_code == 302
    assert not EventParticipant.objects.filter(pk=p.pk).exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_checked_and_downloaded(client, users, events, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    url = "/programme/events/horasis-asia-2018/documents/"
    client.force_login(users["dot"])
    assert client.post(url, {"title": "Chương trình", "kind": "other", "file": SimpleUploadedFile("ct.pdf", PDF)}).status_code == 403
    client.force_login(users["dofa"])
    r = client.post(url, {"title": "Chương trình Horasis 2018", "kind": "other",
                          "file": SimpleUploadedFile("chuong-trinh.pdf", PDF, content_type="text/html")})
    assert r.status_code == 302
    att = Attachment.objects.get(event=events["horasis"])
    assert att.content_type == "application/pdf" and att.size == len(PDF) and len(att.sha256) == 64 and att.uploaded_by == users["dofa"]
    # HTML named .html, and HTML disguised as .pdf, are both refused; nothing stored
    for name, body in (("trang.html", b"<html><script>alert(1)</script>"), ("gia.pdf", b"<html><script>alert(1)</script>")):
        r = client.post(url, {"title": "Tệp lạ", "kind": "other", "file": SimpleUploadedFile(name, body)}, follow=True)
        assert "Tệp lạ" not in [a.title for a in Attachment.objects.all()]
    assert Attachment.objects.count() == 1
    settings.PROGRAMME_MAX_UPLOAD = 10
    r = client.post(url, {"title": "Tệp lớn", "kind": "other", "file": SimpleUploadedFile("lon.pdf", PDF)}, follow=True)
    assert "Tệp lớn hơn 0 MB." in r.content.decode() and Attachment.objects.count() == 1
    client.logout()
    r = client.get(f"/programme/events/documents/{att.pk}/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment;") and r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Type"] == "application/pdf" and b"".join(r.streaming_content) == PDF
    # an unpublished event's document is not served to the public
    events["horasis"].published = False
    events["horasis"].save()
    assert client.get(f"/programme/events/documents/{att.pk}/").status_code == 404


def test_ics_export_of_a_year_and_of_what_is_upcoming(client, events):
    r = client.get("/programme/events/calendar.ics?year=2018")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar") and "attachment" in r["Content-Disposition"]
    text = r.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = ics_unfold(text)
    assert lines.count("BEGIN:VEVENT") == 3
    assert "UID:horasis-asia-2018@programme.smartcity.binhduong" in lines
    assert "DTSTART;VALUE=DATE:20181125" in lines and "DTEND;VALUE=DATE:20181128" in lines
    assert "SUMMARY:Diễn đàn Hợp tác kinh tế Châu Á Horasis 2018" in lines and "LOCATION:Trung tâm Hội nghị và Triển lãm tỉnh\\, Thủ Dầu Một\\, VN" in lines
    assert any(line.startswith("URL:http://testserver/programme/events/horasis-asia-2018/") for line in lines)
    # as of mid-2018: the planned ICF trip and what is still ahead; the 2017 conference is over
    lines = ics_unfold(client.get("/programme/events/calendar.ics?as_of=2018-09-01").content.decode())
    uids = [line for line in lines if line.startswith("UID:")]
    assert uids == ["UID:icf-summit-2018-06@programme.smartcity.binhduong", "UID:horasis-asia-2018@programme.smartcity.binhduong"]
    assert "UID:hoi-nghi-tptm-2017@programme.smartcity.binhduong" not in uids
    assert "STATUS:TENTATIVE" in lines
    events["icf"].status = "cancelled"
    events["icf"].save()
    lines = ics_unfold(client.get("/programme/events/calendar.ics?as_of=2018-09-01").content.decode())
    assert [line for line in lines if line.startswith("UID:")] == ["UID:horasis-asia-2018@programme.smartcity.binhduong"]


# -- memberships --------------------------------------------------------------------------------------------
def test_memberships_page_and_form(client, users, small_plan):
    plan, items, _ = small_plan
    url = "/programme/memberships/new/"
    client.force_login(users["dofa"])
    data = {"network": org("WTA").pk, "member": org("PPC").pk, "status": "member", "owner": org("DOFA").pk, "published": "on",
            "applied_on": "2018-09-01", "joined_on": "2018-08-01", "membership_class": "Thành viên chính thức", "item": items["II.4.1"].pk}
    r = client.post(url, data)
    assert r.status_code == 400 and "Ngày gia nhập trước ngày nộp đơn." in r.content.decode()
    data["applied_on"] = "2018-06-01"
    assert client.post(url, data).status_code == 302
    m = Membership.objects.get(network__code="WTA")
    assert m.joined_on == D(2018, 8, 1) and m.owner.code == "DOFA"
    assert client.post(url, data).status_code == 400  # the same membership twice
    client.logout()
    html = client.get("/programme/memberships/").content.decode()
    assert "Thành viên các mạng lưới quốc tế" in html and 'data-network="WTA"' in html and 'data-joined="2018-08-01"' in html
    client.force_login(users["dot"])
    assert client.get(f"/programme/memberships/{m.pk}/edit/").status_code == 403
    client.force_login(users["office"])
    assert client.get(f"/programme/memberships/{m.pk}/edit/").status_code == 200


# -- demo and command -------------------------------------------------------------------------------------
def test_demo_events_idempotent_and_linked_to_the_plan(plan2018):
    from smartcity.programme import demo_events
    from smartcity.programme.models import Milestone

    first = demo_events.load()
    assert first["events"] == 7 and first["memberships"] == 2 and first["milestones"] == 8 and first["studies"] == 2
    history = Event.history.count() + EventParticipant.history.count() + Milestone.history.count()
    second = demo_events.load()
    assert set(second.values()) == {0}
    assert Event.history.count() + EventParticipant.history.count() + Milestone.history.count() == history
    wta = Event.objects.get(code="wta-20-nam-2018")
    assert (wta.starts_on, wta.ends_on, wta.status) == (D(2018, 10, 10), D(2018, 10, 12), "held")
    assert "II.1.2" in [i.number for i in wta.items.all()]
    horasis = Event.objects.get(code="horasis-asia-2018")
    assert horasis.starts_on == D(2018, 11, 25) and horasis.city == "Thủ Dầu Một"
    icf = Event.objects.get(code="icf-summit-2018-06")
    assert icf.status == "planned" and "tháng 6/2018" in icf.description_vi and {i.number for i in icf.items.all()} == {"II.2.1", "II.1.3"}
    assert Membership.objects.get(network__code="WTA").joined_on.year == 2018
    assert "Smart21" in Membership.objects.get(network__code="ICF").membership_class
    assert {m.item.number for m in Milestone.objects.all()} == {"II.2.2", "II.11.1"}


def test_events_command_text_and_json(events):
    out = io.StringIO()
    call_command("programme", "events", "--year", "2018", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [r["code"] for r in data] == ["icf-summit-2018-06", "wta-daejeon-2018-08", "horasis-asia-2018"]
    horasis = data[-1]
    assert horasis["participants"][0]["organisation"] in ("DOFA", "HORASIS") and horasis["items"] == ["II.4.1"]
    assert horasis["helices"] == ["government", "international"]
    out = io.StringIO()
    call_command("programme", "events", stdout=out)
    text = out.getvalue()
    assert "2017-11-27" in text and "Diễn đàn Hợp tác kinh tế Châu Á Horasis 2018 (Thủ Dầu Một, VN)" in text and "lam-viec" not in text
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("programme", "events", "--kind", "party", stdout=io.StringIO())
