"""Everything a member owns, taken out: a CSV of their sets (one row per set, the header
`imports.parsed.OWN_HEADER`, which `imports.parse` reads back) and a JSON of all of it (exercises
of their own, plans, sessions with their sets, body weights).

Both are streamed: each table is read once, in order, through a server-side cursor
(`.iterator(chunk_size=…)`), and a session meets its sets by walking both streams side by side,
so memory holds one session at a time and the number of queries does not grow with the history.

What is written:
- Live rows only: a session, set, plan, exercise or body weight in the trash is not exported (the
  trash is a place to undo a mistake from, not history).
- Weights in kilograms and distances in metres, exactly as stored, whatever unit the member reads
  them in: 135 lb is "61.23496995". The CSV says so on every row (Weight Unit "kg", Distance Unit
  "m"); the JSON in its keys (`weight_kg`, `distance_m`). Decimals are never floats: in the JSON
  they are strings.
- Times ISO 8601 in the member's time zone, with its offset, to the second.
- Text as the member (or their coach) wrote it, even a note that starts with "=", "+", "-" or "@",
  which a spreadsheet may take for a formula. An escape (a leading apostrophe) would change the
  data, and a file read back must give the same history ("-5 kg next time" is a real note); the
  file only ever goes to the member it is about. Open it in a spreadsheet as text to be safe.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import json
import zoneinfo
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from gymtracker import rls
from imports.parsed import OWN_HEADER
from plans import supersets
from plans.models import Exercise, WorkoutPlan, WorkoutTemplate
from progress.models import BodyWeight
from sessions.models import WorkoutSession, WorkoutSet

FORMAT = "atomic-gym-tracker"
VERSION = 1
# Rows fetched per round trip from each server-side cursor.
CHUNK_SIZE = 2000
# Pieces are sent in pieces of about this many characters: a write to the socket per CSV row
# would cost more than the row.
SEND_SIZE = 64 * 1024


def filename(user: User, extension: str) -> str:
    """atomic-gym-tracker-<username>-<the member's today>.<extension>"""
    today = timezone.now().astimezone(member_zone(user)).date()
    return f"{FORMAT}-{user.username}-{today:%Y-%m-%d}.{extension}"


def member_zone(user: User) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC  # as the pages do (gymtracker.middleware.MemberTimeZoneMiddleware)


def csv_stream(user: User) -> Iterator[str]:
    """The CSV, one row per live set of a live session: oldest session first, then its exercises
    in the order the session page shows them, then each exercise's sets in order."""
    return _streamed(user, _csv_lines(user))


def json_stream(user: User) -> Iterator[str]:
    return _streamed(user, _json_pieces(user))


# --- Reading ----------------------------------------------------------------------------------


def _streamed(user: User, pieces: Iterator[str]) -> Iterator[str]:
    """`pieces`, read as `user` in one read-only snapshot, joined into pieces of about SEND_SIZE.

    A streaming response is iterated after the request's transaction has ended
    (gymtracker.middleware.RowLevelSecurityMiddleware), so the reading needs a transaction and a
    database context of its own; without them row-level security would show nothing. The
    context is a backstop: every query below is scoped to `user` itself."""
    with _snapshot(), rls.user_context(user):
        batch: list[str] = []
        size = 0
        for piece in pieces:
            batch.append(piece)
            size += len(piece)
            if size >= SEND_SIZE:
                yield "".join(batch)
                batch, size = [], 0
        if batch:
            yield "".join(batch)


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    # One snapshot for every table read: the sessions and their sets, read by two cursors, agree
    # even while the member logs a set in another tab. Read only: an export writes nothing.
    # Inside a transaction already (the test suite's, see the middleware) it reads in that one.
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _sessions(user: User) -> Iterator[WorkoutSession]:
    sessions = WorkoutSession.objects.for_user(user).select_related("plan").defer("notes_search")
    return sessions.order_by("date", "created_at", "id").iterator(chunk_size=CHUNK_SIZE)


def _sets(user: User) -> Iterator[WorkoutSet]:
    """Live sets of live sessions, in the order of `_sessions`, then as the session orders them."""
    # The session is joined for the key that matches each set to its session (_workouts); its
    # text comes once, with the session itself, not again with each of its sets.
    sets = (
        WorkoutSet.objects.for_user(user)
        .filter(session__deleted_at__isnull=True)
        .select_related("session", "template")
        .defer("session__notes", "session__notes_search")
    )
    return sets.order_by("session__date", "session__created_at", "session_id", "position", "created_at", "id").iterator(
        chunk_size=CHUNK_SIZE
    )


