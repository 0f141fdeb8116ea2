"""Reports: the service on dossiers built straight in the database (November 2025, no public
holiday in October-November), the monthly .xlsx read back, the page's permissions and
query count, the API and the CLI. Expected figures are counted by hand from the scenario."""
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.onestop.factories import local, make_dossier

pytestmark = pytest.mark.django_db

NOV_START, NOV_END = local(2025, 11, 1, 0).date(), local(2025, 11, 30, 0).date()
NOW = local(2025, 12, 5, 9)  # reports 'as of' a day after November


@pytest.fixture
def scenario(procedures):
    """DOC (house permits) and DPI (household businesses) dossiers around November 2025.
    Office hours 07:30-11:30 + 13:00-17:00: Monday 08:00 -> Wednesday 08:00 is 2 working days."""
    house, business = procedures["house"], procedures["business"]
    d = {
        # carried over from October, result 6 days before the appointment: early; 11 working days
        "a": make_dossier(house, status="returned", received_at=local(2025, 10, 27, 8), due_at=local(2025, 11, 17, 8),
                          result_at=local(2025, 11, 11, 8), returned_at=local(2025, 11, 12, 9)),
        # new at the counter, result on the appointment's day: on time; 2 working days
        "b": make_dossier(house, status="result_ready", received_at=local(2025, 11, 3, 8), due_at=local(2025, 11, 5, 17),
                          result_at=local(2025, 11, 5, 8), applicant=1),
        # new online, open, appointment passed: overdue
        "c": make_dossier(house, status="processing", channel="online", received_at=local(2025, 11, 4, 8), due_at=local(2025, 11, 6, 8)),
        # new by post, in consultation, due in December: within time
        "d": make_dossier(house, status="consulting", channel="post", received_at=local(2025, 11, 5, 9), due_at=local(2025, 12, 20, 8),
                          applicant=2),
        # DPI: new online, result a day after the appointment: late; 4 working days
        "e": make_dossier(business, status="returned", channel="online", received_at=local(2025, 11, 10, 8),
                          due_at=local(2025, 11, 13, 8), result_at=local(2025, 11, 14, 8), returned_at=local(2025, 11, 14, 10)),
        # DPI: finished in October, outside November
        "f": make_dossier(business, status="returned", received_at=local(2025, 10, 1, 8), due_at=local(2025, 10, 6, 8),
                          result_at=local(2025, 10, 3, 8), returned_at=local(2025, 10, 3, 10)),
        # DOC: received in December, outside November
        "g": make_dossier(house, status="received", received_at=local(2025, 12, 1, 9), due_at=local(2025, 12, 22, 9)),
        # DPI: new at the counter, withdrawn
        "h": make_dossier(business, status="withdrawn", received_at=local(2025, 11, 10, 9), due_at=local(2025, 11, 13, 9),
                          closed_at=local(2025, 11, 11, 10)),
    }
    return d


def test_summary_counts_the_period_as_the_report_does(scenario):
    from smartcity.onestop.services import reports

    s = reports.summary(NOV_START, NOV_END, now=NOW)
    assert s["received"] == {"total": 6, "carried_over": 1, "new": 5, "online": 2, "counter_post": 3}
    assert s["by_channel"] == {"counter": 2, "online": 2, "post": 1}
    assert s["resolved"] == {"total": 3, "early": 1, "on_time": 1, "late": 1}
    assert s["in_progress"] == {"total": 2, "within_time": 1, "overdue": 1}
    assert s["withdrawn_refused"] == 1
    assert s["on_time_rate"] == pytest.approx(2 / 3)
    assert s["processing_days"]["count"] == 3
    assert s["processing_days"]["mean"] == pytest.approx((11 + 2 + 4) / 3)
    assert s["processing_days"]["median"] == pytest.approx(4)
    assert s["overdue_now"] == 1  # c (d is due on 20/12, g on 22/12)


def test_unit_filter_and_groupings(scenario):
    from smartcity.onestop.services import reports

    doc = reports.summary(NOV_START, NOV_END, unit="DOC", now=NOW)
    assert doc["unit"]["code"] == "DOC"
    assert doc["received"] == {"total": 4, "carried_over": 1, "new": 3, "online": 1, "counter_post": 2}
    assert doc["resolved"] == {"total": 2, "early": 1, "on_time": 1, "late": 0} and doc["on_time_rate"] == 1.0
    units = {u["unit"]["code"]: u for u in reports.by_unit(NOV_START, NOV_END, now=NOW)}
    assert set(units) == {"DOC", "DPI"}
    assert units["DPI"]["resolved"]["late"] == 1 and units["DPI"]["on_time_rate"] == 0.0 and units["DPI"]["withdrawn_refused"] == 1
    procs = {p["procedure"]["code"]: p for p in reports.by_procedure(NOV_START, NOV_END, now=NOW)}
    assert procs["1.009972"]["received"]["total"] == 4 and procs["2.000575"]["received"]["total"] == 2
    assert procs["1.009972"]["procedure"]["time_limit_days"] == 15.0
    assert procs["2.000575"]["processing_days"]["mean"] == pytest.approx(4)
    only_dpi = reports.by_procedure(NOV_START, NOV_END, unit="DPI", now=NOW)
    assert [p["procedure"]["code"] for p in only_dpi] == ["2.000575"]


