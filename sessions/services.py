"""Writes on workout sessions and sets. Keyword-only and atomic."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from plans.models import WorkoutPlan
from sessions.models import WorkoutSession, WorkoutSet


@transaction.atomic
def session_start(*, user: User, plan: WorkoutPlan, date: datetime.date, notes: str | None = None) -> WorkoutSession:
    """Create a session and its planned sets: each exercise's `sets` × `repetitions` as targets."""
    if plan.user_id != user.pk:
        raise WorkoutPlan.DoesNotExist
    session = WorkoutSession.objects.create(user=user, date=date, notes=notes)
    planned: list[WorkoutSet] = []
    for template in plan.templates.order_by("position", "created_at"):
        for _ in range(template.sets):
            planned.append(
                WorkoutSet(session=session, template=template, target_reps=template.repetitions, position=len(planned))
            )
    bulk_create_with_history(planned, WorkoutSet)
    return session


@transaction.atomic
def set_log(
    *,
    workout_set: WorkoutSet,
    actual_reps: int,
    weight_kg: Decimal | None = None,
    rpe: Decimal | None = None,
    completed_at: datetime.datetime | None = None,
) -> WorkoutSet:
    workout_set.actual_reps = actual_reps
    workout_set.weight_kg = weight_kg
    workout_set.rpe = rpe
    workout_set.completed_at = completed_at or timezone.now()
    workout_set.save(update_fields=["actual_reps", "weight_kg", "rpe", "completed_at", "updated_at"])
    return workout_set
