"""`make bench`: real HTTP load on the app under production settings, at two data sizes.

For each size it makes (once) a database of its own on the embedded PostgreSQL
(gymtracker_bench_<size>; never `gymtracker` or `test_gymtracker`), migrates it, fills it with
`generate_history`, starts gunicorn on 127.0.0.1 with production settings (DEBUG off, the
connection pool on), signs a benchmark member in through the real login form, and drives each
page with Debian's `wrk` for a fixed time. It prints, per page, requests/s, p50/p95/p99 latency,
errors, and each page's p50 and p99 as a multiple of the trivial view's (/healthz) in the same
run, and writes the table to docs/benchmarks.md between the generated-results markers.

Everything listens on and talks to 127.0.0.1 only, and every load is bounded in time.

The parts, by job: databases.py (the databases and their members), server.py (gunicorn),
client.py (signing in, the forms), pages.py (what is measured), measure.py (wrk, the turns with
the trivial view), importing.py (an import of 50,000 sets), replicated.py (`--cluster`: the same
pages through PgBouncer with reads on a replica), report.py (the tables and docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from pathlib import Path

from databases import prepare
from importing import import_bench
from measure import WRK, Run, crew_size, measure
from report import report, write_doc
from server import collect_static


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,large", help="comma-separated: small, large (default both)")
    parser.add_argument("--seconds", type=int, default=8, help="load per page, in seconds (default 8)")
    parser.add_argument(
        "--connections", type=int, default=2, help="concurrent wrk connections, one signed-in member each (default 2)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pool", choices=["on", "off"], default="on")
    parser.add_argument(
        "--cache", choices=["redis", "none"], default="redis", help="Redis at 127.0.0.1:6379 (default), or none"
    )
    parser.add_argument("--jobs", type=int, default=2, help="generator processes (default 2)")
    parser.add_argument(
        "--configs",
        default="",
        help="instead of one run per size, compare gunicorn configurations at the last size, e.g. "
        "'2x4:on,2x4:off,4x1:on' (workers x threads : pool)",
    )
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="each size again on a cluster (bench/replicated.py): through PgBouncer, pages read on a streaming "
        "replica; each page also divided by the single server's (written to docs/benchmarks.md's cluster section)",
    )
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--no-import", action="store_true", help="leave out the import of 50,000 sets")
    args = parser.parse_args()
    if not Path(WRK).exists():
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    started = time.monotonic()
    password = secrets.token_urlsafe(16)
    collect_static()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    runs: list[Run] = []
    command = "make bench" if not sys.argv[1:] else f"python bench/run.py {' '.join(sys.argv[1:])}"
    # Each run: (size, workers, threads, pool): the sizes in turn, or the configurations at the last size.
    shapes = [(size, args.workers, args.threads, args.pool == "on") for size in sizes]
    if args.configs:
        shapes = []
        for spec in args.configs.split(","):
            shape, _, pool = spec.partition(":")
            workers, _, threads = shape.partition("x")
            shapes.append((sizes[-1], int(workers), int(threads), pool != "off"))
    rows: dict[str, dict[str, int]] = {}
    for size, workers, threads, pool in shapes:
        if size not in rows:
            members = args.connections * crew_size(args.seconds, size, args.connections)
            rows[size] = prepare(size, password, args.jobs, members)
        single: Run | None = None
        for on_cluster in [False, True] if args.cluster else [False]:
            measured = measure(
                size,
                password=password,
                workers=workers,
                threads=threads,
                pool=pool,
                seconds=args.seconds,
                connections=args.connections,
                cache=args.cache,
                on_cluster=on_cluster,
            )
            measured.rows = rows[size]
            if single is not None:  # the cluster's run, divided by the single server's
                measured.baseline, measured.against = single, "single server"
            single = single or measured
            runs.append(measured)
    text = report(
        runs,
        sizes=sizes,
        command=command,
        minutes=(time.monotonic() - started) / 60,
        seconds=args.seconds,
        connections=args.connections,
        by_size=not args.configs,
    )
    if not args.configs and not args.no_import and not args.cluster:
        text += "\n" + import_bench(sizes[0]) + "\n"
    print(text)
    if not args.no_doc and not args.configs:
        write_doc(text, section="cluster" if args.cluster else "results")


if __name__ == "__main__":
    main()
