"""Staff pages: download the items as CSV or Excel, upload a changed file and read the report
(login, CSRF, unit permissions, Vietnamese first)."""
import csv
import io

import pytest
from django.test import Client

from smartcity.programme.models import Item
from smartcity.programme.services import items_io

EXPORT, IMPORT = "/programme/items/export/", "/programme/items/import/"


def _upload(rows, name="items.csv"):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=items_io.COLUMNS)
    w.writeheader()
    w.writerows(rows)
    f = io.BytesIO(buf.getvalue().encode("utf-8"))
    f.name = name
    return f


def _rows(plan):
    return list(csv.DictReader(io.StringIO(items_io.export_csv(plan).decode("utf-8-sig"))))


@pytest.mark.django_db
def test_login_required(client, small_plan):
    for url in (EXPORT, IMPORT):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_downloads_are_attachments(client_as, make_user, small_plan):
    plan, it, st = small_plan
    c = client_as(make_user("dot-viewer", "DOT", role="viewer"))
    r = c.get(EXPORT, {"plan": plan.code, "format": "csv"})
    assert r.status_code == 200 and r["Content-Disposition"] == f'attachment; filename="{plan.code}-items.csv"'
    assert r.content.startswith("\ufeffnumber,kind".encode("utf-8"))
    r = c.get(EXPORT, {"plan": plan.code, "format": "xlsx"})
    assert r.status_code == 200 and r.content[:2] == b"PK" and "attachment" in r["Content-Disposition"]
    assert len(items_io.read_rows(r.content, "x.xlsx")) == 9
    assert c.get(EXPORT, {"plan": plan.code, "format": "html"}).status_code == 400
    assert c.get(EXPORT, {"plan": "khong-co"}).status_code == 404


@pytest.mark.django_db
def test_page_in_vietnamese_and_english(client_as, make_user, small_plan):
    c = client_as(make_user("dot-editor", "DOT"))
    c.cookies["django_language"] = "vi"
    vi = c.get(IMPORT, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hạng mục kế hoạch: xuất và nhập bảng tính" in vi and "Kiểm tra và nhập" in vi
    c.cookies["django_language"] = "en"
    en = c.get(IMPORT, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Plan items: spreadsheet export and import" in en and "Check and import" in en


@pytest.mark.django_db
def test_upload_with_errors_shows_the_report_and_changes_nothing(make_user, small_plan):
    plan, it, st = small_plan
    c = Client(enforce_csrf_checks=True)
    c.force_login(make_user("dot-editor", "DOT"))
    c.cookies["django_language"] = "vi"
    rows = _rows(plan)
    by = {r["number"]: r for r in rows}
    by["II.4.1"]["progress"] = "140"
    by["II.4.2"]["progress"] = "30"
    # without the CSRF token: refused
    assert c.post(IMPORT, {"plan": plan.code, "file": _upload(rows)}).status_code == 403
    page = c.get(IMPORT)
    token = page.cookies["csrftoken"].value
    r = c.post(IMPORT, {"plan": plan.code, "file": _upload(rows), "csrfmiddlewaretoken": token}, HTTP_ACCEPT_LANGUAGE="vi")
    html = r.content.decode()
    assert r.status_code == 400 and 'id="report-errors"' in html
    assert "ngoài khoảng 0–100: 140" in html and "Chưa nhập dữ liệu nào" in html
    assert Item.objects.get(pk=it["II.4.2"].pk).progress == 10


@pytest.mark.django_db
def test_upload_by_the_lead_unit_dry_run_then_for_real(client_as, make_user, small_plan):
    plan, it, st = small_plan
    c = client_as(make_user("dot-editor", "DOT"))
    rows = _rows(plan)
    next(r for r in rows if r["number"] == "II.4.2")["progress"] = "30"
    r = c.post(IMPORT, {"plan": plan.code, "file": _upload(rows), "dry_run": "on"})
    assert r.status_code == 200 and 'id="report-summary"' in r.content.decode()
    assert Item.objects.get(pk=it["II.4.2"].pk).progress == 10
    r = c.post(IMPORT, {"plan": plan.code, "file": _upload(rows)})
    assert r.status_code == 200 and "II.4.2" in r.content.decode()
    assert Item.objects.get(pk=it["II.4.2"].pk).progress == 30
    # another unit's item: refused by the report
    next(r for r in rows if r["number"] == "II.9.1")["weight"] = "3"
    r = c.post(IMPORT, {"plan": plan.code, "file": _upload(rows)})
    assert r.status_code == 400 and "DONRE" in r.content.decode()
    assert Item.objects.get(pk=it["II.9.1"].pk).weight == 1


@pytest.mark.django_db
def test_upload_refusals(client_as, make_user, small_plan):
    plan, it, st = small_plan
    viewer = client_as(make_user("dot-viewer", "DOT", role="viewer"))
    assert viewer.post(IMPORT, {"plan": plan.code, "file": _upload(_rows(plan))}).status_code == 403
    editor = client_as(make_user("dot-editor", "DOT"))
    r = editor.post(IMPORT, {"plan": plan.code, "file": _upload(_rows(plan), name="items.html")})
    assert r.status_code == 400
    bad = io.BytesIO(b"PK\x03\x04 not really a workbook")
    bad.name = "items.xlsx"
    r = editor.post(IMPORT, {"plan": plan.code, "file": bad})
    assert r.status_code == 400 and 'id="file-error"' in r.content.decode()
