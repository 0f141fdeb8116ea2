"""Import/export: CRS, validation, formats, round trips in VN-2000 (issue 9 "Done means")."""
import json
import math

import numpy as np
import pytest
import shapely
from pyogrio.raw import write as raw_write
from shapely.geometry import Polygon, box, shape

from smartcity.gis import crs, formats, validate

# Parcels in phường Phú Cường, Thủ Dầu Một (WGS84 lon/lat), ~20 x 25 m each
PHU_CUONG = [(106.6519 + i * 0.0003, 10.9804 + (i % 3) * 0.0003) for i in range(6)]


def _parcels_vn2000():
    """Six parcels in VN-2000 / TM-3 Binh Duong (metres) and their WGS84 originals."""
    t = crs.from_wgs84("VN2000-BD")
    out = []
    for i, (lon, lat) in enumerate(PHU_CUONG):
        x, y = t.transform(lon, lat)
        out.append((box(x, y, x + 20.0, y + 25.0), {"so_thua": 140 + i, "so_to": 21, "phuong": "Phú Cường",
                                                    "dien_tich": 500.0 + i, "loai_dat": "ODT"}))
    return out


SCHEMA = [{"name": "so_thua", "type": "integer", "required": True}, {"name": "so_to", "type": "integer", "required": True},
          {"name": "phuong", "type": "string"}, {"name": "dien_tich", "type": "number"}, {"name": "loai_dat", "type": "string"}]
FIELDS = [(a["name"], a["type"]) for a in SCHEMA]


# -- crs (pure) ---------------------------------------------------------------------------
def test_binh_duong_central_meridian_and_round_trip():
    d = crs.get("vn2000-bd")
    assert d.central_meridian == 105.75 and "105°45'" in d.name_vi
    x, y = crs.from_wgs84("VN2000-BD").transform(106.6519, 10.9804)
    # ~ 98 km east of the central meridian, ~1214 km north of the equator
    assert 598_000 < x < 599_000 and 1_214_000 < y < 1_215_000
    lon, lat = crs.to_wgs84("VN2000-BD").transform(x, y)
    assert abs(lon - 106.6519) < 1e-8 and abs(lat - 10.9804) < 1e-8
    # the datum shift is applied: the same lon/lat on plain WGS84 TM would be ~hundreds of m off
    import pyproj
    plain = pyproj.Transformer.from_crs(4326, "+proj=tmerc +lon_0=105.75 +k=0.9999 +x_0=500000 +ellps=WGS84", always_xy=True)
    px, py = plain.transform(106.6519, 10.9804)
    assert 100 < math.hypot(px - x, py - y) < 1000


def test_identify_prj_and_epsg():
    assert crs.identify(crs.wkt("VN2000-BD", esri=True)) == "VN2000-BD"  # ESRI .prj loses TOWGS84
    assert crs.identify(crs.wkt("VN2000-DNAI")) == "VN2000-DNAI"
    assert crs.identify("EPSG:4326") == "EPSG:4326"
    assert crs.identify("EPSG:3405") == "VN2000-UTM48"
    assert crs.identify("nonsense") is None
    assert crs.normalise_key(4326) == "EPSG:4326" and crs.get("EPSG:4756").key == "VN2000"
    with pytest.raises(crs.CRSError):
        crs.get("VN2000-XX")


# -- validate (pure) ----------------------------------------------------------------------
def test_bow_tie_repaired_and_collapsed_rejected():
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}
    geom, out = validate.check_geometry(bow_tie, "Polygon")
    assert out.action == "repaired" and "Self-intersection" in out.reason
    assert geom["type"] == "MultiPolygon" and shape(geom).is_valid and shape(geom).area == pytest.approx(50)
    flat = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [20, 0], [0, 0]]]}
    geom, out = validate.check_geometry(flat, "Polygon")
    assert geom is None and out.action == "rejected" and "cannot be repaired" in out.reason
    geom, out = validate.check_geometry({"type": "Point", "coordinates": [1, 2]}, "Polygon")
    assert out.action == "rejected" and "Point in a layer of Polygon" in out.reason
    _, out = validate.check_shape(shapely.Point(600000, 1214000), None, lonlat=True)
    assert out.action == "rejected" and "wrong source CRS" in out.reason


