"""Would partitioning workout_sessions by date help? A measurement, not an implementation.

Copies the generated sessions of a benchmark database into a scratch schema twice — a plain table
and one partitioned by year (RANGE on date), each with the app's indexes — optionally multiplied
(`--multiply N`: N copies under new member ids, to look past the generated size), and times the
app's session queries on both, per member, as the median of many runs:

- recent: a member's 5 newest live sessions (the home page; the partial index's query),
- list page: a member's page of 20 live sessions, newest first, and its count (the session list),
- previous: a member's latest session before a date (the previous-performance lookup's core),
- all members, last 30 days: a date-range query over everyone (where partition pruning helps).

The scratch schema is dropped at the end. Runs as the database owner on the bench database only.

    .venv/bin/python bench/partitioning.py --database gymtracker_bench_large --multiply 1,10
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gymtracker.embedded_db import embedded_database  # noqa: E402

SCHEMA = "partition_trial"
QUERIES = {
    "recent (5 newest)": (
        "SELECT id, date FROM {t} WHERE user_id = %(user)s AND deleted_at IS NULL ORDER BY date DESC LIMIT 5"
    ),
    "list page (20 newest, offset 0)": (
        "SELECT id, date, notes FROM {t} WHERE user_id = %(user)s AND deleted_at IS NULL "
        "ORDER BY date DESC, created_at DESC LIMIT 20"
    ),
    "list count": "SELECT count(*) FROM {t} WHERE user_id = %(user)s AND deleted_at IS NULL",
    "previous session before a date": (
        "SELECT id, date FROM {t} WHERE user_id = %(user)s AND deleted_at IS NULL AND date < %(day)s "
        "ORDER BY date DESC LIMIT 1"
    ),
    "all members, last 30 days (count)": (
        "SELECT count(*) FROM {t} WHERE date >= %(last)s::date - 30 AND deleted_at IS NULL"
    ),
}


def setup(conn: psycopg.Connection, multiply: int) -> tuple[int, str, str]:
    conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    conn.execute(f"CREATE SCHEMA {SCHEMA}")
    columns = "id, user_id, date, notes, deleted_at, created_at, finished_at, workout_plan_id"
    first, last = conn.execute("SELECT min(date), max(date) FROM workout_sessions").fetchone()  # type: ignore[misc]
    plain = f"CREATE TABLE {SCHEMA}.plain AS SELECT {columns} FROM workout_sessions WITH NO DATA"  # noqa: S608  # nosec B608
    conn.execute(plain)
    conn.execute(f"CREATE TABLE {SCHEMA}.by_year (LIKE {SCHEMA}.plain) PARTITION BY RANGE (date)")
    for year in range(first.year, last.year + 1):
        conn.execute(
            f"CREATE TABLE {SCHEMA}.by_year_{year} PARTITION OF {SCHEMA}.by_year "
            f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
        )
    for n in range(multiply):
        # Copy n > 0 gets new member ids (md5 of the old id and n), so each copy is other members.
        user = "user_id" if n == 0 else f"md5(user_id::text || '{n}')::uuid"
        ident = "id" if n == 0 else f"md5(id::text || '{n}')::uuid"
        fields = f"{ident}, {user}, date, notes, deleted_at, created_at, finished_at, workout_plan_id"
        select = f"SELECT {fields} FROM workout_sessions"  # noqa: S608  # nosec B608
        conn.execute(f"INSERT INTO {SCHEMA}.plain ({columns}) {select}")  # nosec B608
        conn.execute(f"INSERT INTO {SCHEMA}.by_year ({columns}) {select}")  # nosec B608
    for table in ("plain", "by_year"):
        conn.execute(f"ALTER TABLE {SCHEMA}.{table} ADD PRIMARY KEY (id, date)")
        conn.execute(
            f"CREATE INDEX ON {SCHEMA}.{table} (user_id, date DESC) WHERE deleted_at IS NULL; "
            f"CREATE INDEX ON {SCHEMA}.{table} (user_id)"
        )
        conn.execute(f"VACUUM ANALYZE {SCHEMA}.{table}")
    count = f"SELECT count(*) FROM {SCHEMA}.plain"  # noqa: S608  # nosec B608
    rows = conn.execute(count).fetchone()[0]  # type: ignore[index]
    return rows, str(first), str(last)


def timed(conn: psycopg.Connection, sql: str, params: dict[str, object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        conn.execute(sql, params).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="gymtracker_bench_large")
    parser.add_argument("--multiply", default="1", help="comma-separated copy factors, e.g. 1,10")
    parser.add_argument("--members", type=int, default=20, help="members sampled per query")
    parser.add_argument("--runs", type=int, default=15, help="runs per member and query")
    args = parser.parse_args()
    if "bench" not in args.database:
        raise SystemExit("Only a benchmark database (name containing 'bench').")
    settings = embedded_database(ROOT / ".pgdata", name=args.database)
    with psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"], autocommit=True
    ) as conn:
        users = [r[0] for r in conn.execute("SELECT DISTINCT user_id FROM workout_sessions").fetchall()]
        rng = random.Random(1)  # noqa: S311 - sampling, not security
        sample = rng.sample(users, min(args.members, len(users)))
        print("| sessions | partitions | query | plain ms | by year ms | by year ÷ plain |")
        print("| ---: | --- | --- | ---: | ---: | ---: |")
        try:
            for factor in (int(f) for f in args.multiply.split(",")):
                started = time.monotonic()
                rows, _, last = setup(conn, factor)
                sys.stderr.write(f"{rows:,} sessions copied and indexed in {time.monotonic() - started:.0f} s\n")
                parts = conn.execute(
                    "SELECT count(*) FROM pg_inherits WHERE inhparent = %s::regclass", [f"{SCHEMA}.by_year"]
                ).fetchone()[0]  # type: ignore[index]
                for name, template in QUERIES.items():
                    medians = {}
                    for table in ("plain", "by_year"):
                        sql = template.format(t=f"{SCHEMA}.{table}")
                        per_member = [
                            timed(conn, sql, {"user": user, "day": last, "last": last}, args.runs) for user in sample
                        ]
                        medians[table] = statistics.median(per_member)
                    ratio = medians["by_year"] / medians["plain"]
                    print(
                        f"| {rows:,} | {parts} yearly | {name} | {medians['plain']:.3f} | "
                        f"{medians['by_year']:.3f} | {ratio:.2f}× |",
                        flush=True,
                    )
        finally:
            conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


if __name__ == "__main__":
    main()
