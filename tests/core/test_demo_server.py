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
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SMARTCITY_MODE", "MQTT_URL")}
    env["SMARTCITY_DEMO_HISTORY_DAYS"] = "1"  # the bus history: one simulated day is enough here
    env["SMARTCITY_DEMO_DOSSIERS"] = "60"  # and a small flow of one-stop dossiers
    env["SMARTCITY_VAR_DIR"] = str(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "demo", "--bind", f"127.0.0.1:{port}", "--no-simulators"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 420  # the whole demo loads first; a shared CI machine may be slow
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail("demo did not start: " + (proc.stdout.read() if proc.poll() is not None else "timeout"))
                time.sleep(0.5)
        home = urllib.request.urlopen(base + "/", timeout=10)
        page = home.read().decode()
        assert home.status == 200 and '<html lang="vi">' in page and "Thành phố Thông minh Bình Dương" in page
        for path in ("/admin/login/", "/api/docs/", "/api/schema/"):
            assert urllib.request.urlopen(base + path, timeout=10).status == 200, path
        assert (tmp_path / "smartcity.sqlite3").exists()
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "donre.minh" in out and f"http://127.0.0.1:{port}/" in out
