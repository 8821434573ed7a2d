"""Two measurements for docs/resilience.md, against gunicorn with production settings (2 workers
× 4 threads, the connection pool on) on 127.0.0.1, in a database of their own
(gymtracker_bench_resilience on the embedded PostgreSQL):

    python bench/resilience.py storm    # 50 sign-ins at the same moment: statuses, p50/p99
    python bench/resilience.py outage   # stop PostgreSQL for 35 s while a member reads pages

`outage` stops and starts this work tree's embedded PostgreSQL (.pgdata/): run nothing else on
it meanwhile. Every load is bounded in count and time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # gymtracker.embedded_db

from run import (
    HOST,
    PYTHON,
    ROOT,
    Member,
    csrf_token,
    django_env,
    gunicorn,
    log,
    login,
    manage,
    request,
    run,
    take_cookies,
)

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
    with gunicorn(SIZE, workers=2, threads=4, pool=True, cache="none") as port:
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
    with gunicorn(SIZE, workers=2, threads=4, pool=True, cache="none") as port:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["storm", "outage"])
    parser.add_argument("--members", type=int, default=MEMBERS)
    parser.add_argument("--hasher", default="default", help="storm: hash the passwords with this one (pbkdf2_sha256)")
    parser.add_argument("--seconds", type=float, default=35.0, help="how long PostgreSQL is down (outage)")
    parser.add_argument("--readers", type=int, default=6, help="members reading pages meanwhile (outage)")
    args = parser.parse_args()
    if args.what == "storm":
        storm(min(args.members, 200), args.hasher)
    else:
        outage(min(args.seconds, 120.0), min(args.readers, 20))


if __name__ == "__main__":
    main()
