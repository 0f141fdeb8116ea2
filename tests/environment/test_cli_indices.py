"""`smartcity env aqi` / `smartcity env wqi`: the CSV contract scripts depend on (columns,
integers, empty cells, daily dates, errors with line numbers, exit status)."""
import csv
import io
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from smartcity.environment.parameters import ppb_factor

HEADER = "station,time,aqi,dominant,PM2.5,PM10,O3,NO2,SO2,CO"
EXAMPLE_PM25 = [26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6]


@pytest.fixture(autouse=True)
def english():
    """Messages in English here (the command speaks the platform's language, Vietnamese by
    default: see the subprocess test)."""
    with translation.override("en"):
        yield


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("env", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def table(text):
    return list(csv.DictReader(io.StringIO(text)))


def write(tmp_path, lines, name="in.csv"):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(p)


def worked_example_lines(station="BD_TDM_KK01"):
    lines = ["station,time,parameter,value,unit"]
    for i, v in enumerate(EXAMPLE_PM25):
        lines.append(f"{station},2025-01-15T{9 + i:02d}:00:00+07:00,PM2.5,{v}")
    lines.append(f"{station},2025-01-15T20:00,O3,136.1")
    lines.append(f"{station},2025-01-15T20:00,NO2,0.1187,mg/m³")  # 118.7 µg/m³
    return lines


def test_hourly_vn_worked_example(tmp_path):
    out, err = run("aqi", "--standard", "vn-1459", "--period", "hourly", "--csv", write(tmp_path, worked_example_lines()))
    assert out.splitlines()[0] == HEADER
    rows = table(out)
    assert len(rows) == 12
    last = rows[-1]
    assert last["time"] == "2025-01-15T20:00:00+07:00"
    assert (last["PM2.5"], last["O3"], last["NO2"]) == ("41", "43", "59")
    assert last["aqi"] == "59" and last["dominant"] == "NO2"
    assert last["PM10"] == "" and last["CO"] == ""
    assert rows[0]["aqi"] == ""  # one hour: no NowCast yet (2 of 3 rule)
    assert err == ""


def test_units_and_timezones(tmp_path):
    lines = worked_example_lines()
    lines[-1] = f"BD_TDM_KK01,2025-01-15T13:00:00Z,NO2,{118.7 / ppb_factor('no2'):.4f},ppb"  # 13:00 UTC = 20:00 local
    rows = table(run("aqi", "--csv", write(tmp_path, lines))[0])
    assert rows[-1]["NO2"] == "59"
    lines.append(f"BD_TDM_KK01,2025-01-15T20:00,CO,{10000 / (1000 * ppb_factor('co')):.6f},ppm")  # 10 mg/m³
    rows = table(run("aqi", "--csv", write(tmp_path, lines))[0])
    assert rows[-1]["CO"] == "50"


def test_daily_rows_are_01_to_00_days(tmp_path):
    start = datetime(2025, 1, 15, 1)
    lines = ["station,time,parameter,value"]
    for i in range(48):  # hours ending 01:00 on the 15th ... 00:00 on the 17th
        t = (start + timedelta(hours=i)).isoformat()
        lines.append(f"BD_DIAN_KK02,{t},PM2.5,{55.7 if i < 24 else 20.0}")
        lines.append(f"BD_DIAN_KK02,{t},NO2,{130.8 if i == 23 else 40.0}")  # 00:00 of the 16th: day of the 15th
    rows = table(run("aqi", "--period", "daily", "--csv", write(tmp_path, lines))[0])
    assert [r["time"] for r in rows] == ["2025-01-15", "2025-01-16"]
    assert rows[0]["PM2.5"] == "110" and rows[0]["NO2"] == "65" and rows[0]["aqi"] == "110" and rows[0]["dominant"] == "PM2.5"
    assert rows[1]["PM2.5"] == "40" and rows[1]["NO2"] == "20"


def test_us_standard(tmp_path):
    lines = ["station,time,parameter,value"] + [f"S,2025-01-15T{h:02d}:00,PM2.5,35.45" for h in range(1, 13)]
    rows = table(run("aqi", "--standard", "us-epa-2024", "--csv", write(tmp_path, lines))[0])
    assert rows[-1]["aqi"] == "100"  # NowCast 35.45 truncated to 35.4


def test_several_stations_sorted(tmp_path):
    lines = worked_example_lines("B_STATION") + worked_example_lines("A_STATION")[1:]
    rows = table(run("aqi", "--csv", write(tmp_path, lines))[0])
    assert [r["station"] for r in rows] == ["A_STATION"] * 12 + ["B_STATION"] * 12


BAD = [
    "station,time,parameter,value",
    "S1,2025-01-15T10:00,PM2.5,20",
    "S1,2025-01-15T10:30,PM2.5,20",
    "S1,yesterday,PM2.5,20",
    "S1,2025-01-15T11:00,Benzene,3",
    "S1,2025-01-15T11:00,PM2.5,abc",
    "S1,2025-01-15T11:00,PM10,20,ppb",
    "S1,2025-01-15T10:00,PM2.5,21",
    "S1,2025-01-15T12:00,PM2.5",
    "S1,2025-01-15T12:00,PM2.5,30",
]


def test_bad_lines_fail_with_line_and_reason(tmp_path):
    path = write(tmp_path, BAD)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="7 bad line"):
        call_command("env", "aqi", "--csv", path, stdout=out, stderr=err)
    assert out.getvalue() == ""
    messages = err.getvalue().splitlines()
    assert messages[0] == f"{path}:3: time '2025-01-15T10:30' is not on the hour (each value is the mean of the hour ending at time)"
    assert f"{path}:4: time 'yesterday' is not ISO 8601" in messages
    assert any(m.startswith(f"{path}:5: unknown parameter 'Benzene'") for m in messages)
    assert f"{path}:6: value 'abc' is not a number" in messages
    assert any(m.startswith(f"{path}:7: unit 'ppb' is not accepted for PM10") for m in messages)
    assert f"{path}:8: duplicate of line 2 (same station, time and parameter)" in messages
    assert any(m.startswith(f"{path}:9: expected 4 or 5 columns") for m in messages)


