"""`make bench`: real HTTP load on the app under production settings, at two data sizes.

For each size it makes (once) a database of its own on the embedded PostgreSQL
(gymtracker_bench_<size>; never `gymtracker` or `test_gymtracker`), migrates it, fills it with
`generate_history`, starts gunicorn on 127.0.0.1 with production settings (DEBUG off, the
connection pool on), signs a benchmark member in through the real login form, and drives each
page with Debian's `wrk` for a fixed time. It prints, per page, requests/s, p50/p95/p99 latency,
errors, and each page's p50 and p99 as a multiple of the trivial view's (/healthz) in the same
run, and writes the table to docs/benchmarks.md between the generated-results markers.

Everything listens on and talks to 127.0.0.1 only, and every load is bounded in time.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import http.client
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess  # nosec B404
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
LUA = str(ROOT / "bench" / "report.lua")
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
HOST = "127.0.0.1"
SEED = 1
END_DATE = "2026-11-01"  # fixed, so every run measures the same rows
# Size name -> generate_history arguments. `large` is the 1,000 members × 3 years;
# `single` one member × 5 years (`--sizes small,single` compares 1 and 5 years of history).
SIZES = {
    "small": ["--size", "small"],
    "large": ["--size", "large"],
    "single": ["--size", "single"],
}


@dataclass
class Member:
    """A generated member signed in through the login form."""

    username: str
    cookies: dict[str, str]
    token: str  # CSRF token for its POSTs

    @property
    def cookie(self) -> str:
        return cookie_header(self.cookies)


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


# A request as wrk sends it: the member's Cookie header, the path and the form body ("" for a GET).
Request = tuple[str, str, str]


@dataclass
class Page:
    name: str
    method: str = "GET"
    # For each wrk connection, the requests it sends. A single request is sent again and again;
    # several each go once, in order (each wrk run takes the next ones): the sets of workouts
    # logged one after another, as at the gym.
    visits: list[list[Request]] = field(default_factory=list)
    started: list[str] = field(default_factory=list)  # sessions the benchmark started, removed after
    # "application/json": sent as the session page's script sends it (a set logged in place), each
    # set log with a key of its own, answered with 200 and the page's parts instead of a redirect
    accept: str = ""

    @classmethod
    def each(cls, name: str, readers: list[Member], paths: list[str]) -> Page:
        """A GET of one path per connection, by the connection's first member."""
        return cls(name, visits=[[(m.cookie, path, "")] for m, path in zip(readers, paths, strict=True)])


@dataclass
class Result:
    page: Page
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    requests: int
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


SLICES = 4  # each page's load, in turns with the trivial view's


def combined(page: Page, slices: list[Result]) -> Result:
    """One result for the slices of a page's load: totals, and the median slice's percentiles."""
    requests = sum(r.requests for r in slices)
    seconds = sum(r.requests / r.rps for r in slices if r.rps)
    return Result(
        page=page,
        rps=requests / seconds if seconds else 0.0,
        p50=statistics.median(r.p50 for r in slices),
        p95=statistics.median(r.p95 for r in slices),
        p99=statistics.median(r.p99 for r in slices),
        errors=sum(r.errors for r in slices),
        requests=requests,
        cpu_ms=sum(r.cpu_ms * r.requests for r in slices) / max(requests, 1),
    )


