"""In a real Chromium: the vice-principal of Phú Hòa 1 primary school logs in, starts her
school's self-assessment of the year, attaches the approved development plan (PDF), fills
every criterion and submits it to the department."""
import pytest

from smartcity.schools.models import Assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_school_user_fills_and_submits(page, live_server, programme, tmp_path, settings, screenshot):
    settings.MEDIA_ROOT = tmp_path / "media"
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    c = programme["criteria"]
    plan = tmp_path / "ke-hoach-phat-trien-truong.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    page.goto(live_server.url + "/accounts/login/?next=/schools/mine/")
    page.fill("#id_username", "thphuhoa1.tuyet")
    page.fill("#id_password", "Mật-khẩu-thử-2018")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/schools/s/th-phu-hoa-1/")
    assert page.get_by_role("heading", level=1).inner_text() == "Trường Tiểu học Phú Hòa 1"
    page.click("#sch-open")
    page.wait_for_url(f"**/schools/s/th-phu-hoa-1/{programme['year']}/")
    assert page.locator("#sch-state").get_attribute("data-state") == "draft"
    assert "1.1" in page.locator(".sch-warn").inner_text()  # evidence still required

    form = page.locator("#sch-evidence-form")
    form.locator('select[name="criterion"]').select_option(str(c[0].pk))
    form.locator('input[name="title"]').fill("Kế hoạch phát triển nhà trường 2026-2030")
    form.locator('input[name="file"]').set_input_files(str(plan))
    form.get_by_role("button", name="Tải lên").click()
    page.locator(f'tr[data-id="{c[0].pk}"] a[data-evidence]').wait_for()

    page.select_option(f'select[name="v_{c[0].pk}"]', "1")
    page.fill(f'input[name="v_{c[1].pk}"]', "12")
    page.select_option(f'select[name="v_{c[2].pk}"]', "3")
    page.select_option(f'select[name="v_{c[3].pk}"]', "2")
    page.fill(f'textarea[name="c_{c[3].pk}"]', "Câu lạc bộ robotics hoạt động từ học kỳ I")
    page.click("#sch-submit")
    page.locator('#sch-state[data-state="submitted"]').wait_for()
    assert "Đã gửi Sở." in page.locator(".messages").inner_text()
    assert page.locator("#sch-self-form").count() == 0  # no longer editable
    screenshot(page, "schools-self-assessment-submitted")
    a = Assessment.objects.get(school__code="th-phu-hoa-1")
    assert a.state == "submitted" and a.submitted_by.username == "thphuhoa1.tuyet"
    assert a.self_total == pytest.approx(91.67, abs=0.01) and a.evidence.count() == 1
    assert a.scores.get(criterion=c[3]).self_comment == "Câu lạc bộ robotics hoạt động từ học kỳ I"
    assert errors == []
