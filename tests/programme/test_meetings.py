"""Working sessions: pages, permissions (the convening body and the Office write; another unit
gets 403), decisions that leave timeline lines and decide escalations, attachments checked
and served as downloads, history kept, pages in Vietnamese and English."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smartcity.core.models import Organisation
from smartcity.programme.models import Decision, Meeting, MeetingParticipant, TimelineEntry
from smartcity.programme.services import escalations as esc_svc
from smartcity.programme.services import meetings as svc


def aware(*args):
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def users(make_user):
    return {"bdh": make_user("bdh.lan", "BDH"), "dot": make_user("dot.nam", "DOT"), "office": make_user("vp.huong", "VPTPTM"),
            "bcd": make_user("bcd.thang", "BCD"), "hdcv": make_user("hdcv.an", "HDCV"),
            "dot_viewer": make_user("dot.xem", "DOT", role="viewer")}


@pytest.fixture
def meeting(small_plan):
    plan, items, _ = small_plan
    bdh = Organisation.objects.get(code="BDH")
    m = Meeting.objects.create(owner=bdh, body=bdh, title_vi="Phiên họp Ban Điều hành quý III/2018", title_en="Executive Board session, Q3 2018",
                               starts_at=aware(2018, 10, 11, 8, 0), ends_at=aware(2018, 10, 11, 11, 0), chair="Ông Mai Hùng Dũng",
                               location="Trung tâm Hành chính tập trung tỉnh", status="held",
                               minutes="Sở Giao thông vận tải báo cáo tiến độ đề án xe buýt.")
    m.items.add(items["II.4.2"])
    MeetingParticipant.objects.create(meeting=m, organisation=Organisation.objects.get(code="DOT"), people="Giám đốc Sở")
    return m


def _raise(item, user, title="Vướng cơ chế trợ giá xe buýt", when=None):
    return esc_svc.raise_escalation(item, user, title, "Chưa có cơ chế trợ giá cho tuyến xe buýt mới.",
                                    proposal="Đề nghị UBND tỉnh ban hành cơ chế trợ giá xe buýt giai đoạn 2018 – 2020.",
                                    when=when or aware(2018, 8, 1, 9, 0))


def _form_data(body, items=(), **extra):
    data = {"body": body.pk, "title_vi": "Phiên làm việc Hội đồng cố vấn Ba Nhà", "title_en": "Triple Helix Advisory Council session",
            "starts_at": "2018-05-17T08:30", "ends_at": "2018-05-17T16:00", "location": "Trường Đại học Quốc tế Miền Đông",
            "chair": "Ông Mai Hùng Dũng", "status": "held", "agenda": "1. Living Lab", "minutes": "Thống nhất đề án Living Lab.",
            "items": [i.pk for i in items], "published": "on",
            "pt-TOTAL_FORMS": "2", "pt-INITIAL_FORMS": "0", "pt-MIN_NUM_FORMS": "0", "pt-MAX_NUM_FORMS": "1000",
            "pt-0-organisation": Organisation.objects.get(code="EIPO").pk, "pt-0-people": "Chuyên gia Brainport Eindhoven",
            "pt-0-attended": "on", "pt-1-organisation": "", "pt-1-people": "", "pt-1-attended": "on"}
    data.update(extra)
    return data


def test_board_creates_a_meeting_with_participants_and_items(client_as, users, small_plan):
    _, items, _ = small_plan
    hdcv = Organisation.objects.get(code="HDCV")
    c = client_as(users["hdcv"])
    assert c.get("/programme/meetings/new/").status_code == 200
    r = c.post("/programme/meetings/new/", _form_data(hdcv, items=[items["II.9.1"]]))
    assert r.status_code == 302, (r.context["form"].errors, r.context["formset"].errors)
    m = Meeting.objects.get(title_vi="Phiên làm việc Hội đồng cố vấn Ba Nhà")
    assert m.owner == hdcv and m.body == hdcv
    assert list(m.items.all()) == [items["II.9.1"]]
    assert [p.organisation.code for p in m.participants.all()] == ["EIPO"]
    detail = c.get(r["Location"]).content.decode()
    assert "Chuyên gia Brainport Eindhoven" in detail and "Thống nhất đề án Living Lab." in detail
    assert m.history.count() == 1


def test_a_unit_cannot_create_for_a_board_nor_edit_its_meeting(client_as, users, meeting):
    c = client_as(users["dot"])
    # the body field only offers the user's own organisation: a board's pk is refused
    r = c.post("/programme/meetings/new/", _form_data(Organisation.objects.get(code="BDH")))
    assert r.status_code == 400 and not Meeting.objects.filter(title_vi="Phiên làm việc Hội đồng cố vấn Ba Nhà").exists()
    assert c.get(f"/programme/meetings/{meeting.pk}/edit/").status_code == 403
    r = c.post(f"/programme/meetings/{meeting.pk}/edit/", _form_data(meeting.body, title_vi="Đổi tên"))
    assert r.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title_vi == "Phiên họp Ban Điều hành quý III/2018"
    assert c.get(f"/programme/meetings/{meeting.pk}/decisions/new/").status_code == 403
    assert c.post(f"/programme/meetings/{meeting.pk}/decisions/new/", {"text_vi": "Kết luận"}).status_code == 403
    # viewers of the body itself cannot either; anonymous users are sent to log in
    assert client_as(users["dot_viewer"]).get("/programme/meetings/new/").status_code == 403


def test_board_and_office_edit_with_history(client_as, users, meeting):
    c = client_as(users["bdh"])
    data = _form_data(meeting.body, title_vi="Phiên họp Ban Điều hành quý III/2018 (mở rộng)", **{
        "pt-INITIAL_FORMS": "0"})
    r = c.post(f"/programme/meetings/{meeting.pk}/edit/", data)
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_vi.endswith("(mở rộng)")
    # listing EIPO a second time is refused by the form (one line per organisation)
    again = _form_data(meeting.body, title_vi="Phiên họp quý III/2018")
    r = client_as(users["office"]).post(f"/programme/meetings/{meeting.pk}/edit/", again)
    assert r.status_code == 400
    again.update({"pt-0-organisation": "", "pt-0-people": ""})
    r = client_as(users["office"]).post(f"/programme/meetings/{meeting.pk}/edit/", again)
    assert r.status_code == 302
    assert meeting.history.count() == 3
    page = c.get(f"/programme/meetings/{meeting.pk}/").content.decode()
    assert 'id="history"' in page and "bdh.lan" in page


def test_end_before_start_is_refused(client_as, users):
    r = client_as(users["bdh"]).post("/programme/meetings/new/", _form_data(Organisation.objects.get(code="BDH"),
                                                                            ends_at="2018-05-16T08:00"))
    assert r.status_code == 400
    assert not Meeting.objects.exists()


def test_decision_adds_timeline_entries_and_numbers(users, meeting, small_plan):
    _, items, _ = small_plan
    d1 = svc.record_decision(meeting, users["bdh"], text_vi="Sở Giao thông vận tải hoàn thiện phương án trợ giá xe buýt.",
                             text_en="DOT finishes the bus subsidy proposal.", items=[items["II.4.2"], items["II.4.1"]],
                             responsible=Organisation.objects.get(code="DOT"), due=dt.date(2018, 12, 31))
    d2 = svc.record_decision(meeting, users["bdh"], text_vi="Văn phòng tổng hợp báo cáo năm.", items=[items["III.4"]])
    assert (d1.number, d2.number) == (1, 2)
    entries = TimelineEntry.objects.filter(source="decision", item=items["II.4.2"])
    assert entries.count() == 1
    e = entries.get()
    assert e.date == dt.date(2018, 10, 11) and "Kết luận số 1" in e.title_vi and "trợ giá" in e.description_vi
    assert e.created_by == users["bdh"]
    assert set(meeting.items.all()) >= {items["II.4.2"], items["II.4.1"], items["III.4"]}
    # editing without new items adds no line; a newly linked item gets one
    svc.record_decision(meeting, users["bdh"], decision=d1, text_vi=d1.text_vi, items=[items["II.4.2"], items["II.4.1"], items["II.9.1"]],
                        done=True)
    assert TimelineEntry.objects.filter(source="decision", item=items["II.4.2"]).count() == 1
    assert TimelineEntry.objects.filter(source="decision", item=items["II.9.1"]).count() == 1
    d1.refresh_from_db()
    assert d1.done and d1.number == 1
    with pytest.raises(ValidationError):
        svc.record_decision(meeting, users["bdh"], text_vi="Trùng số", number=2)
    with pytest.raises(PermissionDenied):
        svc.record_decision(meeting, users["dot"], text_vi="Kết luận của đơn vị khác")


def test_decision_decides_a_forwarded_escalation(users, meeting, small_plan):
    _, items, _ = small_plan
    esc = _raise(items["II.4.2"], users["dot"])
    esc_svc.office_review(esc, users["office"], "Đề nghị Ban Chỉ đạo cho ý kiến.", when=aware(2018, 8, 10, 9, 0))
    bcd = Organisation.objects.get(code="BCD")
    session = Meeting.objects.create(owner=bcd, body=bcd, title_vi="Ban Chỉ đạo tổng kết năm 2018", starts_at=aware(2018, 12, 20, 14, 0),
                                     status="held")
    # the Executive Board may not decide escalations, even in its own session
    with pytest.raises(PermissionDenied):
        svc.record_decision(meeting, users["bdh"], text_vi="Đồng ý trợ giá", escalations=[esc])
    d = svc.record_decision(session, users["bcd"], text_vi="Đồng ý chủ trương trợ giá xe buýt; giao Sở Giao thông vận tải triển khai.",
                            escalations=[esc], responsible=Organisation.objects.get(code="DOT"), due=dt.date(2019, 3, 31))
    esc.refresh_from_db()
    assert esc.status == "decided" and esc.meeting == session
    assert esc.decision.startswith("Đồng ý chủ trương") and esc.action_owner.code == "DOT" and esc.action_due == dt.date(2019, 3, 31)
    assert timezone.localdate(esc.decided_at) == dt.date(2018, 12, 20)
    assert esc.decided_by == users["bcd"]
    assert list(d.items.all()) == [items["II.4.2"]]  # the escalation's item is linked too
    lines = TimelineEntry.objects.filter(item=items["II.4.2"], source="decision")
    assert lines.count() == 1 and lines.get().date == dt.date(2018, 12, 20)
    assert esc in session.escalations.all()


def test_open_escalation_needs_the_office_first(users, small_plan):
    _, items, _ = small_plan
    bcd = Organisation.objects.get(code="BCD")
    session = Meeting.objects.create(owner=bcd, body=bcd, title_vi="Ban Chỉ đạo họp chuyên đề", starts_at=aware(2018, 9, 5, 8, 0))
    esc = _raise(items["II.4.1"], users["dot"], title="Thiếu kinh phí lộ trình giao thông thông minh")
    with pytest.raises(ValidationError) as info:
        svc.record_decision(session, users["bcd"], text_vi="Đồng ý", escalations=[esc])
    assert "escalations" in info.value.message_dict
    esc.refresh_from_db()
    assert esc.status == "open" and not Decision.objects.exists()
    # the Office presents it at the session: reviewed and decided in one step
    svc.record_decision(session, users["office"], text_vi="Bố trí kinh phí từ nguồn sự nghiệp khoa học.", escalations=[esc])
    esc.refresh_from_db()
    assert esc.status == "decided" and esc.reviewed_by == users["office"] and esc.meeting == session


def test_decision_pages(client_as, users, meeting, small_plan):
    _, items, _ = small_plan
    c = client_as(users["bdh"])
    r = c.post(f"/programme/meetings/{meeting.pk}/decisions/new/", {"text_vi": "Sở Tài nguyên và Môi trường thí điểm thùng rác thông minh.",
                                                                    "text_en": "DONRE pilots smart bins.", "items": [items["II.9.3"].pk],
                                                                    "responsible": Organisation.objects.get(code="DONRE").pk,
                                                                    "due": "2018-12-31"})
    assert r.status_code == 302
    d = meeting.decisions.get()
    assert d.number == 1 and d.responsible.code == "DONRE"
    assert TimelineEntry.objects.filter(item=items["II.9.3"], source="decision").exists()
    page = c.get(f"/programme/meetings/{meeting.pk}/").content.decode()
    assert "thùng rác thông minh" in page and f"/programme/meetings/{meeting.pk}/decisions/{d.pk}/edit/" in page
    r = c.post(f"/programme/meetings/{meeting.pk}/decisions/{d.pk}/edit/", {"number": "1", "text_vi": d.text_vi, "done": "on",
                                                                            "items": [items["II.9.3"].pk]})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.done and d.history.count() == 2
    # the Executive Board linking an escalation: 403 (only the Steering Committee decides)
    esc = _raise(items["II.4.2"], users["dot"])
    r = c.post(f"/programme/meetings/{meeting.pk}/decisions/new/", {"text_vi": "Đồng ý", "escalations": [esc.pk]})
    assert r.status_code == 403
    esc.refresh_from_db()
    assert esc.status == "open"


def test_attachments_checked_and_downloaded(client_as, users, meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = client_as(users["bdh"])
    pdf = SimpleUploadedFile("bien-ban-quy-3.pdf", b"%PDF-1.4\n% bien ban\n", content_type="application/pdf")
    r = c.post(f"/programme/meetings/{meeting.pk}/attachments/", {"title": "Biên bản phiên họp", "kind": "minutes", "file": pdf})
    assert r.status_code == 302
    att = meeting.attachments.get()
    assert att.content_type == "application/pdf" and att.size == 20 and len(att.sha256) == 64
    r = c.get(f"/programme/meetings/{meeting.pk}/attachments/{att.pk}/")
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment;") and r["Content-Type"] == "application/pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    # an HTML page named .pdf, an HTML file, and too large a file are refused
    for name, body in (("gia-mao.pdf", b"<html><script>alert(1)</script></html>"), ("trang.html", b"<html></html>"),
                       ("ghi-chu.txt", b"<!DOCTYPE html><html></html>")):
        r = c.post(f"/programme/meetings/{meeting.pk}/attachments/", {"kind": "other", "file": SimpleUploadedFile(name, body)})
        assert r.status_code == 400, name
    settings.PROGRAMME_MAX_ATTACHMENT = 10
    r = c.post(f"/programme/meetings/{meeting.pk}/attachments/",
               {"kind": "minutes", "file": SimpleUploadedFile("lon.pdf", b"%PDF-1.4 " + b"x" * 50)})
    assert r.status_code == 400
    assert meeting.attachments.count() == 1
    # another unit cannot attach
    r = client_as(users["dot"]).post(f"/programme/meetings/{meeting.pk}/attachments/",
                                     {"kind": "minutes", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    assert r.status_code == 403


def test_check_upload_codes():
    with pytest.raises(ValidationError) as info:
        svc.check_upload(SimpleUploadedFile("a.exe", b"MZ\x90\x00"))
    assert info.value.code == "type_not_allowed"
    with pytest.raises(ValidationError) as info:
        svc.check_upload(SimpleUploadedFile("a.docx", b"%PDF-1.4"))
    assert info.value.code == "content_mismatch"
    with pytest.raises(ValidationError) as info:
        svc.check_upload(SimpleUploadedFile("a.txt", b""))
    assert info.value.code == "empty"
    ok = svc.check_upload(SimpleUploadedFile("bien-ban.txt", "Biên bản phiên họp Ban Điều hành".encode()))
    assert ok["content_type"].startswith("text/plain")


def test_list_filters_and_languages(client, users, meeting):
    hdcv = Organisation.objects.get(code="HDCV")
    Meeting.objects.create(owner=hdcv, body=hdcv, title_vi="Hội đồng cố vấn họp với chuyên gia Brainport", title_en="Advisory council with Brainport",
                           starts_at=aware(2019, 5, 17, 8, 0))
    Meeting.objects.create(owner=hdcv, body=hdcv, title_vi="Phiên nội bộ chưa công bố", starts_at=aware(2018, 6, 1, 8, 0), published=False)
    page = client.get("/programme/meetings/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Phiên làm việc" in page and "Phiên họp Ban Điều hành quý III/2018" in page
    assert "Phiên nội bộ chưa công bố" not in page  # unpublished: only its body sees it
    page = client.get("/programme/meetings/?body=HDCV").content.decode()
    assert "Phiên họp Ban Điều hành quý III/2018" not in page and "Hội đồng cố vấn họp với chuyên gia Brainport" in page
    page = client.get("/programme/meetings/?year=2018").content.decode()
    assert "Phiên họp Ban Điều hành quý III/2018" in page and "Hội đồng cố vấn họp với chuyên gia Brainport" not in page
    # judged as of mid-2019, the 2019 session is past; as of 2019-01-01 it is upcoming
    page = client.get("/programme/meetings/?as_of=2019-01-01").content.decode()
    upcoming = page.split('id="upcoming-meetings"')[1].split("</table>")[0]
    assert "Hội đồng cố vấn họp với chuyên gia Brainport" in upcoming and "quý III/2018" not in upcoming
    client.cookies["django_language"] = "en"
    page = client.get("/programme/meetings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Working sessions" in page and "Executive Board session, Q3 2018" in page
    detail = client.get(f"/programme/meetings/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Participants" in detail and "Minutes" in detail
    client.cookies["django_language"] = "vi"
    detail = client.get(f"/programme/meetings/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Thành phần" in detail and "Biên bản" in detail and "Phiên họp Ban Điều hành quý III/2018" in detail


def test_unpublished_meeting_hidden_from_other_units(client_as, client, users):
    bdh = Organisation.objects.get(code="BDH")
    m = Meeting.objects.create(owner=bdh, body=bdh, title_vi="Họp nội bộ", starts_at=aware(2018, 6, 1, 8, 0), published=False)
    assert client.get(f"/programme/meetings/{m.pk}/").status_code == 404
    assert client_as(users["dot"]).get(f"/programme/meetings/{m.pk}/").status_code == 404
    assert client_as(users["bdh"]).get(f"/programme/meetings/{m.pk}/").status_code == 200
