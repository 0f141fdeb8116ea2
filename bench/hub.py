"""Benchmarks of the city data hub, each against a baseline run side by side.

    smartcity bench hub [--rows N] [--only store,http,mqtt,query,ngsi] [--json]

store  : the hub's store path (dedup check, rollups, latest state) vs the raw driver
         (executemany on SQLite / COPY on PostgreSQL) into an equivalent bare table,
         same rows, same 10k-row transactions; figure = rows/s of each and the ratio.
Runs on the current database (DATABASE_URL), creating bench-* assets and removing them.
"""
import json
import time

from django.db import connection, transaction

from bench.common import bench_assets, bench_datastreams, drop_bench_data, latency_stats, percentile  # noqa: F401

BATCH = 10_000
T_START = 1_735_664_400  # 2025-01-01T00:00:00+07:00


def _rows(ds_ids, n_rows, step=300):
    """Time-major rows: every datastream at t0, then t1, ... (how live data arrives)."""
    per_ds = n_rows // len(ds_ids)
    out = []
    for i in range(per_ds):
        t = T_START + i * step
        v = 20.0 + (i % 288) / 10.0
        for ds in ds_ids:
            out.append((ds, t, v + (ds % 7), 0, None, None))
    return out


def _raw_table(cur, pg):
    cur.execute("DROP TABLE IF EXISTS bench_raw_observation")
    suffix = "" if pg else " WITHOUT ROWID"
    ints = "BIGINT" if pg else "INTEGER"
    cur.execute(f"CREATE TABLE bench_raw_observation (datastream_id {ints} NOT NULL, t {ints} NOT NULL, value DOUBLE PRECISION, "
                f"status SMALLINT NOT NULL DEFAULT 0, received {ints} NOT NULL, lat DOUBLE PRECISION, lon DOUBLE PRECISION, "
                f"PRIMARY KEY (datastream_id, t)){suffix}")


def _raw_write(rows):
    pg = connection.vendor == "postgresql"
    connection.ensure_connection()
    raw = connection.connection
    now = int(time.time())
    start = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        part = rows[i:i + BATCH]
        with transaction.atomic():
            cur = raw.cursor()
            if pg:
                with cur.copy("COPY bench_raw_observation (datastream_id, t, value, status, received, lat, lon) FROM STDIN") as cp:
                    for ds, t, v, s, la, lo in part:
                        cp.write_row((ds, t, v, s, now, la, lo))
            else:
                cur.executemany("INSERT INTO bench_raw_observation VALUES (?,?,?,?,?,?,?)",
                                [(ds, t, v, s, now, la, lo) for ds, t, v, s, la, lo in part])
            cur.close()
    return time.perf_counter() - start


def _store_write(rows):
    from smartcity.hub.store import store

    start = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        with transaction.atomic():
            store(rows[i:i + BATCH], "bench")
    return time.perf_counter() - start


def bench_store(n_rows: int, n_streams: int = 100) -> dict:
    assets = bench_assets(n_streams)
    streams = bench_datastreams(assets, ["pm25"])
    rows = _rows([d.id for d in streams], n_rows)
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cur:
        _raw_table(cur, pg)
    try:
        # side by side, in alternation: raw, store, raw, store, ...; before each round both
        # tables are emptied the same way (DELETE + VACUUM), so neither starts cleaner
        raw_times, store_times = [], []
        for _round in range(3):
            drop_readings([d.id for d in streams], extra_tables=("bench_raw_observation",))
            raw_times.append(_raw_write(rows))
            store_times.append(_store_write(rows))
        raw_s, store_s = sorted(raw_times)[1], sorted(store_times)[1]
    finally:
        with connection.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS bench_raw_observation")
    return {"name": "store path vs raw driver", "rows": len(rows), "datastreams": n_streams,
            "raw_rows_per_s": round(len(rows) / raw_s), "hub_rows_per_s": round(len(rows) / store_s),
            "ratio": round(raw_s / store_s, 3), "rounds": 3, "figure": "median of 3 alternated rounds", "target": ">= 0.5", "baseline": "executemany" if not pg else "COPY"}


HUB_TABLES = ("hub_observation", "hub_rollup_hour", "hub_rollup_day", "hub_latest", "hub_correction")


