"""Where the pages' time goes, in one process: what `make bench` cannot show.

Requests go through Django's test client under production settings (DEBUG off, the pool on),
with the real middleware, to a benchmark database (`make bench` makes them), as its first
generated member: the trivial view (/healthz), a signed-in page with nothing of its own (/about/:
the floor of every signed-in page: the request's transaction, the member's context and user, the
page's frame), then the member's pages, in turns, so that the machine's drift falls on all of them
alike. The session page's parts are timed by wrapping the functions its view calls. No HTTP
server, no wrk: the ratios are those of the code alone. The cache is the process's memory, or
none with `--no-cache` (every page made afresh, as right after a write).

    .venv/bin/python bench/floor.py --size small --rounds 300 [--no-cache]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path
from typing import Any

from server import collect_static, production_env

ROOT = Path(__file__).resolve().parent.parent
MEMBER = "gen1_00000"


def setup(size: str, *, cached: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.pop("REDIS_URL", None)
    os.environ["CACHE_DISABLED"] = "false" if cached else "true"
    os.environ.update(production_env())
    os.environ.update(
        DJANGO_SETTINGS_MODULE="gymtracker.settings",
        ALLOWED_HOSTS="testserver",
        DATABASE_POOL="true",
        DATABASE_NAME=f"gymtracker_bench_{size}",
    )
    import django

    django.setup()


def timed(module: Any, name: str, spent: dict[str, list[float]], within: list[str]) -> None:
    """Replaces `module.name` with the same function, timed into `spent[name]` while the session
    page's view runs (other views of the module call some of the same functions)."""
    function = getattr(module, name)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        within.append(name)
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            if "session_detail" in within:
                spent[name].append(time.perf_counter() - started)
            within.pop()

    setattr(module, name, wrapper)


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", help="the benchmark database: small or large (default small)")
    parser.add_argument("--rounds", type=int, default=300, help="requests of each page (default 300)")
    parser.add_argument("--no-cache", action="store_true", help="no cache: every page made afresh")
    args = parser.parse_args()
    collect_static()
    setup(args.size, cached=not args.no_cache)

    from django.test import Client

    from accounts.models import User
    from gymtracker import rls
    from sessions import views
    from sessions.models import WorkoutSession, WorkoutSet

    with rls.system_context("bench"):
        member = User.objects.get(username=MEMBER)
        session = WorkoutSession.objects.filter(user=member).order_by("-date", "-created_at").first()
        assert session is not None, f"{MEMBER} has no session: run `make bench` first"
        sets = WorkoutSet.objects.filter(session=session).count()
        exercise = (
            WorkoutSet.objects.filter(session=session)
            .order_by("position")
            .values_list("template__exercise_name", flat=True)
            .first()
        )
    client = Client()
    client.force_login(member)
    pages = {
        "trivial view (/healthz)": "/healthz",
        "signed-in frame (/about/)": "/about/",
        "home": "/",
        f"session page ({sets} sets)": f"/sessions/{session.pk}/",
        "session list": "/sessions/",
        "plan list": "/plans/",
        "progress dashboard": "/progress/",
        "exercise progress": f"/progress/exercises/{urllib.parse.quote(str(exercise).lower())}/",
    }
    spent: dict[str, list[float]] = defaultdict(list)
    within: list[str] = []
    for name in ("session_for_logging", "exercise_blocks"):
        timed(views.selectors, name, spent, within)
    for name in ("_jinja", "render", "session_detail"):
        timed(views, name, spent, within)

    def get(path: str) -> float:
        started = time.perf_counter()
        status = client.get(path).status_code
        assert status == 200, f"{path}: HTTP {status}"
        return time.perf_counter() - started

    for path in pages.values():  # warm: connections, templates, plans
        for _ in range(20):
            get(path)
    spent.clear()
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, path in pages.items():
            times[name].append(get(path))

    trivial = statistics.median(times["trivial view (/healthz)"])
    print(
        f"{args.size}, {'no cache' if args.no_cache else 'cached'}, {args.rounds} requests of each page in turns, ms:"
    )
    print(f"{'page':34} {'p50':>7} {'mean':>7} {'p50 ÷ trivial':>14}")
    for name, each in times.items():
        p50 = statistics.median(each)
        print(f"{name:34} {ms(p50):>7} {ms(statistics.fmean(each)):>7} {p50 / trivial:>13.1f}×")
    parts = {
        "the view (session_detail)": "session_detail",
        "  its session and sets (session_for_logging)": "session_for_logging",
        "  last time and suggestions (exercise_blocks)": "exercise_blocks",
        "  the set rows (Jinja2, _jinja)": "_jinja",
        "  the page around them (detail.html)": "render",
    }
    print("the session page's parts, mean ms a request:")
    for label, name in parts.items():
        print(f"{label:48} {ms(sum(spent[name]) / args.rounds):>7}")


if __name__ == "__main__":
    main()
