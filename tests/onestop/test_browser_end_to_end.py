"""The issue's whole story in a real Chromium, with screenshots: a citizen submits a house
permit online; the Department of Construction accepts it and transfers it to the
Department of Natural Resources and Environment; that step runs late, so DONRE apologises
with a new appointment and the apology letter (form 04) is produced; DONRE hands it back
late, the Department of Construction signs the result and returns it; the citizen answers
the SIPAS survey; the reports and the satisfaction index reflect all of it.

Days cannot pass inside a test, so "time passes" is done by moving the dossier's own past
back (every timestamp of the dossier, its hand-offs and apologies shift by the same amount),
which is what the database would hold had the days really gone by."""
import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.db.models import F
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def login(page, base, username, next_url):
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/?next=" + quote(next_url))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**" + next_url.split("?")[0] + "*")


def time_passes(dossier, delta: dt.timedelta):
    """Shift the dossier's recorded past back by `delta`, as if that much time had gone by."""
    from smartcity.onestop.models import Apology, Dossier, Handoff

    shift = {f: F(f) - delta for f in ("submitted_at", "received_at", "due_at", "original_due_at", "result_at")}
    Dossier.objects.filter(pk=dossier.pk).update(**shift)
    Handoff.objects.filter(dossier=dossier).update(at=F("at") - delta, step_due_at=F("step_due_at") - delta,
                                                   completed_at=F("completed_at") - delta)
    Apology.objects.filter(dossier=dossier).update(issued_at=F("issued_at") - delta, previous_due_at=F("previous_due_at") - delta,
                                                   new_due_at=F("new_due_at") - delta)
    dossier.refresh_from_db()


def act(page, action, fill=None):
    box = page.locator(f"#action-{action}")
    box.locator("summary").click()
    if fill:
        fill(box)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state("load")


