"""Reads of plans beyond a QuerySet method. Every one is scoped to the member asking."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from plans.models import WorkoutPlan, WorkoutTemplate
from plans.training import LoggedSet, Progression

if TYPE_CHECKING:
    from accounts.models import User

LIVE_EXERCISES = Q(templates__deleted_at__isnull=True)


def exercises_of(plan: WorkoutPlan) -> QuerySet[WorkoutTemplate]:
    """A plan's live exercises in their order."""
    return WorkoutTemplate.objects.filter(plan=plan).order_by("position", "created_at")


def _with_exercise_count(plans: QuerySet[WorkoutPlan]) -> QuerySet[WorkoutPlan]:
    return plans.annotate(exercise_count=Count("templates", filter=LIVE_EXERCISES))


def plans_for_list(*, user: User) -> QuerySet[WorkoutPlan]:
    """The member's live plans with `exercise_count`, counted in SQL, by name, each with its writer
    (`created_by`: None where it is nobody the reader may see, such as a former coach)."""
    plans = WorkoutPlan.objects.for_user(user).select_related("created_by")
    return _with_exercise_count(plans).order_by("name", "created_at", "pk")


def plans_with_exercises(*, user: User) -> QuerySet[WorkoutPlan]:
    """The live plans `user` manages (their own, and their members' for a coach), each with its
    live exercises in order as `plan.exercises`, and its member as `plan.user`."""
    return (
        WorkoutPlan.objects.managed_by(user)
        .select_related("user", "created_by")
        .prefetch_related(
            Prefetch(
                "templates",
                queryset=WorkoutTemplate.objects.order_by("position", "created_at"),
                to_attr="exercises",
            )
        )
    )


def deleted_plans(*, user: User) -> QuerySet[WorkoutPlan]:
    """The member's plans in the trash, most recently deleted first, with `exercise_count`."""
    return _with_exercise_count(WorkoutPlan.all_objects.for_user(user).deleted()).order_by("-deleted_at", "pk")


# For each exercise name: the member's exercises of that name in any of their plans (a handful of
# rows from the plans' user index; the sets policy only lets a member's sets name their own plans'
# exercises), then the member's latest `window` sessions before this one with a logged set of one
# of them (newest first from the partial index workout_sessions_recent_live, each probed through
# the (session, template) index, stopping at the window), then those sessions' sets of them.
# Matching the sets by template id rather than by joining on lower(exercise_name) keeps PostgreSQL
# from reading every set of the exercise in the member's whole history first: 0.4 ms instead of
# 15-25 ms at the large benchmark size. "Before" is by date, then by when the session was started,
# so a session logged later for an earlier day reads only what came before it. Warm-ups are left
# out (progress_set_working): progression goes by the work sets. The session page
# reads its "last time" (the newest) and its suggestion (all of the window) from this one query.
RECENT_PERFORMANCES = """
WITH exercises AS (
    SELECT lower(t.exercise_name) AS name, array_agg(t.id) AS template_ids
    FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
    WHERE p.user_id = %(user)s AND lower(t.exercise_name) = ANY(%(names)s::text[])
    GROUP BY 1
)
SELECT e.name, s.id AS session_id, s.date, ws.actual_reps, ws.weight_kg, ws.target_reps
FROM exercises e
CROSS JOIN LATERAL (
    SELECT s.id, s.date, s.created_at FROM workout_sessions s
    WHERE s.user_id = %(user)s AND s.deleted_at IS NULL AND s.id <> %(session)s
      AND s.date <= %(date)s AND (s.date, s.created_at) < (%(date)s, %(created_at)s)
      AND EXISTS (
        SELECT 1 FROM workout_sets ws
        WHERE ws.workout_session_id = s.id AND ws.workout_template_id = ANY(e.template_ids)
          AND progress_set_working(ws))
    ORDER BY s.date DESC, s.created_at DESC
    LIMIT %(window)s
) s
JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY(e.template_ids)
    AND progress_set_working(ws)
ORDER BY e.name, s.date DESC, s.created_at DESC, s.id, ws.position, ws.created_at
"""


def recent_performances(session: Any, exercise_names: set[str], *, window: int) -> dict[str, list[list[LoggedSet]]]:
    """For each exercise name (lower case), the completed sets of each of the member's latest
    `window` sessions before `session` that had it, newest first: one query."""
    if not exercise_names:
        return {}
    params = {
        "names": sorted({name.lower() for name in exercise_names}),
        "user": session.user_id,
        "session": session.pk,
        "date": session.date,
        "created_at": session.created_at,
        "window": window,
    }
    found: dict[str, list[list[LoggedSet]]] = {}
    last: tuple[str, UUID] | None = None
    with connection.cursor() as cursor:
        cursor.execute(RECENT_PERFORMANCES, params)
        for name, session_id, date, reps, weight_kg, target_reps in cursor.fetchall():
            sessions = found.setdefault(name, [])
            if last != (name, session_id):
                sessions.append([])
                last = (name, session_id)
            sessions[-1].append(LoggedSet(reps=reps, weight_kg=weight_kg, target_reps=target_reps, date=date))
    return found


def window_of(templates: Iterable[WorkoutTemplate]) -> int:
    """Earlier sessions the templates' rules read: enough for the longest deload count among
    them, one for every other rule."""
    return max(((t.deload_after or 1) if t.progression != Progression.NONE else 1 for t in templates), default=1)
