"""International cooperation in a real Chromium: a DOFA editor adds a participant to an event
and finds it on the year's timeline; the strategic projects page flags an overdue milestone
on its chart and in its table. Screenshots are kept."""
import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "Mật-khẩu-thử-2018")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}{next_url}")


def test_dofa_editor_adds_a_participant_and_sees_it_on_the_timeline(page, live_server, small_plan, make_user, screenshot):
    from smartcity.core.models import Organisation
    from smartcity.programme.models import Event, EventParticipant

    org = {o.code: o for o in Organisation.objects.all()}
    event = Event.objects.create(owner=org["DOFA"], code="horasis-asia-2018", kind="forum", status="held",
                                 title_vi="Diễn đàn Hợp tác kinh tế Châu Á Horasis 2018", title_en="Horasis Asia Meeting 2018",
                                 starts_on=D(2018, 11, 25), ends_on=D(2018, 11, 27), city="Thủ Dầu Một", country="VN")
    EventParticipant.objects.create(event=event, organisation=org["HORASIS"], role="co_organiser")
    Event.objects.create(owner=org["DOFA"], code="wta-20-nam-2018", kind="anniversary", status="held", title_vi="Kỷ niệm 20 năm WTA",
                         starts_on=D(2018, 10, 10), ends_on=D(2018, 10, 12), country="VN")
    Event.objects.create(owner=org["DOFA"], code="icf-summit-2018-06", kind="summit", status="planned",
                         title_vi="Chuyến công tác ICF tháng 6/2018", starts_on=D(2018, 6, 1), ends_on=D(2018, 6, 30), city="London", country="GB")
    make_user("ngoaivu.lan", "DOFA", first_name="Lan", last_name="Nguyễn Thị")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, live_server.url, "ngoaivu.lan", "/programme/events/horasis-asia-2018/")
    form = page.locator("#participant-form")
    form.locator("select[name=organisation]").select_option(str(org["BECAMEX"].pk))
    form.locator("select[name=role]").select_option("co_organiser")
    form.locator("input[name=people]").fill("Nguyễn Văn Hùng, Chủ tịch HĐQT")
    form.get_by_role("button", name="Thêm").click()
    added = page.locator('#participant-list li[data-org="BECAMEX"]')
    added.wait_for()
    assert "Nguyễn Văn Hùng" in added.inner_text() and "đồng tổ chức" in added.inner_text()
    assert "Doanh nghiệp" in page.locator("#helices .helix-chip.present").all_inner_texts()
    page.get_by_role("link", name="Hợp tác quốc tế 2018").click()
    bar = page.locator('#events-timeline g.ev-bar[data-code="horasis-asia-2018"]')
    bar.wait_for()
    assert bar.get_attribute("data-participants") == "BECAMEX,HORASIS"
    assert "Becamex IDC" in bar.locator("title").text_content()
    assert page.locator("#events-timeline g.ev-bar").count() == 3
    # the bars sit in time order on the axis
    xs = [float(page.locator(f'#events-timeline g.ev-bar[data-code="{c}"] rect').get_attribute("x"))
          for c in ("icf-summit-2018-06", "wta-20-nam-2018", "horasis-asia-2018")]
    assert xs == sorted(xs)
    assert page.locator('tr[data-code="horasis-asia-2018"]').inner_text().count("Becamex IDC") == 1
    screenshot(page, "programme-events-timeline")
    bar.locator("rect").click()
    page.wait_for_url(f"{live_server.url}/programme/events/horasis-asia-2018/")
    assert errors == []


def test_strategic_page_flags_the_overdue_milestone(page, live_server, small_plan, screenshot):
    from smartcity.programme.models import Milestone

    plan, items, _ = small_plan
    item = items["II.4.1"]
    item.strategic = True
    item.save()
    Milestone.objects.create(item=item, title_vi="Kế hoạch chi tiết gửi Ban Điều hành", due=D(2018, 4, 15), done_on=D(2018, 4, 13))
    Milestone.objects.create(item=item, title_vi="Báo cáo đề xuất trình Ban Chỉ đạo", due=D(2018, 10, 31))
    Milestone.objects.create(item=item, title_vi="Lộ trình giai đoạn 1", due=D(2019, 3, 31))
    page.goto(f"{live_server.url}/programme/strategic/")
    chart = page.locator("#milestone-chart")
    chart.wait_for()
    assert chart.locator(".ms-mark").count() == 3
    overdue = chart.locator('.ms-mark[data-state="overdue"]')
    assert overdue.count() == 1 and "quá hạn 61 ngày" in overdue.locator("title").text_content()
    row = page.locator('table.milestones tr[data-state="overdue"]')
    assert row.is_visible() and "Báo cáo đề xuất trình Ban Chỉ đạo" in row.inner_text() and "quá hạn 61 ngày" in row.inner_text()
    colour = row.locator("td.ms-state-overdue").evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(192, 38, 45)"  # flagged in red
    assert page.locator("#n-overdue").inner_text() == "1"
    screenshot(page, "programme-strategic")
    page.locator('button.lang[data-lang="en"]').click()
    page.wait_for_selector('html[lang="en"]')
    assert "overdue by 61 days" in page.locator('table.milestones tr[data-state="overdue"]').inner_text()
    screenshot(page, "programme-strategic-en")
