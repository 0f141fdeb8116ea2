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

from bench.common import bench_assets, bench_datastreams, drop_bench_data, latency_stats

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
    from smartcity.hub.services import purge_readings

    with transaction.atomic():
        purge_readings(ds_ids)
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM hub_latest WHERE datastream_id IN ({','.join(str(int(i)) for i in ds_ids)})")
            for table in extra_tables:
                cur.execute(f"DELETE FROM {table}")
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


def _load_year(streams, step=300, days=365):
    """One year of 5-minute readings for each stream, through the store path."""
    from smartcity.hub.store import store

    t_end = T_START + days * 86400
    ids = [d.id for d in streams]
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM hub_observation WHERE datastream_id = {ids[0]}")
        if cur.fetchone()[0] >= days * 86400 // step:
            return  # already loaded (--keep from an earlier run)
    batch = []
    for t in range(T_START, t_end, step):
        hour = ((t + 7 * 3600) % 86400) / 3600
        for ds in ids:
            batch.append((ds, t, 20.0 + 15.0 * abs(12 - hour) / 12 + (ds % 5), 0, None, None))
        if len(batch) >= 20_000:
            with transaction.atomic():
                store(batch, "bench")
            batch = []
    if batch:
        with transaction.atomic():
            store(batch, "bench")


