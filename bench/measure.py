"""Load and what it measures: each page driven by Debian's `wrk` for a fixed time, in turns with
the trivial view, with latency percentiles, errors and the server's CPU per request; and the
members and sets a run of that length needs."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from client import keyed, login
from common import HOST, ROOT, log, run
from databases import MEMBERS, usernames
from pages import FEWEST_PLANNED_SETS, LOG_PAGES, Page, pages, remove_started_sessions, workout_days
from replicated import replicated
from server import Server, gunicorn

WRK = shutil.which("wrk") or "/usr/bin/wrk"
LUA = str(ROOT / "bench" / "report.lua")


@dataclass
class Result:
    page: Page
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    requests: int
    p90: float = 0.0
    # The trivial view measured in turn with this page: the machine's speed drifts by up to 2×
    # within a minute (shared cores), so each page is compared with the trivial view of the same
    # moments (see `interleaved`).
    trivial: Result | None = None
    cpu_ms: float = 0.0  # server CPU (gunicorn, PostgreSQL, Redis) per request
    # page ÷ trivial view: the median of the ratios of each slice and the trivial view's slice
    # next to it (1 for the trivial view itself)
    p50_ratio: float = 1.0
    p99_ratio: float = 1.0
    cpu_ratio: float = 1.0


@dataclass
class Run:
    size: str
    config: str
    results: list[Result] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    # The run each page is also divided by, and what the report calls it ("small", "single server").
    baseline: Run | None = None
    against: str = ""


SLICES = 4  # each page's load, in turns with the trivial view's
SETS_PER_SECOND = 100  # per connection: more than one logs in a second (a log takes 10–30 ms)


def turn_seconds(seconds: int) -> int:
    """The length of each of a page's SLICES turns (a second at least, so short runs last longer)."""
    return max(1, seconds // SLICES)


def sets_needed(seconds: int) -> int:
    """Sets a connection may log: the 1 s warm-up and the turns of each log page, and some to spare."""
    return LOG_PAGES * (SETS_PER_SECOND * (1 + SLICES * turn_seconds(seconds)) + 50)


def crew_size(seconds: int, size: str, connections: int) -> int:
    """Members per connection, so that a crew has the sets for `seconds` of load, as far as the
    size has members (a member then does more than one workout on some days: see pages.sets_to_log)."""
    wanted = -(-sets_needed(seconds) // (workout_days() * FEWEST_PLANNED_SETS))
    return max(2, min(wanted, MEMBERS[size] // connections))


def combined(page: Page, slices: list[Result]) -> Result:
    """One result for the slices of a page's load: totals, and the median slice's percentiles."""
    requests = sum(r.requests for r in slices)
    seconds = sum(r.requests / r.rps for r in slices if r.rps)
    return Result(
        page=page,
        rps=requests / seconds if seconds else 0.0,
        p50=statistics.median(r.p50 for r in slices),
        p90=statistics.median(r.p90 for r in slices),
        p95=statistics.median(r.p95 for r in slices),
        p99=statistics.median(r.p99 for r in slices),
        errors=sum(r.errors for r in slices),
        requests=requests,
        cpu_ms=sum(r.cpu_ms * r.requests for r in slices) / max(requests, 1),
    )


def interleaved(server: Server, page: Page, trivial: Page, *, seconds: int) -> Result:
    """`page` for `seconds` in SLICES turns, each right after a turn of the trivial view of the
    same length; each ratio to the trivial view is the median of the turns' ratios, so a page and
    the trivial view it is divided by ran within seconds of each other."""
    turns = []
    # A page read right after a write is timed by the wrk script: so is the trivial view next to it.
    timed_by_script = page.read_after is not None
    for _ in range(SLICES):
        base = drive(server, trivial, seconds=turn_seconds(seconds), timed_by_script=timed_by_script)
        turns.append((base, drive(server, page, seconds=turn_seconds(seconds))))
    result = combined(page, [r for _, r in turns])
    result.trivial = combined(trivial, [t for t, _ in turns])
    result.p50_ratio = statistics.median(r.p50 / t.p50 for t, r in turns)
    result.p99_ratio = statistics.median(r.p99 / t.p99 for t, r in turns)
    result.cpu_ratio = statistics.median(r.cpu_ms / t.cpu_ms for t, r in turns)
    return result


def drive(server: Server, page: Page, *, seconds: int, timed_by_script: bool = False) -> Result:
    """`page` under load for `seconds`: a wrk thread and connection for each of its visits. The
    pages read right after a write, and with `timed_by_script` any page, are timed by the wrk
    script (bench/report.lua) instead of by wrk."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")} | {
        "BENCH_METHOD": page.method,
        "BENCH_EXPECT": "302" if page.method == "POST" and not page.accept else "200",
        "BENCH_ACCEPT": page.accept,
    }
    if page.method == "POST":
        env["BENCH_CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    if page.read_after:
        env["BENCH_AFTER_WRITE"] = "1"
    if timed_by_script:
        env["BENCH_TIMED"] = "1"
    once = 0  # requests that go once each (set logs) given to this run
    for number, visit in enumerate(page.visits, 1):
        lines = visit
        if len(visit) > 1:
            take = min(len(visit), seconds * SETS_PER_SECOND)
            lines, visit[:] = visit[:take], visit[take:]
            once += len(lines)
        listing = Path(f"/tmp/bench-requests-{os.getpid()}-{number}.txt")  # noqa: S108  # nosec B108
        if page.accept:
            lines = [(cookie, path, keyed(path, body)) for cookie, path, body in lines]
        if page.read_after:
            # Each set log, sent in place, then the page its member reads right after it.
            lines = [
                request
                for cookie, path, body in lines
                for request in ((cookie, path, keyed(path, body)), (cookie, page.read_after(path), ""))
            ]
        listing.write_text("".join(f"{cookie}\t{path}\t{body}\n" for cookie, path, body in lines))
        env[f"BENCH_REQUESTS_{number}"] = str(listing)
    argv = [
        WRK,
        "--threads",
        str(len(page.visits)),
        "--connections",
        str(len(page.visits)),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--script",
        LUA,
        f"http://{HOST}:{server.port}/",
    ]
    cpu_before = server.cpu_seconds()
    done = run(argv, env=env, timeout=seconds + 30, check=True)
    cpu = server.cpu_seconds() - cpu_before
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT "))
    data = json.loads(line.removeprefix("BENCH_RESULT "))
    if once and data["requests"] > once:
        log(f"{page.name}: {data['requests']} requests for {once} sets: some were sent twice (raise SETS_PER_SECOND)")
    # errors_status (4xx/5xx) are also counted as unexpected statuses: count them once.
    errors = sum(v for k, v in data.items() if k.startswith("errors_") and k != "errors_status")
    return Result(
        page=page,
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50=data["p50_us"] / 1000,
        p90=data["p90_us"] / 1000,
        p95=data["p95_us"] / 1000,
        p99=data["p99_us"] / 1000,
        errors=errors,
        requests=data["requests"],
        cpu_ms=cpu * 1000 / max(data["requests"], 1),
    )


def measure(
    size: str,
    *,
    password: str,
    workers: int,
    threads: int,
    pool: bool,
    seconds: int,
    connections: int,
    cache: str = "redis",
    on_cluster: bool = False,
) -> Run:
    """Every page at `size`; `on_cluster`: through PgBouncer, pages read on a replica (replicated.py)."""
    config = (
        f"{workers} workers × {threads} threads, pool {'on' if pool else 'off'}, cache {cache}, "
        f"{connections} connections"
    )
    if on_cluster:
        config = (
            f"cluster: PgBouncer (transaction mode, 4 server connections) and a streaming replica for the "
            f"pages' reads; {workers} workers × {threads} threads, cache {cache}, {connections} connections"
        )
    measured = Run(size=size, config=config)
    with contextlib.ExitStack() as stack:
        databases: dict[str, str] | None = None
        others: tuple[int, ...] = ()
        if on_cluster:
            replica = stack.enter_context(replicated(size))
            databases, others = replica.databases, replica.others
        server = stack.enter_context(
            gunicorn(size, workers=workers, threads=threads, pool=pool, cache=cache, databases=databases, others=others)
        )
        crew = crew_size(seconds, size, connections)
        names = usernames(connections * crew)
        crews = [
            [login(server.port, name, password) for name in names[n * crew : (n + 1) * crew]]
            for n in range(connections)
        ]
        found = pages(size, server.port, crews, sets=sets_needed(seconds))
        for page in found:
            drive(server, page, seconds=1)  # warm-up, not reported
            if measured.results:  # every page but the trivial view itself
                result = interleaved(server, page, found[0], seconds=seconds)
            else:
                result = drive(server, page, seconds=seconds)
            log(
                f"{size}: {page.name}: {result.rps:.0f} req/s, p50 {result.p50:.1f} ms, p90 {result.p90:.1f} ms, "
                f"p99 {result.p99:.1f} ms" + (f", {result.p50_ratio:.1f}× the trivial view's" if result.trivial else "")
            )
            measured.results.append(result)
    for page in found:
        remove_started_sessions(size, page)
    return measured