def test_schema_checks():
    props, problems = validate.check_properties({"SO_THUA": "142", "so_to": "abc", "dien_tich": "512,5", "ghi_chu": "x"}, SCHEMA)
    assert props["so_thua"] == 142 and props["dien_tich"] == 512.5 and props["ghi_chu"] == "x" and props["so_to"] is None
    assert [(p["field"], p["code"]) for p in problems] == [("so_to", "wrong_type")]
    _, problems = validate.check_properties({"so_to": 21}, SCHEMA)
    assert [(p["field"], p["code"]) for p in problems] == [("so_thua", "missing")]
    assert validate.missing_attributes(["SO_TO", "phuong"], SCHEMA) == ["so_thua"]
    assert validate.coerce("31/12/2024", "date") == "2024-12-31" and validate.coerce("có", "boolean") is True


# -- formats ------------------------------------------------------------------------------
def test_cp1258_shapefile_reads_vietnamese(tmp_path):
    names = ["Phường Phú Cường", "Phường Chánh Nghĩa", "Phường Hòa Phú", "Thành phố mới Bình Dương", "Đại lộ Bình Dương"]
    feats = [(shapely.Point(106.65 + i * 0.001, 10.98), {"ten": n}) for i, n in enumerate(names)]
    path = formats.write(tmp_path / "phuong.shp", "shp", feats, fields=[("ten", "string")], crs_key="EPSG:4326", encoding="cp1258")
    assert (tmp_path / "phuong.cpg").read_text() == "1258"
    raw = (tmp_path / "phuong.dbf").read_bytes()
    assert "Phường".encode() not in raw and formats.to_cp1258("Phường") in raw  # really cp1258 bytes
    ds = formats.read(path)  # encoding from the .cpg
    assert [p["ten"] for _, p in ds.features] == names and ds.encoding == "cp1258" and ds.crs_key == "EPSG:4326"
    # a file without .cpg: the encoding given by the user
    (tmp_path / "phuong.cpg").unlink()
    assert [p["ten"] for _, p in formats.read(path, encoding="1258").features] == names


def test_formats_read_geojson_kml_tab(tmp_path):
    feats = [(shapely.Point(106.6519, 10.9804), {"ten": "UBND phường Phú Cường"})]
    for fmt in ("geojson", "kml", "tab"):
        p = formats.write(tmp_path / f"a{formats.FORMATS[fmt][1]}", fmt, feats, fields=[("ten", "string")], crs_key="EPSG:4326")
        ds = formats.read(p)
        g, props = ds.features[0]
        assert (g.x, g.y) == pytest.approx((106.6519, 10.9804)) and "Phú Cường" in str(props), fmt
    # DXF (CAD drawings of surveyors): read, no CRS in the file (the user gives --crs)
    line = shapely.LineString([(598371.0, 1214436.0), (598400.0, 1214460.0)])
    raw_write(str(tmp_path / "chi_gioi.dxf"), np.array([shapely.to_wkb(line)], dtype=object), [], fields=[],
              geometry_type="LineString", driver="DXF", crs=crs.wkt("VN2000-BD"))
    ds = formats.read(tmp_path / "chi_gioi.dxf")
    assert ds.features[0][0].equals(line) and ds.features[0][1]["Layer"] == "0"
    with pytest.raises(formats.FormatError):
        formats.detect_format("ban_do.docx")


