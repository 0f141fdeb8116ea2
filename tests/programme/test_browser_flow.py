"""The reporting flow in a real Chromium: the Department of Transport's editor writes a
monthly report with a difficulty and raises it to the Steering Committee; the Smart City
Office accepts the report and forwards the escalation; a Steering Committee editor records
the decision; the escalation shows as decided; the compiled report downloads as .docx."""
import datetime as dt
import io
import zipfile
from urllib.parse import quote

import pytest

from smartcity.programme.models import Escalation, ProgressReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user


def login(page, base, username, next_url):
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/?next=" + quote(next_url))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**" + next_url.split("?")[0] + "*")


def test_report_escalate_review_decide_compile(page, live_server, small_plan, make_user, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    plan, items, _ = small_plan
    item = items["II.4.2"]
    make_user("dot.nam", "DOT", "editor", first_name="Nam", last_name="Lê Hoàng")
    make_user("vptptm.huong", "VPTPTM", "manager", first_name="Hương", last_name="Nguyễn Thị Thanh")
    make_user("bcd.thang", "BCD", "editor", first_name="Thắng", last_name="Hoàng Đức")
    base = live_server.url

    # 1. the DOT editor sees its expected reports and writes May's on the bus programme
    login(page, base, "dot.nam", f"/programme/reports/?plan={plan.code}&as_of=2018-06-10")
    row = page.locator('#expected-reports tr[data-item="II.4.2"][data-period="2018-05"]')
    assert row.get_attribute("data-state") == "missing"
    assert page.locator("#next-due").is_visible()
    screenshot(page, "programme-reports-1-my-reports")
    row.locator("a.write-link").click()
    page.wait_for_selector("#report-form")
    page.fill("input[name=progress]", "15")
    page.fill("textarea[name=narrative]", "Khảo sát nhu cầu đi lại tại 12 tuyến xe buýt; đánh giá hiện trạng 210 xe đang khai thác.")
    page.fill("input[name=fig-0-label]", "Tuyến đã khảo sát")
    page.fill("input[name=fig-0-value]", "12")
    page.fill("input[name=fig-0-unit]", "tuyến")
    page.fill("textarea[name=difficulties]", "Kinh phí đổi mới phương tiện giai đoạn 2019–2020 chưa được bố trí.")
    screenshot(page, "programme-reports-2-form")
    page.locator("#submit-report").click()
    page.wait_for_selector("#report-state")
    assert page.locator("#report-state").get_attribute("data-state") == "submitted"
    assert "12" in page.locator("#figures").inner_text()
    screenshot(page, "programme-reports-3-submitted")

    # 2. ... and raises the difficulty to the Steering Committee from the report
    page.locator("#raise-escalation").click()
    page.wait_for_selector("#escalation-form")
    assert "chưa được bố trí" in page.locator("textarea[name=description]").input_value()
    page.fill("input[name=title]", "Kinh phí đổi mới phương tiện xe buýt")
    page.fill("textarea[name=proposal]", "Đề nghị giao Sở Kế hoạch và Đầu tư cân đối vốn năm 2019.")
    page.select_option("select[name=severity]", "high")
    page.locator("#raise").click()
    page.wait_for_selector("#steps")
    assert page.locator("#steps").get_attribute("data-status") == "open"
    screenshot(page, "programme-reports-4-escalation-raised")
    esc = Escalation.objects.get()
    report = ProgressReport.objects.get(item=item, period="2018-05")
    assert esc.report == report and esc.owner.code == "DOT"
    assert page.locator("#office-review-form").count() == 0  # a unit does not review its own

    # 3. the Smart City Office accepts the report and forwards the escalation
    login(page, base, "vptptm.huong", f"/programme/reports/{report.pk}/")
    page.locator("#review-form input[value=accept]").check()
    page.locator("#review-form button").click()
    page.wait_for_selector('#report-state[data-state="accepted"]')
    screenshot(page, "programme-reports-5-accepted")
    page.goto(base + f"/programme/escalations/{esc.pk}/")
    page.fill("#office-review-form textarea[name=review_text]", "Văn phòng thống nhất đề xuất; kính trình Ban Chỉ đạo xem xét.")
    page.locator("#office-review-form button").click()
    page.wait_for_selector('#steps[data-status="review"]')
    assert page.locator("#office-review").is_visible()
    screenshot(page, "programme-reports-6-forwarded")

    # 4. a Steering Committee editor records the decision
    login(page, base, "bcd.thang", f"/programme/escalations/{esc.pk}/")
    page.fill("#decision-form textarea[name=decision]", "Đồng ý chủ trương; giao Sở Kế hoạch và Đầu tư cân đối 20 tỷ đồng năm 2019.")
    page.select_option("#decision-form select[name=action_owner]", "DPI")
    page.fill("#decision-form input[name=action_due]", "2018-12-15")
    page.locator("#decision-form button").click()
    page.wait_for_selector('#steps[data-status="decided"]')
    assert "20 tỷ đồng" in page.locator("#decision").inner_text()
    screenshot(page, "programme-reports-7-decided")

    # 5. the list shows it decided with its decision, nothing open
    page.goto(base + f"/programme/escalations/?plan={plan.code}&as_of={dt.date.today():%Y-%m-%d}")
    closed = page.locator(f'#closed-escalations tr[data-id="{esc.pk}"]')
    assert closed.get_attribute("data-status") == "decided" and "20 tỷ đồng" in closed.inner_text()
    assert page.locator("#open-escalations tr[data-id]").count() == 0
    screenshot(page, "programme-reports-8-escalations")
    item.refresh_from_db()
    assert item.progress == 15 and item.timeline.filter(source="report").exists() and item.timeline.filter(source="decision").exists()

    # 6. the compiled report for the Steering Committee downloads as a Word document
    page.goto(base + f"/programme/reports/?plan={plan.code}")
    href = page.locator('nav.env-links a[href="/programme/compiled-report/"]').get_attribute("href")  # the shared navigation
    with page.expect_download() as info:
        page.evaluate("url => { const a = document.createElement('a'); a.href = url; document.body.appendChild(a); a.click(); }",
                      f"{href}?format=docx&plan={plan.code}")
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    data = open(download.path(), "rb").read()
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        assert "word/document.xml" in docx.namelist()
        text = docx.read("word/document.xml").decode()
    assert "Kinh phí đổi mới phương tiện xe buýt" in text or "II.4.2" in text
    assert errors == []
