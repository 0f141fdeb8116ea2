"""ICF pages (Vietnamese first, English), the evidence download, the API's permission
answers and the commands."""
import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from smartcity.programme.models import IcfAnswer, IcfEvidence
from smartcity.programme.services import icf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from smartcity.programme import demo_icf

    demo_icf.load()
    return icf


@pytest.fixture
def users(make_user):
    return {"dic": make_user("dic-editor", "DIC"), "donre": make_user("donre-editor", "DONRE"),
            "office": make_user("office", "VPTPTM")}


def _a(year, number):
    from smartcity.programme.models import IcfAssignment

    return IcfAssignment.objects.select_related("question").get(application__year=year, question__number=number)


def test_home_and_compare_pages_in_vietnamese(client, demo):
    page = client.get("/programme/icf/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hồ sơ ICF Smart21" in page and "So sánh các năm" in page
    assert 'data-year="2023"' in page
    r = client.get("/programme/icf/compare/", HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 200
    page = r.content.decode()
    assert "Hòa nhập số" in page and "Gắn kết cộng đồng" in page and "trước đây: Bình đẳng số" in page
    assert "tự đánh giá" in page and 'id="self-note"' in page
    for year in range(2017, 2024):
        assert f'<rect class="bar" data-year="{year}"' in page
    assert page.count('class="bar"') == 42
    assert 'data-value="58.0"' in page and ',0"' not in page.split('<svg', 1)[1].split('</svg>')[0]  # SVG numbers not localised
    assert 'data-verdict="no"' in page and 'data-verdict="yes"' in page
    # the questions behind each score: the framework for the public, the year's answers for staff
    assert 'href="/programme/icf/frameworks/icf-2018/#factor-digital-equality"' in page
    assert 'href="/programme/icf/frameworks/icf-current/#factor-digital-inclusion"' in page


def test_compare_page_in_english_and_year_filter(client, demo):
    client.cookies["django_language"] = "en"
    page = client.get("/programme/icf/compare/?years=2017,2018", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Digital inclusion" in page and "formerly: Digital equality" in page and "self-assessment" in page
    assert page.count('class="bar"') == 12
    assert "Sustainability" in page and 'data-verdict="no"' in page


def test_compare_scores_link_to_the_answers_for_staff(client, demo, users):
    client.force_login(users["donre"])
    page = client.get("/programme/icf/compare/").content.decode()
    assert 'href="/programme/icf/2018/#factor-sustainability"' in page and 'href="/programme/icf/2023/#factor-community-engagement"' in page


def test_framework_page_lists_questions(client, demo):
    page = client.get("/programme/icf/frameworks/icf-current/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "27" in page and "Băng thông rộng và dịch vụ số" in page and "env.aqi_good_share" in page


def test_application_page_needs_login_and_shows_progress(client, client_as, demo, users):
    assert client.get("/programme/icf/2018/").status_code == 302
    c = client_as(users["office"])
    page = c.get("/programme/icf/2018/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hồ sơ ICF năm 2018" in page and 'id="total-approved"' in page and "bulk-assign" in page
    approved = IcfAnswer.objects.filter(assignment__application__year=2018, status="accepted").count()
    assert f'<th id="total-approved">{approved}</th>' in page


def test_answer_through_the_page_then_office_approves(client, demo, users):
    from smartcity.programme.models import IcfApplication

    app = IcfApplication.objects.get(year=2019)
    icf.assign_defaults(app)
    a = _a(2019, "B2")
    assert a.organisation.code == "DIC"
    client.force_login(users["donre"])
    r = client.post(f"/programme/icf/questions/{a.pk}/", {"action": "save", "number": "50"})
    assert r.status_code == 403
    client.force_login(users["dic"])
    page = client.get(f"/programme/icf/questions/{a.pk}/").content.decode()
    assert 'id="answer-form"' in page
    client.post(f"/programme/icf/questions/{a.pk}/", {"action": "evidence", "kind": "kpi", "kpi": "programme.progress"})
    r = client.post(f"/programme/icf/questions/{a.pk}/", {"action": "submit", "number": "52,4", "narrative": "Số liệu VNPT"})
    assert r.status_code == 302
    ans = IcfAnswer.objects.get(assignment=a)
    assert ans.status == "submitted" and ans.number == 52.4 and ans.evidence.filter(kind="kpi").count() == 1
    client.post(f"/programme/icf/questions/{a.pk}/", {"action": "review", "decision": "approve"})
    assert IcfAnswer.objects.get(pk=ans.pk).status == "submitted"  # a department cannot approve
    client.force_login(users["office"])
    client.post(f"/programme/icf/questions/{a.pk}/", {"action": "review", "decision": "approve"})
    assert IcfAnswer.objects.get(pk=ans.pk).status == "accepted"


def test_evidence_download_is_an_attachment(client, demo, users):
    ev = IcfEvidence.objects.filter(kind="file").first()
    assert ev is not None
    assert client.get(f"/programme/icf/evidence/{ev.pk}/download").status_code == 302  # login first
    client.force_login(users["donre"])
    r = client.get(f"/programme/icf/evidence/{ev.pk}/download")
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment;") and "diem-wifi-cong-cong-2018" in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff" and r["Content-Type"].startswith("text/csv")
    assert "Thủ Dầu Một" in b"".join(r.streaming_content).decode()


def test_export_download(client, demo, users):
    client.force_login(users["office"])
    r = client.get("/programme/icf/2018/export.zip")
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    assert 'attachment; filename="icf-2018-answers.zip"' == r["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "manifest.json" in names and any(n.startswith("evidence/") for n in names)


# -- API ----------------------------------------------------------------------------------------
def test_api_reads(api, demo, users):
    fws = api.get("/api/programme/icf/frameworks/").json()
    assert {f["key"] for f in fws} == {"icf-2018", "icf-current"}
    apps = api.get("/api/programme/icf/applications/").json()
    assert [a["year"] for a in apps] == list(range(2017, 2024)) and "progress" not in apps[0]
    assert api.get("/api/programme/icf/applications/2018/answers/").status_code in (401, 403)
    api.force_authenticate(users["dic"])
    rows = api.get("/api/programme/icf/applications/2018/answers/?mine=1").json()
    assert rows and all(r["organisation"] == "DIC" and r["can_answer"] for r in rows)
    comp = api.get("/api/programme/icf/comparison/?years=2017,2018").json()
    assert comp["years"] == [2017, 2018] and comp["goal_met"] == {"2018": False}
    kp = api.get("/api/programme/icf/kpis/").json()
    assert any(k["key"] == "env.aqi_good_share" for k in kp)
    assert len(api.get("/api/programme/icf/scores/").json()) == 42


def test_api_answer_permissions_and_reasons(api, demo, users):
    s1 = _a(2018, "S3")  # DONRE, accepted in the demo
    b4 = _a(2018, "B4")  # returned in the demo; owner TELCO
    api.force_authenticate(users["dic"])
    r = api.put(f"/api/programme/icf/assignments/{s1.pk}/answer/", {"narrative": "x"}, format="json")
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "forbidden"
    from smartcity.programme.models import IcfApplication

    app = IcfApplication.objects.get(year=2020)
    icf.assign_defaults(app)
    q = _a(2020, "1.2")  # DIC, number %
    r = api.put(f"/api/programme/icf/assignments/{q.pk}/answer/", {"number": "nhiều lắm"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "number_invalid"
    r = api.put(f"/api/programme/icf/assignments/{q.pk}/answer/", {"submit": True}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "number_required"
    r = api.put(f"/api/programme/icf/assignments/{q.pk}/answer/", {"number": 61.2, "submit": True}, format="json")
    assert r.status_code == 200 and r.json()["answer"]["status"] == "submitted"
    r = api.post(f"/api/programme/icf/assignments/{q.pk}/review/", {"approve": True}, format="json")
    assert r.status_code == 403
    api.force_authenticate(users["office"])
    r = api.post(f"/api/programme/icf/assignments/{q.pk}/review/", {"approve": False}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "comment_required"
    r = api.post(f"/api/programme/icf/assignments/{q.pk}/review/", {"approve": True, "comment": ""}, format="json")
    assert r.status_code == 200 and r.json()["answer"]["status"] == "accepted"
    assert b4.organisation.code == "TELCO"


def test_api_evidence_upload_and_scores(api, demo, users):
    from smartcity.programme.models import IcfApplication

    icf.assign_defaults(IcfApplication.objects.get(year=2020))
    q = _a(2020, "1.4")
    api.force_authenticate(users["dic"])
    bad = SimpleUploadedFile("trang.html", b"<html></html>", content_type="text/html")
    r = api.post(f"/api/programme/icf/assignments/{q.pk}/evidence/", {"kind": "file", "file": bad}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "file_type"
    good = SimpleUploadedFile("wifi.csv", b"huyen,so\n", content_type="text/csv")
    r = api.post(f"/api/programme/icf/assignments/{q.pk}/evidence/", {"kind": "file", "file": good}, format="multipart")
    assert r.status_code == 201 and r.json()["download"].endswith("/download")
    r = api.post(f"/api/programme/icf/assignments/{q.pk}/evidence/", {"kind": "kpi", "kpi": "hub.assets.wifi-hotspot"}, format="json")
    assert r.status_code == 201 and r.json()["kpi"] == "hub.assets.wifi-hotspot"
    r = api.post("/api/programme/icf/scores/", {"year": 2020, "factor": "innovation", "score": 70, "source": "icf"}, format="json")
    assert r.status_code == 403
    api.force_authenticate(users["office"])
    r = api.post("/api/programme/icf/scores/", {"year": 2020, "factor": "innovation", "score": 170, "source": "icf"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "score_range"
    r = api.post("/api/programme/icf/scores/", {"year": 2020, "factor": "innovation", "score": 70, "source": "icf"}, format="json")
    assert r.status_code == 201
    assert icf.comparison([2020])["scores"][2020]["innovation"] == 70  # ICF's score wins over the self-assessment
    r = api.post("/api/programme/icf/applications/2020/assign/", {"factor": "innovation", "organisation": "DPI", "due_date": "2020-08-31"},
                 format="json")
    assert r.status_code == 200 and r.json()["updated"] == 5


# -- commands -----------------------------------------------------------------------------------
def test_cli_compare_export_assign(demo, tmp_path, capsys):
    call_command("programme", "icf-compare", "--years", "2017,2018")
    out = capsys.readouterr().out
    assert "2018 vs 2017" in out and "2017" in out
    assert out.count("2018 vs 2017") == 1  # the baseline is also the previous year: one line, not two
    call_command("programme", "icf-compare", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["goal_met"]["2019"] is True and data["goal_met"]["2018"] is False
    target = tmp_path / "icf-2018.zip"
    call_command("programme", "icf-export", "--year", "2018", "--out", str(target))
    assert zipfile.ZipFile(target).read("manifest.json")
    call_command("programme", "icf-assign", "--year", "2023", "--due", "2023-08-31")
    from smartcity.programme.models import IcfAssignment

    assert IcfAssignment.objects.filter(application__year=2023).count() == 27
    assert set(IcfAssignment.objects.filter(application__year=2023).values_list("due_date", flat=True)) == {dt.date(2023, 8, 31)}
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("programme", "icf-export", "--year", "2009", "--out", str(target))


def test_application_page_office_tools_in_english(client, demo, users):
    from smartcity.programme.models import IcfAssignment

    client.force_login(users["dic"])
    client.cookies["django_language"] = "en"
    page = client.get("/programme/icf/2018/?as_of=2018-09-01", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ICF application 2018" in page and "bulk-assign" not in page and 'id="overdue-none"' in page
    assert client.post("/programme/icf/2018/", {"action": "assign_defaults"}).status_code == 403
    page = client.get("/programme/icf/2018/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "overdue by 107 d" in page  # E3 is still a draft on 31/12/2018, due 15/09/2018
    client.force_login(users["office"])
    factor = IcfAssignment.objects.filter(application__year=2018, question__number="E1").get().question.factor
    r = client.post("/programme/icf/2018/", {"action": "bulk_assign", "factor": factor.pk, "organisation": "DOHA", "due_date": "2018-10-01"})
    assert r.status_code == 302 and r["Location"].endswith("#factor-digital-equality")
    codes = dict(IcfAssignment.objects.filter(application__year=2018, question__factor=factor).values_list("question__number", "organisation__code"))
    assert codes == {"E1": "DIC", "E2": "DIC", "E3": "DOHA"}  # approved answers stay with their unit
    r = client.post("/programme/icf/2018/", {"action": "score", "factor": factor.pk, "score": "66", "source": "icf", "comment": "ICF"})
    assert r.status_code == 302
    from smartcity.programme.services import icf as svc

    assert svc.comparison([2018])["scores"][2018]["inclusion"] == 66
