"""Benchmark: all scorecards and ranks of one period vs ONE hand-written SQL GROUP BY.

Builds a synthetic province (default 20,000 units, 2,000,000 entries in 2026H1) in a
dedicated database — PostgreSQL `zongjie_bench` (COPY) or a SQLite file under /tmp
(executemany in big batches) — then times, in the same run:

  floor     SELECT unit_id, kind, count(*) FROM ledger_entry
            WHERE status='approved' AND period_id = <period> GROUP BY unit_id, kind   (issue 15)
  baseline  SELECT unit_id, kind, media_level, COUNT(*), SUM(sessions), SUM(participants)
            FROM ledger_entry WHERE status='approved' AND period_id IN (…) GROUP BY 1, 2, 3
  engine    zongjie.assessment.engine.compute(period): every metric, points by category,
            quotas, 约稿, duplicate claims, roll-ups, comparison with two earlier periods, ranks
            (computed every time: no stored result is read)
  stored    zongjie.assessment.services.scorecards(period): what pages read (the stored result)

and prints them with the ratios (targets: engine ≤ 1.5× the floor, ≤ 3× the wider baseline).

    .venv/bin/python bench/score.py --db postgres          # full size
    .venv/bin/python bench/score.py --db sqlite --quick    # 2,000 units, 100,000 entries
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "zongjie_bench"
SQLITE_HOME = Path("/tmp/zongjie_bench_sqlite")
PERIOD = "2026H1"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="sqlite")
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=2_000_000)
    parser.add_argument("--quick", action="store_true", help="2,000 units and 100,000 entries")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (best and median printed)")
    parser.add_argument("--reuse", action="store_true", help="keep the database built by an earlier run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-db", default=PG_BENCH_DB, help=f"PostgreSQL database (default {PG_BENCH_DB})")
    parser.add_argument(
        "--sqlite-dir", type=Path, default=SQLITE_HOME, help=f"SQLite home (default {SQLITE_HOME})"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.units, args.entries = 2_000, 100_000
    return args


def prepare_database(args: argparse.Namespace) -> None:
    """Point Django at the bench database (created fresh unless --reuse)."""
    if args.db == "postgres":
        import psycopg

        if not args.reuse:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {args.pg_db}")
                conn.execute(f"CREATE DATABASE {args.pg_db}")
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{args.pg_db}"
    else:
        home = args.sqlite_dir
        if not args.reuse and home.exists():
            for name in ("zongjie.sqlite3", "zongjie.sqlite3-wal", "zongjie.sqlite3-shm"):
                (home / name).unlink(missing_ok=True)
        home.mkdir(parents=True, exist_ok=True)
        os.environ.pop("DATABASE_URL", None)
        os.environ["ZONGJIE_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongjie.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def build_units(n_units: int) -> list[tuple]:
    """A province: 1 root, cities, counties, townships filling the rest (rows of org_unit)."""
    n_cities = max(1, min(14, n_units // 200))
    n_counties = max(1, min(n_cities * 12, n_units // 20))
    rows: list[tuple] = []

    def add(code: str, name: str, kind: str, parent: tuple | None, order: int) -> tuple:
        path = (parent[5] if parent else "") + code + "/"
        row = (
            len(rows) + 1,
            code,
            name,
            kind,
            parent[0] if parent else None,
            path,
            path.count("/") - 1,
            order,
            True,
        )
        rows.append(row)
        return row

    root = add("S", "省委宣传部", "department", None, 0)
    cities = [add(f"S{c:02d}", f"市{c}", "department", root, c) for c in range(n_cities)]
    counties = [
        add(f"{cities[k % n_cities][1]}X{k:03d}", f"县{k}", "county", cities[k % n_cities], k)
        for k in range(n_counties)
    ]
    k = 0
    while len(rows) < n_units:
        county = counties[k % n_counties]
        add(f"{county[1]}T{k:05d}", f"镇{k}", "township", county, k)
        k += 1
    return rows[:n_units]


def entry_rows(args, units, periods, categories, outlets, now):
    """Yield ledger_entry rows (dicts) shaped like the demo: articles, information reports, events…"""
    from zongjie.ledger.normalise import title_key

    rng = random.Random(args.seed)
    unit_ids = [u[0] for u in units]
    weights = [4 if u[3] != "township" else 1 for u in units]
    h1 = periods[PERIOD]
    levels = ["central", "provincial", "municipal", "county"]
    by_level = {lvl: [pk for pk, level in outlets if level == lvl] for lvl in levels}
    start = date(2026, 1, 1)
    recent: list[tuple] = []
    for i in range(args.entries):
        unit = rng.choices(unit_ids, weights)[0] if i % 64 == 0 else unit_ids[rng.randrange(len(unit_ids))]
        roll = rng.random()
        day = start + timedelta(days=rng.randrange(181))
        row = {
            "unit_id": unit,
            "period_id": h1,
            "status": "approved" if rng.random() < 0.9 else rng.choice(["submitted", "draft", "returned"]),
            "occurred_on": day,
            "title": f"稿件{i}",
            "kind": "other",
            "category_id": categories["other_misc"],
            "outlet_id": None,
            "media_level": "",
            "placement": "normal",
            "link": "",
            "sent_to": "",
            "sent_level": "",
            "sessions": None,
            "participants": None,
            "amount": None,
            "honour_level": "",
            "starred": rng.random() < 0.03,
        }
        if roll < 0.5:
            level = rng.choices(levels, [2, 15, 45, 38])[0]
            row.update(
                kind="article",
                category_id=categories["news_article"],
                media_level=level,
                outlet_id=rng.choice(by_level[level]),
                placement=rng.choices(["normal", "prominent", "front_page", "front_headline"], [80, 8, 7, 5])[
                    0
                ],
            )
            if recent and rng.random() < 0.002:  # the same article claimed by another unit
                title, outlet, level_, day_ = rng.choice(recent)
                row.update(title=title, outlet_id=outlet, media_level=level_, occurred_on=day_)
            elif rng.random() < 0.01:
                recent.append((row["title"], row["outlet_id"], level, day))
        elif roll < 0.75:
            row.update(
                kind="info_report",
                category_id=categories["info_report"],
                sent_level=rng.choices(["central", "provincial", "municipal"], [15, 35, 50])[0],
                sent_to="上级",
            )
        elif roll < 0.85:
            row.update(
                kind="event",
                category_id=categories[rng.choice(["culture_show", "civility_volunteer"])],
                sessions=rng.randint(1, 6),
                participants=rng.randrange(50, 3000, 10),
            )
        elif roll < 0.95:
            row.update(
                kind="study",
                category_id=categories["theory_group"],
                sessions=1,
                participants=rng.randrange(15, 120, 5),
            )
        elif roll < 0.98:
            row.update(kind="honour", category_id=categories["civility_creation"], honour_level="provincial")
        else:
            row.update(category_id=categories["info_research"])
        row["submitted_at"] = now if row["status"] != "draft" else None
        row["title_key"] = title_key(row["title"])  # what Entry.save() sets (COPY skips it)
        row["adoption_counts"] = row["instruction_counts"] = 0  # set after the related rows
        yield row


def load(args) -> dict:
    from django.db import connection

    from zongjie.ledger.models import Category, Entry, Outlet, Period

    now = datetime(2026, 7, 1, 2, tzinfo=UTC)
    units = build_units(args.units)
    periods = {code: Period.objects.get_or_create_code(code).pk for code in ("2025H1", "2025H2", PERIOD)}
    categories = dict(Category.objects.values_list("code", "id"))
    outlets = list(Outlet.objects.values_list("id", "level"))
    # Generated columns (class_code) are the database's to fill: COPY refuses them.
    columns = [f.column for f in Entry._meta.concrete_fields if not f.primary_key and not f.generated]
    defaults = {
        "summary": "",
        "evidence_url": "",
        "evidence_file": "",
        "return_reason": "",
        "reviewed_at": None,
        "reviewed_by_id": None,
        "created_by_id": None,
        "submitted_by_id": None,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    unit_cols = ["id", "code", "name", "kind", "parent_id", "path", "depth", "sort_order", "is_active"]
    t0 = time.perf_counter()
    rows = (
        tuple({**defaults, **row}[c] for c in columns)
        for row in entry_rows(args, units, periods, categories, outlets, now)
    )
    if connection.vendor == "postgresql":
        raw = connection.connection
        with raw.cursor() as cur:
            with cur.copy(f"COPY org_unit ({', '.join(unit_cols)}) FROM STDIN") as copy:
                for unit in units:
                    copy.write_row(unit)
            with cur.copy(f"COPY ledger_entry ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        raw.commit()
    else:
        from django.db import transaction

        from zongjie.progress import batched

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO org_unit ({', '.join(unit_cols)}) VALUES ({', '.join('%s' for _ in unit_cols)})",
                units,
            )
            sql = (
                f"INSERT INTO ledger_entry ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
            )
            for batch in batched(rows, 50_000):
                cursor.executemany(sql, batch)
    _related(args, connection)
    from zongjie.ledger.summaries import refresh_annotation_summaries

    refresh_annotation_summaries()  # the raw INSERTs send no signals
    _quotas(units, periods)
    from zongjie.ledger.signals import scores_changed

    # Nor do COPY and bulk_create: every stored score is out of date.
    scores_changed.send(sender=None, period_ids=None)
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM too, as autovacuum would, so index-only scans need no heap visits.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"load_seconds": time.perf_counter() - t0, "units": len(units)}


def _related(args, connection) -> None:
    """Adoptions for ~30% of approved information reports, instructions for ~1% of articles (set-based SQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_adoption (entry_id, level, adopted_by, adopted_on, note, created_at, status, "
            "return_reason) SELECT id, sent_level, '上级', occurred_on, '', occurred_on, 'confirmed', '' "
            "FROM ledger_entry "
            "WHERE kind = 'info_report' AND status = 'approved' AND id % 10 < 3"
        )
        cursor.execute(
            "INSERT INTO ledger_adoption (entry_id, level, adopted_by, adopted_on, note, created_at, status, "
            "return_reason) SELECT id, 'municipal', '市委宣传部', occurred_on, '', occurred_on, 'confirmed', '' "
            "FROM ledger_entry "
            "WHERE kind = 'info_report' AND status = 'approved' AND sent_level <> 'municipal' AND id % 10 = 0"
        )
        cursor.execute(
            "INSERT INTO ledger_instruction (entry_id, level, leader, given_on, content, created_at, status, "
            "return_reason) SELECT id, media_level, '领导', occurred_on, '', occurred_on, 'confirmed', '' "
            "FROM ledger_entry "
            "WHERE kind = 'article' AND media_level IN ('provincial', 'municipal') AND id % 100 = 7"
        )


def _quotas(units, periods) -> None:
    from zongjie.assessment.models import Metric, Quota, RequestedPiece

    metric = Metric.objects.get(code="articles")
    counties = [u for u in units if u[3] == "county"]
    Quota.objects.bulk_create(
        [Quota(unit_id=u[0], period_id=periods[PERIOD], metric=metric, target=40) for u in counties],
        batch_size=5000,
    )
    RequestedPiece.objects.bulk_create(
        [
            RequestedPiece(unit_id=u[0], period_id=periods[PERIOD], title="约稿", due=date(2026, 5, 1))
            for u in counties[::3]
        ]
    )


BASELINE_SQL = (
    "SELECT unit_id, kind, media_level, COUNT(*), SUM(sessions), SUM(participants) FROM ledger_entry "
    "WHERE status = 'approved' AND period_id IN ({ids}) GROUP BY unit_id, kind, media_level"
)
# Issue 15's floor, literally: one count per (unit, kind) of the period's approved entries.
FLOOR_SQL = (
    "SELECT unit_id, kind, count(*) FROM ledger_entry "
    "WHERE status = 'approved' AND period_id = {period} GROUP BY unit_id, kind"
)


def measure(args) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from zongjie.assessment.engine import analytic_session, compute
    from zongjie.assessment.services import scorecards
    from zongjie.ledger.models import Period

    period = Period.objects.get(code=PERIOD)
    span = period.span
    ids = ",".join(
        str(pk)
        for pk in Period.objects.filter(start__gte=span.start, end__lte=span.end).values_list("id", flat=True)
    )
    today = date(2026, 7, 20)

    def plain_baseline() -> int:
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL.format(ids=ids))
            return len(cursor.fetchall())

    def tuned_baseline() -> int:
        # The same session settings the scoring engine uses (PostgreSQL: JIT off, 64 MB work_mem).
        with analytic_session():
            return plain_baseline()

    def plain_floor() -> int:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL.format(period=period.pk))
            return len(cursor.fetchall())

    def tuned_floor() -> int:
        with analytic_session():
            return plain_floor()

    def engine() -> int:
        # The engine itself: every scorecard computed, nothing stored, no stored result read.
        _, cards = compute(period, None, today=today, compare=True)
        return len(cards)

    def stored() -> int:
        # What pages read: `scorecards(period)`, served from the stored result once it is fresh.
        return len(scorecards(period, today=today))

    runs = {"plain": plain_baseline, "tuned": tuned_baseline, "floor_plain": plain_floor}
    runs |= {"floor_tuned": tuned_floor, "engine": engine, "stored": stored}
    for fn in runs.values():  # warm the cache the same way for all (and store the result once)
        fn()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, fn in runs.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    counts = {}
    for name in ("engine", "stored"):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            runs[name]()
        counts[name] = len(ctx.captured_queries)
    groups, floor_groups, cards = plain_baseline(), plain_floor(), engine()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ledger_entry")
        (entries,) = cursor.fetchone()
    # Each floor is the faster of its two settings: the ratio never flatters the engine.
    base_times = min(times["plain"], times["tuned"], key=statistics.median)
    floor_times = min(times["floor_plain"], times["floor_tuned"], key=statistics.median)
    return {
        "baseline_plain": statistics.median(times["plain"]),
        "baseline_tuned": statistics.median(times["tuned"]),
        "baseline_best": min(base_times),
        "baseline_median": statistics.median(base_times),
        "floor_plain": statistics.median(times["floor_plain"]),
        "floor_tuned": statistics.median(times["floor_tuned"]),
        "floor_best": min(floor_times),
        "floor_median": statistics.median(floor_times),
        "engine_best": min(times["engine"]),
        "engine_median": statistics.median(times["engine"]),
        "engine_queries": counts["engine"],
        "stored_median": statistics.median(times["stored"]),
        "stored_queries": counts["stored"],
        "cards": cards,
        "groups": groups,
        "floor_groups": floor_groups,
        "entries": entries,
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    prepare_database(args)
    from django.db import connection

    built = {"load_seconds": 0.0, "units": None}
    if not args.reuse:
        print(
            f"building {args.units:,} units and {args.entries:,} entries on {connection.vendor}…", flush=True
        )
        built = load(args)
    result = measure(args)
    ratio = result["engine_median"] / result["floor_median"]
    wide_ratio = result["engine_median"] / result["baseline_median"]
    print(f"database        {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"entries         {result['entries']:,} (all in {PERIOD}); scorecards {result['cards']:,}")
    if not args.reuse:
        print(f"load            {built['load_seconds']:.1f} s")
    print(
        f"floor medians     default settings {result['floor_plain']:.3f} s, "
        f"engine settings {result['floor_tuned']:.3f} s (the faster is the floor)"
    )
    print(
        f"floor GROUP BY unit_id, kind  best {result['floor_best']:.3f} s  "
        f"median {result['floor_median']:.3f} s ({result['floor_groups']:,} groups)"
    )
    print(
        f"baseline medians  default settings {result['baseline_plain']:.3f} s, "
        f"engine settings {result['baseline_tuned']:.3f} s (the faster is the baseline)"
    )
    print(
        f"wider baseline GROUP BY  best {result['baseline_best']:.3f} s  "
        f"median {result['baseline_median']:.3f} s ({result['groups']:,} groups)"
    )
    print(
        f"engine.compute     best {result['engine_best']:.3f} s  median {result['engine_median']:.3f} s "
        f"({result['engine_queries']} queries)"
    )
    print(
        f"scorecards() read from the store  median {result['stored_median']:.3f} s "
        f"({result['stored_queries']} queries)"
    )
    print(f"ratio (median)  engine {ratio:.2f}× the GROUP BY unit_id, kind floor (target ≤ 1.5×)")
    print(f"ratio (median)  engine {wide_ratio:.2f}× the wider baseline (target ≤ 3×)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main(sys.argv[1:]))