def test_a_period_under_way_is_reported_as_of_now(scenario):
    from smartcity.onestop.services import reports

    # on 5/11 at 12:00, c (due 6/11) is not late yet and e (received 10/11) does not exist yet
    s = reports.summary(NOV_START, NOV_END, now=local(2025, 11, 5, 12))
    assert s["in_progress"]["overdue"] == 0
    assert s["received"]["new"] == 3  # b, c, d
    assert s["resolved"]["total"] == 1  # b (result 5/11 08:00)


def test_by_month_counts_in_the_database(scenario, django_assert_max_num_queries):
    from smartcity.onestop.services import reports

    with django_assert_max_num_queries(3):
        months = reports.by_month(local(2025, 10, 1).date(), NOV_END)
    assert [m["month"] for m in months] == ["2025-10", "2025-11"]
    oct_, nov = months
    assert oct_["received"] == {"counter": 2, "online": 0, "post": 0, "total": 2}  # a, f
    assert (oct_["resolved"], oct_["late"], oct_["on_time_rate"]) == (1, 0, 1.0)  # f
    assert nov["received"] == {"counter": 2, "online": 2, "post": 1, "total": 5}
    assert (nov["resolved"], nov["late"]) == (3, 1)
    assert nov["on_time_rate"] == pytest.approx(2 / 3)


def test_overdue_list_uses_working_days_and_masks_the_applicant(scenario):
    from smartcity.onestop.services import reports

    found = reports.overdue(local(2025, 11, 7, 8))  # Friday 08:00, c was due Thursday 08:00
    assert [d["code"] for d in found] == [scenario["c"].code]
    assert found[0]["days_late"] == 1.0
    assert found[0]["applicant"] == "N. V. H." and "Nguyễn" not in json.dumps(found[0], default=str, ensure_ascii=False)
    # a result ready after the appointment waits for the applicant: not 'overdue' any more
    assert reports.overdue(local(2025, 11, 7, 8), unit="DPI") == []


def test_report_reads_the_dossiers_once(scenario, django_assert_max_num_queries):
    from smartcity.onestop.services import reports

    with django_assert_max_num_queries(6):  # rows, unit names, procedure names, overdue count, calendar
        data = reports.report(NOV_START, NOV_END, now=NOW)
    assert data["summary"]["resolved"]["total"] == sum(u["resolved"]["total"] for u in data["by_unit"])


# -- the monthly xlsx --------------------------------------------------------------------------
def _sheet_rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_monthly_xlsx_layout_totals_and_overdue_sheet(scenario):
    from smartcity.onestop.services.export_xlsx import export_month

    wb = load_workbook(io.BytesIO(export_month(2025, 11, now=NOW, language="en")))
    assert wb.sheetnames == ["Report", "Overdue dossiers"]
    ws = wb["Report"]
    rows = _sheet_rows(ws)
    assert rows[1][0] == "REPORT ON THE HANDLING OF ADMINISTRATIVE PROCEDURES"
    assert "11/2025" in rows[2][0] and "01/11/2025" in rows[2][0] and "30/11/2025" in rows[2][0]
    assert rows[5][2] == "Dossiers received for processing" and rows[5][6] == "Dossiers resolved" and rows[5][10] == "Dossiers in progress"
    assert rows[6][2:14] == ["Total", "Carried over from the previous period", "New, online", "New, at the counter or by post",
                             "Total", "Early", "On time", "Late", "Total", "Within time", "Overdue", None]
    assert rows[5][13] == "Withdrawn or refused"
    data = {r[1]: r[2:14] for r in rows[8:] if r[0] is not None and isinstance(r[0], int)}
    # by field: construction = DOC's four dossiers, enterprise registration = DPI's two
    assert data["Construction"] == [4, 1, 1, 2, 2, 1, 1, 0, 2, 1, 1, 0]
    assert data["Enterprise registration"] == [2, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1]
    total = next(r for r in rows if r[1] == "Total")
    assert total[2:14] == [sum(col) for col in zip(*data.values())]
    for r in list(data.values()) + [total[2:14]]:  # received = resolved + in progress + withdrawn
        assert r[0] == r[4] + r[8] + r[11]
    rate = next(r for r in rows if r[1] and str(r[1]).startswith("On-time rate"))
    assert rate[2] == pytest.approx(2 / 3)
    over = _sheet_rows(wb["Overdue dossiers"])
    assert over[0] == ["Dossier code", "Procedure", "Competent unit", "Received", "Due", "Working days late", "Applicant"]
    assert len(over) == 2 and over[1][0] == scenario["c"].code and over[1][6] == "N. V. H."
    # from Thursday 6/11 08:00 to the month's end: 7.5 h that day, Friday, then three full weeks
    assert over[1][5] == pytest.approx(round(7.5 / 8 + 1 + 15, 1))
    assert over[1][4].strftime("%d/%m/%Y %H:%M") == "06/11/2025 08:00"  # local wall-clock time


