"""Writes on plans. Keyword-only, atomic; views and commands call these, never the models' save."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from gymtracker.db import write_once
from plans.models import Exercise, WorkoutPlan, WorkoutTemplate
from plans.supersets import numbered
from plans.training import DEFAULT_DELOAD_AFTER, DEFAULT_DELOAD_PERCENT, Progression


@dataclass(frozen=True)
class ExerciseSpec:
    exercise_name: str
    sets: int = 3
    repetitions: int = 10
    # The saved exercise this one edits; None for a new exercise.
    template_id: uuid.UUID | None = None
    # Rest and progression (plans.training); None: the default.
    rest_seconds: int | None = None
    progression: str = Progression.NONE
    repetitions_top: int | None = None
    increment_kg: Decimal | None = None
    deload_after: int | None = DEFAULT_DELOAD_AFTER
    deload_percent: int = DEFAULT_DELOAD_PERCENT
    # Its superset (plans.supersets): neighbours with the same number are done in turn.
    superset: int | None = None

    @classmethod
    def of(cls, template: WorkoutTemplate) -> "ExerciseSpec":
        """The spec of a saved exercise, as a new one (for copies)."""
        return cls(**{name: getattr(template, name) for name in EXERCISE_FIELDS})


# What an exercise is made of: every field of a spec but the exercise it edits.
EXERCISE_FIELDS = tuple(f.name for f in fields(ExerciseSpec) if f.name != "template_id")


def _with_supersets_numbered(exercises: Iterable[ExerciseSpec]) -> list[ExerciseSpec]:
    """The exercises with their groups numbered as stored (plans.supersets.numbered): whatever
    numbers a caller sent, only neighbours are ever one group, and the plan's groups are 1, 2, …"""
    specs = list(exercises)
    numbers = numbered([spec.superset for spec in specs])
    return [replace(spec, superset=number) for spec, number in zip(specs, numbers, strict=True)]


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
    for position, spec in enumerate(_with_supersets_numbered(exercises)):
        exercise_create(plan=plan, spec=spec, position=position)
    return plan


def exercise_create(*, plan: WorkoutPlan, spec: ExerciseSpec, position: int) -> WorkoutTemplate:
    return WorkoutTemplate.objects.create(
        plan=plan, position=position, **{name: getattr(spec, name) for name in EXERCISE_FIELDS}
    )


@transaction.atomic
def plan_update(
    *, plan: WorkoutPlan, version: int, name: str, description: str | None, exercises: Sequence[ExerciseSpec]
) -> WorkoutPlan:
    """Save a plan and its exercises as one edit made from `version` of the plan.

    The exercises become exactly `exercises`, in that order (positions 0..n-1), their supersets
    numbered as stored (plans.supersets.numbered): specs naming a
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
    for position, spec in enumerate(_with_supersets_numbered(exercises)):
        template = saved.get(spec.template_id) if spec.template_id is not None else None
        if template is None or template.pk in kept:
            exercise_create(plan=plan, spec=spec, position=position)
            continue
        kept.add(template.pk)
        wanted = {name: getattr(spec, name) for name in EXERCISE_FIELDS} | {"position": position, "deleted_at": None}
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
        ExerciseSpec.of(template)
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
    sets), so restoring it brings back exactly what was deleted. Deleting a deleted plan (a double
    click) changes nothing."""
    return write_once(plan, reached=lambda p: p.is_deleted, write=WorkoutPlan.soft_delete)


@transaction.atomic
def plan_restore(*, plan: WorkoutPlan) -> WorkoutPlan:
    """Restoring a plan that is back (another tab, a second tap) changes nothing."""
    return write_once(plan, reached=lambda p: not p.is_deleted, write=WorkoutPlan.restore)


# A member's own exercises. The library's are staff's (the admin) and the data files'.


@transaction.atomic
def custom_exercise_create(
    *, owner: User, name: str, kind: str, equipment: str | None = None, primary_muscles: Sequence[str] = ()
) -> Exercise:
    """An exercise of `owner`'s own. Two of theirs by one name (exercise_name_key) are refused by
    the unique key (IntegrityError): the form says so first."""
    return Exercise.objects.create(
        owner=owner, name=name, kind=kind, equipment=equipment, primary_muscles=list(primary_muscles)
    )


@transaction.atomic
def custom_exercise_update(
    *,
    exercise: Exercise,
    version: int,
    name: str,
    kind: str,
    equipment: str | None,
    primary_muscles: Sequence[str],
) -> Exercise:
    """Save a member's exercise as edited from `version` (StaleVersionError, and nothing written,
    when it was saved since). A new name reaches every plan that names it (exercises_renamed)."""
    exercise.version = version
    exercise.name = name
    exercise.kind = kind
    exercise.equipment = equipment
    exercise.primary_muscles = list(primary_muscles)
    exercise.save(update_fields=["name", "kind", "equipment", "primary_muscles", "updated_at"])
    return exercise


@transaction.atomic
def custom_exercise_delete(*, exercise: Exercise) -> Exercise:
    """Soft-delete a member's exercise. The plans and sessions that name it keep it as it was; a
    plan that names it again (typed afresh) gets a new one. Deleting it twice changes nothing."""
    return write_once(exercise, reached=lambda e: e.is_deleted, write=Exercise.soft_delete)
