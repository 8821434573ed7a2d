"""The report: a table per run, the machine it ran on, and docs/benchmarks.md's results section
(between the generated-results markers) written again."""

from __future__ import annotations

import contextlib
import os
import platform
import time
from pathlib import Path

from common import ROOT, run
from measure import SLICES, WRK, Run, crew_size

DOC = ROOT / "docs" / "benchmarks.md"


def table(measured: Run) -> str:
    baseline, against = measured.baseline, measured.against
    first = measured.results[0]
    trivials = [first.p50] + [r.trivial.p50 for r in measured.results if r.trivial]
    lines = [
        f"**{measured.size}** ({measured.rows.get('members', 0):,} members, "
        f"{measured.rows.get('sessions', 0):,} sessions, {measured.rows.get('sets', 0):,} sets) — {measured.config}",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | trivial view in turn with it: p50, p99 ms "
        "| p50 ÷ trivial | p99 ÷ trivial | server CPU ms/request | CPU ÷ trivial |"
        + (f" p50 ÷ {against} | CPU ÷ {against} |" if baseline else ""),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + (" ---: | ---: |" if baseline else ""),
    ]
    base = {r.page.name: r for r in baseline.results} if baseline else {}
    for r in measured.results:
        if not r.requests:
            lines.append(
                f"| {r.page.name} | not yet measured (page not built) | | | | | | | | | |"
                + (" | |" if baseline else "")
            )
            continue
        trivial = r.trivial or first
        row = (
            f"| {r.page.name} | {r.rps:,.0f} | {r.p50:.1f} | {r.p95:.1f} | {r.p99:.1f} | {r.errors} | "
            f"{trivial.p50:.1f}, {trivial.p99:.1f} | {r.p50_ratio:.1f}× | {r.p99_ratio:.1f}× | "
            f"{r.cpu_ms:.1f} | {r.cpu_ratio:.1f}× |"
        )
        if baseline:
            b = base.get(r.page.name)
            row += f" {r.p50 / b.p50:.2f}× | {r.cpu_ms / b.cpu_ms:.2f}× |" if b and b.requests else " — | — |"
        lines.append(row)
    lines += [
        "",
        f"The trivial view's p50 over this run: {min(trivials):.1f}–{max(trivials):.1f} ms "
        f"({len(trivials)} measurements). Each page ran in {SLICES} turns, each right after a turn of the "
        "trivial view as long; its p50, p95 and p99 are the median turn's, and each ratio to the trivial view "
        "is the median of the turns' ratios. Server CPU is gunicorn's, PostgreSQL's and Redis's CPU time over "
        "the runs divided by their requests.",
    ]
    if any(r.page.read_after for r in measured.results):
        lines += [
            "",
            'The rows "right after a write": before each request measured, its member logs the next set of '
            "their workout (in place, the sets after those of the rows above), so the page is made afresh, as "
            "the first page a member sees after logging a set. Only the reads count: their latencies are "
            "timed by the wrk script, as are those of the trivial view in turns with them, both without "
            "wrk's correction for coordinated omission (which the other rows carry); req/s counts the reads, "
            "and server CPU counts each read with the log before it.",
        ]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    wrk = run([WRK, "--version"], check=False).stdout.split("\n")[0]
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; embedded PostgreSQL 18 (Unix socket); {wrk.split(' Copyright')[0]}"
    )


def report(
    runs: list[Run], *, sizes: list[str], command: str, minutes: float, seconds: int, connections: int, by_size: bool
) -> str:
    """The whole results section: how and where it ran, then a table per run (`by_size`: each
    size's run after the first also divided by the first's, unless it has a baseline of its own)."""
    if by_size:
        for later in runs[1:]:
            if later.baseline is None:
                later.baseline, later.against = runs[0], runs[0].size
    text = "\n\n".join(table(r) for r in runs)
    crews = ", ".join(f"{crew_size(seconds, size, connections)} at {size}" for size in sizes)
    return (
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{command}` in {minutes:.1f} min, "
        f"{seconds} s of load per page after a 1 s warm-up, wrk with {connections} threads and "
        f"{connections} connections, each for generated members of its own (crews of {crews}).\n\n"
        f"Machine: {machine()}\n\n{text}\n"
    )


def write_doc(text: str, *, section: str = "results") -> None:
    """`text` between docs/benchmarks.md's markers of `section` ("results", or "cluster" for
    `--cluster` runs), which are added at the end the first time."""
    start, end = f"<!-- bench:{section}:start -->", f"<!-- bench:{section}:end -->"
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if start not in current:
        current += f"\n{start}\n{end}\n"
    head, _, rest = current.partition(start)
    _, _, tail = rest.partition(end)
    DOC.write_text(f"{head}{start}\n{text}\n{end}{tail}")