def test_monthly_xlsx_of_one_unit_in_vietnamese(scenario):
    from smartcity.core.models import Organisation
    from smartcity.onestop.services.export_xlsx import export_month

    wb = load_workbook(io.BytesIO(export_month(2025, 11, "DPI", now=NOW, language="vi")))
    ws = wb.worksheets[0]
    rows = _sheet_rows(ws)
    assert rows[0][0] == Organisation.objects.get(code="DPI").name_vi.upper()
    assert rows[1][0] == "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert rows[6][2] == "Tổng số" and rows[6][3] == "Từ kỳ trước chuyển qua"
    lines = [r for r in rows[8:] if isinstance(r[0], int)]
    assert len(lines) == 1 and lines[0][2] == 2
    assert len(_sheet_rows(wb.worksheets[1])) == 1  # header only: DPI has nothing overdue


# -- the page ----------------------------------------------------------------------------------
def test_page_needs_a_staff_login(client, make_user, scenario):
    url = reverse("onestop-reports")
    assert client.get(url).status_code == 302
    client.force_login(make_user("khach", None))
    assert client.get(url).status_code == 403


def test_unit_editor_sees_own_unit_by_default(client, make_user, scenario):
    client.force_login(make_user("xaydung", "DOC"))
    url = reverse("onestop-reports") + "?start=2025-11-01&end=2025-11-30"
    page = client.get(url).content.decode()
    assert 'data-tile="received"><span class="num">3</span>' in page  # DOC's new dossiers b, c, d
    assert scenario["c"].code in page and reverse("onestop-dossier", args=[scenario["c"].pk]) in page
    assert 'id="rep-rate-chart"' in page and 'id="rep-volume-chart"' in page and 'id="rep-time-chart"' in page
    # another unit's aggregate figures, but not its dossiers
    other = client.get(url + "&unit=DPI").content.decode()
    assert 'data-tile="received"><span class="num">2</span>' in other
    assert "rep-overdue" in other and scenario["c"].code not in other
    assert client.get(reverse("onestop-reports-export") + "?year=2025&month=11&unit=DPI").status_code == 403
    own = client.get(reverse("onestop-reports-export") + "?year=2025&month=11")
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment;") and "DOC" in own["Content-Disposition"]
    rows = _sheet_rows(load_workbook(io.BytesIO(own.content)).worksheets[0])
    assert [r[2] for r in rows if isinstance(r[0], int)] == [4]


@pytest.mark.parametrize("org", ["DOHA", "VPTPTM"])
def test_home_affairs_and_the_coordinator_see_all(client, make_user, scenario, org):
    client.force_login(make_user("tonghop", org, role="viewer"))
    page = client.get(reverse("onestop-reports") + "?start=2025-11-01&end=2025-11-30").content.decode()
    assert 'data-tile="received"><span class="num">5</span>' in page
    assert 'data-unit="DOC"' in page and 'data-unit="DPI"' in page
    assert 'id="rep-by-unit"' in page and 'data-key="2.000575"' in page
    body = client.get(reverse("onestop-reports-export") + "?year=2025&month=11").content
    rows = _sheet_rows(load_workbook(io.BytesIO(body)).worksheets[0])
    assert sorted(r[2] for r in rows if isinstance(r[0], int)) == [2, 4]


def test_page_rejects_bad_dates_politely(client, make_user, scenario):
    client.force_login(make_user("tonghop", "DOHA"))
    r = client.get(reverse("onestop-reports") + "?start=2025-13-01&end=2025-11-30")
    assert r.status_code == 200 and 'id="rep-errors"' in r.content.decode()
    assert client.get(reverse("onestop-reports-export") + "?year=2025&month=13").status_code == 400


def test_page_query_count_does_not_grow_with_dossiers(client, make_user, scenario, procedures, django_assert_max_num_queries):
    client.force_login(make_user("tonghop", "DOHA"))
    url = reverse("onestop-reports") + "?start=2025-10-01&end=2025-11-30"
    for i in range(30):
        make_dossier(procedures["house" if i % 2 else "business"], status="processing", channel=("counter", "online", "post")[i % 3],
                     received_at=local(2025, 11, 1 + i % 28, 9), due_at=local(2025, 11, 2 + i % 27, 9))
    with django_assert_max_num_queries(16):
        r = client.get(url)
    assert r.status_code == 200 and r.content.decode().count("<tr>") >= 30


