"""The app on a cluster (gymtracker/cluster.py, docs/scaling.md): gunicorn with production
settings, writes through the real PgBouncer in transaction mode, page reads on a streaming
replica. Members' requests are real HTTP; PgBouncer pools the primary with two server connections
for up to eight concurrent requests, so every request's transactions land on server connections
other members' requests used just before."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from gymtracker import cluster
from gymtracker.replica import WRITTEN
from gymtracker.testing import TEST_PASSWORD

HOST = cluster.HOST
GUNICORN = str(cluster.ROOT / ".venv" / "bin" / "gunicorn")
MEMBERS = ("ann", "ben")
# Each member's plan, with an exercise and a note no one else has: what a leak would show.
WORLD = f"""
from accounts.factories import UserFactory
from coaching.tests.helpers import coach_member, make_coach
from imports.models import Import
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
for name in {MEMBERS!r}:
    user = UserFactory(username=name, coach_may_import=True)
    plan = WorkoutPlanFactory(user=user, name=f"{{name}}-only plan", description=f"{{name}}-only notes")
    WorkoutTemplateFactory(plan=plan, exercise_name=f"{{name}}-only press", sets=40, repetitions=5)
    Import.objects.create(user=user, file_name=f"{{name}}-only.csv", file_size=1, app="strong", shape="A",
                          time_zone="UTC")
coach_member(make_coach("cora"), user)  # the last: ben
"""
# A password-reset link for ann, as the email carries it.
RESET_LINK = """
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.http import urlsafe_base64_encode
from accounts.models import User
user = User.objects.get(username="ann")
print(reverse("accounts:password_reset_confirm", args=[urlsafe_base64_encode(str(user.pk).encode()),
      default_token_generator.make_token(user)]))
