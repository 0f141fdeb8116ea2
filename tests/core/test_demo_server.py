"""README command 1: `smartcity demo` serves the platform on the embedded default."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_serves_home_admin_and_api_docs(tmp_path):
    if os.environ.get("DATABASE_URL"):  # the demo runs on its embedded SQLite whatever the suite's database is
        pytest.skip("README command 1 uses the embedded SQLite: the SQLite run of the suite covers it")
    from tests.scratch_db import ScratchDb

    port = free_port()
    # the schema comes migrated (a copy of the suite's freshly migrated database, or one
    # `smartcity migrate`): the test database's creation already ran every migration from
    # nothing, so this test spends its time on what only it checks, the demo's loading and serving
    scratch = ScratchDb(tmp_path)
    scratch.migrate()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SMARTCITY_MODE", "MQTT_URL")}
    env["SMARTCITY_DEMO_HISTORY_DAYS"] = "1"  # the bus history: one simulated day is enough here
    env["SMARTCITY_DEMO_DOSSIERS"] = "60"  # and a small flow of one-stop dossiers
    env["SMARTCITY_VAR_DIR"] = str(scratch.path.parent)
    log_path = tmp_path / "demo.log"  # a file, not a pipe: a full pipe would stop the demo mid-load
    log = open(log_path, "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "demo", "--bind", f"127.0.0.1:{port}", "--no-simulators"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 420  # the whole demo loads first; a shared CI machine may be slow
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail("demo did not start (" + ("exited" if proc.poll() is not None else "timeout") + "): "
                                + log_path.read_text(encoding="utf-8")[-4000:])
                time.sleep(0.5)
        home = urllib.request.urlopen(base + "/", timeout=10)
        page = home.read().decode()
        assert home.status == 200 and '<html lang="vi">' in page and "Thành phố Thông minh Bình Dương" in page
        for path in ("/admin/login/", "/api/docs/", "/api/schema/"):
            assert urllib.request.urlopen(base + path, timeout=60).status == 200, path  # a busy machine serves slowly
        assert scratch.path.exists()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    out = log_path.read_text(encoding="utf-8")
    assert "donre.minh" in out and f"http://127.0.0.1:{port}/" in out
    # notices to applicants went to the outbox, not the console
    assert "message to " not in out and "[Một cửa]" in (scratch.path.parent / "outbox" / "notices.log").read_text(encoding="utf-8")
