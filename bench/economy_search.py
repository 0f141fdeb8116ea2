"""Benchmark of the enterprise register's search at a province's scale (issue 11: 100,000
enterprises, search p95 < 100 ms on SQLite and PostgreSQL), with a naive baseline side by side.

    .venv/bin/python bench/economy_search.py [--n 100000] [--queries 40] [--db sqlite,postgres] [--json]

Each database runs in its own process (Django is set up once per process): SQLite in a
temporary file, PostgreSQL in a scratch database `bench_economy` created and dropped on the
server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). Only the
tables the search touches are made, from the models (organisations, administrative units,
VSIC sectors, parks, enterprises, investors); the reference data and VSIC are loaded as in
an installation; `--n` enterprises come from `economy.demo_data` (the demo's generator:
Vietnamese names, valid tax codes, Binh Duong's sector mix), written in bulk with their
folded `search_text`; then the search index is built exactly as migration 0003 builds it
(SQLite FTS5 trigram table with triggers; PostgreSQL pg_trgm GIN index) and ANALYZE runs.

Query shapes, each `--queries` different values taken from the data (one warm-up pass),
timed as the list API runs them (`search.apply_filters`, order by name, count + first page
of 25):
  words      two words of a name typed without diacritics ("minh phat", "thu dau mot")
  address    a ward name from the addresses, without diacritics
  taxprefix  the first 6 digits of a tax code
  filter+q   sector section C + an industrial park + one word
  filters    sector division + foreign-invested + investor country (no text)
Baseline (what one writes first): `name_vi__icontains` with the query typed WITH its
diacritics (without them it finds nothing), `tax_code__startswith`, filters the same.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.common import latency_stats  # noqa: E402

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "bench_economy"


def _setup_django(db_url: str):
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
    import django

    django.setup()


def _create_schema():
    from django.db import connection

    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.economy.models import Enterprise, ForeignInvestor, IndustrialPark, Sector

    with connection.schema_editor() as editor:
        for model in (Organisation, AdministrativeUnit, Sector, IndustrialPark, Enterprise, ForeignInvestor):
            editor.create_model(model)


def _load(n: int, seed: int) -> float:
    from decimal import Decimal

    from django.db import connection, transaction

    from smartcity.core.models import AdministrativeUnit, Organisation
    from smartcity.economy import demo_data, vsic
    from smartcity.economy.demo_economy import _build, _units
    from smartcity.economy.models import Enterprise, ForeignInvestor, IndustrialPark, Sector

    start = time.perf_counter()
    with transaction.atomic():
        # reference data as core.seed writes it, without the history tables (not made here)
        from smartcity.core import reference as ref

        Organisation.objects.bulk_create([Organisation(code="DPI", name_vi="Sở Kế hoạch và Đầu tư", kind="department", helix="government")])
        dpi = Organisation.objects.get(code="DPI")
        AdministrativeUnit.objects.bulk_create(
            [AdministrativeUnit(code=c, name_vi=vi, name_en=en, level="district", unit_type=t, valid_from=ref.BEFORE_2025,
                                valid_to=ref.LAST_DAY_OLD) for c, vi, en, t, _la, _lo in ref.OLD_DISTRICTS]
            + [AdministrativeUnit(code=ref.new_unit_code(vi), name_vi=vi, name_en=ref.ascii_name(vi), level="commune", unit_type=t,
                                  valid_from=ref.FIRST_DAY_NEW) for vi, t in ref.NEW_UNITS])
        sectors = {}
        for code, level, vi, en, parent in vsic.all_codes():
            s = Sector(code=code, level=level, name_vi=vi, name_en=en, parent=sectors.get(parent))
            s.save_base(raw=True)
            sectors[code] = s
        new_units, old_units = _units()
        from smartcity.economy.demo_parks import PARKS

        IndustrialPark.objects.bulk_create([IndustrialPark(owner=dpi, code=p[0], name_vi=p[1], name_en=p[2], unit=new_units.get(p[4]),
                                                           area_ha=p[5], leasable_ha=p[6], leased_ha=p[7], latitude=p[8], longitude=p[9])
                                            for p in PARKS])
        parks = {p.code: p for p in IndustrialPark.objects.all()}
        codes = {s.pk: s.code for s in sectors.values()}
        batch = []
        for d in demo_data.enterprises(n, seed):
            e = _build(d, dpi, sectors, parks, new_units, old_units)
            e.prepare(codes.get(e.main_sector_id, ""))
            batch.append((e, d["investors"]))
            if len(batch) == 5000:
                _flush(batch, Enterprise, ForeignInvestor, Decimal)
                batch = []
        _flush(batch, Enterprise, ForeignInvestor, Decimal)
    with connection.schema_editor() as editor:
        from smartcity.economy.migrations_support import install_search_index

        install_search_index(None, editor)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return time.perf_counter() - start


def _flush(batch, Enterprise, ForeignInvestor, Decimal):
    if not batch:
        return
    made = Enterprise.objects.bulk_create([e for e, _i in batch], batch_size=2000)
    if any(e.pk is None for e in made):
        ids = dict(Enterprise.objects.filter(tax_code__in=[e.tax_code for e in made]).values_list("tax_code", "pk"))
        for e in made:
            e.pk = ids[e.tax_code]
    ForeignInvestor.objects.bulk_create([ForeignInvestor(enterprise_id=e.pk, name=n, country=c, capital_usd=Decimal(cap), share_pct=Decimal(s))
                                         for e, inv in batch for (n, c, cap, s) in inv], batch_size=5000)


def _queries(k: int, seed: int) -> dict:
    from smartcity.core.models import AdministrativeUnit
    from smartcity.economy import fold
    from smartcity.economy.models import Enterprise, IndustrialPark

    rng = random.Random(seed)
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    sample = list(Enterprise.objects.filter(pk__in=rng.sample(ids, min(len(ids), k * 4))).select_related("main_sector"))
    rng.shuffle(sample)
    legal = ("cong", "ty", "tnhh", "mtv", "co", "phan", "doanh", "nghiep", "tu", "nhan", "viet", "nam", "hop", "tac", "xa", "chi", "nhanh")

    def two_words(e):
        words = e.name_vi.split()
        keep = [w for w in words if fold.fold(w) not in legal]
        if len(keep) < 2:
            keep = words[-2:]
        i = rng.randrange(0, max(1, len(keep) - 1))
        typed = " ".join(keep[i:i + 2])
        return typed  # with diacritics: the baseline gets what a person typed

    words = [two_words(e) for e in sample[:k]]
    wards = [u for u in AdministrativeUnit.objects.filter(valid_to__isnull=True, level="commune").values_list("name_vi", flat=True)]
    address = [rng.choice(wards) for _ in range(k)]
    taxprefix = [e.tax_code[:6] for e in sample[k:2 * k]]
    parks = list(IndustrialPark.objects.values_list("code", flat=True))
    filter_q = []
    for e in sample[2 * k:3 * k]:
        w = [x for x in e.name_vi.split() if fold.fold(x) not in legal and len(fold.fold(x)) >= 3] or e.name_vi.split()[-1:]
        filter_q.append({"sector": "C", "park": e.industrial_park.code if e.industrial_park_id else rng.choice(parks), "search": rng.choice(w)})
    filters = [{"sector": rng.choice(["14", "15", "26", "31", "10", "22"]), "foreign": "true",
                "country": rng.choice(["JP", "KR", "TW", "SG", "CN", "US"])} for _ in range(k)]
    return {"words": words, "address": address, "taxprefix": taxprefix, "filter+q": filter_q, "filters": filters}


def _run_one(qs_fn):
    from smartcity.economy.search import by_name

    t = time.perf_counter()
    qs = qs_fn()
    if isinstance(qs, tuple):  # ours: ordered as the list page and the API order it
        qs = by_name(*qs)
    else:
        qs = qs.order_by("name_vi", "pk")
    n = qs.count()
    page = list(qs[:25])
    return time.perf_counter() - t, n, len(page)


def _measure(qdefs: dict) -> dict:
    from smartcity.economy import fold, search
    from smartcity.economy.models import Enterprise

    base = Enterprise.objects.filter(merged_into__isnull=True)

    def ours(shape, q):
        if isinstance(q, dict):
            return lambda: search.apply_filters(base, q)
        return lambda: search.apply_filters(base, {"search": fold.fold(q) if shape != "taxprefix" else q})

    def naive(shape, q):
        if shape == "taxprefix":
            return lambda: base.filter(tax_code__startswith=q)
        if isinstance(q, dict):
            rest = {k: v for k, v in q.items() if k != "search"}
            qs = search.apply_filters(base, rest)[0]
            return (lambda: qs.filter(name_vi__icontains=q["search"])) if "search" in q else (lambda: qs)
        return lambda: base.filter(name_vi__icontains=q)

    out = {}
    for shape, values in qdefs.items():
        for label, maker in (("ours", ours), ("baseline", naive)):
            fns = [maker(shape, q) for q in values]
            for fn in fns[:5]:  # warm-up
                _run_one(fn)
            times, found = [], []
            for fn in fns:
                dt, n, _p = _run_one(fn)
                times.append(dt)
                found.append(n)
            out[f"{shape}/{label}"] = latency_stats(times) | {"mean_found": round(sum(found) / len(found), 1),
                                                              "zero_found": sum(1 for f in found if f == 0)}
    return out


def worker(vendor: str, n: int, k: int, seed: int) -> dict:
    if vendor == "sqlite":
        tmp = tempfile.mkdtemp(prefix="bench-economy-")
        os.environ["SMARTCITY_VAR_DIR"] = tmp
        _setup_django(f"sqlite:///{tmp}/bench.sqlite3")
    else:
        import psycopg

        base = os.environ.get("BENCH_PG_URL", PG_DEFAULT)
        with psycopg.connect(base.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        _setup_django(base.rsplit("/", 1)[0] + f"/{PG_DB}")
    from django.db import connection

    try:
        _create_schema()
        load_s = _load(n, seed)
        qdefs = _queries(k, seed + 1)
        results = _measure(qdefs)
        with connection.cursor() as c:
            c.execute("SELECT COUNT(*) FROM economy_enterprise")
            rows = c.fetchone()[0]
        return {"vendor": vendor, "rows": rows, "load_s": round(load_s, 1), "results": results,
                "examples": {s: v[:3] for s, v in qdefs.items()}}
    finally:
        connection.close()
        if vendor == "postgresql":
            import psycopg

            with psycopg.connect(os.environ.get("BENCH_PG_URL", PG_DEFAULT).replace("postgres://", "postgresql://"), autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        print(json.dumps(worker(a.worker, a.n, a.queries, a.seed)))
        return
    runs = {}
    load_before = os.getloadavg()
    for vendor in [v.strip().replace("postgres", "postgresql").replace("postgresqlql", "postgresql") for v in a.db.split(",")]:
        cmd = [sys.executable, __file__, "--worker", vendor, "--n", str(a.n), "--queries", str(a.queries), "--seed", str(a.seed)]
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            sys.exit(out.returncode)
        runs[vendor] = json.loads(out.stdout.strip().splitlines()[-1])
    if a.json:
        print(json.dumps(runs, indent=1, ensure_ascii=False))
        return
    vendors = list(runs)
    print(f"machine: {os.cpu_count()} cores, load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print("enterprises: " + ", ".join(f"{v} {runs[v]['rows']:,} (load {runs[v]['load_s']} s)" for v in vendors))
    head = f"{'shape':<11}" + "".join(f" | {v[:6]+' p50':>11} {'p95':>8} {'base p95':>9} {'ratio':>6} {'found':>8}" for v in vendors)
    print(head)
    print("-" * len(head))
    ok = True
    for shape in runs[vendors[0]]["results"]:
        if not shape.endswith("/ours"):
            continue
        name = shape.split("/")[0]
        line = f"{name:<11}"
        for v in vendors:
            r = runs[v]["results"][shape]
            b = runs[v]["results"][f"{name}/baseline"]
            ratio = b["p95_ms"] / r["p95_ms"] if r["p95_ms"] else float("inf")
            line += f" | {r['p50_ms']:>11.1f} {r['p95_ms']:>8.1f} {b['p95_ms']:>9.1f} {ratio:>5.1f}x {r['mean_found']:>8.0f}"
            ok = ok and r["p95_ms"] < 100
        print(line)
    print("baseline found on average (words typed with diacritics; folded they find nothing): " +
          ", ".join(f"{v}: " + ", ".join(f"{s.split('/')[0]} {r['mean_found']:.0f}" for s, r in runs[v]["results"].items() if s.endswith("/baseline"))
                    for v in vendors))
    print(("PASS" if ok else "FAIL") + ": search p95 < 100 ms on " + ", ".join(vendors))


if __name__ == "__main__":
    main()