"""


@dataclass
class Member:
    username: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        """One request as the member's browser makes it; the response's cookies are kept (or
        dropped). The request id sent is returned as the headers' "request-id"."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        request_id = uuid.uuid4().hex
        headers = {"Host": HOST, "X-Request-ID": request_id}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **form})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        found = {"request-id": request_id}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, rest = value.partition("=")
                if "max-age=0" in rest.lower():
                    self.cookies.pop(cookie.strip(), None)
                else:
                    self.cookies[cookie.strip()] = rest.split(";", 1)[0]
            else:
                found[name.lower()] = value
        conn.close()
        return response.status, found, text

    def log_in(self) -> None:
        _, _, html = self.request("GET", "/accounts/login/")
        self.token = _token(html)
        status, _, _ = self.request("POST", "/accounts/login/", {"username": self.username, "password": TEST_PASSWORD})
        assert status == 302, status
        _, _, html = self.request("GET", "/accounts/profile/")
        self.token = _token(html)


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@dataclass
class Site:
    cluster: cluster.Cluster
    port: int
    log: Path
    members: dict[str, Member]
    sessions: dict[str, str]  # member → the workout they started

    def line(self, request_id: str) -> dict[str, object]:
        """The app's log line of the request with that id."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for text in self.log.read_text().splitlines():
                if text.startswith("{") and request_id in text:
                    line = json.loads(text)
                    if line.get("logger") == "gymtracker.requests":
                        return line
            time.sleep(0.05)
        raise AssertionError(f"no log line for request {request_id}")

    def sets(self, member: str) -> list[str]:
        """Ids of the member's started workout's sets, in order."""
        rows = self.cluster.sql(
            "primary",
            "SELECT w.id FROM workout_sets w WHERE w.workout_session_id = %s ORDER BY w.position",
            [self.sessions[member]],
        )
        return [str(row[0]) for row in rows]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    if not Path(cluster.PGBOUNCER).exists():
        pytest.fail("PgBouncer is not installed: `make test` installs it (apt-get install pgbouncer)")
    root = Path(tempfile.mkdtemp(prefix="gymtracker-cluster-"))
    server = None
    try:
        found = cluster.start(root, bouncer_pool_size=2)
        cluster.prepare(found)
        cluster.manage(found, "shell", "-c", WORLD)
        port = cluster._free_port()
        log = root / "app.log"
        env = {
            **os.environ,
            **found.app_environment(),
            "ALLOWED_HOSTS": HOST,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("GYMTRACKER_SYSTEM_CONTEXT", None)
        with log.open("w") as out:
            server = subprocess.Popen(  # noqa: S603
                [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{port}", "gymtracker.wsgi"],
                cwd=cluster.ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                if Member("", port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        members = {name: Member(name, port) for name in (*MEMBERS, "cora")}
        sessions = {}
        for name, member in members.items():
            member.log_in()
            if name not in MEMBERS:
                continue
            (plan,) = found.sql(
                "primary",
                "SELECT p.id FROM workout_plans p JOIN users u ON u.id = p.user_id WHERE u.username = %s",
                [name],
            )[0]
            status, headers, _ = member.request("POST", f"/sessions/start/{plan}/", {})
            assert status == 302, status
            sessions[name] = headers["location"].rstrip("/").rsplit("/", 1)[-1]
        found.caught_up()
        yield Site(found, port, log, members, sessions)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.destroy(root)
        shutil.rmtree(root, ignore_errors=True)


def test_pages_read_from_the_replica_and_writes_go_through_pgbouncer_to_the_primary(site):
    ann = site.members["ann"]
    status, headers, html = ann.request("GET", "/plans/")
    assert status == 200
    assert "ann-only plan" in html
    assert site.line(headers["request-id"])["reads"] == "replica"
    first = site.sets("ann")[0]
    status, headers, _ = ann.request(
        "POST",
        f"/sessions/{site.sessions['ann']}/sets/{first}/",
        {f"set-{first}-actual_reps": "5", f"set-{first}-weight_kg": "61"},
    )
    assert status == 302
    assert site.line(headers["request-id"])["reads"] == "default"
    # The app logs in as the app role (PgBouncer's server connections included): no connection
    # of the app's is a superuser that would have to switch roles on a pooled server connection.
    users = site.cluster.sql(
        "primary",
        "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'gymtracker' "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
    )
    assert users == [(cluster.APP_ROLE,)]


def _pages(site: Site, name: str) -> list[tuple[str, str, dict[str, str] | None]]:
    """What a member does at the gym, again and again: read pages, log a set."""
    session = site.sessions[name]
    return [
        ("GET", "/sessions/", None),
        ("GET", f"/sessions/{session}/", None),
        ("GET", "/plans/", None),
        ("GET", "/progress/", None),
        ("GET", "/", None),
    ]


def test_members_never_see_each_others_rows_under_concurrent_requests(site):
    """Both members at once, 8 requests in flight over 2 pooled server connections, reads on
    the replica and writes on the primary: every page holds the member's own rows, none of the
    other's, and the other's workout is a 404."""
    sets = {name: site.sets(name)[1:] for name in MEMBERS}

    def visit(name: str, turn: int) -> list[str]:
        member = site.members[name]
        other = next(n for n in MEMBERS if n != name)
        problems = []
        for method, path, _ in _pages(site, name):
            status, _, html = member.request(method, path)
            if status != 200 or f"{other}-only" in html:
                problems.append(f"{name} {path}: {status}, other's rows: {f'{other}-only' in html}")
        workout_set = sets[name][turn]
        status, _, _ = member.request(
            "POST",
            f"/sessions/{site.sessions[name]}/sets/{workout_set}/",
            {f"set-{workout_set}-actual_reps": "5", f"set-{workout_set}-weight_kg": str(40 + turn)},
        )
        if status != 302:
            problems.append(f"{name} logging a set: {status}")
        status, _, _ = member.request("GET", f"/sessions/{site.sessions[other]}/")
        if status != 404:
            problems.append(f"{name} reached {other}'s workout: {status}")
        return problems

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        # Each member's requests stay in order (one cookie jar each), four turns of each at a time.
        futures = [pool.submit(visit, name, turn) for turn in range(12) for name in MEMBERS]
        problems = [p for f in futures for p in f.result()]
    assert problems == []
    own = site.cluster.sql(
        "primary",
        "SELECT u.username, count(*) FROM workout_sets w JOIN workout_sessions s ON s.id = w.workout_session_id "
        "JOIN users u ON u.id = s.user_id WHERE w.actual_reps IS NOT NULL GROUP BY u.username",
    )
    assert {name: count >= 12 for name, count in own} == {"ann": True, "ben": True}


def test_a_pooled_server_connection_starts_each_transaction_with_no_member(site):
    """One client's context, set for its transaction, is gone when PgBouncer hands the same server
    connection to another client."""
    url = site.cluster.url("bouncer", user=cluster.APP_ROLE)
    with psycopg.connect(url) as first, psycopg.connect(url) as second:
        with first.transaction():
            (backend,) = first.execute(
                "SELECT pg_backend_pid() FROM set_config('app.user_id', %s, true)", [str(uuid.uuid4())]
            ).fetchone()
        seen = set()
        for _ in range(50):  # the pool has 2 server connections: the same one comes round
            with second.transaction():
                pid, user_id = second.execute(
                    "SELECT pg_backend_pid(), current_setting('app.user_id', true)"
                ).fetchone()
            seen.add(pid)
            assert user_id in (None, "")
            if pid == backend:
                break
        assert backend in seen


def test_prepared_statements_would_clash_through_pgbouncer_so_the_app_makes_none(site):
    """PgBouncer 1.18 in transaction mode keeps no prepared statement per client: two clients
    that prepare meet each other's statements on the shared server connection. The app's
    settings for it (DATABASE_PREPARED_STATEMENTS=false) prepare nothing, so the load above ran
    without an error."""
    url = site.cluster.url("bouncer", user=cluster.APP_ROLE)
    with (
        psycopg.connect(url, prepare_threshold=0, autocommit=True) as first,
        psycopg.connect(url, prepare_threshold=0, autocommit=True) as second,
    ):
        first.execute("SELECT 1").fetchall()
        with pytest.raises(psycopg.errors.DuplicatePreparedStatement):
            second.execute("SELECT 2")
    env = {**os.environ, **site.cluster.app_environment()}
    shown = subprocess.run(  # noqa: S603
        [
            cluster.PYTHON,
            "-c",
            "import json, django; django.setup(); from django.conf import settings; print(json.dumps("
            "[settings.DATABASES[a]['OPTIONS'].get('prepare_threshold') for a in ('default', 'replica')]))",
        ],
        cwd=cluster.ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "gymtracker.settings", "ALLOWED_HOSTS": HOST, "PYTHONSTARTUP": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == [None, 5]


def test_a_logged_set_is_on_the_next_page_while_the_replica_lags(site):
    ben = site.members["ben"]
    session = site.sessions["ben"]
    workout_set = site.sets("ben")[-1]
    site.cluster.lag(3)
    try:
        status, _, _ = ben.request(
            "POST",
            f"/sessions/{session}/sets/{workout_set}/",
            {f"set-{workout_set}-actual_reps": "7", f"set-{workout_set}-weight_kg": "123.5"},
        )
        assert status == 302
        # The replica has not applied it yet (the primary has)…
        logged = "SELECT actual_reps FROM workout_sets WHERE id = %s"
        assert site.cluster.sql("primary", logged, [workout_set]) == [(7,)]
        assert site.cluster.sql("replica", logged, [workout_set]) != [(7,)]
        # …so the next page reads from the primary, and shows it.
        status, headers, html = ben.request("GET", f"/sessions/{session}/")
        assert status == 200
        assert "123.5" in html
        assert site.line(headers["request-id"])["reads"] == "default"
    finally:
        site.cluster.lag(0)
    site.cluster.caught_up()
    # Once the replica has it, pages read there again and the cookie is dropped.
    status, headers, html = ben.request("GET", f"/sessions/{session}/")
    assert status == 200
    assert "123.5" in html
    assert site.line(headers["request-id"])["reads"] == "replica"
    assert WRITTEN not in ben.cookies


def test_server_side_contexts_reach_the_replica_too(site):
    """What a view does as the system (reading the account of a password-reset link before anyone
    is signed in) or as a coach acting for a consenting member binds the page's reads on the
    replica as on the primary."""
    cora = site.members["cora"]
    (ben_id,) = site.cluster.sql("primary", "SELECT id FROM users WHERE username = 'ben'")[0]
    status, headers, html = cora.request("GET", f"/imports/?member={ben_id}")
    assert status == 200
    assert site.line(headers["request-id"])["reads"] == "replica"
    assert "ben-only.csv" in html
    assert "ann-only.csv" not in html
    # ann consented too, but cora coaches ben only: ann is a 404.
    (ann_id,) = site.cluster.sql("primary", "SELECT id FROM users WHERE username = 'ann'")[0]
    assert cora.request("GET", f"/imports/?member={ann_id}")[0] == 404

    link = (
        subprocess.run(  # noqa: S603
            [cluster.PYTHON, "manage.py", "shell", "-c", RESET_LINK],
            cwd=cluster.ROOT,
            env={**os.environ, **site.cluster.command_environment()},
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    visitor = Member("", site.port)
    status, headers, _ = visitor.request("GET", link)
    assert site.line(headers["request-id"])["reads"] == "replica"
    # A valid link: Django keeps the token in the session and sends the visitor to the form.
    assert status == 302
    assert headers["location"].endswith("/set-password/")
