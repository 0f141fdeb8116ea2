"""The catalogue pages: list with filters and diacritic-free search, the procedure page,
the draft workflow for the competent unit, 403 for another unit, template downloads."""
import datetime as dt
import io

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(reference):
    from smartcity.onestop.services.catalogue import load_catalogue

    load_catalogue(templates=False)


def _codes(html: str) -> list[str]:
    import re

    return re.findall(r'<tr data-code="([^"]+)"', html)


def test_list_search_ignores_diacritics_and_filters_count(client, catalogue):
    from smartcity.onestop.models import Procedure

    page = client.get("/onestop/thu-tuc/")
    assert page.status_code == 200
    assert len(_codes(page.content.decode())) == Procedure.objects.count()
    found = client.get("/onestop/thu-tuc/", {"q": "giay phep xay dung"}).content.decode()
    assert "1.009972" in _codes(found) and "Giấy phép xây dựng".lower() in found.lower()
    assert "2.001610" not in _codes(found)
    by_unit = _codes(client.get("/onestop/thu-tuc/", {"unit": "DOET"}).content.decode())
    assert set(by_unit) == set(Procedure.objects.filter(owner__code="DOET").values_list("code", flat=True))
    full = client.get("/onestop/thu-tuc/", {"online": "full", "field": "thanh-lap-doanh-nghiep"}).content.decode()
    assert "2.001610" in _codes(full)  # fully online since its 2025 version
    assert "Hoạt động xây dựng (4)" in page.content.decode()  # counts by field in the filter


