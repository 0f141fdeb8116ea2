"""TCVN3 (TCVN 5712:1993, the ABC fonts) attributes of old Vietnamese Shapefiles: decoded when
asked for (reader, `smartcity gis import --encoding tcvn3`) and recognised in auto mode."""
import io

import numpy as np
import pytest
import shapely
from pyogrio.raw import write as raw_write

from smartcity.gis import formats

NAMES = ["Thủ Dầu Một", "Phường Phú Cường", "Đường Yersin"]


def _shapefile(path, values, *, cpg=None):
    """A point Shapefile whose DBF `ten` column holds `values` (bytes) as they are."""
    points = [shapely.Point(106.6535 + i * 0.001, 10.9810) for i in range(len(values))]
    wkb = np.array([shapely.to_wkb(p) for p in points], dtype=object)
    column = np.array([v.decode("latin-1") for v in values], dtype=object)   # byte for byte through GDAL
    raw_write(str(path), wkb, [column], fields=["ten"], geometry_type="Point", crs="EPSG:4326",
              driver="ESRI Shapefile", encoding="ISO-8859-1")
    for cand in (path.with_suffix(".cpg"), path.with_suffix(".CPG")):
        cand.unlink(missing_ok=True)
    if cpg:
        path.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    return path


@pytest.fixture
def tcvn3_shp(tmp_path):
    path = _shapefile(tmp_path / "ranh_gioi_tcvn3.shp", [formats.to_tcvn3(n) for n in NAMES])
    dbf = path.with_suffix(".dbf").read_bytes()
    assert b"Th\xf1 D\xc7u M\xe9t" in dbf and b"Ph\xad\xeang Ph\xf3 C\xad\xeang" in dbf and b"\xa7\xad\xeang Yersin" in dbf
    return path


def test_forced_tcvn3_reads_the_names_back(tcvn3_shp):
    ds = formats.read(tcvn3_shp, encoding="tcvn3")
    assert [props["ten"] for _g, props in ds.features] == NAMES
    assert ds.encoding == "tcvn3"


def test_auto_mode_recognises_tcvn3_without_a_cpg(tcvn3_shp):
    ds = formats.read(tcvn3_shp)
    assert [props["ten"] for _g, props in ds.features] == NAMES
    assert ds.encoding == "tcvn3"


def test_auto_mode_recognises_tcvn3_behind_a_western_cpg(tmp_path):
    path = _shapefile(tmp_path / "thua_dat.shp", [formats.to_tcvn3(n) for n in NAMES], cpg="1252")
    assert [props["ten"] for _g, props in formats.read(path).features] == NAMES


def test_auto_mode_leaves_western_text_alone(tmp_path):
    """A Latin-1 file of a foreign consultant is no TCVN3: é stays é, not ộ."""
    values = ["Café Müller", "Crème brûlée", "Straße"]
    path = _shapefile(tmp_path / "tu_van.shp", [v.encode("latin-1") for v in values])
    ds = formats.read(path)
    assert [props["ten"] for _g, props in ds.features] == values and ds.encoding != "tcvn3"


def test_an_explicit_utf8_cpg_is_not_second_guessed(tmp_path):
    path = _shapefile(tmp_path / "utf8.shp", [n.encode("utf-8") for n in NAMES], cpg="UTF-8")
    assert [props["ten"] for _g, props in formats.read(path).features] == NAMES


def test_capital_font_words_and_round_trip():
    assert formats.from_tcvn3(b"TH\xf1 D\xc7U M\xe9T") == "THỦ DẦU MỘT"   # typed in .VnTimeH
    assert formats.from_tcvn3(formats.to_tcvn3("Bình Dương")) == "Bình Dương"
    assert formats.to_tcvn3("Đ") == b"\xa7" and formats.python_encoding("TCVN3") == "tcvn3"
    assert len(formats.TCVN3) == 75   # the standard's VN3 repertoire beyond ASCII


def test_cli_imports_with_tcvn3(tcvn3_shp, make_layer):
    from django.core.management import call_command

    from smartcity.gis.models import ImportJob

    layer = make_layer("ranh-gioi-tcvn3", kind="boundary")
    out = io.StringIO()
    call_command("gis", "import", str(tcvn3_shp), "--layer", layer.key, "--encoding", "TCVN3", stdout=out)
    assert "3/3 imported" in out.getvalue() and "encoding tcvn3" in out.getvalue()
    assert sorted(layer.features.values_list("properties__ten", flat=True)) == sorted(NAMES)
    assert ImportJob.objects.get(layer=layer).encoding == "tcvn3"


def test_import_job_in_auto_mode_records_tcvn3(tcvn3_shp, make_layer):
    from smartcity.gis.services import importer

    layer = make_layer("ranh-gioi-tcvn3-tu-dong", kind="boundary")
    job = importer.import_file(layer, importer.store_upload(str(tcvn3_shp)))
    assert job.status == "done" and job.encoding == "tcvn3"
    assert "Phường Phú Cường" in layer.features.values_list("properties__ten", flat=True)
