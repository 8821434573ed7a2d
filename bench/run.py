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
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess  # nosec B404
import sys
import time
import urllib.parse
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
class Page:
    name: str
    path: str
    method: str = "GET"
    body: str | None = None
    # Requests that each go once, in order, instead of `path` and `body` again and again (each
    # wrk run takes the next ones): logging sets one after another, as at the gym.
    requests: list[tuple[str, str]] = field(default_factory=list)
    started: list[str] = field(default_factory=list)  # sessions the benchmark started, removed after


@dataclass
class Result:
    page: Page
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    requests: int
    # The trivial view measured right before this page: the machine's speed drifts by up to 2×
    # from one minute to the next (shared cores), so each page is compared with its neighbour.
    trivial: Result | None = None
    cpu_ms: float = 0.0  # server CPU (gunicorn, PostgreSQL, Redis) per request


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


def prepare(size: str, password: str, jobs: int) -> dict[str, int]:
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
        expected = {"small": 10, "large": 1000, "single": 1}[size]
        if exists != expected:
            raise SystemExit(
                f"gymtracker_bench_{size} holds {exists} of {expected} generated members (an interrupted run?): "
                f"drop it (psql … -c 'DROP DATABASE gymtracker_bench_{size}') and run again."
            )
        log(f"{size}: reusing generated history ({exists} members)")
        # The password of an existing run is unknown: set the benchmark member's again.
        set_password(size, f"{prefix}00000", password)
    counts = sql(
        size,
        "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM workout_sessions), "
        "(SELECT count(*) FROM workout_sets)",
    )[0]
    return {"members": counts[0], "sessions": counts[1], "sets": counts[2]}


def vacuum(size: str) -> None:
    log(f"{size}: VACUUM ANALYZE")
    sql(size, "VACUUM (ANALYZE) users, workout_plans, workout_templates, workout_sessions, workout_sets")


