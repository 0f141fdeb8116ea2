"""Killing the web server at any moment loses nothing it acknowledged, and never leaves
half a batch: each request is one transaction, answered only after the commit."""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.hub.test_files import SEED, SLUGS
from tests.scratch_db import ScratchDb

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 2000
BATCHES = 40
T0 = 1_735_664_400  # 2025-01-01T00:00:00+07:00

TOKEN = """
from smartcity.core.models import Organisation
from smartcity.hub.services import issue_device_token
_, key = issue_device_token(Organisation.objects.get(code="DONRE"), "kiểm thử độ bền", all_owner_assets=True)
print(key)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body(batch: int) -> bytes:
    start = T0 + batch * ROWS * 60
    rows = [{"asset": SLUGS[i % 2][0], "quantity": "pm25", "time": start + (i // 2) * 60, "value": 20 + i % 30} for i in range(ROWS)]
    return json.dumps({"observations": rows}).encode()


def batch_of(t: int) -> int:
    return (t - T0) // (ROWS * 60)


class Server:
    def __init__(self, db: ScratchDb):
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "serve", "--bind", f"127.0.0.1:{self.port}",
                                      "--workers", "2", "--threads", "2"], env=db.env, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/api/", timeout=2)
                return
            except OSError:
                assert self.proc.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def post(self, key, data) -> int:
        req = urllib.request.Request(self.url + "/api/hub/observations", data=data, method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)  # master and workers, mid-request
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


def test_sigkill_of_the_web_server_loses_no_acknowledged_batch(tmp_path):
    db = ScratchDb(tmp_path, "ingest_kill")
    try:
        db.migrate()
        db.cli("shell", "-c", SEED.format(slugs=SLUGS))
        key = db.cli("shell", "-c", TOKEN).stdout.strip().splitlines()[-1]
        server = Server(db)
        acknowledged, lock = set(), threading.Lock()

        def client(batches):
            for b in batches:
                try:
                    status = server.post(key, body(b))
                except OSError:
                    return  # the server is gone
                if status == 200:
                    with lock:
                        acknowledged.add(b)

        threads = [threading.Thread(target=client, args=(range(k, BATCHES, 2),)) for k in (0, 1)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < 8 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()
        for t in threads:
            t.join(timeout=90)
        assert 8 <= len(acknowledged) < BATCHES, "the kill must land mid-stream"

        per_batch = {}
        for (t, n) in db.query("SELECT t, COUNT(*) FROM hub_observation GROUP BY t"):
            per_batch[batch_of(t)] = per_batch.get(batch_of(t), 0) + n
        for b in acknowledged:
            assert per_batch.get(b) == ROWS, f"acknowledged batch {b} is not fully stored"
        assert all(n == ROWS for n in per_batch.values()), "a batch was stored in part"

        # the sender retries everything after the restart: all stored, nothing twice
        server = Server(db)
        try:
            for b in range(BATCHES):
                assert server.post(key, body(b)) == 200
        finally:
            server.stop()
        assert db.query("SELECT COUNT(*) FROM hub_observation")[0][0] == BATCHES * ROWS
        hours = db.query("SELECT SUM(n) FROM hub_rollup_hour")[0][0]
        assert hours == BATCHES * ROWS  # rollups counted each reading exactly once
    finally:
        db.drop()
