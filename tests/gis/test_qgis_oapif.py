"""QGIS (the desktop GIS the Department's staff use) opens our OGC API - Features service as
an OAPIF vector layer: headless QGIS in Debian's system Python (python3-qgis) reads a
collection from the live server, pages through it, filters by bbox, and keeps Vietnamese
attribute text intact."""
import json
import os
import shutil
import subprocess

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"

# Run by the system Python, not the venv: it prints what QGIS saw as one JSON line.
QGIS_SCRIPT = r"""
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from qgis.core import QgsApplication, QgsFeatureRequest, QgsRectangle, QgsVectorLayer

QgsApplication.setPrefixPath("/usr", True)   # where Debian puts the providers (OAPIF among them)
app = QgsApplication([], False)
app.initQgis()
base, key, page = sys.argv[1], sys.argv[2], sys.argv[3]
layer = QgsVectorLayer(f"url='{base}' typename='{key}' pageSize={page}", "oapif", "OAPIF")
out = {"valid": layer.isValid()}   # (QGIS 3.22's layer.error().summary() crashes headless: not called)
if layer.isValid():
    features = list(layer.getFeatures())
    out["count"] = len(features)
    out["fields"] = [f.name() for f in layer.fields()]
    out["names"] = sorted(str(f["ten"]) for f in features)
    out["geometry_types"] = sorted({f.geometry().wkbType() for f in features})
    out["crs"] = layer.crs().authid()
    window = QgsFeatureRequest().setFilterRect(QgsRectangle(106.6495, 10.9795, 106.6555, 10.9835))
    out["in_window"] = sorted(str(f["ten"]) for f in layer.getFeatures(window))
print("RESULT " + json.dumps(out, ensure_ascii=False), flush=True)
os._exit(0)   # QGIS 3.22 may crash while tearing its providers down; the answer is out
"""


def _qgis_available() -> bool:
    if not os.path.exists(SYSTEM_PYTHON) or shutil.which("true") is None:
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=120,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return probe.returncode == 0


def square(x, y, d=0.001):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]}


STREETS = ["Yersin", "Bạch Đằng", "Đinh Bộ Lĩnh", "Ngô Quyền", "Cách Mạng Tháng Tám", "Văn Công Khai", "Phú Lợi",
           "Huỳnh Văn Lũy", "Lê Hồng Phong", "Hùng Vương", "Trần Văn Ơn", "Nguyễn Văn Cừ"]


@pytest.mark.django_db(transaction=True)
def test_qgis_reads_a_collection_over_oapif(live_server, make_layer, add_feature):
    if not _qgis_available():  # an optional desktop client (about 1 GB); OWSLib is the client CI always runs
        pytest.skip(f"QGIS for {SYSTEM_PYTHON} is not installed (apt-get install python3-qgis): optional client check")
    layer = make_layer("lo-dat-phu-cuong", kind="parcel", title_vi="Lô đất phường Phú Cường",
                       schema=[{"name": "ten", "type": "string"}, {"name": "so_thua", "type": "integer"}])
    for i, street in enumerate(STREETS):  # lots along the streets of central Thủ Dầu Một, two rows of six
        row, col = divmod(i, 6)
        add_feature(layer, f"PC-{i + 1}", square(106.650 + col * 0.002, 10.980 + row * 0.004),
                    ten=f"Lô {i + 1} đường {street}", so_thua=100 + i)

    run = subprocess.run([SYSTEM_PYTHON, "-c", QGIS_SCRIPT, live_server.url + "/ogc/", layer.key, "5"],
                         capture_output=True, text=True, timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert run.returncode == 0 and lines, run.stderr[-2000:]
    seen = json.loads(lines[-1].removeprefix("RESULT "))
    assert seen["valid"], run.stderr[-2000:]
    assert seen["count"] == len(STREETS)  # all pages of 5 followed
    assert {"ten", "so_thua"} <= set(seen["fields"])
    assert seen["names"] == sorted(f"Lô {i + 1} đường {s}" for i, s in enumerate(STREETS))
    assert "Lô 3 đường Đinh Bộ Lĩnh" in seen["names"] and "Lô 11 đường Trần Văn Ơn" in seen["names"]
    assert seen["crs"] == "EPSG:4326"
    # the window holds the first lots of the first row only (x 106.650-106.655, y 10.980-10.981)
    assert seen["in_window"] == sorted(["Lô 1 đường Yersin", "Lô 2 đường Bạch Đằng", "Lô 3 đường Đinh Bộ Lĩnh"])
