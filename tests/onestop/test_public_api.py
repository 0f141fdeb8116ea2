"""Public API: lookup (same 404 for a wrong code and a wrong second factor, 429 with
Retry-After) and online submission (multipart) with the same checks as the page."""
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_lookup_answers_the_public_status(api, procedures):
    d = make_dossier(procedures["house"], status="processing", received_at=local(2026, 3, 2, 9, 15), due_at=local(2026, 3, 23, 16, 30))
    response = api.post("/api/onestop/lookup/", {"code": d.code, "phone_tail": "3456"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == d.code and body["status"] == "processing" and body["applicant"] == "Nguyễn V. H."
    assert body["due_at"] == "2026-03-23T09:30:00+00:00"  # 16:30 in Binh Duong
    assert body["procedure"]["code"] == "1.009972"
    text = response.content.decode()
    for secret in ("0908123456", "074085001234", "nguyenvanhung", "Yersin", "Nguyễn Văn Hùng"):
        assert secret not in text
    assert response["Cache-Control"] == "no-store"


def test_lookup_404_is_identical_for_both_wrong_cases(api, procedures):
    d = make_dossier(procedures["house"])
    wrong_tail = api.post("/api/onestop/lookup/", {"code": d.code, "phone_tail": "0000"}, format="json")
    wrong_code = api.post("/api/onestop/lookup/", {"code": d.code + "1", "phone_tail": "3456"}, format="json")
    assert wrong_tail.status_code == wrong_code.status_code == 404
    assert wrong_tail.content == wrong_code.content
    assert wrong_tail.json()["code"] == "not_found" and wrong_tail.json()["status"] == 404


def test_lookup_429_with_retry_after(api, procedures):
    d = make_dossier(procedures["house"])
    for tail in ("1000", "2000", "3000", "4000", "5000"):
        assert api.post("/api/onestop/lookup/", {"code": d.code, "phone_tail": tail}, format="json").status_code == 404
    response = api.post("/api/onestop/lookup/", {"code": d.code, "phone_tail": "3456"}, format="json")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900 and response.json()["code"] == "rate_limited"


def test_lookup_validation(api):
    response = api.post("/api/onestop/lookup/", {"code": "", "phone_tail": "12"}, format="json")
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"code", "phone_tail"}


def _payload(version, area_id, **over):
    data = {"procedure": version.procedure.code, "kind": "citizen", "name": "Võ Minh Tuấn", "phone": "0988777666",
            "id_number": "074090008899", "email": "", "address": "Khu phố Tân Phước, phường Tân Bình, Dĩ An",
            "subject": "Đăng ký hộ kinh doanh quán cà phê Mộc Lan", "area": area_id, "consent": "true"}
    for doc in version.documents.all():
        data[f"doc_{doc.pk}"] = SimpleUploadedFile("giay-de-nghi.pdf", PDF, content_type="application/pdf")
    data.update(over)
    return data


@pytest.fixture
def area_id():
    from smartcity.core.models import AdministrativeUnit

    return AdministrativeUnit.objects.filter(level="commune", valid_to__isnull=True).order_by("code").first().pk


def test_submission_creates_an_online_dossier(api, procedures, area_id):
    from smartcity.onestop.models import Dossier

    response = api.post("/api/onestop/submissions/", _payload(procedures["business"], area_id), format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    d = Dossier.objects.get(code=body["code"])
    assert d.status == body["status"] == "submitted" and d.documents.count() == 1
    assert body["lookup_url"].endswith("/onestop/tra-cuu/?code=" + d.code)
    found = api.post("/api/onestop/lookup/", {"code": d.code, "phone_tail": "7666"}, format="json")
    assert found.status_code == 200 and found.json()["status"] == "submitted"


def test_submission_refuses_html_renamed_pdf(api, procedures, area_id):
    from smartcity.onestop.models import Dossier

    version = procedures["business"]
    doc = version.documents.get()
    bad = SimpleUploadedFile("giay-de-nghi.pdf", b"  <html><body onload=x()>", content_type="application/pdf")
    response = api.post("/api/onestop/submissions/", _payload(version, area_id, **{f"doc_{doc.pk}": bad}), format="multipart")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [f"doc_{doc.pk}"]
    assert Dossier.objects.count() == 0


def test_submission_unknown_or_not_online(api, procedures, area_id):
    version = procedures["house"]
    version.online_level = "none"
    version.save()
    assert api.post("/api/onestop/submissions/", _payload(version, area_id), format="multipart").status_code == 404
    assert api.post("/api/onestop/submissions/", {"procedure": "0.000000"}, format="multipart").status_code == 404


def test_submissions_are_limited_per_address(api, procedures, area_id, settings):
    settings.ONESTOP_SUBMIT_IP_LIMIT = 2
    version = procedures["business"]
    codes = [api.post("/api/onestop/submissions/", _payload(version, area_id), format="multipart").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