def test_skip_bad_computes_the_rest(tmp_path):
    out, err = run("aqi", "--skip-bad", "--csv", write(tmp_path, BAD))
    rows = table(out)
    assert [r["time"][11:16] for r in rows] == ["10:00", "12:00"]
    from smartcity.environment import aqi
    expected = aqi.round_half_up(aqi.vn_sub_index("pm25", aqi.nowcast([20.0, float("nan"), 30.0])[-1]))  # 11:00 missing
    assert rows[1]["aqi"] == str(int(expected)) == "54"
    assert len(err.splitlines()) == 7


def test_wqi(tmp_path):
    lines = ["station,time,parameter,value,unit",
             "BD_SG_TDM,2025-03-01T09:00,pH,7.1,", "BD_SG_TDM,2025-03-01T09:00,DO,5.8,mg/L", "BD_SG_TDM,2025-03-01T09:00,Temp,29.5,°C",
             "BD_SG_TDM,2025-03-01T09:00,BOD5,5,", "BD_SG_TDM,2025-03-01T09:00,COD,14,", "BD_SG_TDM,2025-03-01T09:00,N-NH4,420,µg/L",
             "BD_SG_TDM,2025-03-01T09:00,Coliform,4300,MPN/100mL",
             "BD_TT_VN,2025-03-01T09:30,pH,6.4,", "BD_TT_VN,2025-03-01T09:30,DO,62,%", "BD_TT_VN,2025-03-01T09:30,COD,35,",
             "BD_TT_VN,2025-03-01T09:30,BOD5,18,"]
    path = write(tmp_path, lines)
    out, _ = run("wqi", "--csv", path)
    assert out.splitlines()[0] == "station,time,wqi,band,I,II,III,IV,V"
    rows = table(out)
    from smartcity.environment import wqi
    expected = wqi.vn_wqi({"pH": [7.1], "DO": [5.8], "Temp": [29.5], "BOD5": [5], "COD": [14], "N-NH4": [0.42], "Coliform": [4300]})
    assert rows[0]["wqi"] == str(int(expected.wqi[0])) and rows[0]["band"] == expected.band[0]
    assert rows[0]["IV"] == f"{expected.groups['IV'][0]:.1f}" and rows[0]["II"] == ""
    assert rows[1]["wqi"] == "" and rows[1]["band"] == ""  # only groups I and IV
    rows = table(run("wqi", "--validity", "group4", "--csv", path)[0])
    assert rows[1]["wqi"] != "" and rows[1]["band"] == "poor"
    with pytest.raises(CommandError):
        run("wqi", "--csv", write(tmp_path, ["S,2025-03-01T09:00,Radon,3", "S,2025-03-01T09:00,COD,3,kg"], "bad.csv"))


def test_subprocess_exit_status_and_stdin(tmp_path):
    env = {**os.environ, "SMARTCITY_VAR_DIR": os.environ.get("SMARTCITY_VAR_DIR", str(tmp_path))}
    cmd = [sys.executable, "-m", "smartcity.cli", "env", "aqi", "--csv", "-"]
    ok = subprocess.run(cmd, input="\n".join(worked_example_lines()) + "\n", capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1].startswith("BD_TDM_KK01,2025-01-15T20:00:00+07:00,59,NO2,41,")
    bad = subprocess.run(cmd, input="\n".join(BAD) + "\n", capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1
    assert "<stdin>:4: thời gian 'yesterday' không đúng định dạng ISO 8601" in bad.stderr  # Vietnamese by default
    assert "7 dòng lỗi" in bad.stderr and bad.stdout == ""
