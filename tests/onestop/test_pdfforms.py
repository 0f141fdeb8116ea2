"""The legal forms as PDF: read back with pypdf, text and QR checked against what the
dossier holds (the QR image against the matrix segno makes for the expected URL)."""
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import segno
from pypdf import PdfReader

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _font():
    """CI installs fonts-dejavu-core: without it the forms cannot be drawn (fail there)."""
    from smartcity.environment.report_pdf import FontMissing, find_font

    try:
        find_font()
    except FontMissing:
        from smartcity.testing import require

        require(False, "a Unicode TrueType font (apt-get install fonts-dejavu-core)")


# -- reading a PDF back ---------------------------------------------------------------------------
def pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF")
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def flat(data: bytes) -> str:
    """All text with line breaks and runs of spaces folded, so wrapped text reads as one line."""
    return re.sub(r"\s+", " ", " ".join(pages(data)))


def vn_time(t: dt.datetime, fmt="%d/%m/%Y %H:%M") -> str:
    return t.astimezone(VN).strftime(fmt)


def modules_of_image(img, n: int) -> list[list[bool]]:
    """Sample the centre of every module of an embedded QR image: the dark bounding box is
    the symbol (finder patterns sit in its corners); its width over the module count gives
    the module size, whatever scale and quiet zone were used."""
    img = img.convert("L")
    w, h = img.size
    px = img.load()
    dark = [(x, y) for y in range(h) for x in range(w) if px[x, y] < 128]
    if not dark:
        return []
    x0, y0 = min(x for x, _ in dark), min(y for _, y in dark)
    width, height = max(x for x, _ in dark) - x0 + 1, max(y for _, y in dark) - y0 + 1
    if width != height:  # not a QR symbol
        return []
    size = width / n
    return [[px[int(x0 + (c + 0.5) * size), int(y0 + (r + 0.5) * size)] < 128 for c in range(n)] for r in range(n)]


def assert_qr(data: bytes, url: str):
    """One image of the document is exactly the QR segno makes for `url`."""
    expected = [[bool(v) for v in row] for row in segno.make_qr(url, error="m").matrix]
    found = [modules_of_image(image.image, len(expected)) for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert found, "no image in the PDF"
    assert expected in found, "no embedded image matches the QR of " + url


def lookup(code: str) -> str:
    return "http://testserver.example/onestop/tra-cuu/?code=" + code


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.SMARTCITY_BASE_URL = "http://testserver.example"


@pytest.fixture
def officer(make_user):
    return make_user("tiepnhan.sxd", "DOC", first_name="Hà", last_name="Phạm Thị Thu")


@pytest.fixture
def dossier(procedures, officer):
    return make_dossier(procedures["house"], received_at=local(2026, 3, 2, 9, 15), due_at=local(2026, 3, 23, 9, 15),
                        received_by=officer)


def org(code):
    from smartcity.core.models import Organisation

    return Organisation.objects.get(code=code)


# -- pure helpers ---------------------------------------------------------------------------------
def test_date_line_follows_the_decree_on_leading_zeros():
    from smartcity.onestop.pdf_layout import date_line

    assert date_line("Bình Dương", dt.date(2026, 3, 2)) == "Bình Dương, ngày 02 tháng 3 năm 2026"
    assert date_line("Bình Dương", dt.date(2026, 1, 15)) == "Bình Dương, ngày 15 tháng 01 năm 2026"
    assert date_line("Bình Dương", dt.date(2025, 11, 30)) == "Bình Dương, ngày 30 tháng 11 năm 2025"
    # an aware datetime is read in local time: 20:00 UTC on 1 March is 2 March in Bình Dương
    assert date_line("Thủ Dầu Một", dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)) == "Thủ Dầu Một, ngày 02 tháng 3 năm 2026"


def test_forms_by_rule_set_follow_the_circulars():
    from smartcity.onestop.pdfforms import FORMS_BY_RULE_SET, form_number, form_title

    assert len(FORMS_BY_RULE_SET["2018"]) == 6 and "stop_notice" not in FORMS_BY_RULE_SET["2018"]
    assert len(FORMS_BY_RULE_SET["2025"]) == 7 and form_number("stop_notice", "2025") == "05"
    assert [form_number(f, "2018") for f in ("receipt", "supplement", "refusal", "apology", "control_sheet", "tracking_book")] == \
        ["01", "02", "03", "04", "05", "06"]
    assert "HẸN LẠI NGÀY TRẢ KẾT QUẢ" in form_title("apology", "2018")
    assert "GIA HẠN" in form_title("apology", "2025") and "HẸN LẠI" not in form_title("apology", "2025")


