"""Load test of the public website: gunicorn on 127.0.0.1 (as `smartcity serve` runs it),
50 concurrent users for a bounded time over the public pages (home, news list, an article,
the programme page, a search), latencies and throughput printed and written as JSON.

    .venv/bin/python bench/portal_load.py --var-dir var --users 50 --seconds 30 --out /tmp/portal_load.json
    .venv/bin/python bench/portal_load.py --tool ab ...   # Apache ab (apache2-utils) instead of our client

The database is the one under --var-dir (SQLite) or DATABASE_URL; run `./run demo --no-serve`
first for the full demo. Missing website articles are loaded with the website's demo loader.
The default client is our own asyncio HTTP/1.1 client (one connection per request, like
`ab` without -k), so nothing else is needed; `--tool ab` runs Apache's `ab` instead, one
process per page sharing the users between them, and merges their percentile tables
(weighted by each page's request count). Each user sends its next request as soon as the
previous answer is read; every URL is requested once before the clock starts (the first
request of a gunicorn worker imports every view).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.common import percentile  # noqa: E402

PATHS = ["/portal/", "/portal/tin-tuc/", "/portal/tin-tuc/{article}/", "/portal/chuong-trinh/",
         "/portal/tim-kiem/?q=xe+buyt", "/portal/tim-kiem/?q=khong+khi"]


def _env(args) -> dict:
    env = dict(os.environ)
    env["SMARTCITY_VAR_DIR"] = str(Path(args.var_dir).resolve())
    env.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
    return env


def prepare(args) -> str:
    """Migrate, make sure the website has its demo articles; return one article's slug."""
    env = _env(args)
    smartcity = str(ROOT / ".venv" / "bin" / "smartcity")
    subprocess.run([smartcity, "migrate", "-v", "0"], env=env, check=True)
    code = ("import django; django.setup()\n"
            "from smartcity.core.models import Organisation\n"
            "from smartcity.core.seed import load_reference\n"
            "if not Organisation.objects.filter(code='DIC').exists(): load_reference()\n"
            "from smartcity.portal.demo import load_demo; load_demo()\n"
            "from smartcity.portal.models import Article\n"
            "print(Article.objects.live().order_by('-publish_at').values_list('slug', flat=True).first())\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def start_server(args) -> subprocess.Popen:
    env = _env(args)
    cmd = [str(ROOT / ".venv" / "bin" / "smartcity"), "serve", "--bind", f"127.0.0.1:{args.port}",
           "--workers", str(args.workers), "--threads", str(args.threads)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/portal/api/overview.json", timeout=60).read()
            return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the server did not answer within 120 s")


async def fetch(port: int, path: str) -> tuple[int, int]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept: text/html\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, len(data)


async def user(port: int, paths: list[str], stop_at: float, samples: list, errors: list, seed: int) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < stop_at:
        path = rng.choice(paths)
        t0 = time.perf_counter()
        try:
            status, size = await fetch(port, path)
        except OSError as exc:
            errors.append(f"{path}: {exc}")
            continue
        dt = time.perf_counter() - t0
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
        samples.append((path, dt, status, size))


async def drive(args, paths: list[str]) -> tuple[list, list, float]:
    samples: list = []
    errors: list = []
    start = time.perf_counter()
    stop_at = start + args.seconds
    await asyncio.gather(*(user(args.port, paths, stop_at, samples, errors, i) for i in range(args.users)))
    return samples, errors, time.perf_counter() - start


def summary(samples, elapsed: float) -> dict:
    ms = [s[1] * 1000 for s in samples]
    out = {"requests": len(ms), "seconds": round(elapsed, 2), "rps": round(len(ms) / elapsed, 1),
           "p50_ms": round(statistics.median(ms), 1), "p95_ms": round(percentile(ms, 95), 1),
           "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms), 1), "by_path": {}}
    for path in sorted({s[0] for s in samples}):
        pm = [s[1] * 1000 for s in samples if s[0] == path]
        out["by_path"][path] = {"n": len(pm), "p50_ms": round(statistics.median(pm), 1), "p95_ms": round(percentile(pm, 95), 1)}
    return out


def run_ab(args, paths: list[str]) -> dict:
    """One `ab` per page, started together, users shared among them; merged figures."""
    import tempfile

    per = [args.users // len(paths) + (1 if i < args.users % len(paths) else 0) for i in range(len(paths))]
    procs = []
    tmp = Path(tempfile.mkdtemp(prefix="portal-ab-"))
    for i, path in enumerate(paths):
        csv = tmp / f"{i}.csv"
        cmd = ["ab", "-q", "-t", str(int(args.seconds)), "-n", "10000000", "-c", str(max(1, per[i])), "-e", str(csv),
               f"http://127.0.0.1:{args.port}{path}"]
        procs.append((path, csv, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    by_path, weighted, total, failed, rps = {}, [], 0, 0, 0.0
    for path, csv, proc in procs:
        out = proc.communicate()[0]
        n = int(_ab_field(out, "Complete requests"))
        bad = int(_ab_field(out, "Failed requests")) + int(_ab_field(out, "Non-2xx responses", "0"))
        table = [float(line.split(",")[1]) for line in csv.read_text().splitlines()[1:]]  # 0..99 % -> ms
        by_path[path] = {"n": n, "p50_ms": table[50], "p95_ms": table[95], "rps": float(_ab_field(out, "Requests per second").split()[0])}
        weighted += [(ms, n / 100) for ms in table]
        total += n
        failed += bad
        rps += by_path[path]["rps"]
    weighted.sort()

    def pct(p):
        goal, acc = total * p / 100, 0.0
        for ms, w in weighted:
            acc += w
            if acc >= goal:
                return ms
        return weighted[-1][0]

    return {"requests": total, "seconds": args.seconds, "rps": round(rps, 1), "p50_ms": pct(50), "p95_ms": pct(95),
            "p99_ms": pct(99), "max_ms": weighted[-1][0], "by_path": by_path, "errors": failed, "error_examples": [],
            "users_per_page": dict(zip(paths, per))}


def _ab_field(out: str, name: str, default: str | None = None) -> str:
    for line in out.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    if default is None:
        raise SystemExit(f"ab did not report {name!r}:\n{out[-2000:]}")
    return default


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var-dir", default=str(ROOT / "var"))
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--out", default="portal_load.json")
    parser.add_argument("--tool", choices=("asyncio", "ab"), default="asyncio")
    args = parser.parse_args()
    article = prepare(args)
    paths = [p.format(article=article) for p in PATHS]
    server = start_server(args)
    try:
        for p in paths:  # warm up: every worker imports the views and fills the page cache
            for _ in range(args.workers * 2):
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}{p}", timeout=120).read()
        if args.tool == "ab":
            figures = run_ab(args, paths)
        else:
            samples, errors, elapsed = asyncio.run(drive(args, paths))
            figures = {**summary(samples, elapsed), "errors": len(errors), "error_examples": errors[:5]}
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {"tool": args.tool, "users": args.users, "workers": args.workers, "threads": args.threads, "paths": paths,
              "database": os.environ.get("DATABASE_URL", "sqlite").split("@")[-1], **figures, "cpus": os.cpu_count(),
              "load_average": os.getloadavg(), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"{result['requests']} requests in {result['seconds']} s, {result['users']} users: {result['rps']} req/s")
    print(f"p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms  p99 {result['p99_ms']} ms  max {result['max_ms']} ms  errors {result['errors']}")
    for path, s in result["by_path"].items():
        print(f"  {path:40s} n={s['n']:6d}  p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms")
    print(f"tool {result['tool']}, load average at the end {result['load_average']}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
