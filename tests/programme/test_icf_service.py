"""ICF service rules: frameworks loaded idempotently, default assignment, who answers and
who reviews, evidence checks and KPI capture, progress, the comparison of years, the
answer pack and the demo."""
import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from smartcity.programme.models import IcfAnswer, IcfApplication, IcfFactor, IcfFramework, IcfQuestion, IcfScore
from smartcity.programme.services import icf, kpis

pytestmark = pytest.mark.django_db


@pytest.fixture
def app2018(reference, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    icf.ensure_frameworks()
    app = icf.ensure_application(2018, stage="preparing", due_date=dt.date(2018, 10, 15))
    icf.assign_defaults(app, due_date=dt.date(2018, 9, 15))
    return app


@pytest.fixture
def users(make_user):
    return {"dic": make_user("dic-editor", "DIC"), "dic_viewer": make_user("dic-viewer", "DIC", role="viewer"),
            "donre": make_user("donre-editor", "DONRE"), "office": make_user("office", "VPTPTM")}


def _assignment(app, number):
    return app.assignments.select_related("question", "organisation").get(question__number=number)


def test_frameworks_are_loaded_once_with_stable_dimensions(reference):
    first = icf.ensure_frameworks()
    again = icf.ensure_frameworks()
    assert first["created"] > 0 and again["created"] == 0
    assert IcfFramework.objects.count() == 2
    current = IcfFramework.objects.get(key="icf-current")
    old = IcfFramework.objects.get(key="icf-2018")
    assert IcfQuestion.objects.filter(factor__framework=current).count() == 27
    assert [f.title_en for f in old.factors.all()] == ["Broadband", "Knowledge workforce", "Innovation", "Digital equality",
                                                        "Sustainability", "Advocacy"]
    assert [f.title_en for f in current.factors.all()] == ["Broadband and digital services", "Knowledge workforce", "Innovation",
                                                            "Community engagement", "Digital inclusion", "Sustainability"]
    dims = lambda fw: {f.title_en: f.dimension for f in fw.factors.all()}  # noqa: E731
    assert dims(old)["Digital equality"] == dims(current)["Digital inclusion"]
    assert dims(old)["Advocacy"] == dims(current)["Community engagement"]
    assert set(dims(old).values()) == set(dims(current).values())
    kinds = set(IcfQuestion.objects.filter(factor__framework=current).values_list("kind", flat=True))
    assert kinds == {"choice", "short", "number", "narrative"}
    for q in IcfQuestion.objects.exclude(kpi=""):
        assert kpis.exists(q.kpi), q.kpi
    assert all(f.title_vi and f.description_vi for f in IcfFactor.objects.all())


def test_framework_by_year(reference):
    icf.ensure_frameworks()
    assert icf.framework_for_year(2017).key == "icf-2018"
    assert icf.framework_for_year(2019).key == "icf-2018"
    assert icf.framework_for_year(2023).key == "icf-current"


def test_default_assignment_by_factor(app2018):
    assert app2018.assignments.count() == IcfQuestion.objects.filter(factor__framework=app2018.framework).count()
    assert _assignment(app2018, "B1").organisation.code == "DIC"
    assert _assignment(app2018, "K1").organisation.code == "DOET"
    assert _assignment(app2018, "K3").organisation.code == "TDMU"  # the question's own department
    assert _assignment(app2018, "I1").organisation.code == "DOST"
    assert _assignment(app2018, "S1").organisation.code == "DONRE"
    assert icf.assign_defaults(app2018)["created"] == 0  # idempotent


def test_department_answers_only_its_own_assignments(app2018, users):
    b1 = _assignment(app2018, "B1")  # DIC
    s1 = _assignment(app2018, "S1")  # DONRE
    with pytest.raises(PermissionDenied):
        icf.save_answer(s1, users["dic"], number=9)
    with pytest.raises(PermissionDenied):
        icf.save_answer(b1, users["dic_viewer"], number=80)
    with pytest.raises(PermissionDenied):  # the Office reviews, it does not write departments' answers
        icf.save_answer(b1, users["office"], number=80)
    ans = icf.save_answer(b1, users["dic"], number="82,5")
    assert ans.number == 82.5 and ans.owner.code == "DIC" and ans.status == "draft"


def test_answer_validation_by_kind(app2018, users):
    b1 = _assignment(app2018, "B1")  # number, %
    with pytest.raises(icf.IcfError) as e:
        icf.save_answer(b1, users["dic"], number="nhiều")
    assert e.value.errors[0]["code"] == "number_invalid"
    with pytest.raises(icf.IcfError) as e:
        icf.save_answer(b1, users["dic"], number=140)
    assert e.value.errors[0]["code"] == "number_range"
    with pytest.raises(icf.IcfError) as e:
        icf.save_answer(b1, users["dic"], narrative="chưa có số liệu", submit=True)
    assert e.value.errors[0]["code"] == "number_required"
    k2 = _assignment(app2018, "K2")  # choice, DOET
    doet = k2.organisation
    from smartcity.core.models import User

    doet_user = User.objects.create_user("doet", password="x-Mật-khẩu-1", organisation=doet, role="editor")
    with pytest.raises(icf.IcfError) as e:
        icf.save_answer(k2, doet_user, value="có lẽ")
    assert e.value.errors[0]["code"] == "choice_invalid"
    assert icf.save_answer(k2, doet_user, value="partly", submit=True).status == "submitted"


def test_only_the_office_reviews_and_returning_needs_a_comment(app2018, users):
    b1 = _assignment(app2018, "B1")
    ans = icf.save_answer(b1, users["dic"], number=82, submit=True)
    with pytest.raises(IcfError_ := icf.IcfError):
        icf.save_answer(b1, users["dic"], number=83)  # frozen once submitted
    with pytest.raises(PermissionDenied):
        icf.review_answer(ans, users["dic"], approve=True)
    with pytest.raises(PermissionDenied):
        icf.review_answer(ans, users["donre"], approve=True)
    with pytest.raises(IcfError_) as e:
        icf.review_answer(ans, users["office"], approve=False, comment="  ")
    assert e.value.errors[0]["code"] == "comment_required"
    icf.review_answer(ans, users["office"], approve=False, comment="Ghi rõ nguồn số liệu.")
    ans.refresh_from_db()
    assert ans.status == "returned" and ans.reviewed_by == users["office"]
    icf.save_answer(b1, users["dic"], number=82, narrative="Nguồn: VNPT, Viettel, FPT", submit=True)
    icf.review_answer(IcfAnswer.objects.get(pk=ans.pk), users["office"], approve=True)
    ans.refresh_from_db()
    assert ans.status == "accepted"
    assert ans.history.count() >= 4  # every step kept
    with pytest.raises(IcfError_):
        icf.review_answer(ans, users["office"], approve=True)  # not submitted any more


def test_evidence_kinds_and_checks(app2018, users):
    b3 = _assignment(app2018, "B3")
    ans = icf.save_answer(b3, users["dic"], number=620)
    ev = icf.add_evidence(ans, users["dic"], kind="kpi", kpi="programme.progress")
    assert ev.kpi_value is None and ev.title  # no plan yet: the KPI is unknown, not zero
    with pytest.raises(icf.IcfError) as e:
        icf.add_evidence(ans, users["dic"], kind="kpi", kpi="khong.co")
    assert e.value.errors[0]["code"] == "kpi_unknown"
    with pytest.raises(icf.IcfError) as e:
        icf.add_evidence(ans, users["dic"], kind="link", title="x", url="javascript:alert(1)")
    assert e.value.errors[0]["code"] == "url_invalid"
    with pytest.raises(icf.IcfError) as e:
        icf.add_evidence(ans, users["dic"], kind="dataset", title="x", url="/khong-co-trang-nay/")
    assert e.value.errors[0]["code"] == "dataset_path"
    assert icf.add_evidence(ans, users["dic"], kind="dataset", title="So sánh", url="/programme/icf/compare/").pk
    html = SimpleUploadedFile("bao-cao.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(icf.IcfError) as e:
        icf.add_evidence(ans, users["dic"], kind="file", file=html)
    assert e.value.errors[0]["code"] == "file_content"
    exe = SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(icf.IcfError) as e:
        icf.add_evidence(ans, users["dic"], kind="file", file=exe)
    assert e.value.errors[0]["code"] == "file_type"
    big = SimpleUploadedFile("lon.csv", b"a" * (icf.MAX_UPLOAD_BYTES + 1), content_type="text/csv")
    with pytest.raises(icf.IcfError) as e:
        icf.add_evidence(ans, users["dic"], kind="file", file=big)
    assert e.value.errors[0]["code"] == "file_size"
    ok = icf.add_evidence(ans, users["dic"], kind="file", file=SimpleUploadedFile("wifi.csv", b"huyen,so\nDi An,109\n"))
    assert ok.title == "wifi.csv" and ok.file
    with pytest.raises(PermissionDenied):
        icf.add_evidence(ans, users["donre"], kind="link", title="x", url="https://binhduong.gov.vn/")


def test_kpi_value_is_captured_when_attached(app2018, users, small_plan):
    plan, items, _ = small_plan
    plan.code = "kh-11-2018"
    plan.progress = 42.5
    plan.save()
    ans = icf.save_answer(_assignment(app2018, "B3"), users["dic"], number=620)
    ev = icf.add_evidence(ans, users["dic"], kind="kpi", kpi="programme.progress")
    assert ev.kpi_value == 42.5
    plan.progress = 60
    plan.save()
    row = icf.evidence_rows(ans)[0]
    assert row["kpi_value"] == 42.5 and row["kpi_now"] == 60  # value then and now both shown
    assert kpis.value("programme.helix_full") is not None


def test_progress_and_overdue(app2018, users):
    b1, b2 = _assignment(app2018, "B1"), _assignment(app2018, "B2")
    ans = icf.save_answer(b1, users["dic"], number=82, submit=True)
    icf.review_answer(ans, users["office"], approve=True)
    icf.save_answer(b2, users["dic"], number=46)
    p = icf.application_progress(app2018)
    assert p["as_of"] == dt.date(2018, 12, 31)  # a past year is judged at its end
    bb = next(r for r in p["factors"] if r["factor"].key == "broadband")
    assert bb["accepted"] == 1 and bb["draft"] == 1 and bb["unanswered"] == 2
    overdue = {o["assignment"].question.number for o in p["overdue"]}
    assert "B1" not in overdue and "B2" in overdue and "S1" in overdue
    early = icf.application_progress(app2018, dt.date(2018, 9, 1))
    assert early["overdue"] == []


def test_bulk_assign_by_factor_keeps_submitted_answers(app2018, users):
    factor = app2018.framework.factors.get(key="sustainability")
    s1 = _assignment(app2018, "S1")
    icf.save_answer(s1, users["donre"], number=9, submit=True)
    from smartcity.core.models import Organisation

    dost = Organisation.objects.get(code="DOST")
    with pytest.raises(PermissionDenied):
        icf.bulk_assign(app2018, factor, dost, dt.date(2018, 8, 31), users["dic"])
    r = icf.bulk_assign(app2018, factor, dost, dt.date(2018, 8, 31), users["office"])
    assert r == {"created": 0, "updated": 2, "kept": 1}
    assert _assignment(app2018, "S2").organisation == dost and _assignment(app2018, "S1").organisation.code == "DONRE"


def _scores(app, values, source="self"):
    for f, v in zip(app.framework.factors.order_by("position"), values):
        IcfScore.objects.update_or_create(application=app, factor=f, source=source, defaults={"score": v})


def test_comparison_across_wordings(reference):
    icf.ensure_frameworks()
    a17 = icf.ensure_application(2017, stage="trial")
    a18 = icf.ensure_application(2018, stage="submitted")
    a21 = icf.ensure_application(2021, stage="top7")
    # icf-2018 order: broadband, workforce, innovation, equality(inclusion), sustainability, advocacy(engagement)
    _scores(a17, [58, 52, 55, 48, 54, 50])
    _scores(a18, [64, 57, 61, 53, 53, 58])           # sustainability lower than 2017
    # icf-current order: broadband, workforce, innovation, engagement, inclusion, sustainability
    _scores(a21, [77, 68, 73, 72, 66, 68])
    comp = icf.comparison()
    assert comp["years"] == [2017, 2018, 2021]
    assert comp["scores"][2017]["inclusion"] == 48 and comp["scores"][2017]["engagement"] == 50
    assert comp["scores"][2021]["engagement"] == 72 and comp["scores"][2021]["inclusion"] == 66
    assert comp["goal_met"] == {2018: False, 2021: True}
    row18 = next(r for r in comp["rows"] if r["year"] == 2018)
    assert row18["vs_baseline"]["worse"] == ["sustainability"]
    row21 = next(r for r in comp["rows"] if r["year"] == 2021)
    assert row21["vs_previous"]["better_all"] is True and row21["self_assessed"] is True
    assert comp["community"][2017] == pytest.approx(52.83, abs=0.01)
    pairs = {(p["base"], p["year"]): p["better_all"] for p in comp["pairs"]}
    assert pairs == {(2017, 2018): False, (2017, 2021): True, (2018, 2021): True}
    json.dumps(comp, default=str)  # the CLI prints it
    only = icf.comparison([2018, 2021])
    assert only["years"] == [2018, 2021] and only["goal_met"] == {2018: False, 2021: True}  # 2017 stays the baseline
    # ICF's own evaluation wins over the self-assessment
    IcfScore.objects.create(application=a18, factor=a18.framework.factors.get(key="sustainability"), source="icf", score=60)
    assert icf.comparison()["goal_met"][2018] is True


def test_export_pack_contents(app2018, users):
    from openpyxl import load_workbook

    b3 = _assignment(app2018, "B3")
    ans = icf.save_answer(b3, users["dic"], number=620, narrative="Điểm Wi-Fi tại công viên và bến xe")
    icf.add_evidence(ans, users["dic"], kind="file", file=SimpleUploadedFile("diem-wifi.csv", "huyện,số\nDĩ An,109\n".encode()))
    icf.add_evidence(ans, users["dic"], kind="link", title="Cổng thông tin", url="https://smartcity.binhduong.gov.vn/")
    icf.save_answer(b3, users["dic"], number=620, narrative="Điểm Wi-Fi tại công viên và bến xe", submit=True)
    data = icf.export_pack(app2018)
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = zf.namelist()
    assert {"answers.xlsx", "answers.md", "manifest.json"} <= set(names)
    files = [n for n in names if n.startswith("evidence/")]
    assert len(files) == 1 and files[0].endswith("diem-wifi.csv")
    assert zf.read(files[0]).decode() == "huyện,số\nDĩ An,109\n"
    wb = load_workbook(io.BytesIO(zf.read("answers.xlsx")))
    assert len(wb.sheetnames) == 6
    ws = wb[wb.sheetnames[0]]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["No.", "Câu hỏi", "Question", "Department"]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "B3")
    assert row[3] == "DIC" and "620" in row[5] and row[6] == "submitted" and "Cổng thông tin" in row[8]
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["year"] == 2018 and len(manifest["factors"]) == 6
    q = next(q for f in manifest["factors"] for q in f["questions"] if q["number"] == "B3")
    assert {e["kind"] for e in q["evidence"]} == {"file", "link"}
    assert "Điểm Wi-Fi tại công viên" in zf.read("answers.md").decode()


def test_demo_is_idempotent_and_plausible(reference, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from smartcity.programme import demo_icf

    first = demo_icf.load()
    assert first["applications"] == 7 and first["answers"] > 15 and first["scores"] == 42 and first["evidence"] >= 5
    assert demo_icf.load() == {"applications": 0, "assignments": 0, "answers": 0, "evidence": 0, "scores": 0}
    stages = dict(IcfApplication.objects.values_list("year", "stage"))
    assert stages[2017] == "trial" and stages[2018] == "submitted" and stages[2021] == stages[2022] == stages[2023] == "top7"
    statuses = list(IcfAnswer.objects.filter(assignment__application__year=2018).values_list("status", flat=True))
    assert statuses.count("accepted") > len(statuses) / 2 and "returned" in statuses
    comp = icf.comparison()
    assert comp["goal_met"][2018] is False and all(comp["goal_met"][y] for y in range(2019, 2024))
    assert all(r["self_assessed"] for r in comp["rows"])


def test_submit_application_needs_approved_answers_and_the_right_stage(app2018, users):
    with pytest.raises(PermissionDenied):
        icf.submit_application(app2018, users["dic"])
    with pytest.raises(icf.IcfError) as e:
        icf.submit_application(app2018, users["office"])
    assert e.value.errors[0]["code"] == "nothing_approved"
    ans = icf.save_answer(_assignment(app2018, "B1"), users["dic"], number=82, submit=True)
    icf.review_answer(ans, users["office"], approve=True)
    icf.submit_application(app2018, users["office"], on=dt.date(2018, 10, 12))
    app2018.refresh_from_db()
    assert app2018.stage == "submitted" and app2018.submitted_on == dt.date(2018, 10, 12)
    with pytest.raises(icf.IcfError) as e:
        icf.submit_application(app2018, users["office"])
    assert e.value.errors[0]["code"] == "stage"


def test_kpis_read_other_apps_and_are_none_without_data(reference, make_asset):
    assert kpis.value("hub.assets.wifi-hotspot") is None  # no hub data at all: unknown, not zero
    assert kpis.value("env.aqi_good_share") is None and kpis.value("mobility.routes") is None
    assert kpis.value("khong.co") is None
    make_asset("wifi-cong-vien-thu-dau-mot", type_code="wifi-hotspot", owner="DIC")
    air = make_asset("kk-thu-dau-mot", type_code="air-station")
    assert kpis.value("hub.assets.wifi-hotspot") == 1 and kpis.value("hub.assets.streetlight") == 0
    from smartcity.environment.models import IndexValue, Station

    station = Station.objects.create(asset=air, owner=air.owner, code="BD_TDM_KK01", kind="air")
    t0 = 1_700_000_000
    for i, v in enumerate([30, 45, 50, 51, 120]):
        IndexValue.objects.create(station=station, kind="vn_aqi_h", t=t0 + i * 3600, value=v)
    IndexValue.objects.create(station=station, kind="vn_aqi_h", t=t0 - 40 * 86400, value=200)  # outside the 30 days
    assert kpis.value("env.aqi_good_share") == 60.0
    assert kpis.value("env.stations") == 1 and kpis.value("env.stations_reporting") == 0  # nothing received lately


def test_kpis_read_the_loaded_plan(plan2018):
    assert kpis.value("programme.progress") == round(plan2018.progress, 1)
    full, share = kpis.value("programme.helix_full"), kpis.value("programme.helix_share")
    assert full is not None and 0 <= share <= 100