def drop_readings(ds_ids, extra_tables=()):
    """Delete the bench readings (and empty the baseline's table), then vacuum."""
    with transaction.atomic(), connection.cursor() as cur:
        for table in extra_tables:
            cur.execute(f"DELETE FROM {table}")
        for i in range(0, len(ds_ids), 500):
            part = ds_ids[i:i + 500]
            marks = ",".join(["%s"] * len(part))
            for table in HUB_TABLES:
                cur.execute(f"DELETE FROM {table} WHERE datastream_id IN ({marks})", part)
    with connection.cursor() as cur:
        cur.execute("VACUUM " + (", ".join(HUB_TABLES + tuple(extra_tables)) if connection.vendor == "postgresql" else ""))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env():
    import os

    from django.conf import settings

    env = dict(os.environ)
    env["SMARTCITY_VAR_DIR"] = str(settings.VAR_DIR)
    env.setdefault("SMARTCITY_MODE", "production" if os.environ.get("SECRET_KEY") else "dev")
    env["DEBUG"] = "false"
    return env


def start_server(workers: int = 2):
    """`smartcity serve` on a free loopback port; returns (process, base_url) once it answers."""
    import subprocess
    import sys
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "serve", "--bind", f"127.0.0.1:{port}",
                             "--workers", str(workers), "--threads", "1"], env=_server_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/api/", timeout=2).read()
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the server did not answer within 60 s")


def _bodies(slugs, batches, rows_per_batch, t0):
    import orjson

    from smartcity.hub.timebase import iso

    per_time = len(slugs)
    bodies, i = [], 0
    for _b in range(batches):
        rows = []
        while len(rows) < rows_per_batch:
            ts = iso(t0 + (i // per_time) * 300)
            rows.append({"asset": slugs[i % per_time], "quantity": "pm25", "time": ts, "value": 15.0 + (i % 613) / 10})
            i += 1
        bodies.append(orjson.dumps({"observations": rows}))
    return bodies


def bench_http(batches: int = 30, rows_per_batch: int = 10_000, clients: int = 2) -> dict:
    """HTTP batch ingest through a real server on loopback vs the same work in-process."""
    import http.client
    import threading
    from urllib.parse import urlparse

    import orjson

    from smartcity.core.models import Organisation
    from smartcity.hub.api.ingest import ingest_records
    from smartcity.hub.ingest import Principal
    from smartcity.hub.services import issue_device_token

    assets = bench_assets(100)
    streams = bench_datastreams(assets, ["pm25"])
    slugs = [a.slug for a in assets]
    _token, key = issue_device_token(Organisation.objects.get(code="DONRE"), "bench", all_owner_assets=True)
    http_bodies = _bodies(slugs, batches, rows_per_batch, T_START)
    local_bodies = _bodies(slugs, batches, rows_per_batch, T_START + 10**7)
    # baseline: the same validation + store in this process, no HTTP, no JSON over the wire
    principal = Principal.for_token(_token)
    start = time.perf_counter()
    for body in local_bodies:
        ingest_records(principal, orjson.loads(body)["observations"])
    local_s = time.perf_counter() - start

    proc, url = start_server()
    try:
        host = urlparse(url)
        queue = list(http_bodies)
        lock = threading.Lock()
        statuses = []

        def client():
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=300)
            while True:
                with lock:
                    if not queue:
                        break
                    body = queue.pop()
                conn.request("POST", "/api/hub/observations", body=body,
                             headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
                resp = conn.getresponse()
                resp.read()
                statuses.append(resp.status)
            conn.close()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        http_s = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    n = batches * rows_per_batch
    stored = _count_rows([d.id for d in streams])
    return {"name": "HTTP batch ingest (real server, loopback)", "rows": n, "batch_rows": rows_per_batch, "clients": clients,
            "server": "gunicorn, 2 workers", "http_obs_per_s": round(n / http_s), "in_process_obs_per_s": round(n / local_s),
            "ratio_http_vs_in_process": round(local_s / http_s, 3), "all_2xx": all(200 <= s < 300 for s in statuses),
            "rows_stored": stored, "rows_expected": 2 * n, "target": ">= 50,000 obs/s on SQLite"}


def _count_rows(ds_ids) -> int:
    with connection.cursor() as cur:
        total = 0
        for i in range(0, len(ds_ids), 500):
            part = ds_ids[i:i + 500]
            cur.execute(f"SELECT COUNT(*) FROM hub_observation WHERE datastream_id IN ({','.join(['%s'] * len(part))})", part)
            total += cur.fetchone()[0]
        return total


BENCHES = {
    "store": lambda opts: bench_store(opts.get("rows", 1_000_000)),
    "http": lambda opts: bench_http(),
}


def main(only=None, rows=1_000_000, as_json=False, keep=False, out=print):
    results = []
    names = only or list(BENCHES)
    try:
        for name in names:
            results.append(BENCHES[name]({"rows": rows}))
            out(json.dumps(results[-1], ensure_ascii=False))
    finally:
        if not keep:
            drop_bench_data()
    return results
