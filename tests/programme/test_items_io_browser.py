"""Spreadsheet round trip in a real Chromium: an environment department editor downloads the
items, changes them, is told exactly which cell it may not change, fixes the file and imports it."""
import csv
import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-2018"
IMPORT = "/programme/items/import/"


def _login(page, base, username, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}{next_path}")


def _edit(data: bytes, changes: dict) -> bytes:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    for r in rows:
        r.update(changes.get(r["number"], {}))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def test_download_change_upload(page, live_server, make_user, small_plan, screenshot, tmp_path):
    from smartcity.programme.models import Item

    plan, items, _ = small_plan
    make_user("donre.editor", "DONRE", "editor")
    base = live_server.url
    _login(page, base, "donre.editor", IMPORT)
    assert page.locator("h1").inner_text() == "Hạng mục kế hoạch: xuất và nhập bảng tính"
    with page.expect_download() as info:
        page.locator("#exports a", has_text="CSV").first.click()
    download = info.value
    assert download.suggested_filename.endswith("-items.csv")
    data = open(download.path(), "rb").read()

    bad = tmp_path / "sua-doi.csv"
    bad.write_bytes(_edit(data, {"II.9.3": {"status": "in_progress", "progress": "30"}, "II.4.1": {"progress": "90"}}))
    page.select_option("#id_plan", plan.code)
    page.set_input_files("#id_file", str(bad))
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_selector("#report-errors")
    errors = page.locator("#report-errors tbody tr")
    assert errors.count() == 1 and "DOT" in errors.first.inner_text()
    screenshot(page, "programme-items-import-errors")
    assert Item.objects.get(pk=items["II.9.3"].pk).progress == 0

    good = tmp_path / "sua-doi-2.csv"
    good.write_bytes(_edit(data, {"II.9.3": {"status": "in_progress", "progress": "30"}}))
    page.set_input_files("#id_file", str(good))
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_selector("#report-summary.status-ok")
    assert "II.9.3" in page.locator("#import-report").inner_text()
    screenshot(page, "programme-items-import-done")
    assert Item.objects.get(pk=items["II.9.3"].pk).progress == 30
    assert Item.objects.get(pk=items["II.9"].pk).progress == pytest.approx(65)