def _with_children[P, C](
    parents: Iterable[P], children: Iterable[C], *, key: Callable[[P], Any], parent_key: Callable[[C], Any]
) -> Iterator[tuple[P, list[C]]]:
    """Each parent with its children, from two streams in the same order (`key` of a parent,
    `parent_key` of a child: keys that sort in Python as in PostgreSQL, so no text). A child whose
    parent is not in `parents` is passed over."""
    rest = iter(children)
    pending = next(rest, None)
    for parent in parents:
        own = key(parent)
        mine: list[C] = []
        while pending is not None and parent_key(pending) <= own:
            if parent_key(pending) == own:
                mine.append(pending)
            pending = next(rest, None)
        yield parent, mine


@dataclass
class _Exercise:
    """An exercise of a session with its sets, and its superset's number in the workout (or None)."""

    template: WorkoutTemplate
    sets: list[WorkoutSet]
    superset: int | None = None


def _exercises(sets: list[WorkoutSet]) -> list[_Exercise]:
    """A session's sets by exercise, in the order first met (as the session page shows them)."""
    by_template: dict[Any, _Exercise] = {}
    for workout_set in sets:
        by_template.setdefault(workout_set.template_id, _Exercise(workout_set.template, [])).sets.append(workout_set)
    exercises = list(by_template.values())
    # Numbered afresh per workout from the plan's groups (plans.supersets): an exercise added from
    # another plan ("Extra exercises") is never in a superset of this one, even with its number.
    keys: list[Hashable | None] = [
        None if e.template.superset is None else (e.template.plan_id, e.template.superset) for e in exercises
    ]
    for exercise, number in zip(exercises, supersets.numbered(keys), strict=True):
        exercise.superset = number
    return exercises


def _workouts(user: User) -> Iterator[tuple[WorkoutSession, list[_Exercise]]]:
    """Every live session, oldest first, with its exercises and their live sets."""
    by_session = _with_children(
        _sessions(user),
        _sets(user),
        key=lambda s: (s.date, s.created_at, s.pk),
        parent_key=lambda s: (s.session.date, s.session.created_at, s.session_id),
    )
    for session, sets in by_session:
        yield session, _exercises(sets)


# --- Values -----------------------------------------------------------------------------------


def exact(value: Decimal | None) -> str | None:
    """A decimal exactly, without trailing zeros or an exponent: 61.2349699500 → "61.23496995",
    100 → "100" (normalize alone gives 1E+2), 0E-10 → "0"."""
    if value is None:
        return None
    return f"{value.normalize():f}"


def moment(value: datetime.datetime | None, zone: datetime.tzinfo) -> str | None:
    """ISO 8601 in the member's zone, with its offset, to the second."""
    return None if value is None else value.astimezone(zone).isoformat(timespec="seconds")


# --- CSV --------------------------------------------------------------------------------------