class WsgiClient:
    """Calls the platform's WSGI application the way a WSGI server does (full middleware,
    routing, serialisation), without a socket and without the test client's extras."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.app = WSGIHandler()

    def get(self, url):
        import io
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": parts.path, "QUERY_STRING": parts.query, "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
                   "wsgi.errors": io.StringIO(), "SERVER_PROTOCOL": "HTTP/1.1"}
        status = []
        body = b"".join(self.app(environ, lambda s, h, exc_info=None: status.append(s)))
        return int(status[0].split()[0]), body


def _latency(client, url, n=60, warm=5, before=None):
    samples = []
    for i in range(n + warm):
        if before is not None:
            before(i)  # untimed: e.g. new readings arriving between two requests
        start = time.perf_counter()
        code, body = client.get(url)
        elapsed = time.perf_counter() - start
        if code != 200:
            raise RuntimeError(f"{url} answered {code}: {body[:300]!r}")
        if i >= warm:
            samples.append(elapsed)
    return latency_stats(samples)


def _sql_latency(sql, params=(), n=60, warm=5):
    samples = []
    for i in range(n + warm):
        start = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql, params)
            cur.fetchall()
        if i >= warm:
            samples.append(time.perf_counter() - start)
    return latency_stats(samples)


def bench_queries() -> dict:
    """Read latency through the API (in-process client, full middleware) beside the bare SQL."""
    from smartcity.hub.store import store

    client = WsgiClient()
    out = {"name": "query latency (API through the WSGI application vs bare SQL)"}
    # latest values of 10,000 datastreams: 1,000 assets x 10 quantities
    quantities = ["pm25", "pm10", "co", "no2", "so2", "o3", "temperature", "relative_humidity", "pressure", "wind_speed"]
    assets = bench_assets(1000, prefix="benchq")
    streams = bench_datastreams(assets, quantities)
    with transaction.atomic():
        store([(d.id, T_START, 1.0 + d.id % 50, 0, None, None) for d in streams], "bench")
    if connection.vendor == "postgresql":
        # planner statistics for the rows just created, as autovacuum keeps them on a live
        # database: without them PostgreSQL joins 10,000 readings by nested index lookups
        # (twice the time of its hash joins), depending on whether autovacuum came by yet
        with connection.cursor() as cur:
            cur.execute("ANALYZE hub_asset, hub_datastream, hub_latest")
    out["latest_10k"] = _latency(client, "/api/hub/latest?type=air-station")
    out["latest_10k_sql"] = _sql_latency("SELECT datastream_id, t, value, status FROM hub_latest")

    by_asset: dict = {}
    for d in streams:
        by_asset.setdefault(d.asset_id, []).append(d)
    asset_groups = list(by_asset.values())

    def new_readings(i, share=10):
        """A tenth of the assets send a new reading of each quantity before each request,
        as stations do (the answer cannot come from what the previous request encoded)."""
        with transaction.atomic():
            store([(d.id, T_START + 300 * (i + 1), 2.0 + (d.id + i) % 50, 0, None, None)
                   for group in asset_groups[i % share::share] for d in group], "bench")

    out["latest_10k_tenth_new"] = _latency(client, "/api/hub/latest?type=air-station", before=new_readings)
    # NGSI-LD query by type over 1,000 entities
    out["ngsi_type_1k"] = _latency(client, "/ngsi-ld/v1/entities?type=AirQualityObserved&limit=1000")
    out["ngsi_type_1k_tenth_new"] = _latency(client, "/ngsi-ld/v1/entities?type=AirQualityObserved&limit=1000",
                                             before=lambda i: new_readings(i + 100))
    # series: 100 datastreams with a year of 5-minute data each
    year_assets = bench_assets(100, prefix="benchy")
    year_streams = bench_datastreams(year_assets, ["pm25"])
    load_start = time.perf_counter()
    _load_year(year_streams)
    out["year_load_s"] = round(time.perf_counter() - load_start, 1)
    ds = year_streams[50].id
    from smartcity.hub.timebase import iso

    t30 = T_START + 300 * 86400
    url30 = f"/api/hub/series?datastream={ds}&from={iso(t30)}&to={iso(t30 + 30 * 86400)}&agg=1h"
    url365 = f"/api/hub/series?datastream={ds}&from={iso(T_START)}&to={iso(T_START + 365 * 86400)}&agg=1d"
    out["series_30d_hourly"] = _latency(client, url30.replace("+", "%2B"))
    out["series_30d_hourly_sql"] = _sql_latency(
        "SELECT bucket, total / n FROM hub_rollup_hour WHERE datastream_id = %s AND bucket >= %s AND bucket < %s ORDER BY bucket",
        (ds, t30, t30 + 30 * 86400))
    out["series_1y_daily"] = _latency(client, url365.replace("+", "%2B"))
    out["series_1y_daily_sql"] = _sql_latency(
        "SELECT bucket, total / n FROM hub_rollup_day WHERE datastream_id = %s AND bucket >= %s AND bucket < %s ORDER BY bucket",
        (ds, T_START, T_START + 365 * 86400))
    out["targets"] = "latest 10k p95 < 50 ms; 30-day hourly p95 < 10 ms; 1-year daily p95 < 20 ms; NGSI-LD 1k p95 < 50 ms"
    return out


MOSQUITTO_CONF = """listener {port} 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 1000000
max_inflight_messages 0
"""


def _private_broker(tmpdir):
    """A Mosquitto of our own on a free loopback port, with the queue limits a production
    broker for the hub should have (docs/ingestion-mqtt.md)."""
    import shutil
    import subprocess

    exe = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = _free_port()
    conf = tmpdir / "mosquitto.conf"
    conf.write_text(MOSQUITTO_CONF.format(port=port))
    proc = subprocess.Popen([exe, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import socket

    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, f"mqtt://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("mosquitto did not start")


def bench_mqtt(rate_msgs: int = 2500, seconds: int = 20, n_assets: int = 500) -> dict:
    """Readings through Mosquitto and the bridge into the hub, paced at `rate_msgs`
    messages/s (10 readings each) for `seconds`; zero loss is checked by counting rows."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    import orjson
    import paho.mqtt.client as paho

    from smartcity.core.models import Organisation
    from smartcity.hub.api.ingest import ingest_records
    from smartcity.hub.ingest import Principal
    from smartcity.hub.mqtt import topics_for
    from smartcity.hub.services import issue_device_token

    quantities = ["pm25", "pm10", "co", "no2", "so2", "o3", "temperature", "relative_humidity", "pressure", "wind_speed"]
    assets = bench_assets(n_assets, prefix="benchm")
    streams = bench_datastreams(assets, quantities)
    token, key = issue_device_token(Organisation.objects.get(code="DONRE"), "bench", all_owner_assets=True)
    n_msgs = rate_msgs * seconds
    t0 = T_START

    def payload(i, base):
        return orjson.dumps({"time": base + 60 * (i // n_assets),
                             "values": {q: 10.0 + (i % 50) + k for k, q in enumerate(quantities)}})

    # baseline: the same messages validated and stored in-process in batches of 1,000 messages
    records = [{"asset": assets[i % n_assets].slug, **orjson.loads(payload(i, t0 + 10**7))} for i in range(n_msgs)]
    principal = Principal.for_token(token)
    start = time.perf_counter()
    for i in range(0, len(records), 1000):
        ingest_records(principal, records[i:i + 1000])
    local_s = time.perf_counter() - start
    del records

    ids = [d.id for d in streams]
    before = _count_rows(ids)
    tmp = Path(tempfile.mkdtemp(prefix="smartcity-bench-"))
    broker, url = _private_broker(tmp)
    topics = [arg for t in topics_for(key) for arg in ("--topic", t)]
    log = open(tmp / "bridge.log", "w")
    bridge = subprocess.Popen([sys.executable, "-m", "smartcity.cli", "mqtt-bridge", "--url", url, "--client-id", "bench-bridge",
                               "--stats-interval", "0", *topics], env=_server_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while b"subscribed" not in (tmp / "bridge.log").read_bytes():
            if bridge.poll() is not None or time.time() > deadline:
                raise RuntimeError("the bridge did not subscribe: " + (tmp / "bridge.log").read_text()[-500:])
            time.sleep(0.1)
        messages = [(f"smartcity/{key}/{assets[i % n_assets].slug}/attrs", payload(i, t0)) for i in range(n_msgs)]
        pub = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="bench-publisher", protocol=paho.MQTTv311)
        pub.max_inflight_messages_set(0)
        pub.max_queued_messages_set(0)
        host, port = url.rsplit(":", 1)
        pub.connect("127.0.0.1", int(port))
        pub.loop_start()
        start = time.perf_counter()
        step = max(1, rate_msgs // 50)  # publish in slices every 20 ms
        infos = []
        for j in range(0, n_msgs, step):
            due = start + j / rate_msgs
            while time.perf_counter() < due:
                time.sleep(0.001)
            infos += [pub.publish(t, p, qos=1) for t, p in messages[j:j + step]]
        infos[-1].wait_for_publish(120)
        publish_s = time.perf_counter() - start
        expected = before + n_msgs * len(quantities)
        stored = before
        while time.perf_counter() - start < publish_s + 300:
            stored = _count_rows(ids)
            if stored >= expected:
                break
            time.sleep(0.25)
        total_s = time.perf_counter() - start
        pub.loop_stop()
        pub.disconnect()
    finally:
        bridge.terminate()
        try:
            bridge.wait(timeout=60)
        except subprocess.TimeoutExpired:
            bridge.kill()
        broker.terminate()
        broker.wait(timeout=10)
    readings = n_msgs * len(quantities)
    return {"name": "MQTT ingest through Mosquitto", "messages": n_msgs, "readings": readings,
            "readings_per_message": len(quantities), "offered_obs_per_s": rate_msgs * len(quantities),
            "publish_s": round(publish_s, 2), "drained_s": round(total_s, 2),
            "sustained_obs_per_s": round(readings / total_s), "in_process_obs_per_s": round(readings / local_s),
            "lost": expected - stored, "target": ">= 20,000 obs/s sustained, zero loss",
            "broker": "mosquitto (private instance: max_queued_messages 1000000, persistence off)"}


BENCHES = {
    "store": lambda opts: bench_store(opts.get("rows", 1_000_000)),
    "http": lambda opts: bench_http(),
    "mqtt": lambda opts: bench_mqtt(),
    "query": lambda opts: bench_queries(),
}


def main(only=None, rows=1_000_000, as_json=False, keep=False, out=print):
    results = []
    names = only or list(BENCHES)
    try:
        for name in names:
            _drop_all()  # each benchmark starts from the same state, whatever ran before it
            results.append(BENCHES[name]({"rows": rows}))
            out(json.dumps(results[-1], ensure_ascii=False))
    finally:
        if not keep:
            _drop_all()
    return results


def _drop_all():
    for prefix in ("bench", "benchq", "benchy", "benchm"):
        drop_bench_data(prefix)
