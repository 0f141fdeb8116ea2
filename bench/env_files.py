"""Benchmark of station-file ingest (Circular 10/2021 files through the real inbox
processor) against a bare parse-and-insert baseline on the same files.

    .venv/bin/python bench/env_files.py [--stations 35] [--files-per-station 288] [--json]
    DATABASE_URL=postgres://.../scratch .venv/bin/python bench/env_files.py   # a scratch PostgreSQL database

Data: one day of 35 stations at 5-minute cadence (35 x 288 = 10,080 files; 6 lines each,
wastewater, surface-water and air stations of Binh Duong), one file per transmission in
the datalogger's yyyy/MM/dd folders, written to a temporary folder.
Real: `inbox.process_paths` as `smartcity env import-files` runs it: SHA-256, duplicate
check, station lookup, parse, the hub Normaliser (aliases, units, time checks), one
`store()` per file with latest values, rollups and the after-store hooks (QC, indices,
limits), the StationFile row, and a copy into the dated archive; one transaction per file.
Baseline: the same parser and a dict lookup of the datastream, then `executemany` into a
bare table (datastream, t, value, status) with the same primary key, one transaction per file.
Target (issue 5): 10,000 files in < 60 s.

Without DATABASE_URL it makes a temporary SQLite database (migrated) and removes it.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

STATIONS = [  # (code, kind, name)
    *[(f"BD_KCN{p}_NT{i:02d}", "wastewater", f"Trạm nước thải KCN {n} {i}") for i in (1, 2) for p, n in
      (("SONGTHAN", "Sóng Thần"), ("VIETHUONG", "Việt Hương"), ("MYPHUOC", "Mỹ Phước"), ("VSIP", "VSIP"),
       ("DONGAN", "Đồng An"), ("TANDONGHIEP", "Tân Đông Hiệp"))],
    *[(f"BD_DONRE_NM{i:02d}", "surface-water", f"Trạm nước mặt {n}") for i, n in
      enumerate(("Thủ Dầu Một", "Vĩnh Nguyên", "Bạch Đằng", "Tân Uyên", "Bình Phước", "Thị Tính", "Lái Thiêu", "Bến Súc"), 1)],
    *[(f"BD_DONRE_KK{i:02d}", "air", f"Trạm không khí {n}") for i, n in
      enumerate(("Dĩ An", "Thuận An", "Thủ Dầu Một", "Bến Cát", "Tân Uyên", "Bàu Bàng", "Phú Giáo", "Dầu Tiếng", "Bắc Tân Uyên",
                 "Lái Thiêu", "Mỹ Phước", "An Phú", "Tân Định", "Chánh Nghĩa", "Phú Lợi"), 1)],
]
LINES = {
    "wastewater": (("pH", "7.{}", "-"), ("COD", "4{},3", "mg/L"), ("TSS", "1{}.0", "mg/L"), ("Temp", "2{}.4", "oC"),
                   ("Flow", "8{}.2", "m3/h"), ("NH4", "1.{}", "mg/L")),
    "surface-water": (("pH", "7.{}", "-"), ("DO", "5.{}", "mg/L"), ("COD", "1{}", "mg/L"), ("TSS", "2{}", "mg/L"),
                      ("Temp", "2{}.1", "oC"), ("EC", "1{}0", "uS/cm")),
    "air": (("PM2.5", "2{}.5", "ug/m3"), ("PM10", "4{}.1", "ug/m3"), ("NO2", "3{}", "ug/m3"), ("SO2", "1{}", "ug/m3"),
            ("CO", "1.{}", "mg/m3"), ("O3", "6{}", "ug/m3")),
}


def make_files(root: Path, day: datetime, n_stations: int, per_station: int) -> list[Path]:
    files = []
    for code, kind, _name in STATIONS[:n_stations]:
        for k in range(per_station):
            t = day + timedelta(minutes=5 * k)
            s = t.strftime("%Y%m%d%H%M%S")
            folder = root / code / t.strftime("%Y/%m/%d")
            folder.mkdir(parents=True, exist_ok=True)
            status = "01" if k % 97 == 5 else "00"
            body = "".join(f"{p}\t{v.format(k % 10)}\t{u}\t{s}\t{status}\r\n" for p, v, u in LINES[kind])
            path = folder / f"{code}_{s}.txt"
            path.write_bytes(body.encode())
            files.append(path)
    return files


def setup_django(tmp: Path):
    if not os.environ.get("DATABASE_URL"):
        os.environ["SMARTCITY_VAR_DIR"] = str(tmp / "var")
    os.environ["SMARTCITY_DATA_DIR"] = str(tmp / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
    os.environ.setdefault("SMARTCITY_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_stations(n: int, rules: bool = True):
    from smartcity.core.models import Organisation
    from smartcity.core.seed import load_reference
    from smartcity.environment.services import create_station
    from smartcity.hub.services import sync_registry

    load_reference()
    sync_registry()
    from smartcity.environment import limits_seed

    if rules:
        limits_seed.seed()  # QCVN limits and DONRE's exceedance rules (as after `migrate` with DONRE present)
    from smartcity.hub import registry

    owner = Organisation.objects.get(code="DONRE")

    def quantities(kind):
        codes = [registry.resolve_quantity(p) for p, _v, _u in LINES[kind]]
        return [("water_temperature" if c == "temperature" and kind != "air" else c) for c in codes]

    return [create_station(code, name, kind, owner, 10.9 + i * 0.01, 106.6 + i * 0.005, quantities=quantities(kind))
            for i, (code, kind, name) in enumerate(STATIONS[:n])]


def baseline(files, stations) -> tuple[float, int]:
    """Same parser, a dict for parameter -> datastream, executemany into a bare table."""
    from django.db import connection, transaction

    from smartcity.environment import stationfile as sf
    from smartcity.hub import registry

    pg = connection.vendor == "postgresql"
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_env_raw")
        cur.execute("CREATE TABLE bench_env_raw (ds BIGINT NOT NULL, t BIGINT NOT NULL, value DOUBLE PRECISION, status SMALLINT, "
                    "PRIMARY KEY (ds, t))" + ("" if pg else " WITHOUT ROWID"))
    ds_of = {}
    for st in stations:
        for ds in st.asset.datastreams.all():
            ds_of[(st.code, ds.quantity_id)] = ds.id
    water = {"temperature": "water_temperature"}
    sql = "INSERT INTO bench_env_raw (ds, t, value, status) VALUES (%s, %s, %s, %s)" if pg else \
        "INSERT INTO bench_env_raw (ds, t, value, status) VALUES (?, ?, ?, ?)"
    n = 0
    started = time.perf_counter()
    for path in files:
        name = sf.parse_name(path.name)
        parsed = sf.parse_bytes(path.read_bytes())
        rows = []
        for line in parsed.lines:
            q = registry.resolve_quantity(line.parameter)
            q = water.get(q, q) if not name.code.startswith("BD_DONRE_KK") else q
            conv = registry.conversion(q, line.unit or None) or (1.0, 0.0)
            rows.append((ds_of[(name.code, q)], line.t, line.value * conv[0] + conv[1], line.status))
        with transaction.atomic():
            connection.ensure_connection()
            cur = connection.connection.cursor()
            cur.executemany(sql, rows)
            cur.close()
        n += len(rows)
    seconds = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_env_raw")
    return seconds, n


def real(files) -> tuple[float, object]:
    from smartcity.environment import inbox

    started = time.perf_counter()
    summary = inbox.process_paths(files, mode="copy")
    return time.perf_counter() - started, summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stations", type=int, default=35)
    ap.add_argument("--files-per-station", type=int, default=288)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-rules", action="store_true",
                    help="do not seed DONRE's exceedance rules (the alerts and limits hooks then find no rule to evaluate)")
    ap.add_argument("--no-hooks", action="store_true",
                    help="run the real processor without the after-store hooks (QC, indices, limits, alerts) to show their share")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-env-files-"))
    try:
        setup_django(tmp)
        from django.db import connection

        from smartcity.hub.timebase import LOCAL_TZ

        day = datetime.now(LOCAL_TZ).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=2)
        stations = make_stations(args.stations, rules=not args.no_rules)
        files = make_files(tmp / "in", day, args.stations, args.files_per_station)
        if args.no_hooks:
            from smartcity.hub import store as store_module

            store_module._AFTER_STORE.clear()
        load_start = os.getloadavg()[0]
        b_s, b_rows = baseline(files, stations)
        r_s, summary = real(files)
        assert summary.stored == b_rows and summary.rejected == 0 and summary.quarantined == 0, summary.as_dict()
        out = {
            "database": connection.vendor, "after_store_hooks": not args.no_hooks, "exceedance_rules": not args.no_rules, "files": len(files), "lines": summary.lines,
            "baseline_s": round(b_s, 3), "baseline_files_per_s": round(len(files) / b_s, 1), "baseline_lines_per_s": round(b_rows / b_s),
            "real_s": round(r_s, 3), "real_files_per_s": round(len(files) / r_s, 1), "real_lines_per_s": round(summary.lines / r_s),
            "ratio_real_over_baseline": round(r_s / b_s, 2),
            "target_s": 60.0 * len(files) / 10_000, "target_met": r_s < 60.0 * len(files) / 10_000,
            "cpus": os.cpu_count(), "load_avg_1m_start": round(load_start, 2), "load_avg_1m": round(os.getloadavg()[0], 2),
        }
        if args.json:
            print(json.dumps(out))
        else:
            print(f"station-file ingest, {out['files']:,} files ({out['lines']:,} lines) on {out['database']}; "
                  f"load average {out['load_avg_1m_start']} -> {out['load_avg_1m']} on {out['cpus']} CPUs; after-store hooks {'on' if out['after_store_hooks'] else 'off'}; "
                  f"DONRE exceedance rules {'on' if out['exceedance_rules'] else 'off'}")
            print(f"{'':28}{'seconds':>10}{'files/s':>10}{'lines/s':>10}")
            print(f"{'bare parse + executemany':28}{b_s:>10.2f}{out['baseline_files_per_s']:>10,.0f}{out['baseline_lines_per_s']:>10,}")
            print(f"{'inbox processor (real)':28}{r_s:>10.2f}{out['real_files_per_s']:>10,.0f}{out['real_lines_per_s']:>10,}")
            print(f"ratio real/baseline {out['ratio_real_over_baseline']}x; target < {out['target_s']:.0f} s: "
                  f"{'met' if out['target_met'] else 'NOT met'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