def set_password(size: str, username: str, password: str) -> None:
    code = (
        "import os\n"
        "from accounts.models import User\n"
        "from gymtracker import rls\n"
        "with rls.system_context('bench'):\n"
        "    u = User.objects.get(username=os.environ['BENCH_USER'])\n"
        "    u.set_password(os.environ['BENCH_PASSWORD'])\n"
        "    u.save(update_fields=['password'])\n"
    )
    env = django_env(size, BENCH_USER=username, BENCH_PASSWORD=password, GYMTRACKER_SYSTEM_CONTEXT="bench")
    run([PYTHON, "-c", f"import django; django.setup()\n{code}"], cwd=ROOT, env=env, timeout=120, check=True)


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
    port: int, method: str, path: str, *, body: str | None = None, cookies: dict[str, str] | None = None
) -> tuple[int, dict[str, list[str]], str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
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


def login(port: int, username: str, password: str) -> tuple[dict[str, str], str]:
    """A real sign-in through the form: returns the cookies and a CSRF token for later POSTs."""
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
    return cookies, csrf_token(html)


def pages(size: str, port: int, cookies: dict[str, str], token: str) -> list[Page]:
    username = f"gen{SEED}_00000"
    plan_id = sql(
        size,
        "SELECT p.id FROM workout_plans p JOIN users u ON u.id = p.user_id WHERE u.username = %s ORDER BY p.name",
        [username],
    )[0][0]
    session_id, template_id = sql(
        size,
        "SELECT s.id, w.workout_template_id "
        "FROM workout_sessions s JOIN users u ON u.id = s.user_id JOIN workout_sets w ON w.workout_session_id = s.id "
        "WHERE u.username = %s AND s.deleted_at IS NULL ORDER BY s.date DESC, w.position LIMIT 1",
        [username],
    )[0]
    to_log = sets_to_log(size, port, cookies, token, plan_id)
    found = [
        Page("trivial view (/healthz)", "/healthz"),
        Page("home (today)", "/"),
        Page("plan list", "/plans/"),
        Page("plan detail", f"/plans/{plan_id}/"),
        Page("session list", "/sessions/"),
        Page("session detail", f"/sessions/{session_id}/"),
        Page("log a set (POST)", "/sessions/", "POST", **to_log),
        Page("edit a logged set (POST)", method="POST", **set_to_edit(size, port, cookies, token, plan_id)),
    ]
    exercise = sql(size, "SELECT lower(exercise_name) FROM workout_templates WHERE id = %s", [template_id])[0][0]
    # The progress pages are built alongside this benchmark: measured when they answer.
    for name, path in [
        ("progress dashboard", "/progress/"),
        ("exercise progress", f"/progress/exercises/{urllib.parse.quote(exercise)}/"),
        ("search notes", "/progress/search/?q=shoulder"),
    ]:
        status, _, _ = request(port, "GET", path, cookies=cookies)
        if status == 200:
            found.append(Page(name, path))
        else:
            log(f"{name}: HTTP {status} at {path} (not built yet?) — not measured")
            found.append(Page(name, ""))
    # A last check that each page answers as a signed-in member would see it.
    for page in found:
        if page.path and page.method == "GET":
            status, _, _ = request(port, "GET", page.path, cookies=cookies)
            if status != 200:
                raise SystemExit(f"{page.name}: HTTP {status} before the load")
    return found


SESSIONS_TO_LOG = 60  # each with the plan's 10–30 sets: more than any size logs in one run


def sets_to_log(size: str, port: int, cookies: dict[str, str], token: str, plan_id: str) -> dict[str, Any]:
    """Sessions started today from the member's plan, through the app, and a set-logging POST
    for each of their sets in order: every request logs a set for the first time, the newest of
    its exercise, as a member does during a workout (the sessions are removed at the end)."""
    for _ in range(SESSIONS_TO_LOG):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token})
        status, _, _ = request(port, "POST", f"/sessions/start/{plan_id}/", body=body, cookies=cookies)
        if status != 302:
            raise SystemExit(f"starting a session failed (HTTP {status})")
    rows = sql(
        size,
        "SELECT s.id, w.id, w.target_reps, t.exercise_name FROM workout_sessions s "
        "JOIN workout_sets w ON w.workout_session_id = s.id JOIN workout_templates t ON t.id = w.workout_template_id "
        "WHERE s.user_id = (SELECT id FROM users WHERE username = %s) AND w.completed_at IS NULL "
        "AND s.deleted_at IS NULL AND w.deleted_at IS NULL ORDER BY s.created_at, w.position",
        [f"gen{SEED}_00000"],
    )
    requests = []
    for number, (session, workout_set, reps, _) in enumerate(rows):
        fields = {"actual_reps": reps, "weight": 40 + number % 50, "rpe": "8"}
        posted = {f"set-{workout_set}-{name}": value for name, value in fields.items()}
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **posted})
        requests.append((f"/sessions/{session}/sets/{workout_set}/", form))
    return {"requests": requests, "started": sorted({str(row[0]) for row in rows})}


def set_to_edit(size: str, port: int, cookies: dict[str, str], token: str, plan_id: str) -> dict[str, Any]:
    """A workout of its own on the member's next day (the sessions of "log a set" fill today),
    started and dated through the app, with its first set logged: the edit posts that set again,
    as a member putting right the set they just logged does."""
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token})
    status, headers, _ = request(port, "POST", f"/sessions/start/{plan_id}/", body=body, cookies=cookies)
    if status != 302:
        raise SystemExit(f"starting a session failed (HTTP {status})")
    session = headers["location"][0].rstrip("/").rsplit("/", 1)[-1]
    (next_day, version), *_ = sql(
        size,
        "SELECT (now() AT TIME ZONE coalesce(nullif(u.time_zone, ''), 'UTC'))::date + 1, s.version "
        "FROM workout_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = %s",
        [session],
    )
    form = {"csrfmiddlewaretoken": token, "date": next_day, "notes": "", "version": version}
    status, _, _ = request(
        port, "POST", f"/sessions/{session}/edit/", body=urllib.parse.urlencode(form), cookies=cookies
    )
    if status != 302:
        raise SystemExit(f"moving the session to the next day failed (HTTP {status})")
    (workout_set, reps), *_ = sql(
        size,
        "SELECT id, target_reps FROM workout_sets WHERE workout_session_id = %s ORDER BY position LIMIT 1",
        [session],
    )
    fields = {"actual_reps": reps, "weight": 60, "rpe": "8"}
    posted = {f"set-{workout_set}-{name}": value for name, value in fields.items()}
    path, body = (
        f"/sessions/{session}/sets/{workout_set}/",
        urllib.parse.urlencode({"csrfmiddlewaretoken": token, **posted}),
    )
    status, _, _ = request(port, "POST", path, body=body, cookies=cookies)
    if status != 302:
        raise SystemExit(f"logging the set to edit failed (HTTP {status})")
    return {"path": path, "body": body, "started": [session]}


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


