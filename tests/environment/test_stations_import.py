"""Station import from CSV (CLI and shared logic): good rows, bad rows with their line and
reason, idempotent re-import, dry run, all or nothing, the permission rule."""
import json

import pytest
from django.core.management import call_command

from smartcity.environment import stations_io
from smartcity.environment.models import Station
from smartcity.hub.models import Asset

GOOD = """code,name,kind,lat,lon,owner,name_en,river,industrial_park,facility,short_name,contact_emails,address,admin_unit
BD_KCNSONGTHAN_NT01,Trạm quan trắc nước thải tự động KCN Sóng Thần,wastewater,10.8953,106.7561,DONRE,Song Than IP wastewater station,,KCN Sóng Thần,Nhà máy XLNT tập trung KCN Sóng Thần,Sóng Thần,"moitruong@songthan.vn; vanhanh@songthan.vn","Phường Dĩ An, TP. Dĩ An",724
BD_TTQT_NM09,Trạm quan trắc nước mặt tự động suối Thị Tính (Vĩnh Nguyên),surface-water,"11,0841",106.6153,DONRE,,Suối Thị Tính,,,Vĩnh Nguyên,,,721
BD_TTQT_KK99,Trạm quan trắc không khí tự động Dĩ An 2,air,10.9058,106.7688,DONRE,,,,,,,,
"""


def run_import(tmp_path, text, *args):
    path = tmp_path / "stations.csv"
    path.write_bytes(text.encode("utf-8-sig"))  # with a BOM, as Excel saves it
    out = []

    class W:
        def write(self, s, *a, **k):
            out.append(s)

        def flush(self):
            pass

    code = 0
    try:
        call_command("env", "stations", "import", str(path), *args, stdout=W(), stderr=W())
    except SystemExit as exc:
        code = exc.code
    return code, "".join(out)


def test_good_file_creates_stations_with_assets(make_station, tmp_path):
    code, out = run_import(tmp_path, GOOD)
    assert code == 0, out
    assert "created 3" in out
    st = Station.objects.select_related("asset", "asset__admin_unit").get(code="BD_KCNSONGTHAN_NT01")
    assert st.asset.name == "Trạm quan trắc nước thải tự động KCN Sóng Thần" and st.asset.asset_type_id == "wastewater-station"
    assert st.industrial_park == "KCN Sóng Thần" and st.short_name == "Sóng Thần"
    assert st.contacts() == ["moitruong@songthan.vn", "vanhanh@songthan.vn"]
    assert st.asset.admin_unit.code == "724" and st.asset.address == "Phường Dĩ An, TP. Dĩ An"
    assert {"cod", "tss", "ph", "flow"} <= set(st.asset.datastreams.values_list("quantity_id", flat=True))
    nm = Station.objects.get(code="BD_TTQT_NM09")
    assert abs(nm.asset.latitude - 11.0841) < 1e-9  # decimal comma accepted
    assert nm.river == "Suối Thị Tính"


def test_reimport_is_idempotent_and_updates(make_station, tmp_path):
    run_import(tmp_path, GOOD)
    st = Station.objects.get(code="BD_KCNSONGTHAN_NT01")
    versions = st.history.count()
    code, out = run_import(tmp_path, GOOD)
    assert code == 0 and "unchanged 3" in out and "created 0" in out
    assert st.history.count() == versions  # nothing written, no history entry
    changed = GOOD.replace("Nhà máy XLNT tập trung KCN Sóng Thần", "Nhà máy XLNT KCN Sóng Thần 1")
    code, out = run_import(tmp_path, changed, "--json")
    report = json.loads(out)
    assert report["updated"] == 1 and report["unchanged"] == 2
    assert report["changes"][0]["changes"]["facility"] == ["Nhà máy XLNT tập trung KCN Sóng Thần", "Nhà máy XLNT KCN Sóng Thần 1"]
    st.refresh_from_db()
    assert st.facility == "Nhà máy XLNT KCN Sóng Thần 1" and st.history.count() == versions + 1
    assert Station.objects.count() == 3 and Asset.objects.filter(slug__startswith="env-").count() == 3


def test_columns_absent_keep_values(make_station, tmp_path):
    run_import(tmp_path, GOOD)
    code, out = run_import(tmp_path, "code,name,kind,lat,lon,owner\nBD_KCNSONGTHAN_NT01,Trạm nước thải KCN Sóng Thần,wastewater,10.8953,106.7561,DONRE\n")
    assert code == 0 and "updated 1" in out
    st = Station.objects.get(code="BD_KCNSONGTHAN_NT01")
    assert st.asset.name == "Trạm nước thải KCN Sóng Thần" and st.industrial_park == "KCN Sóng Thần"


