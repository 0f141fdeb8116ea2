"""Downloading the forms: who may, what answers a form the dossier does not have, the
personal-data access log, the tracking book page, and a server without the font."""
import io
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from pypdf import PdfReader

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _font():
    from smartcity.environment.report_pdf import FontMissing, find_font

    try:
        find_font()
    except FontMissing:
        from smartcity.testing import require

        require(False, "a Unicode TrueType font (apt-get install fonts-dejavu-core)")


def text_of(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def org(code):
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code=code)


def form_url(dossier, form):
    return f"/onestop/ho-so/{dossier.pk}/mau/{form}.pdf"


@pytest.fixture
def doc_user(make_user):
    return make_user("doc.quockhanh", "DOC", role="viewer", first_name="Khánh", last_name="Phạm Quốc")


@pytest.fixture
def dossier(procedures, doc_user):
    return make_dossier(procedures["house"], received_at=local(2026, 3, 2, 9, 15), due_at=local(2026, 3, 23, 9, 15),
                        received_by=doc_user)


def test_staff_of_the_receiving_unit_download_the_receipt_and_it_is_logged(client_as, doc_user, dossier):
    from smartcity.onestop.models import PersonalDataAccess

    r = client_as(doc_user).get(form_url(dossier, "receipt"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    assert "no-store" in r["Cache-Control"] and r["X-Content-Type-Options"] == "nosniff"
    text = text_of(r.content)
    assert dossier.code in text and "Nguyễn Văn Hùng" in text and "23/03/2026" in text
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.dossier, log.action) == (doc_user, dossier, "form:receipt")
    assert "id_number" in log.fields and "address" in log.fields and log.ip == "127.0.0.1"


def test_who_may_download(client, client_as, make_user, dossier):
    from smartcity.onestop.models import PersonalDataAccess

    url = form_url(dossier, "control_sheet")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert client_as(make_user("dpi.lan", "DPI")).get(url).status_code == 403  # another unit
    assert client_as(make_user("nobody", None)).get(url).status_code == 403  # no unit at all
    assert PersonalDataAccess.objects.count() == 0  # refused downloads leave nothing to log
    # the unit holding it now and the coordinator may
    dossier.current_unit = org("DONRE")
    dossier.save()
    assert client_as(make_user("donre.minh", "DONRE")).get(url).status_code == 200
    assert client_as(make_user("vptptm.huong", "VPTPTM", role="manager")).get(url).status_code == 200
    assert PersonalDataAccess.objects.filter(action="form:control_sheet").count() == 2


def test_forms_the_dossier_does_not_have_answer_404(client_as, doc_user, dossier, procedures):
    from smartcity.onestop.models import Apology

    c = client_as(doc_user)
    for form in ("apology", "supplement", "refusal", "stop_notice", "tracking_book", "nonsense"):
        assert c.get(form_url(dossier, form)).status_code == 404, form
    first = Apology.objects.create(dossier=dossier, unit=org("DOC"), reason="Chờ kết quả kiểm tra thực địa",
                                   previous_due_at=local(2026, 3, 23, 9, 15), new_due_at=local(2026, 3, 26, 15),
                                   issued_at=local(2026, 3, 20, 10))
    Apology.objects.create(dossier=dossier, unit=org("DOC"), reason="Thiếu cán bộ thẩm định", previous_due_at=local(2026, 3, 26, 15),
                           new_due_at=local(2026, 3, 31, 15), issued_at=local(2026, 3, 25, 10))
    latest = c.get(form_url(dossier, "apology"))
    assert latest.status_code == 200 and "31/03/2026" in text_of(latest.content)
    chosen = c.get(form_url(dossier, "apology"), {"apology": first.pk})
    assert chosen.status_code == 200 and "26/03/2026" in text_of(chosen.content) and "Thiếu cán bộ" not in text_of(chosen.content)
    other = make_dossier(procedures["house"])
    foreign = Apology.objects.create(dossier=other, unit=org("DOC"), reason="Quá tải", previous_due_at=local(2026, 3, 5),
                                     new_due_at=local(2026, 3, 9), issued_at=local(2026, 3, 4))
    assert c.get(form_url(dossier, "apology"), {"apology": foreign.pk}).status_code == 404
    assert c.get(form_url(dossier, "apology"), {"apology": "x"}).status_code == 404
    # the 2018 rule set has no stop notice, even for a suspended dossier
    from smartcity.onestop.models import Suspension

    Suspension.objects.create(dossier=dossier, reason="Chờ giải quyết tranh chấp", started_at=local(2026, 3, 10))
    assert c.get(form_url(dossier, "stop_notice")).status_code == 200
    dossier.rule_set = "2018"
    dossier.save()
    assert c.get(form_url(dossier, "stop_notice")).status_code == 404
    assert c.get("/onestop/ho-so/999999/mau/receipt.pdf").status_code == 404


def test_without_the_font_the_download_answers_503_naming_the_package(client_as, doc_user, dossier, monkeypatch):
    from smartcity.environment import report_pdf
    from smartcity.onestop.models import PersonalDataAccess

    monkeypatch.setattr(report_pdf, "FONT_CANDIDATES", [("/nonexistent/font.ttf", "/nonexistent/bold.ttf")])
    monkeypatch.delenv("SMARTCITY_PDF_FONT", raising=False)
    r = client_as(doc_user).get(form_url(dossier, "receipt"))
    assert r.status_code == 503 and "fonts-dejavu-core" in r.content.decode()
    assert PersonalDataAccess.objects.count() == 0
    book = client_as(doc_user).get("/onestop/so-theo-doi/", {"unit": org("DOC").pk, "start": "2026-03-01", "end": "2026-03-31"})
    assert book.status_code == 503 and "fonts-dejavu-core" in book.content.decode()


# -- the tracking book ----------------------------------------------------------------------------
def test_tracking_book_page_and_pdf(client, client_as, doc_user, procedures, make_user):
    from smartcity.onestop.models import PersonalDataAccess

    mine = [make_dossier(procedures["house"], received_at=local(2026, 4, d, 10), applicant=d) for d in (1, 2, 3)]
    theirs = make_dossier(procedures["business"], received_at=local(2026, 4, 2, 10))
    c = client_as(doc_user)
    page = c.get("/onestop/so-theo-doi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="tracking-book-form"' in html and 'name="start"' in html and f'value="{org("DOC").pk}"' in html
    assert f'value="{org("DPI").pk}"' not in html  # only the user's own unit is offered
    r = c.get("/onestop/so-theo-doi/", {"unit": org("DOC").pk, "start": "2026-04-01", "end": "2026-04-30"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="so-theo-doi-DOC-20260401-20260430.pdf"'
    text = text_of(r.content)
    assert all(d.code in text for d in mine) and theirs.code not in text and "Tổng số: 3 hồ sơ" in text
    assert set(PersonalDataAccess.objects.filter(action="form:tracking_book").values_list("dossier", flat=True)) == {d.pk for d in mine}
    # another unit's book is refused, a bad range explained
    assert c.get("/onestop/so-theo-doi/", {"unit": org("DPI").pk, "start": "2026-04-01", "end": "2026-04-30"}).status_code == 403
    bad = c.get("/onestop/so-theo-doi/", {"unit": org("DOC").pk, "start": "2026-04-30", "end": "2026-04-01"})
    assert bad.status_code == 400 and "errorlist" in bad.content.decode()
    too_long = c.get("/onestop/so-theo-doi/", {"unit": org("DOC").pk, "start": "2024-01-01", "end": "2026-04-01"})
    assert too_long.status_code == 400
    # the coordinator may print any receiving unit's book; anonymous users are sent to log in
    boss = client_as(make_user("vptptm.huong", "VPTPTM", role="manager"))
    other = boss.get("/onestop/so-theo-doi/", {"unit": org("DPI").pk, "start": "2026-04-01", "end": "2026-04-30"})
    assert other.status_code == 200 and theirs.code in text_of(other.content)
    client.logout()
    anonymous = client.get("/onestop/so-theo-doi/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_tracking_book_refuses_a_range_with_too_many_dossiers(client_as, doc_user, procedures, monkeypatch):
    from smartcity.onestop import views_forms

    for h in range(4):
        make_dossier(procedures["house"], received_at=local(2026, 4, 1, 8 + h))
    monkeypatch.setattr(views_forms, "MAX_ROWS", 3)
    r = client_as(doc_user).get("/onestop/so-theo-doi/", {"unit": org("DOC").pk, "start": "2026-04-01", "end": "2026-04-01"})
    assert r.status_code == 400 and 'id="book-errors"' in r.content.decode()


def test_available_forms_follow_what_the_dossier_has(dossier):
    from smartcity.onestop.models import SupplementRequest
    from smartcity.onestop.pdfforms import available

    assert [f["form"] for f in available(dossier)] == ["receipt", "control_sheet"]
    SupplementRequest.objects.create(dossier=dossier, items=["Bản vẽ mặt cắt"], requested_at=local(2026, 3, 3))
    forms = available(dossier)
    assert [f["form"] for f in forms] == ["receipt", "supplement", "control_sheet"]
    assert forms[1]["number"] == "02" and forms[1]["url"] == f"/onestop/ho-so/{dossier.pk}/mau/supplement.pdf"
