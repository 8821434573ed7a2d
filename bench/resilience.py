"""Measurements for docs/resilience.md, against gunicorn with production settings (2 workers
× 4 threads, the connection pool on) on 127.0.0.1, in a database of their own
(gymtracker_bench_resilience on the embedded PostgreSQL):

    python bench/resilience.py storm    # 50 sign-ins at the same moment: statuses, p50/p99
    python bench/resilience.py outage   # stop PostgreSQL for 35 s while a member reads pages
    python bench/resilience.py soak     # 50 members train for 5 minutes; then no write lost or doubled

`outage` stops and starts this work tree's embedded PostgreSQL (.pgdata/): run nothing else on
it meanwhile. Every load is bounded in count and time.
"""

from __future__ import annotations

import argparse
import html.parser
import random
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # gymtracker.embedded_db

from client import Member, csrf_token, login, request, take_cookies
from common import HOST, PYTHON, ROOT, log, run
from databases import END_DATE, django_env, manage, set_password, sql
from server import collect_static, gunicorn

SIZE = "resilience"
PASSWORD = "storm-of-sign-ins-2026"  # noqa: S105 - a benchmark account's, in a database of its own
MEMBERS = 50
CLIENT_TIMEOUT = 30.0  # what a browser or proxy would wait, as in the probe that found the hang


