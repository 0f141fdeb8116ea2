"""Import/export through the CLI and the API (upload -> queued job -> worker -> report).

How the tests run a queued job: the worker's burst mode (`smartcity worker --burst`, the
code the cron/scripts path runs) against an in-memory Huey queue (`huey_queue` fixture), not
Huey's immediate mode, so a test sees the job "queued" before the worker takes it."""
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from shapely.geometry import box

from smartcity.gis import crs, formats

pytestmark = pytest.mark.django_db


@pytest.fixture
def huey_queue(monkeypatch):
    """An empty in-memory queue for the test; returns burst(): runs what is queued (count)."""
    from huey.contrib import djhuey
    from huey.storage import MemoryStorage

    monkeypatch.setattr(djhuey.HUEY, "immediate", False)
    monkeypatch.setattr(djhuey.HUEY, "storage", MemoryStorage("smartcity-tests"))
    # a real worker drops its connection around each task (db_task); here the task runs
    # inside the test's transaction, which that would close on PostgreSQL
    monkeypatch.setattr(djhuey, "close_old_connections", lambda: None)

    def burst() -> int:
        out = io.StringIO()
        call_command("worker", "--burst", stdout=out)
        return int(out.getvalue().strip().rsplit("=", 1)[1])

    burst.pending = lambda: djhuey.HUEY.pending_count()
    return burst


def _zipped_shapefile(tmp_path, encoding="cp1258"):
    """A zipped cp1258 Shapefile of two parcels in phường Chánh Nghĩa, VN-2000 / Binh Duong."""
    x, y = crs.from_wgs84("VN2000-BD").transform(106.6605, 10.9712)
    feats = [(box(x, y, x + 18, y + 30), {"so_thua": 57, "so_to": 9, "phuong": "Chánh Nghĩa"}),
             (box(x + 20, y, x + 38, y + 30), {"so_thua": 58, "so_to": 9, "phuong": "Chánh Nghĩa"})]
    shp = formats.write(tmp_path / "chanh_nghia.shp", "shp", feats,
                        fields=[("so_thua", "integer"), ("so_to", "integer"), ("phuong", "string")],
                        crs_key="VN2000-BD", encoding=encoding)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part in formats.shapefile_parts(shp):
            zf.write(part, part.name)
    return buf.getvalue()


def test_cli_import_export_and_list(tmp_path, make_layer, capsys):
    from smartcity.gis.models import Feature

    zpath = tmp_path / "chanh_nghia.zip"
    zpath.write_bytes(_zipped_shapefile(tmp_path))
    call_command("gis", "import", str(zpath), "--layer", "thua-dat-chanh-nghia", "--create", "--title", "Thửa đất Chánh Nghĩa",
                 "--kind", "parcel")
    out = capsys.readouterr().out
    assert "2/2 imported" in out and "VN2000-BD" in out and "cp1258" in out
    assert Feature.objects.get(layer__key="thua-dat-chanh-nghia", fid="1").properties["phuong"] == "Chánh Nghĩa"
    call_command("gis", "layers")
    assert "thua-dat-chanh-nghia\tparcel\tVN2000-BD" in capsys.readouterr().out
    target = tmp_path / "ra.geojson"
    call_command("gis", "export", "--layer", "thua-dat-chanh-nghia", "--format", "geojson", "--out", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0]
    lon, lat = min(c[0] for c in ring), min(c[1] for c in ring)
    assert abs(lon - 106.6605) < 1e-6 and abs(lat - 10.9712) < 1e-6  # WGS84 by default
    kml = tmp_path / "ra.kml"
    call_command("gis", "export", "--layer", "thua-dat-chanh-nghia", "--format", "kml", "--out", str(kml))
    assert "Chánh Nghĩa" in kml.read_text(encoding="utf-8")
    zout = tmp_path / "ra.zip"
    call_command("gis", "export", "--layer", "thua-dat-chanh-nghia", "--format", "shp", "--out", str(zout), "--crs", "source",
                 "--encoding", "cp1258")
    assert {n.rsplit(".", 1)[1] for n in zipfile.ZipFile(zout).namelist()} >= {"shp", "shx", "dbf", "prj", "cpg"}
    from django.core.management.base import CommandError
    with pytest.raises(CommandError, match="unknown CRS"):
        call_command("gis", "import", str(zpath), "--layer", "thua-dat-chanh-nghia", "--crs", "VN2000-XX")


def test_api_upload_job_progress_and_permissions(tmp_path, make_layer, make_user, client_as, api, huey_queue,
                                                django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    layer = make_layer("thua-dat-api", schema=[{"name": "so_thua", "type": "integer", "required": True}], geometry_type="Polygon")
    make_layer("lop-noi-bo", published=False)
    url = reverse("api-gis-layer-imports", args=[layer.key])
    data = _zipped_shapefile(tmp_path)

    # public reads: published layers only
    rows = api.get(reverse("api-gis-layers")).json()["results"]
    assert [r["key"] for r in rows] == ["thua-dat-api"]
    assert api.get(reverse("api-gis-layer", args=["lop-noi-bo"])).status_code == 404
    # writes: signed in, editor of the owner organisation
    assert api.post(url, {"file": SimpleUploadedFile("a.zip", data)}, format="multipart").status_code in (401, 403)
    api.force_authenticate(make_user("bien-tap-tnmt", "DONRE"))
    r = api.post(url, {"file": SimpleUploadedFile("a.zip", data)}, format="multipart")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"

    api.force_authenticate(make_user("bien-tap-xd", "DOC"))
    r = api.post(url, {"file": SimpleUploadedFile("a.docx", b"x")}, format="multipart")
    assert r.status_code == 400 and r.json()["code"] == "invalid_file"
    r = api.post(url, {"file": SimpleUploadedFile("a.zip", data), "crs": "VN2000-ZZ"}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "crs"
    assert huey_queue.pending() == 0  # refused uploads queue nothing
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(url, {"file": SimpleUploadedFile("chanh_nghia.zip", data), "mode": "replace"}, format="multipart")
    assert r.status_code == 202, r.json()
    job = r.json()
    assert (job["status"], job["progress"], job["imported"]) == ("queued", 0, 0)
    assert r["Location"].endswith(job["status_url"]) and huey_queue.pending() == 1
    assert api.get(job["status_url"]).json()["status"] == "queued"  # nothing runs before the worker
    assert huey_queue() == 1
    status = api.get(job["status_url"]).json()
    assert (status["status"], status["progress"], status["imported"], status["source_crs"]) == ("done", 100, 2, "VN2000-BD")
    assert status["id"] == job["id"] and status["total"] == 2 and status["report"] == []
    detail = api.get(reverse("api-gis-layer", args=[layer.key])).json()
    assert detail["feature_count"] == 2 and detail["source_crs"] == "VN2000-BD" and len(detail["extent"]) == 4
    assert api.get(reverse("api-gis-layer-imports", args=[layer.key])).json()["results"][0]["id"] == job["id"]
    # another organisation's editor cannot read the job
    api.force_authenticate(make_user("bien-tap-tnmt-2", "DONRE"))
    assert api.get(job["url"]).status_code == 404
    assert any(c["key"] == "VN2000-BD" and c["central_meridian"] == 105.75 for c in api.get(reverse("api-gis-crs")).json()["results"])
