"""Reads on sessions, always scoped to one member."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, DecimalField, F, Prefetch, Q, QuerySet, Sum

from accounts.models import User
from sessions.models import WorkoutSession, WorkoutSet


def sessions_of(user: User) -> QuerySet[WorkoutSession]:
    """The member's live sessions, newest first (read from the partial index
    workout_sessions_recent_live), with their plans; `with_totals` adds the totals to a page."""
    return WorkoutSession.objects.for_user(user).select_related("plan").order_by("-date", "-created_at")


def deleted_sessions(user: User) -> QuerySet[WorkoutSession]:
    """The member's sessions in the trash, most recently deleted first, with their plans (a
    deleted plan's name too); `with_totals` adds the totals to a page."""
    deleted = WorkoutSession.all_objects.for_user(user).deleted()
    return deleted.select_related("plan").order_by("-deleted_at", "-date", "pk")


def with_totals(sessions: Iterable[WorkoutSession]) -> list[WorkoutSession]:
    """The given sessions, each with its set counts, reps and tonnage, in one query.

    One GROUP BY over the shown sessions' sets (20 on a page, 5 at home) costs a millisecond
    whatever the member's history. Four correlated sub-queries per session cost about as much to
    run but five times as much to plan: each names workout_sets, so PostgreSQL plans its row-level
    security policy four times over."""
    sessions = list(sessions)
    done = Q(completed_at__isnull=False)
    rows = (
        WorkoutSet.objects.filter(session_id__in=[s.pk for s in sessions])
        .order_by()
        .values("session_id")
        .annotate(
            planned=Count("pk"),
            done=Count("pk", filter=done),
            reps=Sum("actual_reps", filter=done),
            tonnage=Sum(F("actual_reps") * F("weight_kg"), filter=done, output_field=DecimalField()),
        )
        if sessions
        else []
    )
    totals: dict[Any, dict[str, Any]] = {row["session_id"]: dict(row) for row in rows}
    for session in sessions:
        row = totals.get(session.pk, {})
        session.planned_sets = row.get("planned", 0)  # type: ignore[attr-defined]
        session.done_sets = row.get("done", 0)  # type: ignore[attr-defined]
        session.total_reps = row.get("reps") or 0  # type: ignore[attr-defined]
        session.tonnage = row.get("tonnage") or Decimal(0)  # type: ignore[attr-defined]
    return sessions


def session_for_logging(user: User, pk: Any) -> WorkoutSession:
    """One session with its live sets (and their exercises) loaded and the totals that
    with_totals gives, or DoesNotExist."""
    from coaching.models import SessionComment

    sets = WorkoutSet.objects.select_related("template").order_by("position", "created_at")
    comments = SessionComment.objects.select_related("author").order_by("created_at")
    session = (
        WorkoutSession.objects.for_user(user)
        .select_related("plan")
        .prefetch_related(
            Prefetch("sets", queryset=sets, to_attr="live_sets"),
            Prefetch("comments", queryset=comments, to_attr="coach_comments"),
        )
        .get(pk=pk)
    )
    # Every live set is loaded already: adding them up here costs less than building and planning
    # the totals query of with_totals.
    done = [s for s in session.live_sets if s.completed_at is not None]
    session.planned_sets = len(session.live_sets)  # type: ignore[attr-defined]
    session.done_sets = len(done)  # type: ignore[attr-defined]
    session.total_reps = sum(s.actual_reps for s in done)  # type: ignore[attr-defined]
    session.tonnage = sum(  # type: ignore[attr-defined]
        (s.actual_reps * s.weight_kg for s in done if s.weight_kg is not None), Decimal(0)
    )
    return session


@dataclass
class ExerciseBlock:
    """An exercise of the session and its sets, in the order first met."""

    template: Any
    sets: list[WorkoutSet] = field(default_factory=list)
    previous: list[dict[str, Any]] = field(default_factory=list)


