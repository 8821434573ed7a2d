"""The import's cost: a Strong export of 50,000 sets (about five years of a serious lifter) is
previewed (upload, read, exercise mapping, workouts already here) and imported (sessions, sets,
history rows, statistics and records), each timed, for a new member of the benchmark's database,
in a transaction rolled back at the end so the database stays as generated. Three turns; the
median and the worst are reported, with sets/s and the process's peak memory.

Alone: `python bench/importing.py [--size small] [--sets 50000]`; `make bench` runs it too.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, log, run
from databases import django_env

HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
WORKOUTS = {
    "Push": ["Bench Press (Barbell)", "Overhead Press (Barbell)", "Incline Bench Press (Dumbbell)", "Triceps Pushdown"],
    "Pull": ["Deadlift (Barbell)", "Pull Up", "Bent Over Row (Barbell)", "Bicep Curl (Dumbbell)"],
    "Legs": ["Squat (Barbell)", "Romanian Deadlift (Barbell)", "Leg Press", "Calf Raise (Machine)", "Plank"],
}


def strong_file(sets: int, seed: int = 1) -> str:
    """A Strong (shape A) export of about `sets` sets: warm-ups, working sets, rest timers."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not a secret
    lines = [HEADER]
    day = datetime(2021, 1, 4, 18, 0)  # noqa: DTZ001 - a naive local time, as Strong writes them
    written = 0
    while written < sets:
        name = rng.choice(list(WORKOUTS))
        start = day.replace(hour=rng.choice([7, 12, 18]), minute=rng.randrange(60), second=rng.randrange(60))
        for exercise in WORKOUTS[name]:
            weight = rng.choice([20, 40, 60, 80, 100, 120])
            for number in range(5):
                if exercise == "Plank":
                    row = [start, name, "1h 5m", exercise, number + 1, 0, 0, 0, 60, "", "", ""]
                else:
                    order = "W" if number == 0 else number
                    row = [start, name, "1h 5m", exercise, order, weight, rng.choice([5, 8, 10]), 0, 0, "", "", 8]
                lines.append(",".join(str(v) for v in row))
                written += 1
            lines.append(
                ",".join(str(v) for v in [start, name, "1h 5m", exercise, "Rest Timer", 0, 0, 0, 120, "", "", ""])
            )
        day += timedelta(days=rng.choice([1, 2, 2, 3]))
    return "\n".join(lines) + "\n"


# Run inside Django (the benchmark's database): one turn, its timings printed as JSON.
TURN = """
import io, json, resource, sys, time
from django.db import transaction
from accounts.models import User
from gymtracker import rls
from imports.preview import import_preview
from imports.services import import_run, import_upload

content = open(sys.argv[1], "rb").read()
with transaction.atomic():
    with rls.system_context("bench"):
        name = f"bench_import_{time.time_ns()}"
        member = User.objects.create_user(username=name, email=f"{name}@bench.invalid", password=None)
    with rls.user_context(member):
        started = time.perf_counter()
        imp = import_upload(user=member, file=io.BytesIO(content), file_name="strong.csv", size=len(content))
        preview = import_preview(imp, unit="kg", zone="UTC")
        previewed = time.perf_counter()
        outcome = import_run(imp, by=member, unit="kg", zone="UTC", progress=lambda done, stage: None)
        imported = time.perf_counter()
    transaction.set_rollback(True)
print(json.dumps({
    "preview_s": previewed - started,
    "import_s": imported - previewed,
    "sets": outcome.sets_created,
    "sessions": outcome.sessions_created,
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def import_bench(size: str, *, sets: int = 50_000, turns: int = 3) -> str:
    """A paragraph for docs/benchmarks.md: the import of `sets` sets into the `size` database."""
    folder = Path(tempfile.mkdtemp(prefix="gymtracker-bench-"))
    path = folder / f"strong-{sets}.csv"
    path.write_text(strong_file(sets))
    results = []
    for turn in range(turns):
        log(f"{size}: import of {sets:,} sets, turn {turn + 1} of {turns}")
        done = run(
            [PYTHON, "-c", f"import django; django.setup()\n{TURN}", str(path)],
            cwd=ROOT,
            env=django_env(size),
            timeout=600,
            check=False,
        )
        if done.returncode:
            raise SystemExit(f"the import benchmark failed:\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    size_mb = path.stat().st_size / 2**20
    path.unlink()
    folder.rmdir()
    preview = [r["preview_s"] for r in results]
    imported = [r["import_s"] for r in results]
    count = results[0]["sets"]
    return (
        f"**Import** (`bench/importing.py`, {turns} turns into the `{size}` database, rolled back): a Strong "
        f"export of {count:,} sets in {results[0]['sessions']:,} workouts ({size_mb:.1f} MB). "
        f"Preview (upload, read, map, find what is here) median {statistics.median(preview):.2f} s, worst "
        f"{max(preview):.2f} s; import (sessions, sets, history rows, statistics and records) median "
        f"{statistics.median(imported):.2f} s, worst {max(imported):.2f} s: "
        f"{count / statistics.median(imported):,.0f} sets/s. Peak memory of the process "
        f"{max(r['max_rss_mb'] for r in results):.0f} MB."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small")
    parser.add_argument("--sets", type=int, default=50_000)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    print(import_bench(args.size, sets=args.sets, turns=args.turns))


if __name__ == "__main__":
    main()
