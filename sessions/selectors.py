"""Reads on sessions, always scoped to one member."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce, DenseRank, Lower

from accounts.models import User
from sessions.models import WorkoutSession, WorkoutSet

LIVE_SET = Q(sets__deleted_at__isnull=True)
DONE_SET = LIVE_SET & Q(sets__completed_at__isnull=False)
VOLUME = ExpressionWrapper(F("sets__actual_reps") * F("sets__weight_kg"), output_field=DecimalField())


def sessions_with_totals(user: User) -> QuerySet[WorkoutSession]:
    """The member's live sessions, newest first, each with its set counts, reps and tonnage."""
    return (
        WorkoutSession.objects.for_user(user)
        .select_related("plan")
        .annotate(
            planned_sets=Count("sets", filter=LIVE_SET),
            done_sets=Count("sets", filter=DONE_SET),
            total_reps=Coalesce(Sum("sets__actual_reps", filter=DONE_SET), 0),
            tonnage=Coalesce(Sum(VOLUME, filter=DONE_SET), Decimal(0), output_field=DecimalField()),
        )
        .order_by("-date", "-created_at")
    )


def session_for_logging(user: User, pk: Any) -> WorkoutSession:
    """One session with its live sets (and their exercises) loaded, or DoesNotExist."""
    sets = WorkoutSet.objects.select_related("template").order_by("position", "created_at")
    return sessions_with_totals(user).prefetch_related(Prefetch("sets", queryset=sets, to_attr="live_sets")).get(pk=pk)


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


def previous_performance(session: WorkoutSession, exercise_names: set[str]) -> dict[str, list[dict[str, Any]]]:
    """For each exercise (by name, in any plan), the sets logged in the member's latest earlier
    session that had it: one query, whatever the history's length."""
    if not exercise_names:
        return {}
    rows = (
        WorkoutSet.objects.filter(
            session__user_id=session.user_id,
            session__deleted_at__isnull=True,
            completed_at__isnull=False,
            session__date__lte=session.date,
        )
        .exclude(session_id=session.pk)
        .annotate(exercise=Lower("template__exercise_name"))
        .filter(exercise__in=[name.lower() for name in exercise_names])
        .annotate(
            recency=Window(
                DenseRank(),
                partition_by=[Lower("template__exercise_name")],
                order_by=[F("session__date").desc(), F("session__created_at").desc(), F("session_id").asc()],
            )
        )
        .filter(recency=1)
        .order_by("exercise", "position")
        .values("exercise", "session__date", "actual_reps", "weight_kg")
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["exercise"], []).append(dict(row))
    return found


@dataclass
class Today:
    """What the home page answers: what to do today, and what was done lately."""

    in_progress: WorkoutSession | None
    next_plan: Any
    plans: list[Any]
    recent: list[WorkoutSession]


def today_for(user: User, *, today: Any, recent: int = 5) -> Today:
    from plans.models import WorkoutPlan
    from sessions.services import EXTRA_EXERCISES_PLAN

    sessions = list(sessions_with_totals(user)[:recent])
    plans = list(WorkoutPlan.objects.for_user(user).exclude(name=EXTRA_EXERCISES_PLAN).order_by("created_at", "name"))
    in_progress = next((s for s in sessions if s.date == today and s.finished_at is None), None)
    # Plans are done in turn: the one after the plan of the latest session, else the first.
    last_plan_id = next((s.plan_id for s in sessions if s.plan_id), None)
    ids = [p.pk for p in plans]
    next_plan = None
    if plans:
        next_plan = plans[(ids.index(last_plan_id) + 1) % len(plans)] if last_plan_id in ids else plans[0]
    return Today(in_progress=in_progress, next_plan=next_plan, plans=plans, recent=sessions)
