"""In Chromium: an editor of the Department of Construction uploads a zipped Shapefile in
VN-2000 (Binh Duong, cp1258 attributes) on the layer's import page, watches the progress
bar move to 100 % while the worker (the burst loop in a thread of this test, as
`smartcity worker` would) runs the job, and reads the validation report."""
import io
import threading
import time
import zipfile
from urllib.parse import quote

import pytest
from shapely.geometry import Polygon, box

from smartcity.gis import crs, formats

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-thử-2018"  # tests/conftest.py make_user
N = 40


def _zipped_parcels(tmp_path) -> bytes:
    """N parcels of phường Hiệp Thành in VN-2000 / Binh Duong: one bow-tie (repaired), one
    without geometry (rejected); no `loai_dat` column although the layer requires it."""
    x0, y0 = crs.from_wgs84("VN2000-BD").transform(106.6560, 10.9890)
    feats = []
    for i in range(N):
        x = x0 + (i % 10) * 22
        y = y0 + (i // 10) * 32
        geom = box(x, y, x + 20, y + 30)
        if i == 7:
            geom = Polygon([(x, y), (x + 20, y + 30), (x + 20, y), (x, y + 30)])  # self-intersecting
        if i == 13:
            geom = None
        feats.append((geom, {"ma": f"HT-{i + 1:03d}", "so_thua": 200 + i, "ten_chu": "Lý Thị Hằng" if i % 2 else "Ngô Đức Thắng"}))
    shp = formats.write(tmp_path / "hiep_thanh.shp", "shp", feats, fields=[("ma", "string"), ("so_thua", "integer"), ("ten_chu", "string")],
                        crs_key="VN2000-BD", encoding="cp1258")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part in formats.shapefile_parts(shp):
            zf.write(part, part.name)
    return buf.getvalue()


@pytest.fixture
def worker(monkeypatch):
    """A burst worker in a thread over an in-memory queue; each progress save waits a little
    so the page's polling sees the bar between 0 and 100 %."""
    from huey.contrib import djhuey
    from huey.storage import MemoryStorage

    from smartcity.gis.services import importer

    monkeypatch.setattr(djhuey.HUEY, "immediate", False)
    monkeypatch.setattr(djhuey.HUEY, "storage", MemoryStorage("smartcity-browser"))
    real_save = importer._save

    def slow_save(job, **fields):
        real_save(job, **fields)
        if "progress" in fields and fields.get("status") is None:
            time.sleep(0.25)

    monkeypatch.setattr(importer, "_save", slow_save)
    stop, ran = threading.Event(), []

    def loop():
        from django.db import connection

        try:
            for _ in range(2400):  # bounded: 2 minutes at most
                if stop.is_set():
                    break
                task = djhuey.HUEY.dequeue()
                if task is None:
                    time.sleep(0.05)
                    continue
                djhuey.HUEY.execute(task)
                ran.append(task.id)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield ran
    stop.set()
    thread.join(10)


def test_upload_vn2000_shapefile_progress_and_report(page, live_server, make_layer, make_user, screenshot, tmp_path, worker):
    from smartcity.gis.models import Feature, ImportJob

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    layer = make_layer("thua-dat-hiep-thanh", geometry_type="Polygon", title_vi="Thửa đất phường Hiệp Thành",
                       schema=[{"name": "ma", "type": "string", "label_vi": "Mã thửa", "label_en": "Parcel id"},
                               {"name": "so_thua", "type": "integer", "label_vi": "Số thửa", "label_en": "Parcel number", "required": True},
                               {"name": "ten_chu", "type": "string", "label_vi": "Tên chủ sử dụng", "label_en": "Land user"},
                               {"name": "loai_dat", "type": "string", "label_vi": "Loại đất", "label_en": "Land use", "required": True}])
    make_user("sxd.hang", "DOC", first_name="Hằng", last_name="Lý Thị")
    base = live_server.url
    url = f"/gis/lop/{layer.key}/nhap/"
    page.goto(base + "/accounts/login/?next=" + quote(url))
    page.fill("input[name=username]", "sxd.hang")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**" + url + "*")

    page.set_input_files("#import-file", {"name": "hiep_thanh.zip", "mimeType": "application/zip", "buffer": _zipped_parcels(tmp_path)})
    page.select_option("#import-crs", "VN2000-BD")
    page.select_option("#import-encoding", "cp1258")
    page.check("input[name=mode][value=replace]")
    screenshot(page, "gis-import-form")
    page.click("#import-submit")
    seen, shot = set(), False
    for _ in range(600):  # bounded: 60 s
        seen.add(int(page.get_attribute("#import-bar", "aria-valuenow") or 0))
        if page.get_attribute("#import-progress", "data-status") in ("done", "failed"):
            break
        if not shot and 0 < max(seen) < 100:
            screenshot(page, "gis-import-progress")
            shot = True
        page.wait_for_timeout(100)
    page.wait_for_selector("#import-report:not([hidden])")
    assert page.get_attribute("#import-progress", "data-status") == "done"
    assert page.get_attribute("#import-bar", "aria-valuenow") == "100" and page.inner_text("#import-percent") == "100 %"
    assert any(0 < v < 100 for v in seen), seen  # the bar moved through the middle
    screenshot(page, "gis-import-report")

    job = ImportJob.objects.get(layer=layer)
    assert len(worker) == 1 and job.status == "done" and job.source_crs == "VN2000-BD" and job.encoding == "cp1258"
    assert page.inner_text("#import-missing li") == "loai_dat"
    rejected = page.locator("#import-rows tr[data-action=rejected]")
    repaired = page.locator("#import-rows tr[data-action=repaired]")
    assert rejected.count() == job.rejected >= 1 and repaired.count() == job.repaired >= 1
    assert "HT-014" in rejected.first.inner_text() and "empty geometry" in rejected.first.inner_text()
    assert "HT-008" in repaired.first.inner_text()
    summary = page.inner_text("#import-summary")
    assert str(job.imported) in summary and str(N) in summary
    assert Feature.objects.get(layer=layer, fid="HT-002").properties["ten_chu"] == "Lý Thị Hằng"

    page.click("#import-back")
    page.wait_for_selector("#layer-imports")
    assert page.locator(f"#layer-imports tr[data-job='{job.pk}'][data-status=done]").count() == 1
    assert page.inner_text("[data-field=feature_count]") == str(job.imported)
    page.wait_for_selector("#gis-extent-map[data-ready='1']")
    screenshot(page, "gis-layer-page")
    assert errors == []