# -- import/export (Django) ---------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["shp", "gpkg"])
def test_round_trip_vn2000_within_1cm(tmp_path, make_layer, fmt):
    from smartcity.gis.models import Feature
    from smartcity.gis.services import exporter, importer

    src = _parcels_vn2000()
    path = formats.write(tmp_path / f"thua_dat{formats.FORMATS[fmt][1]}", fmt, src, fields=FIELDS, crs_key="VN2000-BD")
    layer = make_layer(f"thua-dat-{fmt}", schema=SCHEMA, geometry_type="Polygon")
    job = importer.import_file(layer, path, mode="replace")
    assert job.status == "done", job.error
    assert (job.total, job.imported, job.rejected, job.progress, job.source_crs) == (6, 6, 0, 100, "VN2000-BD")
    layer.refresh_from_db()
    assert layer.source_crs == "VN2000-BD" and layer.feature_count == 6
    minx, miny, maxx, maxy = layer.extent
    assert 106.65 < minx < maxx < 106.66 and 10.98 < miny < maxy < 10.99  # stored in WGS84
    f = Feature.objects.get(layer=layer, fid="1")
    assert f.properties["phuong"] == "Phú Cường" and f.properties["so_thua"] == 140
    assert (f.minx, f.miny, f.maxx, f.maxy) == pytest.approx(shape(json.loads(f.geometry)).bounds)

    out = exporter.export_layer(layer, fmt, tmp_path / f"back{formats.FORMATS[fmt][1]}", crs="source")
    back = formats.read(out)
    assert back.crs_key == "VN2000-BD" and len(back.features) == 6
    for (g0, p0), (g1, p1) in zip(src, back.features):
        # Shapefile rings are clockwise: compare the normalised vertex lists
        g1 = shapely.get_geometry(g1, 0) if g1.geom_type.startswith("Multi") else g1
        a = shapely.get_coordinates(shapely.normalize(g0))
        b = shapely.get_coordinates(shapely.normalize(g1))
        assert a.shape == b.shape and np.abs(a - b).max() < 0.01  # within 1 cm
        assert p1["so_thua"] == p0["so_thua"] and p1["phuong"] == "Phú Cường"


@pytest.mark.django_db
def test_import_report_repaired_rejected_and_missing(tmp_path, make_layer):
    from smartcity.gis.models import Feature
    from smartcity.gis.services import importer

    x, y = crs.from_wgs84("VN2000-BD").transform(106.6519, 10.9804)
    good = box(x, y, x + 20, y + 25)
    bow_tie = Polygon([(x, y), (x + 20, y + 20), (x + 20, y), (x, y + 20), (x, y)])
    collapsed = Polygon([(x, y), (x + 10, y), (x + 20, y), (x, y)])
    feats = [(good, {"so_thua": 1, "so_to": 21}), (bow_tie, {"so_thua": 2, "so_to": 21}),
             (collapsed, {"so_thua": 3, "so_to": 21}), (good.buffer(-1), {"so_thua": None, "so_to": 21})]
    path = formats.write(tmp_path / "loi.gpkg", "gpkg", feats, fields=[("so_thua", "integer"), ("so_to", "integer")],
                         crs_key="VN2000-BD")
    schema = SCHEMA[:2] + [{"name": "chu_dau_tu", "type": "string", "required": True}]
    layer = make_layer("thua-dat-loi", schema=schema, geometry_type="Polygon")
    job = importer.import_file(layer, path)
    assert job.status == "done" and job.missing == ["chu_dau_tu"]
    by_index = {r["index"]: r for r in job.report}
    assert by_index[1]["action"] == "repaired" and "Self-intersection" in by_index[1]["reason"]
    assert by_index[2]["action"] == "rejected" and "cannot be repaired" in by_index[2]["reason"]
    # a required value empty in a row rejects it; the column absent from the file is reported once
    assert by_index[3]["action"] == "rejected" and "so_thua" in by_index[3]["reason"]
    assert 0 not in by_index and (job.imported, job.repaired, job.rejected) == (2, 1, 2)
    assert Feature.objects.filter(layer=layer).count() == 2


