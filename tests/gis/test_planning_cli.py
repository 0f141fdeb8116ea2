"""`smartcity gis planning-check`: the check run from the command line."""
import json

import pytest
from django.core.management import CommandError, call_command

from tests.gis.planning_data import build, poly


@pytest.fixture
def setup(make_layer, make_user, settings, tmp_path):
    from tests.onestop.factories import make_dossier, make_procedures

    settings.MEDIA_ROOT = str(tmp_path / "media")
    build(make_layer)
    make_user("tham-dinh-sxd", "DOC")
    return make_dossier(make_procedures()["house"], status="processing")


def test_check_a_parcel_and_a_drawn_footprint(setup, capsys, tmp_path):
    call_command("gis", "planning-check", "--dossier", setup.code, "--parcel", "thua-dat-phu-cuong/12-345", "--use", "residential",
                 "--height", "20.5", "--floors", "5", "--coverage", "70", "--user", "tham-dinh-sxd")
    out = capsys.readouterr().out
    assert out.startswith(f"WARN  {setup.code}") and "Chiều cao 20.5 m sát mức tối đa 21 m" in out and ".pdf" in out
    f = tmp_path / "mat-bang.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                                      "geometry": poly(50, 240, 10, 10)}]}))
    call_command("gis", "planning-check", "--dossier", setup.code, "--footprint", str(f), "--use", "residential",
                 "--height", "12", "--floors", "3", "--coverage", "60", "--user", "tham-dinh-sxd", "--json")
    body = json.loads(capsys.readouterr().out)
    assert body["result"] == "fail" and any(x["kind"] == "corridor" for x in body["findings"])
    assert setup.documents.count() == 2


def test_refusals(setup, make_user):
    make_user("can-bo-sotn", "DONRE")
    base = ["gis", "planning-check", "--dossier", setup.code, "--parcel", "thua-dat-phu-cuong/12-345", "--use", "residential",
            "--height", "12", "--floors", "3", "--coverage", "60"]
    with pytest.raises(CommandError, match="holding the dossier|đang giữ hồ sơ"):
        call_command(*base, "--user", "can-bo-sotn")
    with pytest.raises(CommandError, match="No dossier|Không có hồ sơ"):
        call_command(*[("KHONG-CO" if a == setup.code else a) for a in base], "--user", "tham-dinh-sxd")
