"""The issue's promise end to end: station files uploaded with a real FTP client show up on
the public map, coloured by an index the background worker computed, within a minute.

Real parts only: pyftpdlib server with its inbox watcher (threads of this process), Python's
ftplib as the station's datalogger, `smartcity worker` as a separate process draining the
index queue, the map's JSON read through the Django test client."""
import datetime as dt
import ftplib
import io
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from smartcity.environment import aqi, ftp
from smartcity.environment.models import FtpAccount, IndexValue
from smartcity.hub.timebase import LOCAL_TZ

CODE = "BD_TTQT_KK09"
PASSWORD = "Mật-khẩu-trạm-Phú-Hòa-2026"
PM25 = [(34.2, 35.8, 36.1, 33.9, 35.0, 36.4, 34.8, 35.5, 36.0, 34.1, 35.2, 35.9),   # hour 1, 5-minute values
        (52.3, 55.1, 54.0, 56.2, 53.8, 55.6, 54.4, 57.0, 55.3, 54.9, 56.1, 55.0)]   # hour 2


@pytest.fixture
def worker_queue(tmp_path, monkeypatch):
    """A task queue of this test only, in a SQLite file the worker process opens too."""
    from huey.contrib import djhuey
    from huey.storage import SqliteStorage

    var = tmp_path / "var"
    var.mkdir()
    monkeypatch.setattr(djhuey.HUEY, "storage", SqliteStorage(name="smartcity", filename=str(var / "tasks.sqlite3")))
    monkeypatch.setattr(djhuey.HUEY, "immediate", False)
    return var


@pytest.fixture
def worker(shared_db, worker_queue, settings):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "HUEY_IMMEDIATE")}
    env.update(DATABASE_URL=shared_db, SMARTCITY_VAR_DIR=str(worker_queue), SMARTCITY_DATA_DIR=str(settings.DATA_DIR),
               PYTHONUNBUFFERED="1")
    log = open(worker_queue / "worker.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "worker", "-w", "1"], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
    log.close()


def station_file(when: dt.datetime, pm25: float) -> tuple[str, bytes]:
    s = when.strftime("%Y%m%d%H%M%S")
    lines = [f"PM-2.5\t{pm25:.1f}\tug/m3\t{s}\t00", f"PM10\t{pm25 * 1.6:.1f}\tug/m3\t{s}\t00",
             f"NO2\t{38.5:.1f}\tug/m3\t{s}\t00", f"Nhiet do\t{31.2}\toC\t{s}\t00"]
    return f"{CODE}_{s}.txt", ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.django_db(transaction=True)
def test_files_over_ftp_reach_the_public_map_within_a_minute(shared_db, settings, tmp_path, make_station, worker, client):
    settings.DATA_DIR = tmp_path / "data"
    station = make_station(CODE, "air", name="Trạm quan trắc không khí tự động Phú Hòa", lat=10.9735, lon=106.6719,
                           short_name="Phú Hòa")
    account = FtpAccount(username="tram-phu-hoa", owner=station.owner)
    account.set_password(PASSWORD)
    account.save()
    account.stations.add(station)

    # the two hours before the last full hour: files at :00, :05, ... :55 (bucket starts)
    end = dt.datetime.now(LOCAL_TZ).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(hours=2)
    handle = ftp.start_server("127.0.0.1", 0, interval=0.3, settle_s=0.5)
    try:
        client_ftp = ftplib.FTP()
        client_ftp.connect("127.0.0.1", handle.port, timeout=10)
        client_ftp.login("tram-phu-hoa", PASSWORD)
        folder = start.strftime("%Y%m%d")
        client_ftp.mkd(folder)
        began = time.monotonic()
        for h in range(2):
            for i, value in enumerate(PM25[h]):
                name, body = station_file(start + dt.timedelta(hours=h, minutes=5 * i), value)
                client_ftp.storbinary(f"STOR {folder}/{name}", io.BytesIO(body))
        client_ftp.quit()

        card = None
        while time.monotonic() - began < 60:
            cards = client.get("/environment/stations.json").json()["stations"]
            card = next(c for c in cards if c["code"] == CODE)
            if card["index"] and card["index"].get("value") is not None:
                break
            time.sleep(1.0)
        elapsed = time.monotonic() - began
    finally:
        handle.stop()

    assert card["index"] and card["index"].get("value") is not None, f"no index on the map after {elapsed:.0f} s: {card}"
    assert elapsed < 60
    # the worker computed it (this process queued the work and never ran it)
    stored = IndexValue.objects.get(station=station, kind="vn_aqi_h", t=int(end.timestamp()))
    expected = aqi.vn_hourly({"pm25": np.array([np.mean(PM25[0]), np.mean(PM25[1])]),
                              "pm10": np.array([np.mean([round(v * 1.6, 1) for v in hour]) for hour in PM25]),
                              "no2": np.array([38.5, 38.5])})
    assert stored.value == int(expected.aqi[-1]) and stored.dominant == str(expected.dominant[-1])
    assert card["index"]["value"] == stored.value
