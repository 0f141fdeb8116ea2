"""SIPAS pages: the survey by link, the counter kiosk, the results with their charts, the CSV."""
import csv
import io
import re

import pytest
from django.utils import timezone

from tests.onestop.factories import local, make_dossier
from tests.onestop.test_surveys import FULL, invitation_for, sheet

pytestmark = pytest.mark.django_db


def form_data(answers: dict) -> dict:
    return {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in answers.items()}


# -- the survey by link ------------------------------------------------------------------------------
def test_survey_page_is_bilingual_one_fieldset_per_element_and_marks_opened(client, procedures):
    inv = invitation_for(procedures["house"])
    assert inv.opened_at is None
    page = client.get(f"/onestop/khao-sat/{inv.token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert len(re.findall(r'<fieldset class="element"', html)) == 5
    assert "Tiếp cận dịch vụ" in html and "Access to the service" in html  # both languages at once
    assert "Rất hài lòng" in html and "Very satisfied" in html
    assert '<label class="question-label" for="q-e1_trips">' in html and 'id="q-e1_trips"' in html
    assert inv.dossier.applicant_name not in html  # nothing personal on the page
    inv.refresh_from_db()
    assert inv.opened_at is not None
    first = inv.opened_at
    client.get(f"/onestop/khao-sat/{inv.token}/")
    inv.refresh_from_db()
    assert inv.opened_at == first


def test_survey_submit_thanks_then_refuses_a_second_answer(client, procedures):
    from smartcity.onestop.models import SurveyResponse

    inv = invitation_for(procedures["business"])
    url = f"/onestop/khao-sat/{inv.token}/"
    bad = client.post(url, form_data(dict(FULL, e3_satisfaction="")))
    assert bad.status_code == 400
    html = bad.content.decode()
    assert 'id="err-e3_satisfaction"' in html and 'value="board" checked' in html  # answers kept, error shown
    done = client.post(url, form_data(dict(FULL, e1_expect=["online", "hours"])))
    assert done.status_code == 302 and done["Location"].endswith(f"/onestop/khao-sat/{inv.token}/cam-on/")
    assert client.get(done["Location"]).status_code == 200
    response = SurveyResponse.objects.get(invitation=inv)
    assert response.channel == "link" and response.answers["e1_expect"] == ["online", "hours"]
    again = client.post(url, form_data(sheet([1, 1, 1, 1, 1])))
    assert again.status_code == 409 and 'id="sipas-already"' in again.content.decode()
    assert client.get(url).status_code == 200 and SurveyResponse.objects.get().answers["e1_satisfaction"] == 5


def test_unknown_token_is_404(client, db):
    assert client.get("/onestop/khao-sat/khong-ton-tai/").status_code == 404


# -- the kiosk -----------------------------------------------------------------------------------------
@pytest.fixture
def counter(procedures, make_user):
    now = timezone.now()
    return {
        "doc_today": make_dossier(procedures["house"], status="returned", returned_at=now, applicant=0),
        "doc_answered": make_dossier(procedures["house"], status="returned", returned_at=now, applicant=1),
        "doc_old": make_dossier(procedures["house"], status="returned", returned_at=now - timezone.timedelta(days=3)),
        "doc_open": make_dossier(procedures["house"], status="processing"),
        "dpi_today": make_dossier(procedures["business"], status="returned", returned_at=now, applicant=2),
        "clerk": make_user("mot_cua_sxd", "DOC"),
    }


def test_kiosk_needs_a_login_and_a_receiving_unit_editor(client, client_as, counter, make_user):
    response = client.get("/onestop/kiosk/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.post(f"/onestop/kiosk/{counter['doc_today'].code}/", form_data(FULL)).status_code == 302
    viewer = make_user("xem_sxd", "DOC", role="viewer")
    assert client_as(viewer).get("/onestop/kiosk/").status_code == 403


def test_kiosk_lists_only_the_units_dossiers_returned_today_without_answer(client_as, counter):
    from smartcity.onestop.services.surveys import create_invitation, record_response

    record_response(create_invitation(counter["doc_answered"]), FULL, channel="link")
    html = client_as(counter["clerk"]).get("/onestop/kiosk/").content.decode()
    assert counter["doc_today"].code in html
    for other in ("doc_answered", "doc_old", "doc_open", "dpi_today"):
        assert counter[other].code not in html
    assert "N. V. Hùng" in html and "Nguyễn Văn Hùng" not in html  # masked name


def test_kiosk_by_code_then_questionnaire_then_back_to_start(client_as, counter):
    from smartcity.onestop.models import SurveyResponse

    client = client_as(counter["clerk"])
    other = client.get("/onestop/kiosk/", {"code": counter["dpi_today"].code})
    assert other.status_code == 200 and "field-error" in other.content.decode()  # another unit's dossier
    not_returned = client.get("/onestop/kiosk/", {"code": counter["doc_open"].code})
    assert "field-error" in not_returned.content.decode()
    go = client.get("/onestop/kiosk/", {"code": counter["doc_old"].code})
    assert go.status_code == 302 and go["Location"] == f"/onestop/kiosk/{counter['doc_old'].code}/"
    page = client.get(go["Location"])
    assert page.status_code == 200 and len(re.findall(r'<fieldset class="element"', page.content.decode())) == 5
    assert client.get(f"/onestop/kiosk/{counter['dpi_today'].code}/").status_code == 302  # refused, back to start
    done = client.post(go["Location"], form_data(FULL))
    assert done.status_code == 302 and done["Location"] == "/onestop/kiosk/"
    response = SurveyResponse.objects.get()
    assert response.channel == "kiosk" and response.invitation.dossier == counter["doc_old"]
    again = client.post(go["Location"], form_data(FULL))
    assert again.status_code == 302 and SurveyResponse.objects.count() == 1


# -- results ----------------------------------------------------------------------------------------
@pytest.fixture
def results(procedures):
    from smartcity.onestop.services.surveys import record_response

    record_response(invitation_for(procedures["house"]), sheet([5, 5, 4, 5, 4]), channel="link", at=local(2026, 2, 10, 9))
    record_response(invitation_for(procedures["house"]), sheet([4, 4, 5, 4, 5]), channel="kiosk", at=local(2026, 3, 11, 14))
    record_response(invitation_for(procedures["business"]), sheet([2, 3, 4, 1, None]), channel="link", at=local(2026, 3, 12, 10),
                    comment="Số điện thoại của tôi 0908123456")
    return procedures


def _svg(html, chart_id):
    return re.search(rf'<svg id="{chart_id}".*?</svg>', html, re.DOTALL).group(0)


def test_results_page_draws_charts_with_the_target_line_and_highlights_units_below(client, results):
    page = client.get("/onestop/hai-long/")
    assert page.status_code == 200
    html = page.content.decode()
    for chart_id in ("chart-elements", "chart-units", "chart-procedures", "chart-months"):
        assert 'class="target-line"' in _svg(html, chart_id)
    units = _svg(html, "chart-units")
    # the DPI bar is below the target and its share is 1 satisfied answer of 4
    dpi_share = 1 / 4
    rows = re.findall(r'<g class="bar-row( below-target)?" data-share="([\d.]*)">.*?<rect class="bar" x="([\d.]+)" y="[\d.]+" '
                      r'width="([\d.]+)"', units, re.DOTALL)
    assert len(rows) == 2
    below = [r for r in rows if r[0]]
    assert len(below) == 1 and float(below[0][1]) == pytest.approx(dpi_share * 100)
    plot_x, width = float(below[0][2]), float(below[0][3])
    target_x = float(re.search(r'class="target-line" x1="([\d.]+)"', units).group(1))
    assert (target_x - plot_x) / (width / dpi_share) == pytest.approx(0.8, abs=0.01)  # the line sits at 80 %
    assert re.search(r'<tr data-key="DPI" class="below-target">', html)
    assert re.search(r'<tr data-key="DOC">', html)
    months = _svg(html, "chart-months")
    assert len(re.findall(r'<circle class="point', months)) == 2
    assert "sipas-2024.1" in html and "1001/QĐ-BNV" in html
    assert 'id="csv"' not in html  # the raw answers are for staff
    assert "0908123456" not in html


def test_results_period_filter(client, results):
    html = client.get("/onestop/hai-long/", {"start": "2026-02-01", "end": "2026-02-28"}).content.decode()
    assert re.search(r'id="n-responses">1<', html)
    assert 'data-key="DPI"' not in html
    assert "2026-03" not in _svg(html, "chart-months")
    wrong = client.get("/onestop/hai-long/", {"start": "2026-03-01", "end": "2026-02-01"}).content.decode()
    assert 'role="alert"' in wrong and re.search(r'id="n-responses">3<', wrong)


def test_results_page_without_answers(client, db):
    html = client.get("/onestop/hai-long/").content.decode()
    assert 'id="no-answers"' in html


def test_csv_of_raw_answers_for_staff_without_personal_data(client, client_as, results, make_user):
    assert client.get("/onestop/hai-long/csv/").status_code == 302
    home_affairs = client_as(make_user("sipas_snv", "DOHA", role="viewer"))
    assert 'id="csv"' in home_affairs.get("/onestop/hai-long/").content.decode()
    body = home_affairs.get("/onestop/hai-long/csv/").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 3 and {r["unit"] for r in rows} == {"DOC", "DPI"}
    assert {r["e1_satisfaction"] for r in rows} == {"5", "4", "2"}
    from smartcity.onestop.models import Dossier

    for d in Dossier.objects.all():
        assert d.code not in body and d.applicant_name not in body
    assert "0908123456" not in body  # the free comment is not exported
    client.logout()
    dpi = client_as(make_user("thong_ke_skhdt", "DPI", role="viewer"))
    rows = list(csv.DictReader(io.StringIO(dpi.get("/onestop/hai-long/csv/").content.decode("utf-8-sig"))))
    assert [r["unit"] for r in rows] == ["DPI"]