class _Line:
    """What csv.writer writes to: it hands the line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def _csv_lines(user: User) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(OWN_HEADER)
    zone = member_zone(user)
    for session, exercises in _workouts(user):
        workout = [
            session.date.isoformat(),
            moment(session.created_at, zone),
            moment(session.finished_at, zone),
            session.plan.name if session.plan else "",
            session.notes or "",
        ]
        for exercise in exercises:
            for order, workout_set in enumerate(exercise.sets, 1):
                yield writer.writerow([*workout, *_csv_set(exercise, order, workout_set, zone)])


def _csv_set(exercise: _Exercise, order: int, s: WorkoutSet, zone: datetime.tzinfo) -> list[Any]:
    # In OWN_HEADER's order from "Exercise"; None is written as an empty cell.
    return [
        exercise.template.exercise_name,
        exercise.superset,
        order,
        s.set_type,
        exact(s.weight_kg),
        exact(s.added_kg),
        exact(s.body_weight_kg),
        "kg",
        s.actual_reps if s.records_reps else None,
        exact(s.distance_m),
        "m" if s.distance_m is not None else None,
        s.duration_seconds,
        exact(s.rpe),
        "yes" if s.completed_at else "no",
        moment(s.completed_at, zone),
    ]


# --- JSON -------------------------------------------------------------------------------------


def _json_pieces(user: User) -> Iterator[str]:
    zone = member_zone(user)
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": moment(timezone.now(), zone),
        "member": {"username": user.username, "weight_unit": user.weight_unit, "time_zone": user.time_zone},
    }
    arrays: dict[str, Iterator[dict[str, Any]]] = {
        "exercises": (_json_exercise(e) for e in _own_exercises(user)),
        "plans": (_json_plan(plan, templates, zone) for plan, templates in _plans(user)),
        "sessions": (_json_session(session, exercises, zone) for session, exercises in _workouts(user)),
        "body_weights": (_json_body_weight(b) for b in _body_weights(user)),
    }
    # The head's object left open; each array follows it item by item.
    yield _dumps(head)[:-1]
    for name, items in arrays.items():
        yield f", {_dumps(name)}: ["
        for index, item in enumerate(items):
            yield ("," if index else "") + "\n" + _dumps(item)
        yield "\n]"
    yield "}\n"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _own_exercises(user: User) -> Iterator[Exercise]:
    return Exercise.objects.owned_by(user).order_by("name", "id").iterator(chunk_size=CHUNK_SIZE)


def _plans(user: User) -> Iterator[tuple[WorkoutPlan, list[WorkoutTemplate]]]:
    plans = WorkoutPlan.objects.for_user(user).order_by("created_at", "id").iterator(chunk_size=CHUNK_SIZE)
    templates = (
        WorkoutTemplate.objects.for_user(user)
        .filter(plan__deleted_at__isnull=True)
        .select_related("plan", "exercise")
        .order_by("plan__created_at", "plan_id", "position", "created_at", "id")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return _with_children(
        plans, templates, key=lambda p: (p.created_at, p.pk), parent_key=lambda t: (t.plan.created_at, t.plan_id)
    )


def _body_weights(user: User) -> Iterator[BodyWeight]:
    return BodyWeight.objects.for_user(user).order_by("date", "id").iterator(chunk_size=CHUNK_SIZE)


def _json_exercise(exercise: Exercise) -> dict[str, Any]:
    return {
        "name": exercise.name,
        "kind": exercise.kind,
        "category": exercise.category,
        "equipment": exercise.equipment,
        "muscles": {"primary": exercise.primary_muscles, "secondary": exercise.secondary_muscles},
    }


def _json_plan(plan: WorkoutPlan, templates: list[WorkoutTemplate], zone: datetime.tzinfo) -> dict[str, Any]:
    return {
        "name": plan.name,
        "description": plan.description,
        "created_at": moment(plan.created_at, zone),
        "exercises": [
            {
                "exercise": t.exercise_name,
                "kind": t.exercise.kind,
                "position": t.position,
                "sets": t.sets,
                "repetitions": t.repetitions,
                "repetitions_top": t.repetitions_top,
                "superset": t.superset,
                "rest_seconds": t.rest_seconds,
                "progression": t.progression,
                "increment_kg": exact(t.increment_kg),
                "deload_after": t.deload_after,
                "deload_percent": t.deload_percent,
            }
            for t in templates
        ],
    }


def _json_session(session: WorkoutSession, exercises: list[_Exercise], zone: datetime.tzinfo) -> dict[str, Any]:
    return {
        "date": session.date.isoformat(),
        "start": moment(session.created_at, zone),
        "end": moment(session.finished_at, zone),
        "plan": session.plan.name if session.plan else None,
        "notes": session.notes or "",
        "sets": [
            _json_set(exercise, order, workout_set, zone)
            for exercise in exercises
            for order, workout_set in enumerate(exercise.sets, 1)
        ],
    }


def _json_set(exercise: _Exercise, order: int, s: WorkoutSet, zone: datetime.tzinfo) -> dict[str, Any]:
    return {
        "exercise": exercise.template.exercise_name,
        "superset": exercise.superset,
        "set_order": order,
        "set_type": s.set_type,
        "kind": s.kind,
        "weight_kg": exact(s.weight_kg),
        "added_kg": exact(s.added_kg),
        "body_weight_kg": exact(s.body_weight_kg),
        "reps": s.actual_reps if s.records_reps else None,
        "target_reps": s.target_reps,
        "distance_m": exact(s.distance_m),
        "duration_seconds": s.duration_seconds,
        "rpe": exact(s.rpe),
        "done": s.completed_at is not None,
        "logged_at": moment(s.completed_at, zone),
    }


def _json_body_weight(body_weight: BodyWeight) -> dict[str, Any]:
    return {"date": body_weight.date.isoformat(), "weight_kg": exact(body_weight.weight_kg), "note": body_weight.note}
