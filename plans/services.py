"""Writes on plans. Keyword-only, atomic; views and commands call these, never the models' save."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from plans.models import WorkoutPlan, WorkoutTemplate


@dataclass(frozen=True)
class ExerciseSpec:
    exercise_name: str
    sets: int = 3
    repetitions: int = 10


@transaction.atomic
def plan_create(
    *, user: User, name: str, description: str | None = None, exercises: Iterable[ExerciseSpec] = ()
) -> WorkoutPlan:
    plan = WorkoutPlan.objects.create(user=user, name=name, description=description)
    for position, spec in enumerate(exercises):
        WorkoutTemplate.objects.create(
            plan=plan,
            exercise_name=spec.exercise_name,
            sets=spec.sets,
            repetitions=spec.repetitions,
            position=position,
        )
    return plan
