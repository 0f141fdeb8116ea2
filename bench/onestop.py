"""Benchmark of the one-stop shop at a province's scale: intake and the public lookup on a
SQLite database holding a year of dossiers (1 million by default), each against the same
calls on an empty database side by side, and a day's volume of intakes in one run.

    .venv/bin/python bench/onestop.py [--dossiers 1000000] [--samples 500] [--day 10000] [--json]
    .venv/bin/smartcity bench onestop [--dossiers N] [--samples N] [--json]

Database: always SQLite (the issue states its target for SQLite), in a temporary var dir
removed afterwards (`--keep DIR` keeps it). The schema is made from the models directly
(`migrate --run-syncdb` without migration files, ~2 s instead of ~20 s; the one-stop tables
and indexes are the same: its migration has no custom SQL; `--migrate` runs the real ones).
Seeded like an installation: reference organisations, the calendar years, the procedure
catalogue, one clerk. That state is copied to `empty.sqlite3`, the baseline.

Data: `--dossiers` rows over the year before today, inserted with `executemany` straight
into the tables (dossier, its history row, its hand-offs, the daily code sequences):
working days only (the real calendar), more on Mondays, a bump before Tết and in the
second half of the year, office hours with a morning peak; procedures by a skewed
popularity; counter/online/post with online growing; statuses by age (most returned, a few
late, rejected or withdrawn, the recent ones open). Codes follow the intake's pattern and
agency codes, and each day's `DossierSequence` row holds the last number, so new intakes go
on from there. The personal fields hold real Fernet tokens, precomputed for 256 invented
applicants (`demo_people`) and reused, with the matching masks and lookup hashes: a
bulk dossier can be looked up with its phone's last 4 digits like any other.

Measured (wall time of each call, in-process, no HTTP):
  intake  `intake.receive_at_counter` (validation, encryption, code with the locked daily
          sequence, due date by the calendar, dossier + history row, hand-off, notice
          through the log sender), same applicants on both databases;
  lookup  `lookup.lookup(code, last 4 digits)` on dossiers spread over the year (on the
          empty database: those its intakes just made), and lookup + `public_status` (what
          the public page shows: steps and apologies);
  in blocks alternating between the two databases, so neither gets the warmer cache;
  day     `--day` intakes in a row on the big database (default 1 % of the dossiers: 10,000
          for 1 million): total time, intakes/s, p50/p95.
Target (issue 8): intake and lookup p95 < 100 ms on SQLite with 1 million dossiers.
"""
import argparse
import datetime as dt
import json
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.common import percentile

TARGET_MS = 100.0
TEMPLATES = 256  # distinct invented applicants whose encrypted tokens the bulk rows reuse
BATCH = 20_000
BLOCK = 25  # calls per database before switching to the other one


