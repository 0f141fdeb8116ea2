"""A citizen in a real Chromium (phone-sized): from the one-stop page to the online form of
the individual house permit, uploads the three papers, gets the dossier code, then looks
the dossier up with the last 4 digits of the phone and sees no personal data."""
import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_submit_online_then_look_up(phone_page, live_server, procedures, screenshot, settings, tmp_path):
    from smartcity.onestop.models import Dossier, Notification

    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()
    page = phone_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    version = procedures["house"]

    page.goto(base + "/onestop/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator(f'#os-online-list li[data-code="{version.procedure.code}"] a').click()
    page.wait_for_selector("#os-submit-form")
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Huỳnh Thị Ngọc Hân")
    page.get_by_label("Số định danh cá nhân/CCCD (hoặc mã số thuế)").fill("074195006677")
    page.get_by_label("Số điện thoại di động").fill("0937 246 810")
    page.get_by_label("Địa chỉ").fill("25 Lê Hồng Phong, phường Chánh Nghĩa, Thủ Dầu Một")
    page.get_by_label("Phường, xã").select_option(label="Phường Chánh Hiệp")
    page.get_by_label("Nội dung đề nghị").fill("Xin cấp phép xây dựng nhà ở riêng lẻ 2 tầng, thửa 88 tờ bản đồ 21")
    inputs = page.locator('#os-documents input[type="file"]')
    assert inputs.count() == 3
    # first a web page renamed .pdf: refused, with the reason next to the file
    inputs.nth(0).set_input_files({"name": "don.pdf", "mimeType": "application/pdf", "buffer": b"<html><body>x</body></html>"})
    for i in (1, 2):
        inputs.nth(i).set_input_files({"name": f"giay-to-{i}.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_label("Tôi đồng ý", exact=False).check()
    page.click("#os-submit-button")
    page.wait_for_selector("#os-form-errors")
    assert "HTML" in page.locator("#os-documents .os-has-error .os-error").inner_text()
    assert Dossier.objects.count() == 0
    screenshot(page, "onestop-submit-refused")
    # the files must be chosen again (browsers never keep them), the rest is kept
    assert page.get_by_label("Họ và tên (hoặc tên tổ chức)").input_value() == "Huỳnh Thị Ngọc Hân"
    inputs = page.locator('#os-documents input[type="file"]')
    for i in range(3):
        inputs.nth(i).set_input_files({"name": f"giay-to-{i}.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_label("Tôi đồng ý", exact=False).check()
    page.click("#os-submit-button")
    page.wait_for_selector("#os-dossier-code")
    code = page.locator("#os-dossier-code").inner_text().strip()
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "submitted" and dossier.documents.count() == 3 and dossier.area.name_vi == "Chánh Hiệp"
    assert Notification.objects.filter(dossier=dossier, event="submitted", channel="sms").exists()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the confirmation is {width}px wide on a 390px phone"
    screenshot(page, "onestop-submitted")

    page.click("#os-go-lookup")
    page.wait_for_selector("#os-lookup-form")
    assert page.get_by_label("Mã hồ sơ").input_value() == code
    page.get_by_label("4 số cuối điện thoại").fill("2810")  # wrong
    page.click("#os-lookup-button")
    page.wait_for_selector("#os-not-found")
    page.get_by_label("4 số cuối điện thoại").fill("6810")
    page.click("#os-lookup-button")
    page.wait_for_selector("#os-status")
    assert page.locator("#os-status").get_attribute("data-status") == "submitted"
    assert page.locator("#os-applicant").inner_text() == "Huỳnh T. N. H."
    assert "chờ kiểm tra" in page.locator("#os-status-label").inner_text()
    body = page.locator("main").inner_text()
    for secret in ("Huỳnh Thị Ngọc Hân", "0937", "074195006677", "Lê Hồng Phong"):
        assert secret not in body
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the lookup is {width}px wide on a 390px phone"
    screenshot(page, "onestop-lookup")
    assert errors == []