def test_bad_rows_reported_with_line_and_reason_nothing_written(make_station, tmp_path):
    bad = GOOD + "\n".join([
        "BD_X_01,Trạm thử,airy,10.9,106.7,DONRE,,,,,,,,",          # line 5: unknown kind
        "BD_X_02,Trạm thử,air,1.3,103.8,DONRE,,,,,,,,",            # line 6: Singapore, outside Vietnam
        "BD_X_03,Trạm thử,air,abc,106.7,DONRE,,,,,,,,",            # line 7: not a number
        "BD_X_04,Trạm thử,air,10.9,106.7,NOBODY,,,,,,,,",          # line 8: unknown owner
        "BD_TTQT_NM09,Trạm trùng,surface-water,11.0,106.6,DONRE,,,,,,,,",  # line 9: duplicate in the file
        "BD_X_05,Trạm thử,air,10.9,106.7,DONRE,,,,,,khong-phai-email,,",   # line 10: bad e-mail
        "BD_X_06_20250115103000,Trạm thử,air,10.9,106.7,DONRE,,,,,,,,",  # line 11: code ends with a timestamp
    ]) + "\n"
    code, out = run_import(tmp_path, bad, "--json")
    assert code == 1
    report = json.loads(out)
    reasons = {(e["line"], e["reason"]) for e in report["errors"]}
    assert reasons == {(5, "unknown_kind"), (6, "bad_coordinates"), (7, "bad_coordinates"), (8, "unknown_owner"),
                       (9, "duplicate_code"), (10, "bad_email"), (11, "bad_code")}
    assert report["rejected"] == 7 and report["applied"] is False
    duplicate = next(e["message"] for e in report["errors"] if e["reason"] == "duplicate_code")
    assert "dòng 3" in duplicate  # the message names the first line with that code (Vietnamese by default)
    assert Station.objects.count() == 0  # all or nothing: the good rows were not written either


def test_dry_run_writes_nothing(make_station, tmp_path):
    code, out = run_import(tmp_path, GOOD, "--dry-run")
    assert code == 0 and "created 3" in out and "dry run" in out
    assert Station.objects.count() == 0


def test_missing_column_and_semicolons(make_station, tmp_path):
    code, out = run_import(tmp_path, "code,name,kind,lat\nA,b,air,10\n")
    assert code == 2 and "lon" in out and "owner" in out
    code, out = run_import(tmp_path, "code;name;kind;lat;lon;owner\nBD_TTQT_KK98;Trạm Tân Uyên;air;11,0588;106,7935;DONRE\n")
    assert code == 0, out
    assert Station.objects.get(code="BD_TTQT_KK98").asset.longitude == pytest.approx(106.7935)


def test_kind_cannot_change(make_station, tmp_path):
    make_station("BD_TTQT_KK97", "air")
    code, out = run_import(tmp_path, "code,name,kind,lat,lon,owner\nBD_TTQT_KK97,Trạm,surface-water,10.9,106.7,DONRE\n", "--json")
    assert code == 1 and json.loads(out)["errors"][0]["reason"] == "kind_change"


def test_permission_rule_per_row(make_station, make_user):
    make_station("BD_TTQT_KK96", "air", owner="DONRE")
    dot = make_user("dot.nam", "DOT", "editor")
    donre = make_user("donre.minh", "DONRE", "editor")
    viewer = make_user("donre.xem", "DONRE", "viewer")
    text = "code,name,kind,lat,lon,owner\nBD_TTQT_KK96,Trạm đổi tên,air,10.9,106.7,DONRE\n"
    report = stations_io.import_stations(text, user=dot)
    assert not report.applied and report.errors[0].reason == "forbidden_owner"
    report = stations_io.import_stations(text, user=viewer)
    assert not report.applied and report.errors[0].reason == "forbidden_owner"
    # a DOT editor cannot move a DONRE station to DOT either
    report = stations_io.import_stations(text.replace(",DONRE\n", ",DOT\n"), user=dot)
    assert report.errors and report.errors[0].reason == "forbidden_owner"
    report = stations_io.import_stations(text, user=donre)
    assert report.applied and Station.objects.get(code="BD_TTQT_KK96").asset.name == "Trạm đổi tên"


def test_attaches_existing_env_asset_of_same_type(make_station, make_asset, tmp_path):
    make_asset("env-bd-ttqt-kk95", "air-station", name="Thiết bị có sẵn")
    code, out = run_import(tmp_path, "code,name,kind,lat,lon,owner\nBD_TTQT_KK95,Trạm Bến Cát,air,11.15,106.59,DONRE\n")
    assert code == 0, out
    assert Station.objects.get(code="BD_TTQT_KK95").asset.slug == "env-bd-ttqt-kk95"
    make_asset("env-bd-ttqt-nm95", "streetlight", name="Đèn")
    code, out = run_import(tmp_path, "code,name,kind,lat,lon,owner\nBD_TTQT_NM95,Trạm,surface-water,11.15,106.59,DONRE\n", "--json")
    assert code == 1 and json.loads(out)["errors"][0]["reason"] == "asset_conflict"
