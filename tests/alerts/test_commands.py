"""Operator commands and the demo loader."""
import time

from django.core.management import call_command

from smartcity.alerts.models import Alert, AlertRule
from tests.alerts.conftest import pm25


def test_check_missing_command(station_key, make_rule, ingest, capsys):
    ingest(station_key, pm25("kk-thu-dau-mot", [(0, 20)], start=int(time.time()) - 3 * 3600))
    make_rule(name="Trạm mất dữ liệu", kind="missing", quantity=None, params={"factor": 3})
    call_command("alerts", "check-missing")
    out = capsys.readouterr().out
    assert "raised=1" in out and "missing=1" in out
    assert Alert.objects.get().kind == "missing"


def test_replay_command(station_key, make_rule, ingest, capsys):
    ingest(station_key, pm25("kk-thu-dau-mot", [(0, 20), (10, 70), (20, 30)], start=int(time.time()) - 3600))
    make_rule(params={"op": ">", "value": 50, "clear_value": 40, "duration_s": 0})  # added after the data came
    call_command("alerts", "replay", "--hours", "2")
    assert "raised=1 cleared=1" in capsys.readouterr().out
    call_command("alerts", "replay", "--hours", "2")
    assert "raised=0 cleared=0" in capsys.readouterr().out
    alert = Alert.objects.get()
    assert alert.state == "cleared" and alert.peak == 70


def test_demo_rules_follow_the_hub_assets(make_asset, make_user):
    from smartcity.alerts.demo import load_demo_alert_rules

    assert load_demo_alert_rules()["rules"] == 0  # no hub demo assets yet: nothing to watch
    make_asset("kk-thu-dau-mot", name="Trạm quan trắc không khí Thủ Dầu Một")
    make_asset("thung-rac-phu-cuong", type_code="waste-bin", owner="DOT", name="Thùng rác Phú Cường")
    make_user("donre.minh", "DONRE", "editor", email="minh@stnmt.binhduong.gov.vn")
    first = load_demo_alert_rules()
    assert first["rules"] == 5 and first["preferences"] == 1  # air (3) and bins (2); no water station
    assert load_demo_alert_rules()["rules"] == 0  # idempotent
    pm = AlertRule.objects.get(name="Bụi PM2.5 trên 50 µg/m³ kéo dài 1 giờ")
    assert pm.params == {"op": ">", "value": 50, "clear_value": 40, "duration_s": 3600} and pm.owner.code == "DONRE"
