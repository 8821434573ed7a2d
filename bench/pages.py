"""The pages the benchmark measures, each with the requests every wrk connection sends: the
reading pages by the first member of each connection's crew, and the sets the whole crew logs in
workouts started and dated through the app on the days after the generated history."""

from __future__ import annotations

import datetime
import itertools
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from client import Member, move_session, request, set_form, start_session
from databases import END_DATE, sql

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
    # A page read right after a write: `visits` are set logs, and before each request measured the
    # same member logs the next of them (in place, not measured), so that the member's cached pages
    # are stale, as right after logging a set at the gym. Given a set log's path, the path read.
    read_after: Callable[[str], str] | None = None

    @classmethod
    def each(cls, name: str, readers: list[Member], paths: list[str]) -> Page:
        """A GET of one path per connection, by the connection's first member."""
        return cls(name, visits=[[(m.cookie, path, "")] for m, path in zip(readers, paths, strict=True)])


# "Log a set" gives each member one workout a day, as at the gym, on the days after the generated
# history (which ends on END_DATE), so that each set logged is the newest of its exercise. Each
# connection logs for a crew of members of its own, in turn, with enough sets for its runs.
FEWEST_PLANNED_SETS = 8  # a generated plan: 4–8 exercises of 2–4 sets
# "log a set" as a form post, then in place, then one before each read of the three pages "right
# after a write": each takes the sets after the previous one's
LOG_PAGES = 5


def first_workout_day() -> datetime.date:
    return datetime.date.fromisoformat(END_DATE) + datetime.timedelta(days=1)


def workout_days() -> int:
    """Days from the first workout day to yesterday (in UTC, so that no member's today is passed)."""
    return (datetime.datetime.now(datetime.UTC).date() - first_workout_day()).days


def pages(size: str, port: int, crews: list[list[Member]], *, sets: int) -> list[Page]:
    """Every measured page, with the requests of each connection: the reading pages by its first
    member (its own plan, its latest session, its exercise), the sets to log by all its crew
    (`sets` for each connection)."""
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
    logs = sets_to_log(size, port, crews, plans, sets=sets)
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
        # The same workouts' next sets again, each logged by a member of the crew right before the
        # page is read by that member: the first request after a write, which the cache cannot
        # answer (its keys carry the member's data version, which every write raises).
        Page("home, right after a write", visits=logs.visits, read_after=lambda _: "/"),
        Page("session detail, right after a write", visits=logs.visits, read_after=session_of),
        Page("progress dashboard, right after a write", visits=logs.visits, read_after=lambda _: "/progress/"),
    ]
    # A last check that each page answers as a signed-in member would see it.
    for page in found:
        if page.method == "GET" and not page.read_after:
            for reader, visit in zip(readers, page.visits, strict=True):
                status, _, _ = request(port, "GET", visit[0][1], cookies=reader.cookies)
                if status != 200:
                    raise SystemExit(f"{page.name}: HTTP {status} for {reader.username} before the load")
    return found


def session_of(set_log: str) -> str:
    """The page of the session a set log's path (/sessions/<session>/sets/<set>/) logs in."""
    return set_log.rsplit("/sets/", 1)[0] + "/"


def sets_to_log(
    size: str, port: int, crews: list[list[Member]], plans: dict[str, tuple[str, int]], *, sets: int
) -> Page:
    """Each member's workouts, one a day from the day after the generated history (two on some
    days when a small size has too few members for one), started and dated through the app; then
    a set-logging POST for each of their sets in order. Every request logs a set for the first
    time, the newest of its exercise, in a workout of the usual size, as a member does at the gym;
    a connection's crew take turns (the sessions are removed at the end)."""
    share = -(-sets // len(crews[0]))  # sets per member
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
        # Sets of weights and reps, the log measured (a set of another kind takes other fields).
        "WHERE s.id = ANY(%s::uuid[]) AND w.completed_at IS NULL AND w.deleted_at IS NULL "
        "AND w.kind = 'weight_reps' "
        "ORDER BY u.username, s.date, w.position",
        [started],
    )
    queues: dict[str, list[Request]] = {}
    for number, (username, session, workout_set, reps) in enumerate(rows):
        member = members[username]
        form = set_form(member, workout_set, {"actual_reps": reps, "weight_kg": 40 + number % 50, "rpe": "8"})
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
        "SELECT id, target_reps FROM workout_sets WHERE workout_session_id = %s AND kind = 'weight_reps' "
        "ORDER BY position LIMIT 1",
        [session],
    )
    path = f"/sessions/{session}/sets/{workout_set}/"
    body = set_form(member, workout_set, {"actual_reps": reps, "weight_kg": 60, "rpe": "8"})
    status, _, _ = request(port, "POST", path, body=body, cookies=member.cookies)
    if status != 302:
        raise SystemExit(f"logging the set to edit failed (HTTP {status})")
    return (member.cookie, path, body), session


def remove_started_sessions(size: str, page: Page) -> None:
    """The sessions `sets_to_log` started, gone again (their sets and records with them)."""
    if page.started:
        sql(size, "DELETE FROM workout_sessions WHERE id = ANY(%s::uuid[])", [page.started])
