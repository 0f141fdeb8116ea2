"""The catalogue services: the seed, versions in force, the draft workflow, permissions,
search without diacritics, and the .docx templates."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(reference):
    from smartcity.onestop.services.catalogue import load_catalogue

    return load_catalogue(templates=False)


def test_load_is_idempotent_and_covers_the_plan_departments(catalogue):
    from smartcity.onestop.models import Procedure, ProcedureVersion, RequiredDocument
    from smartcity.onestop.services.catalogue import load_catalogue

    assert catalogue["procedures"] >= 28
    before = (Procedure.objects.count(), ProcedureVersion.objects.count(), RequiredDocument.objects.count())
    again = load_catalogue(templates=False)
    assert again["procedures"] == again["versions"] == again["documents"] == 0
    assert (Procedure.objects.count(), ProcedureVersion.objects.count(), RequiredDocument.objects.count()) == before
    owners = set(Procedure.objects.values_list("owner__code", flat=True))
    assert {"DOC", "DONRE", "DPI", "DOHA", "DOT", "DOST", "DIC", "DOET"} <= owners
    for v in ProcedureVersion.objects.all():  # every version promises no more than its steps take
        assert sum(Decimal(str(s["days"])) for s in v.steps) == v.time_limit_days, v.procedure.code
        assert v.documents.exists()


def test_house_permit_has_the_construction_law_appraisal_steps(catalogue):
    from smartcity.onestop.models import Procedure
    from smartcity.onestop.services.catalogue import version_in_force

    house = Procedure.objects.get(code="1.009972")
    assert house.owner.code == "DOC" and "nhà ở riêng lẻ" in house.name_vi
    v = version_in_force(house, dt.date(2026, 3, 2))
    assert v.time_limit_days == 15
    appraisal = next(s for s in v.steps if s["key"] == "appraisal")
    assert appraisal["days"] == 7 and appraisal["unit"] == "DOC" and "102" in appraisal["note_vi"]
    assert "5 ngày" in appraisal["note_vi"] and "3 ngày" in appraisal["note_vi"]
    names = [d.name_vi for d in v.documents.all()]
    assert any("bản vẽ" in n for n in names) and any("quyền sử dụng đất" in n for n in names)
    assert any("phòng cháy" in n for n in names)
    drawings = next(d for d in v.documents.all() if "bản vẽ" in d.name_vi)
    assert drawings.copies == 2


def test_versions_2018_then_2025_at_the_service_centre(catalogue):
    from smartcity.onestop.models import Procedure, RuleSet, VersionStatus
    from smartcity.onestop.services.catalogue import version_in_force

    house = Procedure.objects.get(code="1.009972")
    old = version_in_force(house, dt.date(2025, 6, 30))
    new = version_in_force(house, dt.date(2025, 7, 1))
    assert (old.number, old.rule_set, old.status) == (1, RuleSet.R2018, VersionStatus.RETIRED)
    assert old.receiving_unit.code == "DOC" and old.valid_to == dt.date(2025, 6, 30)
    assert (new.number, new.rule_set) == (2, RuleSet.R2025)
    assert new.receiving_unit.name_vi == "Trung tâm Phục vụ hành chính công tỉnh Bình Dương"
    assert new.receiving_unit.kind in ("board", "department") and new.receiving_unit.helix == "government"
    assert "118/2025" in new.legal_basis and "61/2018" in old.legal_basis
    assert house.current_version == new
    # the receiving steps follow the version's receiving unit
    assert old.steps[0]["unit"] == "DOC" and new.steps[0]["unit"] == "TTPVHCC"


def test_no_version_in_force_before_the_first(catalogue):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import Procedure
    from smartcity.onestop.services.catalogue import version_in_force

    with pytest.raises(OneStopError) as exc:
        version_in_force(Procedure.objects.get(code="1.009972"), dt.date(2017, 12, 31))
    assert exc.value.code == "no_version_in_force"


def test_a_dossier_keeps_its_version_after_a_new_one_is_in_force(procedures, make_user):
    from smartcity.onestop.models import Dossier, VersionStatus
    from smartcity.onestop.services import catalogue as svc

    v1 = procedures["house"]
    dossier = make_dossier(v1, received_at=local(2026, 3, 2, 9))
    editor = make_user("nguyen.thanh.tam", "DOC")
    draft = svc.new_version(v1.procedure, editor, time_limit_days=20,
                            steps=v1.steps[:-1] + [{"key": "sign", "name_vi": "Trình ký, cấp giấy phép", "unit": "DOC", "days": 8}])
    assert draft.status == VersionStatus.DRAFT and draft.number == 2
    assert [d.name_vi for d in draft.documents.all()] == [d.name_vi for d in v1.documents.all()]
    # a draft changes nothing for the procedure yet
    assert svc.version_in_force(v1.procedure, dt.date(2026, 4, 1)) == v1
    svc.put_in_force(draft, editor, dt.date(2026, 4, 1))
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED and v1.valid_to == dt.date(2026, 3, 31)
    assert Dossier.objects.get(pk=dossier.pk).procedure_version_id == v1.pk
    assert svc.version_in_force(v1.procedure, dt.date(2026, 3, 2)) == v1
    assert svc.version_in_force(v1.procedure, dt.date(2026, 4, 1)).time_limit_days == 20
    # what changed is visible in the history
    changes = {c["key"] for c in svc.history(v1.procedure)[0]["changes"]}
    assert {"time_limit_days", "steps"} <= changes


def test_versions_in_force_are_never_edited(procedures, make_user):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import catalogue as svc

    editor = make_user("tran.minh.khoa", "DOC")
    with pytest.raises(OneStopError) as exc:
        svc.update_draft(procedures["house"], editor, time_limit_days=3)
    assert exc.value.code == "not_draft"
    with pytest.raises(OneStopError) as exc:
        svc.put_in_force(procedures["house"], editor, dt.date(2026, 5, 1))
    assert exc.value.code == "not_draft"
    procedures["house"].refresh_from_db()
    assert procedures["house"].time_limit_days == 15


def test_draft_rules(procedures, make_user):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.services import catalogue as svc

    editor = make_user("le.van.dat", "DOC")
    proc = procedures["house"].procedure
    for changes, code in [({"time_limit_days": 5}, "steps_exceed_limit"), ({"online_level": "sometimes"}, "invalid_choice"),
                          ({"receiving_unit": "NOWHERE"}, "unknown_unit"), ({"code": "9.999999"}, "unknown_field"),
                          ({"fees": [{"name_vi": "Lệ phí", "amount_vnd": -5}]}, "invalid")]:
        with pytest.raises(OneStopError) as exc:
            svc.new_version(proc, editor, **changes)
        assert exc.value.code == code
    draft = svc.new_version(proc, editor)
    with pytest.raises(OneStopError) as exc:
        svc.new_version(proc, editor)
    assert exc.value.code == "draft_exists"
    with pytest.raises(OneStopError) as exc:  # not before the version in force started
        svc.put_in_force(draft, editor, dt.date(2025, 7, 1))
    assert exc.value.code == "valid_from_too_early"
    svc.update_draft(draft, editor, documents=[{"name_vi": "Đơn đề nghị cấp giấy phép xây dựng", "copies": 1, "original": True}])
    assert draft.documents.count() == 1


def test_only_the_competent_unit_or_the_coordinator_may_change(procedures, make_user):
    from smartcity.onestop.services import catalogue as svc

    proc = procedures["house"].procedure
    for user in (make_user("pham.thi.hoa", "DPI"), make_user("vo.quoc.bao", "DOC", role="viewer")):
        with pytest.raises(PermissionDenied):
            svc.new_version(proc, user)
    office = make_user("dang.ngoc.lan", "VPTPTM")
    draft = svc.new_version(proc, office)
    with pytest.raises(PermissionDenied):
        svc.put_in_force(draft, make_user("huynh.van.son", "DONRE"), dt.date(2026, 6, 1))
    svc.put_in_force(draft, office, dt.date(2026, 6, 1))


def test_fold_ignores_case_and_vietnamese_diacritics():
    from smartcity.onestop.services.catalogue import fold

    assert fold("Giấy phép XÂY DỰNG") == "giay phep xay dung"
    assert fold("Đăng ký đất đai") == "dang ky dat dai"
    assert fold("Thủ Dầu Một") == "thu dau mot"


def test_search_without_diacritics(catalogue):
    from django.contrib.auth.models import AnonymousUser

    from smartcity.onestop.services import catalogue as svc

    qs = svc.procedures_for(AnonymousUser())
    codes = [p.code for p, _ in svc.search(qs, q="giay phep xay dung")]
    assert "1.009972" in codes
    for p, _ in svc.search(qs, q="giay phep xay dung"):  # every word, in the name or the field
        assert "giay phep" in svc.fold(p.name_vi) and "xay dung" in svc.fold(p.name_vi + " " + p.field.name_vi)
    assert [p.code for p, _ in svc.search(qs, q="NHÀ Ở RIÊNG LẺ")] == [p.code for p, _ in svc.search(qs, q="nha o rieng le")]
    assert svc.search(qs, q="tàu vũ trụ") == []
    full = svc.search(qs, online="full")
    assert full and all(v.online_level == "full" for _, v in full)
    assert all(p.owner.code == "DIC" for p, _ in svc.search(qs, unit="DIC"))


def test_templates_are_real_docx_files(reference, monkeypatch):
    from docx import Document

    from smartcity.onestop import catalogue_data
    from smartcity.onestop.models import RequiredDocument
    from smartcity.onestop.services.catalogue import load_catalogue

    # the house permit only, to keep the test fast: two versions share one generated form
    monkeypatch.setattr(catalogue_data, "PROCEDURES", [p for p in catalogue_data.PROCEDURES if p["code"] == "1.009972"])
    counts = load_catalogue()
    assert counts["templates"] == 1 and counts["versions"] == 2
    doc = RequiredDocument.objects.get(version__procedure__code="1.009972", version__number=2, order=0)
    assert doc.template and doc.template_name.startswith("Mẫu số 01")
    with doc.template.open("rb") as fh:
        text = "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)
    assert "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Địa điểm xây dựng" in text