def drive(port: int, page: Page, cookies: dict[str, str], *, seconds: int, connections: int) -> Result:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")} | {
        "BENCH_METHOD": page.method,
        "BENCH_EXPECT": "302" if page.method == "POST" else "200",
    }
    if page.body is not None or page.requests:
        env |= {"BENCH_BODY": page.body or "", "BENCH_CONTENT_TYPE": "application/x-www-form-urlencoded"}
    if page.requests:
        # A run at most takes seconds × 200 of them; wrk goes back to the first if it runs out.
        take = min(len(page.requests), max(seconds * 200, 50))
        lines, page.requests[:] = page.requests[:take], page.requests[take:]
        listing = Path(f"/tmp/bench-requests-{os.getpid()}.txt")  # noqa: S108  # nosec B108
        listing.write_text("".join(f"{path}\t{body}\n" for path, body in lines))
        env["BENCH_REQUESTS"] = str(listing)
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    argv = [
        WRK,
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--script",
        LUA,
        "--header",
        f"Cookie: {cookie}",
        f"http://{HOST}:{port}{page.path}",
    ]
    cpu_before = server_cpu_seconds(SERVER["pid"])
    done = run(argv, env=env, timeout=seconds + 30, check=True)
    cpu = server_cpu_seconds(SERVER["pid"]) - cpu_before
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT "))
    data = json.loads(line.removeprefix("BENCH_RESULT "))
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
        cookies, token = login(port, f"gen{SEED}_00000", password)
        found = pages(size, port, cookies, token)
        for page in found:
            if not page.path:
                run.results.append(Result(page, 0, 0, 0, 0, 0, 0))
                continue
            before = None
            if run.results:  # every page but the trivial view itself
                before = drive(port, found[0], cookies, seconds=max(2, seconds // 2), connections=connections)
            drive(port, page, cookies, seconds=1, connections=connections)  # warm-up, not reported
            result = drive(port, page, cookies, seconds=seconds, connections=connections)
            result.trivial = before
            log(
                f"{size}: {page.name}: {result.rps:.0f} req/s, p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms"
                + (f" (trivial view just before: p50 {before.p50:.1f} ms)" if before else "")
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
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | trivial view just before: p50, p99 ms "
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
            f"{trivial.p50:.1f}, {trivial.p99:.1f} | {r.p50 / trivial.p50:.1f}× | {r.p99 / trivial.p99:.1f}× | "
            f"{r.cpu_ms:.1f} | {r.cpu_ms / trivial.cpu_ms:.1f}× |"
        )
        if baseline:
            b = base.get(r.page.name)
            row += f" {r.p50 / b.p50:.2f}× | {r.cpu_ms / b.cpu_ms:.2f}× |" if b and b.requests else " — | — |"
        lines.append(row)
    lines += [
        "",
        f"The trivial view's p50 over this run: {min(trivials):.1f}–{max(trivials):.1f} ms "
        f"({len(trivials)} measurements); each page is divided by the one just before it. Server CPU is "
        "gunicorn's, PostgreSQL's and Redis's CPU time over the run divided by its requests.",
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
    parser.add_argument("--connections", type=int, default=2, help="concurrent wrk connections (default 2)")
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
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    runs: list[Run] = []
    command = "make bench" if not sys.argv[1:] else f"python bench/run.py {' '.join(sys.argv[1:])}"
    if args.configs:
        size = sizes[-1]
        rows = prepare(size, password, args.jobs)
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
            rows = prepare(size, password, args.jobs)
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
        f"{args.seconds} s of load per page after a 1 s warm-up, wrk with 1 thread and {args.connections} "
        f"connections, signed in as one generated member.\n\nMachine: {machine()}\n\n{text}\n"
    )
    print(report)
    if not args.no_doc and not args.configs:
        write_doc(report)


if __name__ == "__main__":
    main()
