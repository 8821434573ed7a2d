"""Writes on plans. Keyword-only, atomic; views and commands call these, never the models' save."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from plans.models import WorkoutPlan, WorkoutTemplate


@dataclass(frozen=True)
class ExerciseSpec:
    exercise_name: str
    sets: int = 3
    repetitions: int = 10
    # The saved exercise this one edits; None for a new exercise.
    template_id: uuid.UUID | None = None


@transaction.atomic
def plan_create(
    *,
    user: User,
    name: str,
    description: str | None = None,
    exercises: Iterable[ExerciseSpec] = (),
    created_by: User | None = None,
) -> WorkoutPlan:
    """A plan for `user`, written by `created_by` (the member themselves, or their coach)."""
    plan = WorkoutPlan.objects.create(user=user, name=name, description=description, created_by=created_by)
    for position, spec in enumerate(exercises):
        exercise_create(plan=plan, spec=spec, position=position)
    return plan


def exercise_create(*, plan: WorkoutPlan, spec: ExerciseSpec, position: int) -> WorkoutTemplate:
    return WorkoutTemplate.objects.create(
        plan=plan, exercise_name=spec.exercise_name, sets=spec.sets, repetitions=spec.repetitions, position=position
    )


@transaction.atomic
def plan_update(
    *, plan: WorkoutPlan, version: int, name: str, description: str | None, exercises: Sequence[ExerciseSpec]
) -> WorkoutPlan:
    """Save a plan and its exercises as one edit made from `version` of the plan.

    The exercises become exactly `exercises`, in that order (positions 0..n-1): specs naming a
    saved exercise update it (bringing it back if it was deleted meanwhile), the others are
    created, and the plan's exercises left out are soft-deleted, never removed, since logged
    sets may point at them.

    The plan is saved first and always: that claims `version` (StaleVersionError, and nothing
    written, when someone saved since the member opened the form) and locks the plan's row, so
    every change to the exercises also moves the plan to a new version.
    """
    plan.version = version
    plan.name = name
    plan.description = description
    plan.save(update_fields=["name", "description", "updated_at"])

    saved = {template.pk: template for template in WorkoutTemplate.all_objects.filter(plan=plan)}
    kept: set[uuid.UUID] = set()
    for position, spec in enumerate(exercises):
        template = saved.get(spec.template_id) if spec.template_id is not None else None
        if template is None or template.pk in kept:
            exercise_create(plan=plan, spec=spec, position=position)
            continue
        kept.add(template.pk)
        wanted = {
            "exercise_name": spec.exercise_name,
            "sets": spec.sets,
            "repetitions": spec.repetitions,
            "position": position,
            "deleted_at": None,
        }
        changed = [field for field, value in wanted.items() if getattr(template, field) != value]
        if changed:
            for field in changed:
                setattr(template, field, wanted[field])
            template.save(update_fields=[*changed, "updated_at"])
    for template in saved.values():
        if template.pk not in kept and not template.is_deleted:
            template.soft_delete()
    return plan


@transaction.atomic
def plan_duplicate(
    *, plan: WorkoutPlan, user: User, name: str | None = None, created_by: User | None = None
) -> WorkoutPlan:
    """A new plan for `user` (named "Copy of …" unless `name` is given), with the plan's live
    exercises in their order, written by `created_by`."""
    exercises = [
        ExerciseSpec(exercise_name=template.exercise_name, sets=template.sets, repetitions=template.repetitions)
        for template in WorkoutTemplate.objects.filter(plan=plan).order_by("position", "created_at")
    ]
    return plan_create(
        user=user,
        name=name or f"Copy of {plan.name}",
        description=plan.description,
        exercises=exercises,
        created_by=created_by,
    )


@transaction.atomic
def plan_soft_delete(*, plan: WorkoutPlan) -> WorkoutPlan:
    """Move a plan to the trash. Its exercises stay as they are (and its sessions keep their
    sets), so restoring it brings back exactly what was deleted."""
    plan.soft_delete()
    return plan


@transaction.atomic
def plan_restore(*, plan: WorkoutPlan) -> WorkoutPlan:
    if plan.is_deleted:
        plan.restore()
    return plan