def exercise_blocks(session: WorkoutSession) -> list[ExerciseBlock]:
    blocks: dict[Any, ExerciseBlock] = {}
    for workout_set in session.live_sets:  # type: ignore[attr-defined]
        block = blocks.setdefault(workout_set.template_id, ExerciseBlock(template=workout_set.template))
        block.sets.append(workout_set)
    previous = previous_performance(session, {b.template.exercise_name for b in blocks.values()})
    for block in blocks.values():
        block.previous = previous.get(block.template.exercise_name.lower(), [])
    return list(blocks.values())


# For each exercise name: the member's exercises of that name in any of their plans (a handful of
# rows from the plans' user index; the sets policy only lets a member's sets name their own plans'
# exercises), then the member's latest earlier session with a logged set of one of them (newest
# first from the partial index, each session probed through the (session, template) index,
# stopping at the first hit), then that session's sets of them. Matching the sets by template id
# rather than by joining on lower(exercise_name) keeps PostgreSQL from reading every set of the
# exercise in the member's whole history first: 0.4 ms instead of 15-25 ms at the large
# benchmark size.
PREVIOUS_PERFORMANCE = """
WITH exercises AS (
    SELECT lower(t.exercise_name) AS name, array_agg(t.id) AS template_ids
    FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
    WHERE p.user_id = %(user)s AND lower(t.exercise_name) = ANY(%(names)s::text[])
    GROUP BY 1
)
SELECT e.name AS exercise, s.date AS session__date, ws.actual_reps, ws.weight_kg
FROM exercises e
CROSS JOIN LATERAL (
    SELECT s.id, s.date FROM workout_sessions s
    WHERE s.user_id = %(user)s AND s.deleted_at IS NULL AND s.id <> %(session)s AND s.date <= %(date)s
      AND EXISTS (
        SELECT 1 FROM workout_sets ws
        WHERE ws.workout_session_id = s.id AND ws.workout_template_id = ANY(e.template_ids)
          AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL)
    ORDER BY s.date DESC
    LIMIT 1
) s
JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY(e.template_ids)
    AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
ORDER BY e.name, ws.position, ws.created_at
"""


def previous_performance(session: WorkoutSession, exercise_names: set[str]) -> dict[str, list[dict[str, Any]]]:
    """For each exercise (by name, in any plan), the sets logged in the member's latest earlier
    session that had it: one query, whose cost does not grow with the history's length."""
    if not exercise_names:
        return {}
    params: dict[str, Any] = {
        "names": sorted({name.lower() for name in exercise_names}),
        "user": session.user_id,
        "session": session.pk,
        "date": session.date,
    }
    found: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(PREVIOUS_PERFORMANCE, params)
        columns = [column.name for column in cursor.description]
        for row in cursor.fetchall():
            record = dict(zip(columns, row, strict=True))
            found.setdefault(record["exercise"], []).append(record)
    return found


@dataclass
class Today:
    """What the home page answers: what to do today, and what was done lately."""

    in_progress: WorkoutSession | None
    next_plan: Any
    plans: list[Any]
    recent: list[WorkoutSession]
    unread_comments: list[Any] = field(default_factory=list)  # the coach's, newest first


def today_for(user: User, *, today: Any, recent: int = 5, comments: int = 5) -> Today:
    from coaching.models import SessionComment
    from plans.models import WorkoutPlan
    from sessions.services import EXTRA_EXERCISES_PLAN

    sessions = with_totals(sessions_of(user)[:recent])
    plans = list(WorkoutPlan.objects.for_user(user).exclude(name=EXTRA_EXERCISES_PLAN).order_by("created_at", "name"))
    in_progress = next((s for s in sessions if s.date == today and s.finished_at is None), None)
    # Plans are done in turn: the one after the plan of the latest session, else the first.
    last_plan_id = next((s.plan_id for s in sessions if s.plan_id), None)
    ids = [p.pk for p in plans]
    next_plan = None
    if plans:
        next_plan = plans[(ids.index(last_plan_id) + 1) % len(plans)] if last_plan_id in ids else plans[0]
    unread = SessionComment.objects.unread_by(user).select_related("author", "session").order_by("-created_at")
    return Today(
        in_progress=in_progress,
        next_plan=next_plan,
        plans=plans,
        recent=sessions,
        unread_comments=list(unread[:comments]),
    )
