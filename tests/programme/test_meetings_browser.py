"""Working sessions and the compiled report in a real Chromium: the Executive Board's editor
records a session with a participant, adds a decision on an item (a line on its timeline), the
compiled report downloads as Word and names the session; screenshots on a desktop and a phone
(no sideways scrolling)."""
import datetime as dt
import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}{next_url}")


def test_board_records_a_session_and_downloads_the_report(page, phone_page, live_server, screenshot, make_user, small_plan):
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Meeting, TimelineEntry

    plan, items, _ = small_plan
    make_user("bdh.lan", "BDH")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    login(page, base, "bdh.lan", "/programme/meetings/")
    page.click("#new-meeting")
    page.select_option("select[name=body]", label="BĐH · Ban Điều hành Đề án Thành phố Thông minh")
    page.fill("input[name=title_vi]", "Phiên họp Ban Điều hành sơ kết 6 tháng đầu năm 2018")
    page.fill("input[name=title_en]", "Executive Board half-year review, 2018")
    page.fill("input[name=starts_at]", "2018-07-12T08:00")
    page.fill("input[name=ends_at]", "2018-07-12T11:00")
    page.fill("input[name=chair]", "Trưởng Ban Điều hành")
    page.select_option("select[name=status]", "held")
    page.fill("textarea[name=minutes]", "Sở Giao thông vận tải báo cáo đề án xe buýt chậm tiến độ do vướng cơ chế trợ giá.")
    page.select_option("select[name=items]", [str(items["II.4.2"].pk)])
    page.select_option("select[name=pt-0-organisation]", str(Organisation.objects.get(code="DOT").pk))
    page.fill("input[name=pt-0-people]", "Giám đốc Sở Giao thông vận tải")
    page.locator("#meeting-form button[type=submit]").click()
    page.wait_for_selector("#meeting-title")
    assert page.inner_text("#meeting-title") == "Phiên họp Ban Điều hành sơ kết 6 tháng đầu năm 2018"
    meeting = Meeting.objects.get(title_vi__startswith="Phiên họp Ban Điều hành sơ kết")
    assert meeting.owner.code == "BDH"

    page.click("#add-decision")
    page.fill("textarea[name=text_vi]", "Sở Giao thông vận tải hoàn chỉnh phương án trợ giá xe buýt, trình UBND tỉnh trong quý III/2018.")
    page.select_option("select[name=items]", [str(items["II.4.2"].pk)])
    page.select_option("select[name=responsible]", str(Organisation.objects.get(code="DOT").pk))
    page.fill("input[name=due]", "2018-09-30")
    page.locator("#decision-form button[type=submit]").click()
    page.wait_for_selector("#decisions li")
    assert "phương án trợ giá xe buýt" in page.inner_text("#decisions")
    assert TimelineEntry.objects.filter(item=items["II.4.2"], source="decision", date=dt.date(2018, 7, 12)).exists()
    screenshot(page, "programme-meeting-detail")

    # the compiled report: a Word file that names the session
    page.goto(f"{base}/programme/compiled-report/")
    page.select_option("select[name=format]", "docx")
    with page.expect_download() as info:
        page.locator("#compiled-report-form button[type=submit]").click()
    download = info.value
    assert download.suggested_filename == f"bao-cao-ban-chi-dao-{plan.code}-2018-12-31.docx"
    import docx

    doc = docx.Document(io.BytesIO(open(download.path(), "rb").read()))
    assert "12/07/2018 – Phiên họp Ban Điều hành sơ kết 6 tháng đầu năm 2018 (BĐH)" in [p.text for p in doc.paragraphs]
    screenshot(page, "programme-compiled-report")
    assert not errors

    # a phone: the list fits the screen
    phone_page.goto(f"{base}/programme/meetings/?year=2018")
    phone_page.wait_for_selector("#past-meetings")
    assert "sơ kết 6 tháng" in phone_page.inner_text("#past-meetings")
    sideways = phone_page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 1
    screenshot(phone_page, "programme-meetings-phone")