# -- setup ---------------------------------------------------------------------------------------
def setup_django(var: Path, migrate: bool = False):
    os.environ["SMARTCITY_VAR_DIR"] = str(var)
    os.environ["SMARTCITY_DATA_DIR"] = str(var / "data")
    os.environ["DATABASE_URL"] = ""  # SQLite whatever the caller's database is
    for key in ("SMARTCITY_TEST_SQLITE", "SMARTCITY_TEST_DB_NAME"):
        os.environ.pop(key, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "smartcity.settings"
    os.environ.setdefault("SMARTCITY_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    if not migrate:
        settings.MIGRATION_MODULES = {a.label: None for a in apps.get_app_configs()}
    call_command("migrate", run_syncdb=not migrate, verbosity=0)


def seed(years):
    """Reference data, calendar, catalogue, one clerk: what an installation starts with."""
    from smartcity.core.models import Organisation, User
    from smartcity.core.seed import load_reference
    from smartcity.onestop.models import ProcedureVersion, VersionStatus
    from smartcity.onestop.services import calendar, catalogue

    load_reference()
    for year in years:
        calendar.seed_year(year)
    catalogue.load_catalogue(templates=False)  # the .docx templates matter to no measured call
    versions = list(ProcedureVersion.objects.filter(status=VersionStatus.IN_FORCE)
                    .select_related("procedure", "receiving_unit", "competent_unit").order_by("procedure__code"))
    if not versions:
        raise SystemExit("the catalogue has no version in force")
    clerk = User.objects.create_user(username="bench-clerk", password=None, organisation=Organisation.objects.get(code="DOHA"),
                                     role="editor")
    return versions, clerk


def use_db(path: Path):
    """Point the default connection at another SQLite file (same schema, same seed rows)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = str(path)
    connection.ensure_connection()


def checkpoint():
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


# -- the year of dossiers ------------------------------------------------------------------------
OFFICE_SLOTS = [(7, 30, 3), (8, 0, 7), (8, 30, 9), (9, 0, 10), (9, 30, 9), (10, 0, 8), (10, 30, 6), (11, 0, 4),
                (13, 0, 4), (13, 30, 6), (14, 0, 7), (14, 30, 6), (15, 0, 5), (15, 30, 4), (16, 0, 3), (16, 30, 2)]
SEASON = {1: 1.2, 2: 0.75, 3: 1.0, 4: 0.95, 5: 1.0, 6: 1.05, 7: 1.1, 8: 1.1, 9: 1.05, 10: 1.05, 11: 1.1, 12: 1.2}


def day_counts(n: int, days: list[dt.date], is_working) -> dict:
    weights = {}
    for d in days:
        if not is_working(d):
            continue
        weights[d] = SEASON[d.month] * (1.35 if d.weekday() == 0 else 0.9 if d.weekday() == 4 else 1.0) * (
            0.6 if d.weekday() >= 5 else 1.0)  # a make-up Saturday is quieter
    total = sum(weights.values())
    counts, carry = {}, 0.0
    for d, w in weights.items():  # largest-remainder-free rounding that still sums to n
        exact = n * w / total + carry
        counts[d] = int(exact)
        carry = exact - counts[d]
    last = max(counts)
    counts[last] += n - sum(counts.values())
    return counts


class Templates:
    """TEMPLATES invented applicants with their column values as stored (tokens, masks, hash)."""

    def __init__(self, seed: int):
        from smartcity.onestop import crypto
        from smartcity.onestop.demo_people import People
        from smartcity.onestop.services import intake

        people = People(seed)
        self.rows = []
        for _ in range(TEMPLATES):
            a = people.applicant().as_dict()
            f = intake.applicant_fields(a)
            self.rows.append({
                "applicant_kind": f["applicant_kind"], "applicant_name": f["applicant_name"],
                "applicant_id_number": crypto.encrypt(f["applicant_id_number"]), "applicant_phone": crypto.encrypt(f["applicant_phone"]),
                "applicant_email": crypto.encrypt(f["applicant_email"]), "applicant_address": crypto.encrypt(f["applicant_address"]),
                "id_number_masked": f["id_number_masked"], "phone_masked": f["phone_masked"], "lookup_secret": f["lookup_secret"],
                "tail": f["applicant_phone"][-4:],
            })


UTC7 = dt.timedelta(hours=7)  # Asia/Ho_Chi_Minh has no daylight saving time


def _utc_naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def bulk_load(n: int, versions, clerk, *, seed: int = 2026, now=None, out=print) -> dict:
    """`n` dossiers over the year before today, straight into the tables; returns counts and
    a sample of (code, phone tail) for the lookups. Times are handled as naive UTC (how
    Django's SQLite backend stores them: `str()` of the naive UTC datetime)."""
    from bisect import bisect
    from itertools import accumulate

    from django.conf import settings
    from django.db import connection, transaction

    from smartcity.onestop.models import Dossier, DossierSequence, Handoff
    from smartcity.onestop.services import calendar, intake

    rng = random.Random(seed)
    now = now or dt.datetime.now(dt.UTC)
    local = ZoneInfo("Asia/Ho_Chi_Minh")
    now_u = _utc_naive(now)
    today = now.astimezone(local).date()
    days = [today - dt.timedelta(days=k) for k in range(365, 0, -1)]
    counts = day_counts(n, days, calendar.is_working_day)
    templates = Templates(seed).rows
    pattern = getattr(settings, "ONESTOP_CODE_PATTERN", "") or intake.DEFAULT_PATTERN

    # procedures by a skewed popularity (a few procedures carry most of the volume)
    popularity = [1.0 / (i + 1) ** 0.8 for i in range(len(versions))]
    rng.shuffle(popularity)
    cum = list(accumulate(popularity))
    calendars = {v.pk: calendar.calendar_for(v.receiving_unit) for v in versions}
    due_cache: dict = {}

    def due(v, day, late_afternoon):
        key = (v.pk, day, late_afternoon)
        if key not in due_cache:
            at = dt.datetime.combine(day, dt.time(15, 30) if late_afternoon else dt.time(9, 0), tzinfo=local)
            due_cache[key] = _utc_naive(calendars[v.pk].due_at(at, v.time_limit_days))
        return due_cache[key]

    h_model = Dossier.history.model
    d_fields = list(Dossier._meta.concrete_fields)
    h_fields = [f for f in h_model._meta.concrete_fields if f.attname != "history_id"]
    hand_fields = [f for f in Handoff._meta.concrete_fields if f.attname != "id"]
    d_pos = {f.attname: i for i, f in enumerate(d_fields)}
    base = [None if f.attname == "id" else f.get_db_prep_save(f.get_default(), connection) for f in d_fields]
    h_extra = {"history_date": None, "history_change_reason": None, "history_type": "+", "history_user_id": clerk.pk}
    h_map = [(True, d_pos[f.attname]) if f.attname in d_pos else (False, f.attname) for f in h_fields]
    hand_order = [f.attname for f in hand_fields]
    assert hand_order == ["dossier_id", "seq", "kind", "from_unit_id", "to_unit_id", "by_id", "at", "step_due_at", "completed_at",
                          "timeliness", "note"], hand_order
    tpl_keys = ["applicant_kind", "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
                "id_number_masked", "phone_masked", "lookup_secret"]
    tpl_rows = [([t[k] for k in tpl_keys], t["tail"], t["applicant_name"]) for t in templates]
    tpl_pos = [d_pos[k] for k in tpl_keys]
    P = {k: d_pos[k] for k in ("id", "owner_id", "published", "created_at", "updated_at", "code", "procedure_version_id", "procedure_id",
                               "rule_set", "channel", "status", "current_unit_id", "subject", "submitted_at", "received_at",
                               "received_by_id", "due_at", "original_due_at", "result_at", "returned_at", "closed_at",
                               "result_summary", "return_channel")}
    d_sql = f"INSERT INTO {Dossier._meta.db_table} ({', '.join(f.column for f in d_fields)}) VALUES ({', '.join('?' * len(d_fields))})"
    h_sql = f"INSERT INTO {h_model._meta.db_table} ({', '.join(f.column for f in h_fields)}) VALUES ({', '.join('?' * len(h_fields))})"
    hand_sql = (f"INSERT INTO {Handoff._meta.db_table} ({', '.join(f.column for f in hand_fields)}) "
                f"VALUES ({', '.join('?' * len(hand_fields))})")
    s_table = DossierSequence._meta.db_table

    next_id = (Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    vinfo = {v.pk: (intake.agency_code(v.receiving_unit), v.receiving_unit.code, v.receiving_unit_id, v.competent_unit_id,
                    v.procedure_id, v.rule_set, v.name_vi) for v in versions}
    d_rows, h_rows, hand_rows, seq_rows, sample = [], [], [], [], []
    stats = {"dossiers": 0, "returned": 0, "open": 0, "late": 0, "handoffs": 0}
    first_day, total_days = days[0], len(days)
    clerk_id = clerk.pk
    started = time.perf_counter()
    sample_p = 20_000 / max(n, 1) * 1.2
    three_days = dt.timedelta(days=3)
    open_statuses = ["received", "processing", "consulting", "supplement", "suspended"]
    open_cum = list(accumulate([30, 50, 8, 8, 4]))

    insert_s: dict = {}

    def flush():
        nonlocal d_rows, h_rows, hand_rows, seq_rows
        with transaction.atomic():
            cur = connection.connection.cursor()
            for name, sql, rows in (("dossier", d_sql, d_rows), ("history", h_sql, h_rows), ("handoff", hand_sql, hand_rows),
                                    ("sequence", f"INSERT INTO {s_table} (agency_code, day, last) VALUES (?, ?, ?)", seq_rows)):
                t = time.perf_counter()
                cur.executemany(sql, rows)
                insert_s[name] = insert_s.get(name, 0.0) + time.perf_counter() - t
            cur.close()
        d_rows, h_rows, hand_rows, seq_rows = [], [], [], []

    slot_starts = [dt.time(h, m) for h, m, _w in OFFICE_SLOTS]
    slot_cum = list(accumulate(w for _h, _m, w in OFFICE_SLOTS))
    with connection.cursor() as c:
        c.execute("PRAGMA synchronous=OFF")  # bulk load only; the measured calls run with the installation's settings
    for day in sorted(counts):
        k = counts[day]
        online_share = 0.30 + 0.25 * (day - first_day).days / total_days
        starts_u = [dt.datetime.combine(day, t) - UTC7 for t in slot_starts]
        slots = sorted(bisect(slot_cum, rng.random() * slot_cum[-1]) for _ in range(k))
        seqs: dict = {}
        for slot in slots:
            received = starts_u[slot] + dt.timedelta(seconds=rng.randrange(1800))
            v = versions[bisect(cum, rng.random() * cum[-1])]
            agency, unit_code, recv_id, comp_id, proc_id, rule_set, vname = vinfo[v.pk]
            tvals, tail, aname = tpl_rows[rng.randrange(TEMPLATES)]
            r = rng.random()
            channel = "online" if r < online_share else ("post" if r > 0.97 else "counter")
            seq = seqs[agency] = seqs.get(agency, 0) + 1
            code = pattern.format(agency=agency, unit=unit_code, date=received + UTC7, seq=seq)
            due_at = due(v, day, slot >= 12)  # slots from 15:00 on are after the cut-off
            span = due_at - received
            status, result_at, returned_at, closed_at, late = "processing", None, None, None, False
            roll = rng.random()
            if now_u - due_at > three_days or (now_u > received + span * 0.6 and roll < 0.5):
                if roll < 0.035:
                    status, closed_at = "rejected", received + span * rng.uniform(0.05, 0.4)
                elif roll < 0.045:
                    status, closed_at = "withdrawn", received + span * rng.uniform(0.1, 0.6)
                else:
                    late = rng.random() < 0.06
                    result_at = due_at + dt.timedelta(hours=rng.uniform(2, 96)) if late else received + span * rng.uniform(0.35, 0.99)
                    if result_at < now_u:
                        returned_at = result_at + dt.timedelta(hours=rng.uniform(1, 72))
                        if returned_at < now_u and rng.random() > 0.02:
                            status, closed_at = "returned", returned_at
                        else:
                            status, returned_at = "result_ready", None
                    else:
                        result_at, late = None, False
            else:
                status = open_statuses[bisect(open_cum, rng.random() * open_cum[-1])]
            row = base[:]
            for pos, value in zip(tpl_pos, tvals):
                row[pos] = value
            s_recv, s_due = str(received), str(due_at)
            s_res = str(result_at) if result_at else None
            s_ret = str(returned_at) if returned_at else None
            s_closed = str(closed_at) if closed_at else None
            row[P["id"]] = next_id
            row[P["owner_id"]] = recv_id
            row[P["published"]] = True
            row[P["created_at"]] = s_recv
            row[P["updated_at"]] = s_closed or s_recv
            row[P["code"]] = code
            row[P["procedure_version_id"]] = v.pk
            row[P["procedure_id"]] = proc_id
            row[P["rule_set"]] = rule_set
            row[P["channel"]] = channel
            row[P["status"]] = status
            row[P["current_unit_id"]] = comp_id if status in ("processing", "consulting") else recv_id
            row[P["subject"]] = f"{vname} — {aname}"[:400]
            row[P["submitted_at"]] = str(received - dt.timedelta(hours=rng.uniform(1, 40))) if channel == "online" else None
            row[P["received_at"]] = s_recv
            row[P["received_by_id"]] = clerk_id
            row[P["due_at"]] = row[P["original_due_at"]] = s_due
            row[P["result_at"]] = s_res
            row[P["returned_at"]] = s_ret if status == "returned" else None
            row[P["closed_at"]] = s_closed
            row[P["result_summary"]] = "Đã có kết quả giải quyết" if result_at else ""
            row[P["return_channel"]] = ("online" if channel == "online" else "counter") if status == "returned" else ""
            d_rows.append(row)
            h_extra["history_date"] = s_recv
            h_rows.append([row[x] if from_d else h_extra[x] for from_d, x in h_map])
            timely = "late" if late else "on_time"
            hand_rows.append((next_id, 1, "receive", None, recv_id, clerk_id, s_recv, s_due, s_res, timely if s_res else "", ""))
            nh = 1
            if s_res:
                hand_rows.append((next_id, 2, "result", comp_id, recv_id, clerk_id, s_res, s_due, s_res, timely, ""))
                nh += 1
                if status == "returned":
                    hand_rows.append((next_id, 3, "return", recv_id, None, clerk_id, s_ret, s_due, s_ret, timely, ""))
                    nh += 1
            stats["handoffs"] += nh
            stats["returned"] += status == "returned"
            stats["open"] += status in ("received", "processing", "consulting", "supplement", "suspended", "result_ready")
            stats["late"] += late
            if len(sample) < 20_000 and rng.random() < sample_p:
                sample.append((code, tail))
            next_id += 1
            stats["dossiers"] += 1
            if len(d_rows) >= BATCH:
                flush()
                if stats["dossiers"] % 200_000 < BATCH:
                    out(f"  {stats['dossiers']:>9,} dossiers loaded ({time.perf_counter() - started:.0f} s)")
        seq_rows += [(ag, str(day), last) for ag, last in seqs.items()]
    flush()
    with connection.cursor() as c:
        c.execute("PRAGMA synchronous=NORMAL")
    stats["seconds"] = round(time.perf_counter() - started, 1)
    stats["insert_s"] = {k: round(v, 1) for k, v in insert_s.items()}
    return {"stats": stats, "sample": sample}


# -- measurements --------------------------------------------------------------------------------
def _ms(values):
    ms = [v * 1000 for v in values]
    return {"p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2), "p99_ms": round(percentile(ms, 99), 2),
            "max_ms": round(max(ms), 2), "n": len(ms)}


def alternate(paths: dict, samples: int, call) -> dict:
    """`call(name, i)` `samples` times per database, in blocks of BLOCK alternating between
    them (the order within a round alternates too); returns {name: [seconds]}."""
    out = {name: [] for name in paths}
    names = list(paths)
    i, rnd = 0, 0
    while i < samples:
        k = min(BLOCK, samples - i)
        for name in (names if rnd % 2 == 0 else names[::-1]):
            use_db(paths[name])
            for j in range(i, i + k):
                t0 = time.perf_counter()
                call(name, j)
                out[name].append(time.perf_counter() - t0)
        i += k
        rnd += 1
    return out


def main(argv=None, out=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers in the big database (default 1,000,000)")
    ap.add_argument("--samples", type=int, default=500, help="timed calls per measure and database (default 500)")
    ap.add_argument("--day", type=int, help="intakes in a row for the day's volume (default: 1 %% of --dossiers, i.e. 10,000 "
                                            "for 1 million, the issue's ratio)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--migrate", action="store_true", help="build the schema with the real migrations (slower)")
    ap.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: a temporary folder, removed)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.day is None:
        args.day = args.dossiers // 100
    say = out or (lambda line: print(line, file=sys.stderr, flush=True))
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-onestop-"))
    tmp.mkdir(parents=True, exist_ok=True)
    wall = time.perf_counter()
    try:
        result = run(args, tmp, say)
    finally:
        if not args.keep:
            from django.db import connection

            connection.close()
            shutil.rmtree(tmp, ignore_errors=True)
    result["wall_s"] = round(time.perf_counter() - wall, 1)
    say(f"wall time {result['wall_s']:.0f} s")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    return result


def run(args, tmp: Path, say) -> dict:
    t0 = time.perf_counter()
    setup_django(tmp / "var", migrate=args.migrate)
    from django.conf import settings
    from django.utils import timezone

    from smartcity.onestop.demo_people import People
    from smartcity.onestop.models import Dossier
    from smartcity.onestop.services import intake, lookup

    now = timezone.now()
    today = now.date()
    versions, clerk = seed(sorted({today.year - 1, today.year, today.year + 1}))
    setup_s = time.perf_counter() - t0
    full = Path(settings.DATABASES["default"]["NAME"])
    empty = full.with_name("empty.sqlite3")
    checkpoint()
    shutil.copyfile(full, empty)
    say(f"schema and seed in {setup_s:.1f} s ({len(versions)} procedures in force); loading {args.dossiers:,} dossiers ...")

    use_db(full)
    loaded = bulk_load(args.dossiers, versions, clerk, seed=args.seed, now=now, out=say)
    stats = loaded["stats"]
    checkpoint()
    size_mb = sum(p.stat().st_size for p in full.parent.glob(full.name + "*")) / 2**20
    say(f"loaded {stats['dossiers']:,} dossiers, {stats['handoffs']:,} hand-offs in {stats['seconds']:.0f} s; database {size_mb:,.0f} MB")

    paths = {"empty": empty, "full": full}
    rng = random.Random(args.seed + 1)
    people = People(args.seed + 1)
    applicants = [people.applicant().as_dict() for _ in range(args.samples)]
    warm = [people.applicant().as_dict() for _ in range(3)]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(versions))]
    chosen = [rng.choices(versions, weights=weights)[0] for _ in range(args.samples)]
    made = {name: [] for name in paths}

    def do_intake(name, i):
        a = applicants[i]
        d = intake.receive_at_counter(version=chosen[i], applicant=a, subject=f"{chosen[i].name_vi} — {a['name']}", user=clerk)
        made[name].append((d.code, a["phone"][-4:]))

    for name in paths:  # first calls import and warm caches (URL resolver, calendar): not measured
        use_db(paths[name])
        for a in warm:
            intake.receive_at_counter(version=chosen[0], applicant=a, subject=f"{chosen[0].name_vi} — {a['name']}", user=clerk)
    intake_times = alternate(paths, args.samples, do_intake)

    big_sample = rng.sample(loaded["sample"], min(args.samples, len(loaded["sample"])))
    misses = {"empty": 0, "full": 0}

    def targets(name):
        return made["empty"] if name == "empty" else big_sample

    def do_lookup(name, i):
        code, tail = targets(name)[i % len(targets(name))]
        if lookup.lookup(code, tail) is None:
            misses[name] += 1

    lookup_times = alternate(paths, args.samples, do_lookup)

    def do_page(name, i):
        code, tail = targets(name)[(i * 7 + 3) % len(targets(name))]
        d = lookup.lookup(code, tail)
        if d is None:
            misses[name] += 1
        else:
            lookup.public_status(d)

    page_times = alternate(paths, args.samples, do_page)
    if any(misses.values()):
        raise SystemExit(f"lookups that found nothing: {misses}")

    # a day's volume on the big database
    use_db(full)
    day_people = People(args.seed + 2)
    day_times = []
    t_day = time.perf_counter()
    for i in range(args.day):
        a = day_people.applicant().as_dict()
        v = rng.choices(versions, weights=weights)[0]
        t1 = time.perf_counter()
        intake.receive_at_counter(version=v, applicant=a, subject=f"{v.name_vi} — {a['name']}", user=clerk)
        day_times.append(time.perf_counter() - t1)
    day_s = time.perf_counter() - t_day
    total = Dossier.objects.count()

    rows = {}
    for key, times in (("intake", intake_times), ("lookup", lookup_times), ("lookup_page", page_times)):
        e, f = _ms(times["empty"]), _ms(times["full"])
        rows[key] = {"empty": e, "full": f, "ratio_p95": round(f["p95_ms"] / e["p95_ms"], 2) if e["p95_ms"] else None}
    day = {"intakes": args.day, "seconds": round(day_s, 1), "per_s": round(args.day / day_s, 1) if day_s else None,
           **({k: v for k, v in _ms(day_times).items() if k != "n"} if day_times else {}),
           "share_of_office_day": round(day_s / (8 * 3600), 4)}
    result = {"database": "sqlite", "dossiers": stats["dossiers"], "dossiers_after": total, "samples": args.samples,
              "load": stats, "setup_s": round(setup_s, 1), "database_mb": round(size_mb), "measures": rows, "day": day,
              "target_p95_ms": TARGET_MS,
              "target_met": all(rows[k]["full"]["p95_ms"] < TARGET_MS for k in ("intake", "lookup")) and
              (not day_times or day["p95_ms"] < TARGET_MS)}
    report(result, say)
    return result


def report(r: dict, say):
    n = f"{r['dossiers']:,} dossiers"
    say("")
    say(f"one-stop bench (SQLite): empty database vs {n}, {r['samples']} calls each, alternated in blocks of {BLOCK}")
    say(f"{'':<26}{'empty p50/p95/p99 ms':>26}{(n + ' p50/p95/p99 ms'):>38}{'ratio p95':>11}")
    labels = {"intake": "intake at the counter", "lookup": "public lookup", "lookup_page": "lookup + status page data"}
    for key, row in r["measures"].items():
        e, f = row["empty"], row["full"]
        say(f"{labels[key]:<26}{e['p50_ms']:>10.1f} /{e['p95_ms']:>6.1f} /{e['p99_ms']:>6.1f}"
            f"{f['p50_ms']:>22.1f} /{f['p95_ms']:>6.1f} /{f['p99_ms']:>6.1f}{row['ratio_p95']:>11.2f}")
    d = r["day"]
    if d["intakes"]:
        say(f"a day's volume: {d['intakes']:,} intakes in {d['seconds']:.1f} s = {d['per_s']:.0f}/s "
            f"(p50 {d['p50_ms']:.1f} ms, p95 {d['p95_ms']:.1f} ms; {d['share_of_office_day']:.1%} of an 8-hour office day)")
    say(f"target p95 < {TARGET_MS:.0f} ms for intake and lookup at {n}: {'met' if r['target_met'] else 'NOT met'}")


if __name__ == "__main__":
    main()