# -- the dossier forms ----------------------------------------------------------------------------
def test_receipt_carries_the_dossier_the_appointment_and_the_qr(dossier, officer):
    from smartcity.onestop.pdfforms import render

    data = render("receipt", dossier=dossier)
    text = flat(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Mẫu số 01" in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "SỞ XÂY DỰNG" in text and "Bình Dương, ngày 02 tháng 3 năm 2026" in text
    assert dossier.code in text and "Nguyễn Văn Hùng" in text and "Phú Cường, Thủ Dầu Một" in text
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in text and "1.009972" in text
    due = dossier.due_at.astimezone(VN)
    assert f"{due:%H} giờ {due:%M} phút, ngày {due:%d/%m/%Y}" in text and "23/03/2026" in text
    assert "15 ngày làm việc" in text and "Trực tiếp tại Bộ phận Một cửa" in text
    for name in ("Bản sao giấy tờ chứng minh quyền sử dụng đất", "02 bộ bản vẽ thiết kế xây dựng"):
        assert name in text
    assert "Phạm Thị Thu Hà" in text  # the receiving officer signs, family name first
    assert "Quét mã để tra cứu tình trạng hồ sơ" in text
    assert_qr(data, lookup(dossier.code))
    with pytest.raises(AssertionError):  # the check can fail: another code's QR is not this one
        assert_qr(data, lookup(dossier.code + "9"))


def test_receipt_lists_uploaded_documents_with_their_copies(dossier, procedures):
    from django.core.files.base import ContentFile

    from smartcity.onestop.models import DossierDocument
    from smartcity.onestop.pdfforms import render

    drawings = procedures["house"].documents.get(order=2)
    drawings.copies, drawings.original = 2, True
    drawings.save()
    for i in range(2):
        DossierDocument.objects.create(dossier=dossier, required=drawings, title=f"Bản vẽ {i}", file=ContentFile(b"%PDF-1.4", name="bv.pdf"),
                                       content_type="application/pdf", size=8, sha256="0" * 64)
    text = flat(render("receipt", dossier=dossier))
    assert "02 bộ bản vẽ thiết kế xây dựng Bản chính 3" in text  # 2 copies required, one more file received
    assert "quyền sử dụng đất" not in text  # only what was received is listed


def test_long_texts_wrap_and_stay_whole(dossier):
    from smartcity.onestop.pdfforms import render

    dossier.subject = ("Xin cấp giấy phép xây dựng nhà ở riêng lẻ ba tầng, diện tích sàn 245 m², tại thửa đất số 512, "
                       "tờ bản đồ số 34, phường Phú Lợi, thành phố Thủ Dầu Một, tỉnh Bình Dương; công trình có tầng hầm "
                       "để xe, mái bằng bê tông cốt thép, hàng rào và cổng ngõ theo bản vẽ đính kèm")
    dossier.save()
    data = render("receipt", dossier=dossier)
    raw = " ".join(pages(data))
    assert dossier.subject in re.sub(r"\s+", " ", raw)
    assert not any(dossier.subject in line for line in raw.splitlines())  # it did wrap over several lines


def test_supplement_lists_the_items_of_the_latest_request(dossier, officer):
    from smartcity.onestop.models import SupplementRequest
    from smartcity.onestop.pdfforms import render

    SupplementRequest.objects.create(dossier=dossier, items=["Bản cũ đã bổ sung"], requested_at=local(2026, 3, 3, 10), requested_by=officer)
    SupplementRequest.objects.create(
        dossier=dossier, requested_at=local(2026, 3, 5, 14, 20), requested_by=officer, reason="Bản vẽ mặt bằng thiếu chữ ký của chủ nhiệm thiết kế",
        items=["Bản vẽ mặt bằng tầng 1 có chữ ký, đóng dấu", "Giấy chứng nhận quyền sử dụng đất (bản sao có chứng thực)",
               "Văn bản thẩm duyệt phòng cháy chữa cháy"])
    data = render("supplement", dossier=dossier)
    text = flat(data)
    assert "Mẫu số 02" in text and "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "1. Bản vẽ mặt bằng tầng 1 có chữ ký, đóng dấu" in text and "3. Văn bản thẩm duyệt phòng cháy chữa cháy" in text
    assert "thiếu chữ ký của chủ nhiệm thiết kế" in text and "Bản cũ đã bổ sung" not in text
    assert "ngày 05 tháng 3 năm 2026" in text and "Nguyễn Văn Hùng" in text
    assert_qr(data, lookup(dossier.code))


def test_refusal_gives_the_reasons_of_the_refusal_step(dossier, officer):
    from smartcity.onestop.models import Handoff
    from smartcity.onestop.pdfforms import render

    dossier.status = "rejected"
    dossier.save()
    Handoff.objects.create(dossier=dossier, seq=1, kind="reject", from_unit=org("DOC"), by=officer, at=local(2026, 3, 4, 15),
                           note="Thửa đất nằm trong quy hoạch đường Vành đai 4\nChủ đầu tư không có quyền sử dụng đất hợp pháp")
    text = flat(render("refusal", dossier=dossier))
    assert "Mẫu số 03" in text and "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "1. Thửa đất nằm trong quy hoạch đường Vành đai 4" in text
    assert "2. Chủ đầu tư không có quyền sử dụng đất hợp pháp" in text
    assert "ngày 04 tháng 3 năm 2026" in text


@pytest.mark.parametrize("rule_set", ["2018", "2025"])
def test_apology_names_the_new_date_and_the_unit_at_fault(dossier, officer, rule_set):
    from smartcity.onestop.models import Apology
    from smartcity.onestop.pdfforms import render

    dossier.rule_set = rule_set
    dossier.save()
    first = Apology.objects.create(dossier=dossier, unit=org("DONRE"), reason="Chờ ý kiến về ranh giới thửa đất",
                                   previous_due_at=local(2026, 3, 23, 9, 15), new_due_at=local(2026, 3, 27, 16, 0),
                                   issued_at=local(2026, 3, 20, 10), issued_by=officer)
    Apology.objects.create(dossier=dossier, unit=org("DOC"), reason="Lãnh đạo Sở đi công tác", automatic=True,
                           previous_due_at=local(2026, 3, 27, 16), new_due_at=local(2026, 4, 2, 10, 30), issued_at=local(2026, 3, 26, 8))
    latest = flat(render("apology", dossier=dossier))
    assert "Mẫu số 04" in latest and "02/04/2026" in latest and "Lãnh đạo Sở đi công tác" in latest
    assert "hệ thống lập tự động" in latest
    chosen = render("apology", dossier=dossier, apology=first)
    text = flat(chosen)
    assert "27/03/2026" in text and "09 giờ 15 phút, ngày 23/03/2026" in text and "16 giờ 00 phút, ngày 27/03/2026" in text
    assert "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG" in text and "Đơn vị để xảy ra chậm trễ: Sở Tài nguyên và Môi trường" in text
    assert "ranh giới thửa đất" in text and "Lãnh đạo Sở" not in text
    if rule_set == "2018":
        assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "Thông tư số 01/2018/TT-VPCP" in text
        assert "gia hạn" not in text
    else:
        assert "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN" in text and "Thông tư số 03/2025/TT-VPCP" in text
        assert "gia hạn thời gian giải quyết hồ sơ đến 16 giờ 00 phút, ngày 27/03/2026" in text
    assert_qr(chosen, lookup(dossier.code))


def test_control_sheet_has_every_handoff_and_breaks_pages_with_headers(dossier, officer):
    from smartcity.onestop.models import Handoff
    from smartcity.onestop.pdfforms import render

    units = [org("DOC"), org("DONRE")]
    verdicts = ["early", "on_time", "late"]
    for i in range(1, 46):
        at = local(2026, 3, 2, 9) + dt.timedelta(hours=5 * i)
        Handoff.objects.create(dossier=dossier, seq=i, kind="transfer" if i % 2 else "consult", from_unit=units[i % 2],
                               to_unit=units[(i + 1) % 2], by=officer, at=at, step_due_at=at + dt.timedelta(days=1),
                               completed_at=at + dt.timedelta(hours=3), timeliness=verdicts[i % 3], note=f"Bước số {i} đã kiểm tra")
    data = render("control_sheet", dossier=dossier)
    per_page = pages(data)
    text = flat(data)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số 06" in text  # 2025: 06
    for i in range(1, 46):
        assert f"Bước số {i} đã kiểm tra" in text
    assert len(per_page) >= 2
    assert all("Bên giao" in p and "Bên nhận" in p for p in per_page)  # header row on every page
    assert text.count("Trước hạn") >= 15 and text.count("Quá hạn") >= 15 and text.count("Đúng hạn") >= 15
    last = Handoff.objects.get(dossier=dossier, seq=45)
    assert vn_time(last.at) in text and vn_time(last.step_due_at) in text and vn_time(last.completed_at) in text
    assert_qr(data, lookup(dossier.code))


def test_stop_notice_is_a_2025_form(dossier, officer):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import Suspension
    from smartcity.onestop.pdfforms import applicable, render

    Suspension.objects.create(dossier=dossier, reason="Chờ kết quả giải quyết tranh chấp ranh giới đất tại Tòa án",
                              started_at=local(2026, 3, 10, 14), by=officer)
    data = render("stop_notice", dossier=dossier)
    text = flat(data)
    assert "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ" in text and "Mẫu số 05" in text and "tranh chấp ranh giới đất" in text
    assert "14 giờ 00 phút, ngày 10/03/2026" in text
    assert_qr(data, lookup(dossier.code))
    dossier.rule_set = "2018"
    dossier.save()
    assert not applicable("stop_notice", dossier)
    with pytest.raises(OneStopError):
        render("stop_notice", dossier=dossier)


def test_forms_a_dossier_lacks_are_not_made(dossier, procedures):
    from smartcity.onestop.errors import OneStopError
    from smartcity.onestop.models import Apology
    from smartcity.onestop.pdfforms import available, render

    assert [f["form"] for f in available(dossier)] == ["receipt", "control_sheet"]
    for form in ("apology", "supplement", "refusal", "stop_notice", "tracking_book", "nonsense"):
        with pytest.raises(OneStopError):
            render(form, dossier=dossier)
    other = make_dossier(procedures["business"])
    foreign = Apology.objects.create(dossier=other, unit=org("DPI"), reason="Quá tải", previous_due_at=local(2026, 3, 5),
                                     new_due_at=local(2026, 3, 9), issued_at=local(2026, 3, 4))
    Apology.objects.create(dossier=dossier, unit=org("DOC"), reason="Quá tải", previous_due_at=local(2026, 3, 5),
                           new_due_at=local(2026, 3, 9), issued_at=local(2026, 3, 4))
    with pytest.raises(OneStopError):  # another dossier's apology is not printed on this one
        render("apology", dossier=dossier, apology=foreign)


# -- the tracking book ----------------------------------------------------------------------------
def test_tracking_book_lists_the_units_dossiers_over_pages(procedures):
    from smartcity.onestop.pdfforms import render

    house = procedures["house"]
    start = local(2026, 4, 1, 7, 30)
    mine = [make_dossier(house, received_at=start + dt.timedelta(hours=3 * i), applicant=i) for i in range(60)]
    before = make_dossier(house, received_at=local(2026, 3, 31, 16))
    after = make_dossier(house, received_at=local(2026, 4, 30, 8))
    theirs = make_dossier(procedures["business"], received_at=local(2026, 4, 2, 9))
    data = render("tracking_book", unit=org("DOC"), start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 29))
    per_page = pages(data)
    text = flat(data)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Từ ngày 01/04/2026 đến ngày 29/04/2026" in text and "Mẫu số 07" in text
    # 60 rows of two or more lines at 6.8 pt on A4 landscape: at least three pages, the header on each
    assert len(per_page) >= 3
    assert all("Mã hồ sơ" in p and "Hẹn trả kết quả" in re.sub(r"\s+", " ", p) for p in per_page)
    positions = [text.index(d.code) for d in mine]
    assert positions == sorted(positions)  # in order of receipt
    for d in (before, after, theirs):
        assert d.code not in text
    assert "Trần Thị Mỹ Linh" in text and "Tổng số: 60 hồ sơ" in text
    assert "0908123456" not in text and "*******456" in text  # the book shows masked phones only
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape


def test_tracking_book_of_2018_is_form_06(procedures):
    from smartcity.onestop.pdfforms import render

    text = flat(render("tracking_book", unit=org("DPI"), start=dt.date(2024, 5, 1), end=dt.date(2024, 5, 31)))
    assert "Mẫu số 06" in text and "Thông tư số 01/2018/TT-VPCP" in text and "Tổng số: 0 hồ sơ" in text


def test_missing_font_is_reported(dossier, monkeypatch):
    from smartcity.environment import report_pdf
    from smartcity.onestop.pdfforms import FontMissing, render

    monkeypatch.setattr(report_pdf, "FONT_CANDIDATES", [("/nonexistent/font.ttf", "/nonexistent/bold.ttf")])
    monkeypatch.delenv("SMARTCITY_PDF_FONT", raising=False)
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        render("receipt", dossier=dossier)