@pytest.mark.django_db
def test_import_repairs_and_appends_with_history(tmp_path, make_layer):
    from smartcity.gis.models import Feature
    from smartcity.gis.services import importer

    x, y = crs.from_wgs84("VN2000-BD").transform(106.6519, 10.9804)
    bow_tie = Polygon([(x, y), (x + 20, y + 20), (x + 20, y), (x, y + 20), (x, y)])
    feats = [(box(x, y, x + 20, y + 25), {"fid": "TDM-21-140", "so_thua": 140, "so_to": 21}),
             (bow_tie, {"fid": "TDM-21-141", "so_thua": 141, "so_to": 21}),
             (shapely.Polygon([(x, y), (x + 10, y), (x + 20, y), (x, y)]), {"fid": "TDM-21-142", "so_thua": 142, "so_to": 21})]
    path = formats.write(tmp_path / "a.gpkg", "gpkg", feats, fields=[("fid", "string"), ("so_thua", "integer"), ("so_to", "integer")],
                         crs_key="VN2000-BD")
    layer = make_layer("thua-dat-append", schema=SCHEMA[:2], geometry_type="Polygon")
    job = importer.import_file(layer, path)
    assert (job.imported, job.repaired, job.rejected) == (2, 1, 1)
    repaired = Feature.objects.get(layer=layer, fid="TDM-21-141")
    assert shape(json.loads(repaired.geometry)).is_valid and json.loads(repaired.geometry)["type"] == "MultiPolygon"
    job2 = importer.import_file(layer, path, mode="append")
    assert job2.imported == 2 and Feature.objects.filter(layer=layer).count() == 2
    assert Feature.objects.get(layer=layer, fid="TDM-21-140").history.count() == 2
    layer.refresh_from_db()
    assert layer.version == 3 and layer.feature_count == 2


@pytest.mark.django_db
def test_progress_saved_as_it_goes(tmp_path, make_layer, monkeypatch):
    from smartcity.gis.models import ImportJob
    from smartcity.gis.services import importer

    path = formats.write(tmp_path / "thua_dat.gpkg", "gpkg", _parcels_vn2000(), fields=FIELDS, crs_key="VN2000-BD")
    layer = make_layer("thua-dat-tien-do", schema=SCHEMA, geometry_type="Polygon")
    monkeypatch.setattr(importer, "BATCH", 2)
    seen = []
    real_save = importer._save

    def spy(job, **fields):
        real_save(job, **fields)
        if "progress" in fields:  # what a polling page reads from the database at that moment
            seen.append(ImportJob.objects.values_list("progress", "imported").get(pk=job.pk))

    monkeypatch.setattr(importer, "_save", spy)
    job = importer.import_file(layer, path)
    n = job.total
    assert n >= 3 and seen[0] == (0, 0) and seen[-1] == (100, n)
    middle = seen[1:-1]
    assert len(middle) >= 3 and all(0 < p <= importer.PREPARE_SHARE for p, _ in middle)  # the write phase is one jump
    assert middle == sorted(middle) and middle[-1] == (importer.PREPARE_SHARE, n)


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_unknown_crs_fails_with_reason(tmp_path, make_layer):
    from smartcity.gis.services import importer

    path = tmp_path / "khong_prj.shp"
    raw_write(str(path), np.array([shapely.to_wkb(shapely.Point(598371, 1214436))], dtype=object),
              [np.array([1])], fields=["so_thua"], geometry_type="Point", driver="ESRI Shapefile")
    layer = make_layer("diem-khong-crs", source_crs="EPSG:4326")
    job = importer.import_file(layer, path)
    # no .prj: the layer's CRS (WGS84) is assumed and the metre coordinates are rejected
    assert job.status == "done" and job.rejected == 1 and "wrong source CRS" in job.report[0]["reason"]
    job = importer.import_file(layer, path, source_crs="VN2000-BD")
    assert job.status == "done" and job.imported == 1
