"""`smartcity env import-files`: the summary (text and --json), and a backfill killed with
SIGKILL mid-run then restarted stores every file exactly once.

The kill test runs the real CLI in subprocesses against a database of its own (a SQLite
file, or a scratch PostgreSQL database named after the suite's test database), as
tests/hub/test_files.py does: pytest-django's test database is invisible to other processes."""
import io
import json
import signal
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from smartcity.environment.models import StationFile
from smartcity.hub.models import Observation
from smartcity.hub.timebase import LOCAL_TZ
from tests.scratch_db import ScratchDb

CODE = "BD_KCNSONGTHAN_NT01"
START = datetime(2025, 3, 1, tzinfo=LOCAL_TZ)


def make_files(folder: Path, n: int, code=CODE) -> list[Path]:
    """n five-minute transmissions of a wastewater station in yyyy/MM/dd folders."""
    out = []
    for i in range(n):
        t = START + timedelta(minutes=5 * i)
        s = t.strftime("%Y%m%d%H%M%S")
        d = folder / t.strftime("%Y/%m/%d")
        d.mkdir(parents=True, exist_ok=True)
        p = d / f"{code}_{s}.txt"
        p.write_text(f"pH\t{7 + (i % 10) / 20:.2f}\t-\t{s}\t00\nCOD\t{40 + i % 17},5\tmg/L\t{s}\t00\nFlow\t{80 + i % 9}\tm3/h\t{s}\t00\n",
                     encoding="utf-8")
        out.append(p)
    return out


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def test_summary_as_text_and_json_and_exit_status(data_dir, make_station, tmp_path):
    make_station(CODE, "wastewater")
    make_files(tmp_path / "tram", 6)
    (tmp_path / "tram" / "BD_KHONGCO_X_20250301000000.txt").write_text("pH\t7\t-\t20250301000000\t00\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("env", "import-files", str(tmp_path / "tram"), "--json", "--no-progress", stdout=out, stderr=err)
    assert exc.value.returncode == 2  # a file was quarantined
    summary = json.loads(out.getvalue())
    assert {k: summary[k] for k in ("files", "lines", "stored", "replaced", "rejected", "quarantined")} == \
        {"files": 7, "lines": 18, "stored": 18, "replaced": 0, "rejected": 0, "quarantined": 1}
    assert "unknown_station" in err.getvalue()
    assert Observation.objects.count() == 18
    assert (data_dir / "environment" / "archive" / "2025" / "03" / "01").is_dir()

    out = io.StringIO()
    call_command("env", "import-files", str(tmp_path / "tram" / "2025"), "--progress", stdout=out, stderr=(err := io.StringIO()))
    text = out.getvalue()
    assert "duplicates" in text.split("\n")[0] and text.split("\n")[1].split()[:3] == ["6", "0", "0"]
    assert "6/6" in err.getvalue()  # the tqdm bar, by files
    assert StationFile.objects.filter(outcome="stored").count() == 6


def test_no_archive_leaves_files_and_records_their_place(data_dir, make_station, tmp_path):
    make_station(CODE, "wastewater")
    files = make_files(tmp_path / "tram", 2)
    call_command("env", "import-files", *map(str, files), "--no-archive", "--no-progress", stdout=io.StringIO())
    assert sorted(StationFile.objects.values_list("archive_path", flat=True)) == sorted(map(str, files))
    assert not (data_dir / "environment" / "archive").exists() or not list((data_dir / "environment" / "archive").rglob("*.txt"))


# -- SIGKILL mid-run, through the real CLI ---------------------------------------------------------
SEED = """
from smartcity.core.seed import load_reference
from smartcity.core.models import Organisation
from smartcity.hub.services import sync_registry
from smartcity.environment.services import create_station
load_reference(); sync_registry()
create_station({code!r}, "Trạm nước thải KCN Sóng Thần", "wastewater", Organisation.objects.get(code="DONRE"), 10.9, 106.75)
"""


def kill_when(db: ScratchDb, proc, files_at_least: int, deadline_s=120.0) -> int:
    end = time.monotonic() + deadline_s
    done = 0
    while time.monotonic() < end and proc.poll() is None:
        try:
            done = db.query("SELECT COUNT(*) FROM environment_stationfile")[0][0]
        except sqlite3.OperationalError:
            done = 0
        if done >= files_at_least:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait(timeout=30)
    return done


def test_sigkill_mid_run_then_restart_stores_every_file_once(tmp_path):
    db = ScratchDb(tmp_path, "envfiles_kill")
    try:
        db.migrate()
        db.cli("shell", "-v0", "-c", SEED.format(code=CODE))
        n = 1200
        make_files(tmp_path / "tram", n)
        args = ("env", "import-files", str(tmp_path / "tram"), "--no-progress", "--json")
        first = db.popen(*args)
        seen = kill_when(db, first, 200)
        assert first.returncode == -signal.SIGKILL, first.stderr.read()
        assert 200 <= seen < n  # really killed mid-run
        done = db.cli(*args)
        summary = json.loads(done.stdout)
        assert summary["files"] == n and summary["quarantined"] == 0 and summary["failed"] == 0
        assert summary["duplicates"] >= seen and summary["stored"] == 3 * (n - summary["duplicates"])
        assert db.query("SELECT COUNT(*) FROM hub_observation") == [(3 * n,)]
        assert db.query("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM environment_stationfile WHERE outcome = 'stored'") == [(n, n)]
        # rollups counted every reading once (pH, COD and flow are all VALID)
        assert db.query("SELECT SUM(n) FROM hub_rollup_day") == [(3 * n,)]
        again = json.loads(db.cli(*args).stdout)
        assert (again["stored"], again["duplicates"]) == (0, n)
        assert db.query("SELECT COUNT(*) FROM hub_observation") == [(3 * n,)]
    finally:
        db.drop()