def test_procedure_page_shows_the_version_in_force(client, catalogue):
    page = client.get("/onestop/thu-tuc/1.009972/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "15" in html.split('id="time-limit"')[1][:80]
    assert "Trung tâm Phục vụ hành chính công tỉnh Bình Dương" in html
    assert "/onestop/nop-truc-tuyen/1.009972/" in html and "Nộp hồ sơ trực tuyến" in html
    assert "Thẩm định hồ sơ, kiểm tra thực địa" in html and "<svg" in html
    assert "75.000 đ" in html
    # history: version 2 lists what changed from version 1
    history = html.split('id="versions"')[1]
    assert 'data-key="receiving_unit"' in history and 'data-key="rule_set"' in history
    assert 'id="new-version"' not in html  # not for the public
    assert client.get("/onestop/thu-tuc/9.999999/").status_code == 404


def test_staff_create_edit_and_put_in_force_a_draft(client, catalogue, make_user):
    from smartcity.onestop.forms_catalogue import document_initial, fees_to_text, steps_to_text
    from smartcity.onestop.models import Procedure, VersionStatus

    client.force_login(make_user("nguyen.thanh.tam", "DOC"))
    proc = Procedure.objects.get(code="1.009972")
    current = proc.current_version
    assert 'id="new-version"' in client.get("/onestop/thu-tuc/1.009972/").content.decode()
    form = client.get("/onestop/thu-tuc/1.009972/phien-ban/moi/")
    assert form.status_code == 200 and "Thành phần hồ sơ" in form.content.decode()
    docs = document_initial(current)
    post = {"name_vi": current.name_vi, "name_en": current.name_en, "rule_set": "2025", "competent_unit": current.competent_unit_id,
            "receiving_unit": current.receiving_unit_id, "legal_basis": current.legal_basis, "time_limit_days": "15",
            "online_level": "full", "result_vi": current.result_vi, "result_en": current.result_en, "conditions_vi": "",
            "fees_text": fees_to_text(current.fees).replace("75000", "100000"), "steps_text": steps_to_text(current.steps),
            "docs-TOTAL_FORMS": str(len(docs) + 1), "docs-INITIAL_FORMS": str(len(docs)), "docs-MIN_NUM_FORMS": "0",
            "docs-MAX_NUM_FORMS": "1000"}
    for i, d in enumerate(docs):
        for k, v in d.items():
            if isinstance(v, bool):
                if v:
                    post[f"docs-{i}-{k}"] = "on"
            else:
                post[f"docs-{i}-{k}"] = "" if v is None else v
    post["docs-1-DELETE"] = "on"
    post[f"docs-{len(docs)}-name_vi"] = "Ảnh chụp hiện trạng khu đất"
    post[f"docs-{len(docs)}-copies"] = "1"
    post[f"docs-{len(docs)}-mandatory"] = "on"
    upload = io.BytesIO(b"%PDF-1.4 mau don")
    upload.name = "mau-anh-hien-trang.pdf"
    post[f"docs-{len(docs)}-template_file"] = upload
    response = client.post("/onestop/thu-tuc/1.009972/phien-ban/moi/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = proc.versions.get(status=VersionStatus.DRAFT)
    assert draft.online_level == "full" and draft.fees[0]["amount_vnd"] == 100000
    names = [d.name_vi for d in draft.documents.all()]
    assert "Ảnh chụp hiện trạng khu đất" in names and docs[1]["name_vi"] not in names and len(names) == len(docs)
    assert draft.documents.get(name_vi="Ảnh chụp hiện trạng khu đất").template
    # the in-force version did not move
    current.refresh_from_db()
    assert current.status == VersionStatus.IN_FORCE and current.online_level == "partial"
    # edit the draft: steps longer than the limit are refused with the reason
    bad = dict(post, steps_text=steps_to_text(current.steps).replace("| 7", "| 30"))
    bad.pop(f"docs-{len(docs)}-template_file")
    refused = client.post(f"/onestop/thu-tuc/1.009972/phien-ban/{draft.number}/sua/", bad)
    assert refused.status_code == 400
    # a successful edit keeps the uploaded template of the rows it keeps
    rows = document_initial(draft)
    edit = {k: v for k, v in post.items() if not k.startswith("docs-")}
    edit.update({"docs-TOTAL_FORMS": str(len(rows)), "docs-INITIAL_FORMS": str(len(rows)), "docs-MIN_NUM_FORMS": "0",
                 "docs-MAX_NUM_FORMS": "1000", "time_limit_days": "15"})
    for i, d in enumerate(rows):
        for k, v in d.items():
            if isinstance(v, bool):
                if v:
                    edit[f"docs-{i}-{k}"] = "on"
            else:
                edit[f"docs-{i}-{k}"] = "" if v is None else v
    edit["docs-0-copies"] = "2"
    saved = client.post(f"/onestop/thu-tuc/1.009972/phien-ban/{draft.number}/sua/", edit)
    assert saved.status_code == 302
    assert draft.documents.get(name_vi="Ảnh chụp hiện trạng khu đất").template
    assert draft.documents.get(order=0).copies == 2
    # put in force from a date
    done = client.post(f"/onestop/thu-tuc/1.009972/phien-ban/{draft.number}/ban-hanh/", {"valid_from": "2026-12-01"})
    assert done.status_code == 302
    draft.refresh_from_db()
    current.refresh_from_db()
    assert draft.status == VersionStatus.IN_FORCE and current.valid_to == dt.date(2026, 11, 30)
    # a version in force is never edited through the page
    again = client.get(f"/onestop/thu-tuc/1.009972/phien-ban/{draft.number}/sua/")
    assert again.status_code == 302


def test_another_unit_gets_403(client, catalogue, make_user):
    client.force_login(make_user("pham.thi.hoa", "DPI"))
    assert client.get("/onestop/thu-tuc/1.009972/phien-ban/moi/").status_code == 403
    assert 'id="new-version"' not in client.get("/onestop/thu-tuc/1.009972/").content.decode()
    assert client.post("/onestop/thu-tuc/1.009972/phien-ban/2/ban-hanh/", {"valid_from": "2026-12-01"}).status_code == 403


def test_template_download_is_a_docx_attachment(client, reference, monkeypatch):
    from docx import Document

    from smartcity.onestop import catalogue_data
    from smartcity.onestop.models import RequiredDocument
    from smartcity.onestop.services.catalogue import load_catalogue

    monkeypatch.setattr(catalogue_data, "PROCEDURES", [p for p in catalogue_data.PROCEDURES if p["code"] == "2.001610"])
    load_catalogue()
    doc = RequiredDocument.objects.filter(version__procedure__code="2.001610", version__number=2).exclude(template="").first()
    page = client.get("/onestop/thu-tuc/2.001610/").content.decode()
    assert f"/onestop/thu-tuc/mau/{doc.pk}/" in page
    response = client.get(f"/onestop/thu-tuc/mau/{doc.pk}/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    body = b"".join(response.streaming_content)
    text = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
    assert "GIẤY ĐỀ NGHỊ ĐĂNG KÝ CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN" in text
    no_template = RequiredDocument.objects.filter(template="").first()
    assert client.get(f"/onestop/thu-tuc/mau/{no_template.pk}/").status_code == 404
