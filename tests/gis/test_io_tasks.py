"""The import as a background job: queued by the upload, taken by the worker (burst mode,
see test_io_api.huey_queue), running with its progress saved as it reads, done; a file
that cannot be read or a crash while writing ends "failed" with the layer as it was."""
import json

import pytest
from django.urls import reverse
from shapely.geometry import box

from smartcity.gis import tasks
from smartcity.gis.models import Feature, ImportJob
from smartcity.gis.services import importer
from tests.gis.test_io_api import huey_queue  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _parcels_geojson(path, n, start_lon=106.6500, lat=10.9800, prefix="PL"):
    """n parcels of 20 m x 30 m along a street of phường Phú Lợi (WGS84 GeoJSON)."""
    step = 0.0002
    feats = [{"type": "Feature", "geometry": box(start_lon + i * step, lat, start_lon + i * step + 0.00018, lat + 0.00027).__geo_interface__,
              "properties": {"ma": f"{prefix}-{i + 1:03d}", "chu_su_dung": "Nguyễn Văn Bình", "dien_tich": 540.0 + i}}
             for i in range(n)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), encoding="utf-8")
    return path


def _geometry_by_fid(layer):
    return dict(Feature.objects.filter(layer=layer).values_list("fid", "geometry"))


def test_queued_running_done_with_progress_saved(tmp_path, make_layer, huey_queue, monkeypatch,  # noqa: F811
                                                 django_capture_on_commit_callbacks):
    layer = make_layer("thua-dat-phu-loi", geometry_type="Polygon")
    n = 60
    path = importer.store_upload(_parcels_geojson(tmp_path / "phu_loi.geojson", n))
    job = importer.create_job(layer, path, mode="append")
    seen = []
    real_save = importer._save

    def spy(job_, **fields):
        real_save(job_, **fields)
        row = ImportJob.objects.values("status", "progress").get(pk=job_.pk)  # what a polling page reads
        seen.append((row["status"], row["progress"]))

    monkeypatch.setattr(importer, "_save", spy)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_import(job)
    job.refresh_from_db()
    assert job.status == "queued" and huey_queue.pending() == 1
    assert huey_queue() == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.imported, job.total) == ("done", 100, n, n)
    statuses = [s for s, _ in seen]
    assert statuses[0] == "running" and statuses[-1] == "done" and "queued" not in statuses
    progress = [p for _, p in seen]
    assert progress == sorted(progress)  # never goes back
    between = {p for s, p in seen if s == "running" and 0 < p < 100}
    assert len(between) >= 5  # the bar moves in steps, not 0 -> 100
    layer.refresh_from_db()
    assert layer.feature_count == n and Feature.objects.filter(layer=layer).count() == n
    # a task delivered twice does not import twice
    assert tasks.run_import.call_local(job.pk) == "done"
    assert Feature.history.filter(layer_id=layer.pk).count() == n


def test_unreadable_file_fails_and_keeps_the_layer(tmp_path, make_layer, add_feature, huey_queue,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    layer = make_layer("thua-dat-tan-dinh", geometry_type="Polygon")
    for i in range(3):
        add_feature(layer, f"TD-{i}", box(106.66 + i * 0.001, 11.05, 106.6608 + i * 0.001, 11.0508).__geo_interface__, chu_su_dung="Lê Thị Hoa")
    importer.refresh_layer(layer)
    version, before = layer.version, _geometry_by_fid(layer)
    broken = tmp_path / "tan_dinh.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    job = importer.create_job(layer, importer.store_upload(broken), mode="replace")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_import(job)
    huey_queue()
    job.refresh_from_db()
    assert job.status == "failed" and job.error and job.finished_at is not None
    layer.refresh_from_db()
    assert _geometry_by_fid(layer) == before and layer.version == version and layer.feature_count == 3


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_crash_while_writing_rolls_back(tmp_path, make_layer, add_feature, huey_queue, monkeypatch, mode,  # noqa: F811
                                       django_capture_on_commit_callbacks):
    layer = make_layer("thua-dat-an-phu", geometry_type="Polygon")
    add_feature(layer, "AP-001", box(106.70, 10.95, 106.7002, 10.9503).__geo_interface__, chu_su_dung="Trần Văn An")
    add_feature(layer, "PL-001", box(106.71, 10.95, 106.7102, 10.9503).__geo_interface__, chu_su_dung="Trần Văn An")
    importer.refresh_layer(layer)
    before, history = _geometry_by_fid(layer), Feature.history.count()
    path = importer.store_upload(_parcels_geojson(tmp_path / "an_phu.geojson", 12))  # PL-001 is updated in append mode

    def disk_full(*args, **kwargs):
        raise RuntimeError("disk full while writing the layer")

    monkeypatch.setattr(importer, "bulk_update_with_history" if mode == "append" else "bulk_create_with_history", disk_full)
    job = importer.create_job(layer, path, mode=mode)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_import(job)
    huey_queue()
    job.refresh_from_db()
    assert job.status == "failed" and "disk full" in job.error and job.error.startswith("RuntimeError")
    assert _geometry_by_fid(layer) == before and Feature.history.count() == history
    layer.refresh_from_db()
    assert layer.feature_count == 2


def test_upload_api_answers_202_and_page_polls_the_same_job(tmp_path, make_layer, make_user, api, huey_queue,  # noqa: F811
                                                              django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    layer = make_layer("thua-dat-hiep-thanh", geometry_type="Polygon")
    api.force_authenticate(make_user("sxd.nhap", "DOC"))
    data = _parcels_geojson(tmp_path / "hiep_thanh.geojson", 4).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(reverse("api-gis-layer-imports", args=[layer.key]), {"file": SimpleUploadedFile("hiep_thanh.geojson", data)},
                     format="multipart")
    assert r.status_code == 202 and r.json()["status"] == "queued"
    assert r.json()["page_url"] == reverse("gis-layer-import", args=[layer.key]) + f"?job={r.json()['id']}"
    huey_queue()
    assert api.get(r.json()["status_url"]).json()["imported"] == 4
