"""Public pages: the landing page, online submission with its upload checks, the lookup page
(no personal data, no enumeration, 429 when rate limited)."""
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def area():
    from smartcity.core.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(code="79-ANPHU", valid_to__isnull=True)


def _form(version, area, **over):
    data = {"kind": "citizen", "name": "Phạm Thị Thu Trang", "id_number": "074192003456", "phone": "0933 456 789",
            "email": "thutrang.pham@gmail.com", "address": "18 Nguyễn Văn Tiết, phường Lái Thiêu", "area": area.pk,
            "subject": "Xin cấp giấy phép xây dựng nhà ở 3 tầng tại thửa 512, tờ bản đồ 14", "consent": "on"}
    for i, doc in enumerate(version.documents.order_by("order")):
        data[f"doc_{doc.pk}"] = SimpleUploadedFile(f"giay-to-{i}.pdf", PDF, content_type="application/pdf")
    data.update(over)
    return data


def test_home_lists_online_procedures_and_figures(client, procedures):
    make_dossier(procedures["business"], status="returned", received_at=local(2026, 3, 2, 9), due_at=local(2026, 3, 5, 9))
    response = client.get(reverse("onestop-home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("onestop-submit", args=["1.009972"]) in html and reverse("onestop-submit", args=["2.000575"]) in html
    assert reverse("onestop-satisfaction") in html and reverse("onestop-catalogue") in html
    assert reverse("onestop-dossiers") not in html  # staff links only when logged in
    assert 'id="os-figures"' in html


def test_home_shows_staff_links_when_logged_in(client, make_user, procedures):
    client.force_login(make_user("doc.binh", "DOC"))
    assert reverse("onestop-dossiers") in client.get(reverse("onestop-home")).content.decode()


def test_public_figures_count_this_month(procedures):
    from smartcity.onestop.views_public import public_figures

    v = procedures["business"]
    make_dossier(v, received_at=local(2026, 3, 2, 9), due_at=local(2026, 3, 5, 9), result_at=local(2026, 3, 4, 9))
    make_dossier(v, received_at=local(2026, 3, 3, 9), due_at=local(2026, 3, 6, 9), result_at=local(2026, 3, 9, 9))
    make_dossier(v, received_at=local(2026, 2, 27, 9), due_at=local(2026, 3, 4, 9))
    f = public_figures(now=local(2026, 3, 20, 12))
    assert f["received"] == 2 and f["finished"] == 2 and f["on_time_rate"] == 50.0


def test_online_submission_creates_a_dossier_and_shows_its_code(client, procedures, area):
    from smartcity.onestop.models import Dossier, Notification

    version = procedures["house"]
    url = reverse("onestop-submit", args=[version.procedure.code])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(version, area))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == "submitted" and dossier.channel == "online" and dossier.area == area
    assert dossier.documents.count() == 3 and dossier.applicant_phone == "0933456789"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert dossier.code in html and "4" in html
    assert reverse("onestop-lookup") + "?code=" + dossier.code in html
    assert set(Notification.objects.filter(dossier=dossier).values_list("event", flat=True)) == {"submitted"}
    # someone else cannot open the confirmation of this code
    from django.test import Client

    other = Client().get(response["Location"])
    assert other.status_code == 302 and dossier.code not in other.content.decode()


def test_html_renamed_pdf_is_refused_with_a_clear_message(client, procedures, area):
    from smartcity.onestop.models import Dossier

    version = procedures["business"]
    doc = version.documents.get()
    data = _form(version, area, **{f"doc_{doc.pk}": SimpleUploadedFile(
        "don-de-nghi.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", content_type="application/pdf")})
    response = client.post(reverse("onestop-submit", args=[version.procedure.code]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "HTML" in html and ".pdf" in html and 'role="alert"' in html
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("name,content,needle", [
    ("ban-ve.exe", b"MZ\x90\x00" + b"\x00" * 40, "not accepted"),
    ("ban-ve.pdf", PNG, "do not match"),
    ("ban-ve.pdf", b"", "empty"),
])
def test_other_upload_refusals(client, procedures, area, settings, name, content, needle):
    from smartcity.onestop.models import Dossier

    version = procedures["business"]
    doc = version.documents.get()
    data = _form(version, area, **{f"doc_{doc.pk}": SimpleUploadedFile(name, content)})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("onestop-submit", args=[version.procedure.code]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[f"doc_{doc.pk}"]
    field_html = response.content.decode().split(f'id="os-f-doc_{doc.pk}"')[1].split("</div>")[0]
    assert needle in field_html
    assert Dossier.objects.count() == 0


def test_too_large_upload_is_refused(client, procedures, area, settings):
    from smartcity.onestop.models import Dossier

    settings.ONESTOP_MAX_UPLOAD_BYTES = 1024 * 1024
    version = procedures["business"]
    doc = version.documents.get()
    big = SimpleUploadedFile("ho-so.pdf", PDF + b"0" * (1024 * 1024))
    response = client.post(reverse("onestop-submit", args=[version.procedure.code]), _form(version, area, **{f"doc_{doc.pk}": big}))
    assert response.status_code == 400 and "1 MB" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_missing_mandatory_document_and_consent(client, procedures, area):
    version = procedures["business"]
    doc = version.documents.get()
    data = _form(version, area)
    data.pop(f"doc_{doc.pk}")
    data.pop("consent")
    response = client.post(reverse("onestop-submit", args=[version.procedure.code]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert f"doc_{doc.pk}" in form.errors and "consent" in form.errors


def test_procedure_not_online_or_unknown(client, procedures):
    from smartcity.onestop.models import OnlineLevel

    version = procedures["business"]
    version.online_level = OnlineLevel.NONE
    version.save()
    response = client.get(reverse("onestop-submit", args=[version.procedure.code]))
    assert response.status_code == 404 and 'id="os-not-online"' in response.content.decode()
    assert client.post(reverse("onestop-submit", args=[version.procedure.code]), {}).status_code == 404
    assert client.get(reverse("onestop-submit", args=["9.999999"])).status_code == 404


# -- lookup --------------------------------------------------------------------------------------
def _lookup(client, code, tail, **extra):
    return client.post(reverse("onestop-lookup"), {"code": code, "phone_tail": tail}, **extra)


def test_lookup_shows_status_without_personal_data(client, procedures):
    from smartcity.core.models import Organisation
    from smartcity.onestop.models import Handoff

    d = make_dossier(procedures["house"], status="processing", received_at=local(2026, 3, 2, 9, 15), due_at=local(2026, 3, 23, 16, 30))
    Handoff.objects.create(dossier=d, seq=1, kind="transfer", from_unit=Organisation.objects.get(code="DOC"),
                           to_unit=Organisation.objects.get(code="DONRE"), at=local(2026, 3, 10, 10, 5),
                           note="Anh Hùng, số nhà 12 Yersin")
    response = _lookup(client, d.code, "3456")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="os-status"' in html and "02/03/2026 09:15" in html and "23/03/2026 16:30" in html and "10/03/2026 10:05" in html
    assert "Nguyễn V. H." in html
    for secret in ("Nguyễn Văn Hùng", "0908123456", "074085001234", "nguyenvanhung@gmail.com", "Yersin", "*******456"):
        assert secret not in html, secret


def test_wrong_code_and_wrong_digits_get_the_same_page(client, procedures):
    d = make_dossier(procedures["house"])
    fake = d.code[:-4] + "9999"
    wrong_digits = _lookup(client, d.code, "0000")
    wrong_code = _lookup(client, fake, "3456")
    assert wrong_digits.status_code == wrong_code.status_code == 200
    a = wrong_digits.content.decode().replace(d.code, "CODE")
    b = wrong_code.content.decode().replace(fake, "CODE")
    strip = lambda s: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", s)  # noqa: E731
    assert strip(a) == strip(b)
    assert 'id="os-not-found"' in a and "3456" not in b  # the digits are not echoed


def test_qr_link_prefills_the_code(client, procedures):
    d = make_dossier(procedures["house"])
    html = client.get(reverse("onestop-lookup") + "?code=" + d.code).content.decode()
    assert f'value="{d.code}"' in html and 'id="os-status"' not in html
    assert 'for="id_phone_tail"' in html and 'inputmode="numeric"' in html


def test_lookup_is_rate_limited_with_a_429_page(client, procedures):
    d = make_dossier(procedures["house"])
    for tail in ("1111", "2222", "3333", "4444", "5555"):
        assert _lookup(client, d.code, tail).status_code == 200
    response = _lookup(client, d.code, "3456")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert 'id="os-rate-limited"' in response.content.decode() and 'id="os-status"' not in response.content.decode()


def test_lookup_of_a_submitted_online_dossier_says_not_yet_received(client, procedures):
    d = make_dossier(procedures["business"], status="submitted", channel="online", received_at=None)
    d.received_at, d.due_at, d.submitted_at = None, None, local(2026, 3, 2, 20, 0)
    d.save()
    html = _lookup(client, d.code, "3456").content.decode()
    assert 'data-status="submitted"' in html and "02/03/2026 20:00" in html