def test_online_dossier_across_two_units_late_apology_result_survey_reports(page, live_server, procedures, make_user,
                                                                           screenshot, settings, tmp_path):
    from smartcity.onestop.models import Dossier, SurveyResponse

    settings.MEDIA_ROOT = str(tmp_path)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    version = procedures["house"]
    make_user("doc.lan", "DOC", "editor", first_name="Lan", last_name="Nguyễn Thị Ngọc")
    make_user("donre.minh", "DONRE", "editor", first_name="Minh", last_name="Trần Văn")

    # 1. the citizen submits online
    page.goto(f"{base}/onestop/nop-truc-tuyen/{version.procedure.code}/")
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Phạm Minh Tuấn")
    page.get_by_label("Số định danh cá nhân/CCCD (hoặc mã số thuế)").fill("074089003456")
    page.get_by_label("Số điện thoại di động").fill("0913 579 246")
    page.get_by_label("Địa chỉ").fill("18 Ngô Quyền, phường Phú Cường, Thủ Dầu Một")
    page.get_by_label("Nội dung đề nghị").fill("Xin cấp phép xây dựng nhà ở riêng lẻ 3 tầng, thửa 142 tờ bản đồ 37")
    inputs = page.locator('#os-documents input[type="file"]')
    for i in range(inputs.count()):
        inputs.nth(i).set_input_files({"name": f"ho-so-{i}.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_label("Tôi đồng ý", exact=False).check()
    page.click("#os-submit-button")
    page.wait_for_selector("#os-dossier-code")
    code = page.locator("#os-dossier-code").inner_text().strip()
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "submitted"
    screenshot(page, "onestop-e2e-1-submitted")

    # 2. the Department of Construction accepts it (the clock starts) and transfers it to DONRE
    url = f"/onestop/ho-so/{dossier.pk}/"
    login(page, base, "doc.lan", url)
    act(page, "accept")
    assert page.locator("#header").get_attribute("data-status") == "received"
    act(page, "transfer", lambda box: box.locator("select[name=to_unit]").select_option("DONRE"))
    dossier.refresh_from_db()
    assert dossier.status == "processing" and dossier.current_unit.code == "DONRE"
    screenshot(page, "onestop-e2e-2-transferred")

    # 3. days pass: DONRE's step is overdue and the appointment is two hours away
    time_passes(dossier, dossier.due_at - timezone.now() - dt.timedelta(hours=2))
    step = dossier.handoffs.get(kind="transfer", to_unit__code="DONRE")
    assert step.step_due_at < timezone.now() < dossier.due_at

    # 4. DONRE apologises with a new appointment; the apology letter (form 04) is produced
    login(page, base, "donre.minh", url)
    new_day = (timezone.localtime() + dt.timedelta(days=7)).date()

    def apology(box):
        box.locator("textarea[name=reason]").fill("Chờ kết quả kiểm tra hiện trạng sử dụng đất tại thửa 142, tờ bản đồ 37")
        box.locator("input[name=new_date]").fill(new_day.isoformat())
        box.locator("input[name=new_time]").fill("16:00")

    act(page, "apology", apology)
    assert page.locator("#apologies li").count() == 1
    link = page.locator('#pdf-forms a[data-form="apology"]')
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "XIN LỖI" in text and code in text and new_day.strftime("%d/%m/%Y") in text
    screenshot(page, "onestop-e2e-3-apology")

    # 5. DONRE hands the dossier back, late
    act(page, "transfer", lambda box: box.locator("select[name=to_unit]").select_option("DOC"))
    late = page.locator('#handoffs tr[data-kind="transfer"][data-timeliness="late"]')
    assert late.count() == 1 and "trễ" in late.inner_text().lower()  # DONRE's step, shown late on the control sheet
    assert dossier.handoffs.get(kind="transfer", to_unit__code="DONRE").timeliness == "late"
    screenshot(page, "onestop-e2e-4-back-late")

    # 6. more time passes: the first appointment is behind us (the apology's is not)
    time_passes(dossier, dt.timedelta(hours=3))
    assert dossier.original_due_at < timezone.now() < dossier.due_at

    # 7. the Department of Construction signs the result and returns it at the counter
    login(page, base, "doc.lan", url)

    def result(box):
        box.locator("textarea[name=summary]").fill("Giấy phép xây dựng số 1425/GPXD do Sở Xây dựng cấp")
        box.locator("input[name=files]").set_input_files({"name": "giay-phep.pdf", "mimeType": "application/pdf", "buffer": PDF})

    act(page, "result", result)
    assert page.locator("#header").get_attribute("data-status") == "result_ready"
    act(page, "return")
    assert page.locator("#header").get_attribute("data-status") == "returned"
    screenshot(page, "onestop-e2e-5-returned")
    dossier.refresh_from_db()
    assert dossier.result_at > dossier.original_due_at  # late against the legal appointment

    # 8. the citizen answers the SIPAS survey from the link sent with the notice
    page.context.clear_cookies()
    assert dossier.notifications.filter(event="returned").exists()
    page.goto(base + f"/onestop/khao-sat/{dossier.survey.token}/")
    for q in page.locator("fieldset.question[data-role]").all():
        options = q.locator("input[type=radio]")
        if options.count():
            role = q.get_attribute("data-role")
            (options.nth(options.count() - 1) if role == "satisfaction" else options.first).check()
    for number in page.locator("input[type=number][required]").all():
        number.fill("1")
    page.locator("#q-comment").fill("Cán bộ hướng dẫn tận tình, nhưng hồ sơ bị trễ hẹn.")
    page.locator("button.submit").click()
    page.wait_for_selector("#sipas-thanks")
    assert SurveyResponse.objects.filter(invitation__dossier=dossier).count() == 1
    screenshot(page, "onestop-e2e-6-survey")

    # 9. the reports and the satisfaction index reflect it
    login(page, base, "doc.lan", "/onestop/bao-cao/")
    tile = page.locator('#rep-tiles [data-tile="resolved"]')
    assert tile.locator(".num").inner_text() == "1"
    assert page.locator('#rep-tiles [data-tile="on_time_rate"] .num').inner_text().startswith("0")  # the one result was late
    row = page.locator(f'#rep-by-procedure tr[data-key="{version.procedure.code}"]')
    cells = [c.inner_text() for c in row.locator("td").all()]
    assert cells[4] == "1" and cells[7] == "1"  # resolved 1, late 1
    screenshot(page, "onestop-e2e-7-reports")
    page.goto(base + "/onestop/hai-long/")
    assert page.locator("#n-responses").inner_text() == "1"
    screenshot(page, "onestop-e2e-8-satisfaction")
    assert errors == []