# -- the API -----------------------------------------------------------------------------------
def test_public_stats_are_aggregates_only(api, scenario):
    r = api.get(reverse("api-onestop-stats") + "?start=2025-11-01&end=2025-11-30")
    assert r.status_code == 200
    body = r.json()
    assert body["received"]["total"] == 6 and body["resolved"] == {"total": 3, "early": 1, "on_time": 1, "late": 1}
    assert body["on_time_rate"] == pytest.approx(2 / 3)
    text = json.dumps(body, ensure_ascii=False)
    for d in scenario.values():
        assert d.code not in text and d.applicant_name not in text
    assert api.get(reverse("api-onestop-stats") + "?start=2025-11-01&end=2025-11-30&unit=DPI").json()["received"]["total"] == 2


def test_api_errors_have_the_problem_shape(api):
    r = api.get(reverse("api-onestop-stats") + "?start=01/11/2025")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "validation_error" and body["errors"][0]["field"] == "start"
    r = api.get(reverse("api-onestop-stats") + "?start=2025-12-01&end=2025-11-01")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "start_after_end"


def test_detailed_stats_are_for_staff(api, make_user, scenario):
    for name in ("api-onestop-stats-by-unit", "api-onestop-stats-by-procedure", "api-onestop-stats-overdue"):
        assert api.get(reverse(name)).status_code in (401, 403)
    api.force_authenticate(make_user("xaydung", "DOC"))
    units = api.get(reverse("api-onestop-stats-by-unit") + "?start=2025-11-01&end=2025-11-30").json()["units"]
    assert {u["unit"]["code"]: u["received"]["total"] for u in units} == {"DOC": 4, "DPI": 2}
    procs = api.get(reverse("api-onestop-stats-by-procedure") + "?start=2025-11-01&end=2025-11-30&unit=DPI").json()["procedures"]
    assert [p["procedure"]["code"] for p in procs] == ["2.000575"]
    assert api.get(reverse("api-onestop-stats-overdue") + "?unit=DPI").status_code == 403
    over = api.get(reverse("api-onestop-stats-overdue")).json()
    # open DOC dossiers past their appointment today: c, d (due 20/12/2025) and g (22/12/2025)
    assert sorted(d["code"] for d in over["dossiers"]) == sorted(scenario[k].code for k in "cdg")
    assert over["count"] == 3 and all("applicant" not in d for d in over["dossiers"])


# -- the CLI -----------------------------------------------------------------------------------
def test_cli_report_and_stats(scenario, tmp_path):
    out = tmp_path / "bao-cao.xlsx"
    call_command("onestop", "report", "--month", "2025-11", "--unit", "DOC", "--out", str(out), stdout=io.StringIO())
    rows = _sheet_rows(load_workbook(out).worksheets[0])
    assert [r[2] for r in rows if isinstance(r[0], int)] == [4]
    buf = io.StringIO()
    call_command("onestop", "stats", "--from", "2025-11-01", "--to", "2025-11-30", "--json", stdout=buf)
    data = json.loads(buf.getvalue())
    assert data["received"]["carried_over"] == 1 and data["resolved"]["late"] == 1 and data["withdrawn_refused"] == 1
    buf = io.StringIO()
    call_command("onestop", "stats", "--from", "2025-11-01", "--to", "2025-11-30", "--unit", "DPI", stdout=buf)
    assert "0.0 %" in buf.getvalue() and "2" in buf.getvalue()
    with pytest.raises(CommandError):
        call_command("onestop", "report", "--month", "2025-13", "--out", str(out))
    with pytest.raises(CommandError):
        call_command("onestop", "report", "--month", "2025-11", "--out", str(tmp_path / "x.xls"))
    with pytest.raises(CommandError):
        call_command("onestop", "stats", "--from", "2025-11-01", "--to", "2025-11-30", "--unit", "KHONGCO")


def test_reports_never_build_dossier_instances(scenario, monkeypatch):
    """Big tables: figures come from value tuples, so a report over 100k dossiers does not
    build 100k model objects."""
    from smartcity.onestop.models import Dossier
    from smartcity.onestop.services import reports
    from smartcity.onestop.services.export_xlsx import export_month

    def forbidden(*args, **kwargs):
        raise AssertionError("a Dossier instance was built")

    monkeypatch.setattr(Dossier, "from_db", classmethod(forbidden))
    assert reports.report(NOV_START, NOV_END, now=NOW)["summary"]["received"]["total"] == 6
    assert len(reports.overdue(NOW)) == 1
    assert export_month(2025, 11, now=NOW)[:2] == b"PK"