def prepare(members: int, *, hasher: str = "default") -> list[str]:
    names = [f"storm{number:03d}" for number in range(members)]
    manage(SIZE, "migrate", "--noinput")
    code = (
        "import os\n"
        "from accounts.models import User\n"
        "from gymtracker import rls\n"
        "with rls.system_context('bench'):\n"
        "    for name in os.environ['BENCH_USERS'].split():\n"
        "        User.objects.get_or_create(username=name, defaults={'email': name + '@example.com'})\n"
        "    hashed = make_password(os.environ['BENCH_PASSWORD'], hasher=os.environ['BENCH_HASHER'])\n"
        "    User.objects.filter(username__in=os.environ['BENCH_USERS'].split()).update(password=hashed)\n"
    )
    # `default`: the first of PASSWORD_HASHERS; `pbkdf2_sha256`: hashes made before Argon2, as
    # every member has on the first day after the switch (verified slowly, then rehashed).
    env = django_env(
        SIZE,
        BENCH_USERS=" ".join(names),
        BENCH_PASSWORD=PASSWORD,
        BENCH_HASHER=hasher,
        GYMTRACKER_SYSTEM_CONTEXT="bench",
    )
    code = "from django.contrib.auth.hashers import make_password\n" + code
    run([PYTHON, "-c", f"import django; django.setup()\n{code}"], cwd=ROOT, env=env, timeout=120, check=True)
    return names


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def storm(members: int, hasher: str) -> None:
    import http.client

    names = prepare(members, hasher=hasher)
    with gunicorn(SIZE, workers=2, threads=4, pool=True, cache="none") as server:
        port = server.port
        forms = []
        for name in names:
            cookies: dict[str, str] = {}
            _, headers, html = request(port, "GET", "/accounts/login/")
            take_cookies(headers, cookies)
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": csrf_token(html), "username": name, "password": PASSWORD}
            )
            forms.append((cookies, body))
        results: list[tuple[str, float]] = []
        lock = threading.Lock()
        start = threading.Barrier(len(forms))

        def sign_in(cookies: dict[str, str], body: str) -> None:
            start.wait()
            began = time.monotonic()
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
                cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
                conn.request(
                    "POST",
                    "/accounts/login/",
                    body=body,
                    headers={"Host": HOST, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                )
                response = conn.getresponse()
                response.read()
                outcome = str(response.status)
                if response.status == 503:
                    outcome += f" (Retry-After {response.getheader('Retry-After')})"
                conn.close()
            except TimeoutError:
                outcome = f"timeout ({CLIENT_TIMEOUT:.0f} s)"
            with lock:
                results.append((outcome, time.monotonic() - began))

        threads = [threading.Thread(target=sign_in, args=form) for form in forms]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    counts: dict[str, int] = {}
    for outcome, _ in results:
        counts[outcome] = counts.get(outcome, 0) + 1
    times = [seconds for _, seconds in results]
    ok = [seconds for outcome, seconds in results if outcome == "302"]
    print(f"{members} simultaneous sign-ins: {counts}")
    print(f"all: p50 {percentile(times, 0.5):.2f} s, p99 {percentile(times, 0.99):.2f} s, max {max(times):.2f} s")
    if ok:
        print(f"302s: p50 {percentile(ok, 0.5):.2f} s, p99 {percentile(ok, 0.99):.2f} s")


def outage(seconds: float, readers: int) -> None:
    from gymtracker.embedded_db import embedded_database, stop_embedded_database

    names = prepare(readers)
    data_dir = ROOT / ".pgdata"
    with gunicorn(SIZE, workers=2, threads=4, pool=True, cache="none") as server:
        port = server.port
        members = [login(port, name, PASSWORD) for name in names]
        samples: list[tuple[float, float, int | str]] = []  # (sent at, took, status)
        lock = threading.Lock()
        stop = threading.Event()
        t0 = time.monotonic()

        def read(member: Member) -> None:
            import http.client

            while not stop.is_set():
                sent = time.monotonic()
                try:
                    conn = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
                    conn.request("GET", "/accounts/profile/", headers={"Host": HOST, "Cookie": member.cookie})
                    response = conn.getresponse()
                    response.read()
                    status: int | str = response.status
                    conn.close()
                except TimeoutError:
                    status = "timeout"
                except OSError as error:
                    status = type(error).__name__
                with lock:
                    samples.append((sent - t0, time.monotonic() - sent, status))
                time.sleep(0.2)

        threads = [threading.Thread(target=read, args=(member,)) for member in members]
        for thread in threads:
            thread.start()
        time.sleep(5)
        log("stopping PostgreSQL")
        down_at = time.monotonic() - t0
        stop_embedded_database(data_dir)
        time.sleep(seconds)
        log("starting PostgreSQL")
        embedded_database(data_dir, name=f"gymtracker_bench_{SIZE}")
        up_at = time.monotonic() - t0
        time.sleep(20)
        stop.set()
        for thread in threads:
            thread.join()
    during = [s for s in samples if down_at + 1 < s[0] < up_at]
    after = sorted((s for s in samples if s[0] >= up_at), key=lambda s: s[0] + s[1])
    first_ok = next((s for s in after if s[2] == 200), None)
    statuses: dict[str, int] = {}
    for _, _, status in during:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    print(f"outage {up_at - down_at:.1f} s (stop {down_at:.1f} s, start returned {up_at:.1f} s)")
    print(
        f"during: {len(during)} requests {statuses}, slowest answer {max(s[1] for s in during):.2f} s,"
        f" median {statistics.median(s[1] for s in during):.2f} s"
    )
    if first_ok:
        print(f"first 200 answered {first_ok[0] + first_ok[1] - up_at:.2f} s after PostgreSQL was back")
    late = [s for s in after if s[0] > up_at + 5 and s[2] != 200]
    print(f"after: {len(after)} requests, {len(late)} not 200 more than 5 s after the return")


# --- Soak: members training for minutes, then every acknowledged write checked in the database.

SOAK_PREFIX = "soak"
SOAK_SEED = 7
JSON = "application/json"


def prepare_soak(members: int) -> dict[str, list[str]]:
    """`members` generated members (a quarter of a year of history each, in kilograms, with one
    password): their plans' ids by username."""
    manage(SIZE, "migrate", "--noinput")
    names = [f"{SOAK_PREFIX}{number:05d}" for number in range(members)]
    (exists,), *_ = sql(SIZE, "SELECT count(*) FROM users WHERE username LIKE %s", [f"{SOAK_PREFIX}%"])
    if not exists:
        made = max(members, MEMBERS)  # a shorter trial run leaves the members a full run needs
        log(f"generating {made} members")
        manage(
            SIZE,
            *("generate_history", "--members", str(made), "--years", "0.25", "--seed", str(SOAK_SEED)),
            *("--prefix", SOAK_PREFIX, "--end-date", END_DATE, "--jobs", "2", "--quiet"),
            extra={"GENERATE_HISTORY_PASSWORD": PASSWORD},
        )
    elif exists < members:
        raise SystemExit(f"{exists} soak members in gymtracker_bench_{SIZE}, fewer than {members}: drop it first")
    set_password(SIZE, names, PASSWORD)
    # Weights are posted and checked in kilograms.
    sql(SIZE, "UPDATE users SET weight_unit = 'kg' WHERE username = ANY(%s)", [names])
    plans: dict[str, list[str]] = {name: [] for name in names}
    for username, plan in sql(
        SIZE,
        "SELECT u.username, p.id::text FROM workout_plans p JOIN users u ON u.id = p.user_id "
        "WHERE u.username = ANY(%s) AND p.deleted_at IS NULL AND p.name <> 'Extra exercises'",
        [names],
    ):
        plans[username].append(plan)
    return plans


class Forms(html.parser.HTMLParser):
    """A page's forms as a browser would send them: (id, action, fields with their values)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self._open = False
        self._select = ""
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append((a.get("id", ""), a.get("action", ""), {}))
            self._open = True
            return
        if not self._open:
            return
        fields = self.forms[-1][2]
        kind = a.get("type", "text")
        if tag == "input" and a.get("name") and kind not in {"submit", "button", "image", "file"}:
            if kind not in {"checkbox", "radio"} or "checked" in a:
                fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and a.get("name"):
            fields[a["name"]] = ""
        elif tag == "select":
            self._select = a.get("name", "")
        elif tag == "option" and self._select and ("selected" in a or self._select not in fields):
            fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False
        elif tag == "select":
            self._select = ""


Status = int | str  # an HTTP status, or what went wrong on the client's side ("timeout")


def acknowledged(status: Status) -> bool:
    return isinstance(status, int) and 200 <= status < 400


@dataclass
class Soak:
    """What the members sent and what the server acknowledged, shared by their threads."""

    port: int
    deadline: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[tuple[str, Status, float]] = field(default_factory=list)  # kind, status, seconds
    failures: list[str] = field(default_factory=list)  # each 5xx or failed request: what and where
    # set id -> its last acknowledged log: reps, weight (kg), RPE ("" for none), key (None: a form post)
    logs: dict[str, tuple[int, Decimal, str, str | None]] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # every acknowledged log's key
    removed: dict[str, bool] = field(default_factory=dict)  # set id -> removed at its last acknowledged change
    plans: list[tuple[str, str]] = field(default_factory=list)  # (member, plan name) sent twice with one token
    sessions: int = 0

    def send(
        self, member: Member, kind: str, method: str, path: str, form: dict[str, str] | None = None, accept: str = ""
    ) -> tuple[Status, dict[str, list[str]], str]:
        began = time.monotonic()
        status: Status
        headers: dict[str, list[str]] = {}
        text = ""
        try:
            body = None if form is None else urllib.parse.urlencode(form)
            status, headers, text = request(
                self.port, method, path, body=body, cookies=member.cookies, accept=accept, timeout=CLIENT_TIMEOUT
            )
        except TimeoutError:
            status = "timeout"
        except OSError as error:
            status = type(error).__name__
        with self.lock:
            self.samples.append((kind, status, time.monotonic() - began))
            if not isinstance(status, int) or status >= 500:
                self.failures.append(f"{member.username} {kind}: {method} {path} -> {status}")
        take_cookies(headers, member.cookies)
        return status, headers, text


def twice(send: Any, first: tuple[Any, ...], again: tuple[Any, ...], *, at_once: bool) -> list[Status]:
    """The same request sent twice: at the same moment (a double tap) or one after the other (a
    queue sent again after its answer was lost)."""
    if not at_once:
        return [send(*first)[0], send(*again)[0]]
    statuses: list[Status] = ["not sent", "not sent"]

    def one(number: int, args: tuple[Any, ...]) -> None:
        statuses[number] = send(*args)[0]

    threads = [threading.Thread(target=one, args=(n, args)) for n, args in enumerate((first, again))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def train(soak: Soak, member: Member, plans: list[str], rng: random.Random, pace: float) -> None:
    """One member until the time is up: a session started from one of their plans, its sets
    logged one by one (mostly in place, some as plain forms), with edits, removals, a plan made
    now and then, and pages read in between; finished, then the next."""
    send = soak.send

    def pause() -> None:
        time.sleep(rng.uniform(0.5 * pace, 1.5 * pace))  # compressed: seconds, not minutes of rest

    def values() -> tuple[int, Decimal, str]:
        return rng.randint(3, 12), Decimal("20") + Decimal("2.5") * rng.randint(0, 40), rng.choice(["", "7", "8.5"])

    def set_fields(page_form: dict[str, str], workout_set: str, logged: tuple[int, Decimal, str]) -> dict[str, str]:
        reps, weight, rpe = logged
        prefix = f"set-{workout_set}-"
        return page_form | {f"{prefix}actual_reps": str(reps), f"{prefix}weight": str(weight), f"{prefix}rpe": rpe}

    def log_in_place(session: str, workout_set: str, page_form: dict[str, str], kind: str) -> bool:
        """As the page's script sends it: a fresh key, answered with JSON; sometimes sent twice."""
        logged = values()
        key = str(uuid.uuid4())
        form = set_fields(page_form, workout_set, logged) | {f"set-{workout_set}-key": key}
        path = f"/sessions/{session}/sets/{workout_set}/"
        if rng.random() < 0.10:
            first = (member, kind, "POST", path, form, JSON)
            again = (member, f"{kind} (sent again)", "POST", path, form, JSON)
            statuses = twice(send, first, again, at_once=rng.random() < 0.5)
        else:
            statuses = [send(member, kind, "POST", path, form, JSON)[0]]
        if any(status == 200 for status in statuses):
            with soak.lock:
                soak.logs[workout_set] = (*logged, key)
                soak.keys.add(key)
            return True
        return False

    def log_as_form(session: str, workout_set: str, kind: str) -> bool:
        """Without the script: the page read again (where the last post's redirect led), the
        set's form as it shows it (with the set's version, no key), a 302 back to the page."""
        path = f"/sessions/{session}/"
        status, _, page = send(member, "session page", "GET", path)
        form = next((f for i, _, f in Forms(page).forms if i == f"set-{workout_set}-form"), None)
        if status != 200 or form is None:
            return False
        logged = values()
        status, _, _ = send(member, kind, "POST", f"{path}sets/{workout_set}/", set_fields(form, workout_set, logged))
        if status == 302:
            with soak.lock:
                soak.logs[workout_set] = (*logged, None)
            return True
        return False

    def remove_and_restore(session: str, workout_set: str) -> None:
        accept = JSON if rng.random() < 0.5 else ""
        token = {"csrfmiddlewaretoken": member.token}
        path = f"/sessions/{session}/sets/{workout_set}/"
        if acknowledged(send(member, "remove a set", "POST", f"{path}remove/", token, accept)[0]):
            with soak.lock:
                soak.removed[workout_set] = True
        pause()
        if acknowledged(send(member, "restore a set", "POST", f"{path}restore/", token, accept)[0]):
            with soak.lock:
                soak.removed[workout_set] = False

    def create_plan() -> None:
        """The new-plan form filled in and submitted twice with its one token."""
        status, _, page = send(member, "new plan form", "GET", "/plans/new/")
        form = next((f for _, _, f in Forms(page).forms if "form_token" in f and "name" in f), None)
        if status != 200 or form is None:
            return
        name = f"Soak {member.username} {uuid.uuid4().hex[:8]}"
        form |= {"name": name, "exercises-0-exercise_name": "Front squat"}
        form |= {"exercises-0-sets": "3", "exercises-0-repetitions": "5"}
        first = (member, "create a plan", "POST", "/plans/new/", form)
        again = (member, "create a plan (sent again)", "POST", "/plans/new/", form)
        if any(acknowledged(s) for s in twice(send, first, again, at_once=rng.random() < 0.5)):
            with soak.lock:
                soak.plans.append((member.username, name))

    def start() -> str | None:
        status, _, page = send(member, "home", "GET", "/")
        starts = [(a, f) for _, a, f in Forms(page).forms if a.startswith("/sessions/start/")]
        if not starts:  # a workout in progress: the home page offers to continue it instead
            status, _, page = send(member, "plan page", "GET", f"/plans/{rng.choice(plans)}/")
            starts = [(a, f) for _, a, f in Forms(page).forms if a.startswith("/sessions/start/")]
        if not starts:
            return None
        status, headers, _ = send(member, "start a session", "POST", *rng.choice(starts))
        if status != 302:
            return None
        with soak.lock:
            soak.sessions += 1
        return headers["location"][0].rstrip("/").rsplit("/", 1)[-1]

    while time.monotonic() < soak.deadline:
        session = start()
        if session is None:
            pause()
            continue
        _, _, page = send(member, "session page", "GET", f"/sessions/{session}/")
        sets = [(i, f) for i, _, f in Forms(page).forms if i.startswith("set-") and i.endswith("-form")]
        forms = {i.removeprefix("set-").removesuffix("-form"): f for i, f in sets}
        done: list[str] = []
        for workout_set, page_form in forms.items():
            if time.monotonic() >= soak.deadline:
                return
            pause()
            if rng.random() < 0.15:
                logged = log_as_form(session, workout_set, "log a set (form)")
            else:
                logged = log_in_place(session, workout_set, page_form, "log a set (in place)")
            if logged:
                done.append(workout_set)
            roll = rng.random()
            if done and roll < 0.05:
                edited = rng.choice(done)
                if rng.random() < 0.5:
                    log_in_place(session, edited, forms[edited], "edit a set (in place)")
                else:
                    log_as_form(session, edited, "edit a set (form)")
            elif roll < 0.08:
                remove_and_restore(session, rng.choice(list(forms)))
            elif roll < 0.10:
                create_plan()
            roll = rng.random()
            if roll < 0.15:
                send(member, "session page", "GET", f"/sessions/{session}/")
            elif roll < 0.25:
                send(member, "home", "GET", "/")
            elif roll < 0.33:
                send(member, "progress", "GET", "/progress/")
        send(member, "finish", "POST", f"/sessions/{session}/finish/", {"csrfmiddlewaretoken": member.token})


def check_writes(soak: Soak) -> dict[str, list[str]]:
    """Every acknowledged write against the database, as its owner: each set holds its last
    acknowledged log (else a lost write); each key made one history row (none: lost, more:
    doubled); each plan sent twice with one token exists once."""
    lost: list[str] = []
    doubled: list[str] = []
    # The sets of the sessions started today (every workout of the run, and of earlier runs'),
    # found by member rather than listed by id: thousands of ids do not fit in a command line.
    mine = [f"{SOAK_PREFIX}%", END_DATE]
    rows = {
        row[0]: row[1:]
        for row in sql(
            SIZE,
            "SELECT id::text, actual_reps, weight_kg::text, rpe::text, log_key::text, completed_at IS NOT NULL, "
            "deleted_at IS NOT NULL FROM workout_sets WHERE id IN (SELECT w.id FROM workout_sets w "
            "JOIN workout_sessions s ON s.id = w.workout_session_id JOIN users u ON u.id = s.user_id "
            "WHERE u.username LIKE %s AND s.date > %s::date)",
            mine,
        )
    }
    for workout_set, (reps, weight, rpe, key) in soak.logs.items():
        row = rows.get(workout_set)
        expected = (reps, weight, Decimal(rpe) if rpe else None, key, True)
        found = row and (row[0], Decimal(row[1]), Decimal(row[2]) if row[2] else None, row[3], row[4])
        if found != expected:
            lost.append(f"set {workout_set}: acknowledged {expected}, database {found}")
    for workout_set, removed in soak.removed.items():
        if workout_set not in rows or rows[workout_set][5] != removed:
            lost.append(f"set {workout_set}: acknowledged {'removed' if removed else 'restored'}, database not")
    # A set's history rows for a key: its log's, and copies made when the set is removed or
    # restored (they carry the set's key along); only the log's counts.
    made = dict(
        sql(
            SIZE,
            "WITH h AS (SELECT log_key, deleted_at IS NULL AS live, lag(log_key) OVER w AS key_before, "
            "lag(deleted_at IS NULL) OVER w AS live_before FROM workout_sets_history "
            "WHERE id IN (SELECT w.id FROM workout_sets w JOIN workout_sessions s ON s.id = w.workout_session_id "
            "JOIN users u ON u.id = s.user_id WHERE u.username LIKE %s AND s.date > %s::date) "
            "WINDOW w AS (PARTITION BY id ORDER BY history_date, history_id)) "
            "SELECT log_key::text, count(*) FROM h WHERE log_key IS NOT NULL "
            "AND NOT (key_before IS NOT DISTINCT FROM log_key AND live IS DISTINCT FROM live_before) GROUP BY log_key",
            mine,
        )
    )
    for key in soak.keys:
        if made.get(key, 0) == 0:
            lost.append(f"key {key}: acknowledged, no history row")
        elif made[key] > 1:
            doubled.append(f"key {key}: {made[key]} history rows")
    counts = dict(
        sql(
            SIZE,
            "SELECT p.name, count(*) FROM workout_plans p JOIN users u ON u.id = p.user_id "
            "WHERE p.name LIKE 'Soak %%' AND p.deleted_at IS NULL AND u.username LIKE %s GROUP BY p.name",
            [f"{SOAK_PREFIX}%"],
        )
    )
    for username, name in soak.plans:
        if counts.get(name, 0) == 0:
            lost.append(f"plan {name!r} of {username}: acknowledged, not there")
        elif counts[name] > 1:
            doubled.append(f"plan {name!r} of {username}: {counts[name]} plans for one token")
    return {"lost": lost, "doubled": doubled}


def soak(members: int, seconds: float, pace: float) -> dict[str, Any]:
    plans = prepare_soak(members)
    collect_static()
    with gunicorn(SIZE, workers=2, threads=4, pool=True, cache="redis") as server:
        signed_in = [login(server.port, name, PASSWORD) for name in plans]
        log(f"{members} members signed in; training for {seconds:.0f} s, {pace:.1f} s between actions")
        state = Soak(port=server.port, deadline=time.monotonic() + seconds)
        # Seeded: the same choices each run (a workload, not a secret).
        choices = [random.Random(number) for number in range(members)]  # noqa: S311  # nosec B311
        threads = [
            threading.Thread(target=train, args=(state, member, plans[member.username], rng, pace))
            for member, rng in zip(signed_in, choices, strict=True)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - began
    found = check_writes(state)
    kinds: dict[str, list[tuple[Status, float]]] = {}
    for kind, status, spent in state.samples:
        kinds.setdefault(kind, []).append((status, spent))
    figures: dict[str, Any] = {
        "members": members,
        "seconds": round(took),
        "requests": len(state.samples),
        "sessions": state.sessions,
        "sets logged": len(state.logs),
        "keys": len(state.keys),
        "plans sent twice": len(state.plans),
        "5xx": sum(1 for _, status, _ in state.samples if not isinstance(status, int) or status >= 500),
        "lost": len(found["lost"]),
        "doubled": len(found["doubled"]),
        "kinds": {},
    }
    rate = len(state.samples) / took
    print(f"{members} members for {took:.0f} s, {pace:.1f} s between actions:", end=" ")
    print(f"{len(state.samples)} requests ({rate:.0f}/s)")
    print("| kind | requests | statuses | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for kind, answers in sorted(kinds.items(), key=lambda item: -len(item[1])):
        statuses: dict[str, int] = {}
        for status, _ in answers:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        times = [spent * 1000 for _, spent in answers]
        p50, p95, p99 = (percentile(times, share) for share in (0.5, 0.95, 0.99))
        figures["kinds"][kind] = {"requests": len(answers), "statuses": statuses, "p50": p50, "p95": p95, "p99": p99}
        shown = ", ".join(f"{n} × {s}" for s, n in sorted(statuses.items()))
        print(f"| {kind} | {len(answers)} | {shown} | {p50:.0f} | {p95:.0f} | {p99:.0f} |")
    print(
        f"sessions started {state.sessions}, sets with an acknowledged log {len(state.logs)}, keys {len(state.keys)}, "
        f"plans sent twice {len(state.plans)}"
    )
    print(f"5xx or failed requests: {figures['5xx']}; lost writes: {figures['lost']};", end=" ")
    print(f"doubled writes: {figures['doubled']}")
    for line in state.failures[:50] + found["lost"][:50] + found["doubled"][:50]:
        print(f"  {line}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["storm", "outage", "soak"])
    parser.add_argument("--members", type=int, default=MEMBERS)
    parser.add_argument("--hasher", default="default", help="storm: hash the passwords with this one (pbkdf2_sha256)")
    parser.add_argument(
        "--seconds", type=float, help="how long PostgreSQL is down (outage, 35), how long members train (soak, 300)"
    )
    parser.add_argument("--pause", type=float, default=2.0, help="soak: mean seconds between a member's actions")
    parser.add_argument("--readers", type=int, default=6, help="members reading pages meanwhile (outage)")
    args = parser.parse_args()
    if args.what == "storm":
        storm(min(args.members, 200), args.hasher)
    elif args.what == "soak":
        figures = soak(min(args.members, 200), min(args.seconds or 300.0, 1800.0), max(args.pause, 0.1))
        if figures["5xx"] or figures["lost"] or figures["doubled"]:
            raise SystemExit(1)
    else:
        outage(min(args.seconds or 35.0, 120.0), min(args.readers, 20))


if __name__ == "__main__":
    main()