def interleaved(port: int, page: Page, trivial: Page, *, seconds: int) -> Result:
    """`page` for `seconds` in SLICES turns, each right after a turn of the trivial view of the
    same length; each ratio to the trivial view is the median of the turns' ratios, so a page and
    the trivial view it is divided by ran within seconds of each other."""
    turns = []
    for _ in range(SLICES):
        base = drive(port, trivial, seconds=max(1, seconds // SLICES))
        turns.append((base, drive(port, page, seconds=max(1, seconds // SLICES))))
    result = combined(page, [r for _, r in turns])
    result.trivial = combined(trivial, [t for t, _ in turns])
    result.p50_ratio = statistics.median(r.p50 / t.p50 for t, r in turns)
    result.p99_ratio = statistics.median(r.p99 / t.p99 for t, r in turns)
    result.cpu_ratio = statistics.median(r.cpu_ms / t.cpu_ms for t, r in turns)
    return result


@dataclass
class Run:
    size: str
    config: str
    results: list[Result] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Our own programs (manage.py, python, wrk) with a fixed argv: never a shell string."""
    return subprocess.run(argv, text=True, capture_output=True, **kwargs)  # noqa: S603  # nosec B603


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


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


# "Log a set" gives each member one workout a day, as at the gym, on the days after the generated
# history (which ends on END_DATE), so that each set logged is the newest of its exercise. Each
# connection logs for a crew of members of its own, in turn, with enough sets for its runs.
SETS_PER_SECOND = 100  # per connection: more than one logs in a second (a log takes 10–30 ms)
FEWEST_PLANNED_SETS = 8  # a generated plan: 4–8 exercises of 2–4 sets


MEMBERS = {"small": 10, "large": 1000, "single": 1}  # generated members at each size


def first_workout_day() -> datetime.date:
    return datetime.date.fromisoformat(END_DATE) + datetime.timedelta(days=1)


def workout_days() -> int:
    """Days from the first workout day to yesterday (in UTC, so that no member's today is passed)."""
    return (datetime.datetime.now(datetime.UTC).date() - first_workout_day()).days


LOG_PAGES = 2  # "log a set" as a form post, then in place: the second logs the sets after the first's


def sets_needed(seconds: int) -> int:
    """Sets a connection may log: the warm-up and the measured run of each log page, and some to spare."""
    return LOG_PAGES * (SETS_PER_SECOND * (seconds + 1) + 50)


def crew_size(seconds: int, size: str, connections: int) -> int:
    """Members per connection, so that a crew has the sets for `seconds` of load, as far as the
    size has members (a member then does more than one workout on some days: see sets_to_log)."""
    wanted = -(-sets_needed(seconds) // (workout_days() * FEWEST_PLANNED_SETS))
    return max(2, min(wanted, MEMBERS[size] // connections))


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


def collect_static() -> None:
    """The static files with their manifest, which production settings serve pages with."""
    manage(
        "small",
        "collectstatic",
        "--noinput",
        extra={
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        },
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


SERVER = {"pid": 0}  # the running gunicorn's master, for server_cpu_seconds
REDIS = "redis://127.0.0.1:6379/3"  # a database number of the benchmark's own, emptied per run


def cache_env(cache: str) -> dict[str, str]:
    """`redis`: the production cache, emptied first so every run starts cold; `none`: no cache."""
    if cache == "none":
        return {"CACHE_DISABLED": "true"}
    import redis

    redis.Redis.from_url(REDIS, socket_connect_timeout=2).flushdb()
    return {"REDIS_URL": REDIS}


@contextlib.contextmanager
def gunicorn(size: str, *, workers: int, threads: int, pool: bool, cache: str = "redis") -> Iterator[int]:
    port = free_port()
    env = (
        database_env(size)
        | cache_env(cache)
        | {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_POOL": "true" if pool else "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("GYMTRACKER_SYSTEM_CONTEXT", None)
    argv = [
        GUNICORN,
        "gymtracker.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    process = subprocess.Popen(argv, cwd=ROOT, env=env)  # noqa: S603  # nosec B603
    SERVER["pid"] = process.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    cookies: dict[str, str] | None = None,
    accept: str = "",
    timeout: float = 60,
) -> tuple[int, dict[str, list[str]], str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Host": HOST}
    if accept:
        headers["Accept"] = accept
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    found: dict[str, list[str]] = {}
    for name, value in response.getheaders():
        found.setdefault(name.lower(), []).append(value)
    conn.close()
    return response.status, found, text


def take_cookies(headers: dict[str, list[str]], cookies: dict[str, str]) -> None:
    for value in headers.get("set-cookie", []):
        name, _, rest = value.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit("no CSRF token in the page")
    return match.group(1)


def login(port: int, username: str, password: str) -> Member:
    """A real sign-in through the form: the member's cookies and a CSRF token for later POSTs."""
    cookies: dict[str, str] = {}
    status, headers, html = request(port, "GET", "/accounts/login/")
    take_cookies(headers, cookies)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf_token(html), "username": username, "password": password})
    status, headers, _ = request(port, "POST", "/accounts/login/", body=body, cookies=cookies)
    take_cookies(headers, cookies)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login as {username} failed (HTTP {status})")
    status, headers, html = request(port, "GET", "/accounts/profile/", cookies=cookies)
    take_cookies(headers, cookies)
    return Member(username, cookies, csrf_token(html))


def pages(size: str, port: int, crews: list[list[Member]], *, seconds: int) -> list[Page]:
    """Every measured page, with the requests of each connection: the reading pages by its first
    member (its own plan, its latest session, its exercise), the sets to log by all its crew."""
    members = [member for crew in crews for member in crew]
    plans = {
        username: (str(plan), planned)
        for username, plan, planned in sql(
            size,
            "SELECT DISTINCT ON (u.username) u.username, p.id, "
            "(SELECT sum(t.sets) FROM workout_templates t WHERE t.workout_plan_id = p.id) "
            "FROM workout_plans p JOIN users u ON u.id = p.user_id WHERE u.username = ANY(%s) "
            "ORDER BY u.username, p.name",
            [[m.username for m in members]],
        )
    }
    readers = [crew[0] for crew in crews]
    sessions, exercises = [], []
    for reader in readers:
        session_id, exercise = sql(
            size,
            "SELECT s.id, lower(t.exercise_name) FROM workout_sessions s JOIN users u ON u.id = s.user_id "
            "JOIN workout_sets w ON w.workout_session_id = s.id "
            "JOIN workout_templates t ON t.id = w.workout_template_id "
            "WHERE u.username = %s AND s.deleted_at IS NULL ORDER BY s.date DESC, w.position LIMIT 1",
            [reader.username],
        )[0]
        sessions.append(session_id)
        exercises.append(exercise)
    logs = sets_to_log(size, port, crews, plans, seconds=seconds)
    edits = [set_to_edit(size, port, reader, plans[reader.username][0]) for reader in readers]
    found = [
        Page.each("trivial view (/healthz)", readers, ["/healthz"] * len(readers)),
        Page.each("home (today)", readers, ["/"] * len(readers)),
        Page.each("plan list", readers, ["/plans/"] * len(readers)),
        Page.each("plan detail", readers, [f"/plans/{plans[r.username][0]}/" for r in readers]),
        Page.each("session list", readers, ["/sessions/"] * len(readers)),
        Page.each("session detail", readers, [f"/sessions/{session}/" for session in sessions]),
        logs,
        # The same workouts' next sets, logged as the session page's script does (same lists: the
        # form posts above take their sets off them first).
        Page("log a set (in place)", "POST", logs.visits, accept="application/json"),
        Page("edit a logged set (POST)", "POST", [[request] for request, _ in edits], [s for _, s in edits]),
        Page.each("progress dashboard", readers, ["/progress/"] * len(readers)),
        Page.each("exercise progress", readers, [f"/progress/exercises/{urllib.parse.quote(e)}/" for e in exercises]),
        Page.each("search notes", readers, ["/progress/search/?q=shoulder"] * len(readers)),
    ]
    # A last check that each page answers as a signed-in member would see it.
    for page in found:
        if page.method == "GET":
            for reader, visit in zip(readers, page.visits, strict=True):
                status, _, _ = request(port, "GET", visit[0][1], cookies=reader.cookies)
                if status != 200:
                    raise SystemExit(f"{page.name}: HTTP {status} for {reader.username} before the load")
    return found


def start_session(port: int, member: Member, plan_id: str) -> str:
    """A session started today from the plan, through the app: its id."""
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": member.token})
    status, headers, _ = request(port, "POST", f"/sessions/start/{plan_id}/", body=body, cookies=member.cookies)
    if status != 302:
        raise SystemExit(f"starting a session failed (HTTP {status})")
    return headers["location"][0].rstrip("/").rsplit("/", 1)[-1]


def move_session(port: int, member: Member, session: str, day: datetime.date) -> None:
    """The session dated `day` through its edit form (which carries the version it was read at)."""
    path = f"/sessions/{session}/edit/"
    status, _, html = request(port, "GET", path, cookies=member.cookies)
    match = re.search(r'name="version" value="(\d+)"', html)
    if status != 200 or not match:
        raise SystemExit(f"the session's edit form failed (HTTP {status})")
    form = {"csrfmiddlewaretoken": member.token, "date": day.isoformat(), "notes": "", "version": match.group(1)}
    status, _, _ = request(port, "POST", path, body=urllib.parse.urlencode(form), cookies=member.cookies)
    if status != 302:
        raise SystemExit(f"moving the session to {day} failed (HTTP {status})")


def set_form(member: Member, workout_set: str, fields: dict[str, Any]) -> str:
    posted = {f"set-{workout_set}-{name}": value for name, value in fields.items()}
    return urllib.parse.urlencode({"csrfmiddlewaretoken": member.token, **posted})


def keyed(path: str, body: str) -> str:
    """A set log's form with the key the session page's script adds to each log it sends."""
    workout_set = path.rstrip("/").rsplit("/", 1)[-1]
    return f"{body}&set-{workout_set}-key={uuid.uuid4()}"


def sets_to_log(
    size: str, port: int, crews: list[list[Member]], plans: dict[str, tuple[str, int]], *, seconds: int
) -> Page:
    """Each member's workouts, one a day from the day after the generated history (two on some
    days when a small size has too few members for one), started and dated through the app; then
    a set-logging POST for each of their sets in order. Every request logs a set for the first
    time, the newest of its exercise, in a workout of the usual size, as a member does at the gym;
    a connection's crew take turns (the sessions are removed at the end)."""
    share = -(-sets_needed(seconds) // len(crews[0]))  # sets per member
    members = {}
    started = []
    for member in (m for crew in crews for m in crew):
        plan, planned = plans[member.username]
        days = -(-share // planned)
        for offset in range(days):
            session = start_session(port, member, plan)
            day = first_workout_day() + datetime.timedelta(days=offset % workout_days())
            move_session(port, member, session, day)
            started.append(session)
        members[member.username] = member
    rows = sql(
        size,
        "SELECT u.username, s.id, w.id, w.target_reps FROM workout_sessions s "
        "JOIN users u ON u.id = s.user_id JOIN workout_sets w ON w.workout_session_id = s.id "
        "WHERE s.id = ANY(%s::uuid[]) AND w.completed_at IS NULL AND w.deleted_at IS NULL "
        "ORDER BY u.username, s.date, w.position",
        [started],
    )
    queues: dict[str, list[Request]] = {}
    for number, (username, session, workout_set, reps) in enumerate(rows):
        member = members[username]
        form = set_form(member, workout_set, {"actual_reps": reps, "weight": 40 + number % 50, "rpe": "8"})
        queues.setdefault(username, []).append((member.cookie, f"/sessions/{session}/sets/{workout_set}/", form))
    visits = [
        [r for turn in itertools.zip_longest(*(queues[m.username] for m in crew)) for r in turn if r is not None]
        for crew in crews
    ]
    return Page("log a set (POST)", "POST", visits, started)


def set_to_edit(size: str, port: int, member: Member, plan_id: str) -> tuple[Request, str]:
    """A workout of its own on the member's next day (after every workout of "log a set"),
    started and dated through the app, with its first set logged: the edit posts that set again,
    as a member putting right the set they just logged does."""
    session = start_session(port, member, plan_id)
    (next_day,), *_ = sql(
        size,
        "SELECT (now() AT TIME ZONE coalesce(nullif(time_zone, ''), 'UTC'))::date + 1 FROM users WHERE username = %s",
        [member.username],
    )
    move_session(port, member, session, datetime.date.fromisoformat(next_day))
    (workout_set, reps), *_ = sql(
        size,
        "SELECT id, target_reps FROM workout_sets WHERE workout_session_id = %s ORDER BY position LIMIT 1",
        [session],
    )
    path = f"/sessions/{session}/sets/{workout_set}/"
    body = set_form(member, workout_set, {"actual_reps": reps, "weight": 60, "rpe": "8"})
    status, _, _ = request(port, "POST", path, body=body, cookies=member.cookies)
    if status != 302:
        raise SystemExit(f"logging the set to edit failed (HTTP {status})")
    return (member.cookie, path, body), session


def remove_started_sessions(size: str, page: Page) -> None:
    """The sessions `sets_to_log` started, gone again (their sets and records with them)."""
    if page.started:
        sql(size, "DELETE FROM workout_sessions WHERE id = ANY(%s::uuid[])", [page.started])


def server_cpu_seconds(gunicorn_pid: int) -> float:
    """CPU time used so far by the server side: gunicorn (master and workers), the embedded
    PostgreSQL's processes (those of the data folder's owner) and Redis. Unlike latency, it does
    not count time spent waiting for a core, so it holds steady while the machine's speed drifts."""
    owner = (ROOT / ".pgdata").stat().st_uid
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            uid = entry.stat().st_uid
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        parent, user, system = int(fields[1]), int(fields[11]), int(fields[12])
        ours = int(entry.name) == gunicorn_pid or parent == gunicorn_pid
        if ours or (uid == owner and name.startswith("postgres")) or name == "redis-server":
            ticks += user + system
    return ticks / os.sysconf("SC_CLK_TCK")


def drive(port: int, page: Page, *, seconds: int) -> Result:
    """`page` under load for `seconds`: a wrk thread and connection for each of its visits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")} | {
        "BENCH_METHOD": page.method,
        "BENCH_EXPECT": "302" if page.method == "POST" and not page.accept else "200",
        "BENCH_ACCEPT": page.accept,
    }
    if page.method == "POST":
        env["BENCH_CONTENT_TYPE"] = "application/x-www-form-urlencoded"
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
        f"http://{HOST}:{port}/",
    ]
    cpu_before = server_cpu_seconds(SERVER["pid"])
    done = run(argv, env=env, timeout=seconds + 30, check=True)
    cpu = server_cpu_seconds(SERVER["pid"]) - cpu_before
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
) -> Run:
    config = (
        f"{workers} workers × {threads} threads, pool {'on' if pool else 'off'}, cache {cache}, "
        f"{connections} connections"
    )
    run = Run(size=size, config=config)
    with gunicorn(size, workers=workers, threads=threads, pool=pool, cache=cache) as port:
        crew = crew_size(seconds, size, connections)
        names = usernames(connections * crew)
        crews = [[login(port, name, password) for name in names[n * crew : (n + 1) * crew]] for n in range(connections)]
        found = pages(size, port, crews, seconds=seconds)
        for page in found:
            drive(port, page, seconds=1)  # warm-up, not reported
            if run.results:  # every page but the trivial view itself
                result = interleaved(port, page, found[0], seconds=seconds)
            else:
                result = drive(port, page, seconds=seconds)
            log(
                f"{size}: {page.name}: {result.rps:.0f} req/s, p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms"
                + (f", {result.p50_ratio:.1f}× the trivial view's" if result.trivial else "")
            )
            run.results.append(result)
    for page in found:
        remove_started_sessions(size, page)
    return run


def table(run: Run, baseline: Run | None = None) -> str:
    first = run.results[0]
    trivials = [first.p50] + [r.trivial.p50 for r in run.results if r.trivial]
    lines = [
        f"**{run.size}** ({run.rows.get('members', 0):,} members, {run.rows.get('sessions', 0):,} sessions, "
        f"{run.rows.get('sets', 0):,} sets) — {run.config}",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | trivial view in turn with it: p50, p99 ms "
        "| p50 ÷ trivial | p99 ÷ trivial | server CPU ms/request | CPU ÷ trivial |"
        + (" p50 ÷ small | CPU ÷ small |" if baseline else ""),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + (" ---: | ---: |" if baseline else ""),
    ]
    base = {r.page.name: r for r in baseline.results} if baseline else {}
    for r in run.results:
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


def write_doc(text: str) -> None:
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text() if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in current:
        current += f"\n{START}\n{END}\n"
    head, _, rest = current.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


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
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if not Path(WRK).exists():
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    started = time.monotonic()
    password = secrets.token_urlsafe(16)
    collect_static()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    runs: list[Run] = []
    command = "make bench" if not sys.argv[1:] else f"python bench/run.py {' '.join(sys.argv[1:])}"
    if args.configs:
        size = sizes[-1]
        rows = prepare(size, password, args.jobs, args.connections * crew_size(args.seconds, size, args.connections))
        for spec in args.configs.split(","):
            shape, _, pool = spec.partition(":")
            workers, _, threads = shape.partition("x")
            run = measure(
                size,
                password=password,
                workers=int(workers),
                threads=int(threads),
                pool=pool != "off",
                seconds=args.seconds,
                connections=args.connections,
                cache=args.cache,
            )
            run.rows = rows
            runs.append(run)
        text = "\n\n".join(table(r) for r in runs)
    else:
        for size in sizes:
            rows = prepare(
                size, password, args.jobs, args.connections * crew_size(args.seconds, size, args.connections)
            )
            run = measure(
                size,
                password=password,
                workers=args.workers,
                threads=args.threads,
                pool=args.pool == "on",
                seconds=args.seconds,
                connections=args.connections,
                cache=args.cache,
            )
            run.rows = rows
            runs.append(run)
        text = "\n\n".join(table(r, runs[0] if i else None) for i, r in enumerate(runs))
    elapsed = time.monotonic() - started
    report = (
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{command}` in {elapsed / 60:.1f} min, "
        f"{args.seconds} s of load per page after a 1 s warm-up, wrk with {args.connections} threads and "
        f"{args.connections} connections, each for generated members of its own (crews of "
        f"{', '.join(f'{crew_size(args.seconds, size, args.connections)} at {size}' for size in sizes)}).\n\n"
        f"Machine: {machine()}\n\n{text}\n"
    )
    print(report)
    if not args.no_doc and not args.configs:
        write_doc(report)


if __name__ == "__main__":
    main()
