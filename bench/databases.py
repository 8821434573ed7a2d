"""The benchmark's databases and members: one database per size on the embedded PostgreSQL
(gymtracker_bench_<size>; never `gymtracker` or `test_gymtracker`), migrated and filled once by
`manage.py generate_history`, and look-ups in it as the database owner."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from common import PYTHON, ROOT, log, run

SEED = 1
END_DATE = "2026-11-01"  # fixed, so every run measures the same rows
# Size name -> generate_history arguments. `large` is the 1,000 members × 3 years;
# `single` one member × 5 years (`--sizes small,single` compares 1 and 5 years of history).
SIZES = {
    "small": ["--size", "small"],
    "large": ["--size", "large"],
    "single": ["--size", "single"],
}
MEMBERS = {"small": 10, "large": 1000, "single": 1}  # generated members at each size


def database_env(size: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DATABASE_NAME"] = f"gymtracker_bench_{size}"
    return env


def manage(size: str, *args: str, extra: dict[str, str] | None = None, timeout: int = 900) -> str:
    env = database_env(size) | {"DEBUG": "true"} | (extra or {})
    done = run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, timeout=timeout, check=False)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout


def django_env(size: str, **extra: str) -> dict[str, str]:
    return database_env(size) | {
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "gymtracker.settings",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def sql(size: str, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Look-ups as the database owner (no row-level security), through Django's settings."""
    code = (
        "import json, sys\n"
        "from django.db import connection\n"
        "from gymtracker import rls\n"
        "with rls.owner_role(), connection.cursor() as c:\n"
        "    c.execute(sys.argv[1], json.loads(sys.argv[2]))\n"
        "    print(json.dumps(c.fetchall() if c.description else [], default=str))\n"
    )
    argv = [PYTHON, "-c", f"import django; django.setup()\n{code}", query, json.dumps(params or [])]
    done = run(argv, cwd=ROOT, env=django_env(size), timeout=900, check=False)
    if done.returncode:
        raise SystemExit(f"query failed: {query}\n{done.stderr}")
    return [tuple(row) for row in json.loads(done.stdout)]


def usernames(members: int) -> list[str]:
    """The generated members the benchmark signs in."""
    return [f"gen{SEED}_{number:05d}" for number in range(members)]


def prepare(size: str, password: str, jobs: int, members: int) -> dict[str, int]:
    log(f"{size}: migrating gymtracker_bench_{size}")
    manage(size, "migrate", "--noinput")
    prefix = f"gen{SEED}_"
    exists = sql(size, "SELECT count(*) FROM users WHERE username LIKE %s", [f"{prefix}%"])[0][0]
    if not exists:
        log(f"{size}: generating history ({' '.join(SIZES[size])}, {jobs} jobs)")
        out = manage(
            size,
            "generate_history",
            *SIZES[size],
            "--seed",
            str(SEED),
            "--end-date",
            END_DATE,
            "--jobs",
            str(jobs),
            "--quiet",
            extra={"GENERATE_HISTORY_PASSWORD": password},
        )
        log(out.strip().splitlines()[0])
        vacuum(size)
    else:
        expected = MEMBERS[size]
        if exists != expected:
            raise SystemExit(
                f"gymtracker_bench_{size} holds {exists} of {expected} generated members (an interrupted run?): "
                f"drop it (psql … -c 'DROP DATABASE gymtracker_bench_{size}') and run again."
            )
        log(f"{size}: reusing generated history ({exists} members)")
        # The password of an existing run is unknown: set the benchmark members' again.
        set_password(size, usernames(members), password)
    # Every session after the generated history is the benchmark's own, removed at the end of a
    # run: any found now were left by an interrupted run, and would change what is measured.
    sql(size, "DELETE FROM workout_sessions WHERE date > %s", [END_DATE])
    counts = sql(
        size,
        "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM workout_sessions), "
        "(SELECT count(*) FROM workout_sets)",
    )[0]
    return {"members": counts[0], "sessions": counts[1], "sets": counts[2]}


def vacuum(size: str) -> None:
    log(f"{size}: VACUUM ANALYZE")
    sql(size, "VACUUM (ANALYZE) users, workout_plans, workout_templates, workout_sessions, workout_sets")


def set_password(size: str, names: list[str], password: str) -> None:
    """One password for the members (hashed once, as the generator does)."""
    code = (
        "import os\n"
        "from django.contrib.auth.hashers import make_password\n"
        "from accounts.models import User\n"
        "from gymtracker import rls\n"
        "with rls.system_context('bench'):\n"
        "    users = User.objects.filter(username__in=os.environ['BENCH_USERS'].split())\n"
        "    users.update(password=make_password(os.environ['BENCH_PASSWORD']))\n"
    )
    env = django_env(size, BENCH_USERS=" ".join(names), BENCH_PASSWORD=password, GYMTRACKER_SYSTEM_CONTEXT="bench")
    run([PYTHON, "-c", f"import django; django.setup()\n{code}"], cwd=ROOT, env=env, timeout=120, check=True)
