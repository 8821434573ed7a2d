from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from accounts import reach
from gymtracker.db import (
    LiveManager,
    ReadBackForeignKey,
    ReadBackTextField,
    SoftDeleteModel,
    SoftDeleteQuerySet,
    VersionedModel,
    uuid_primary_key,
)
from plans.supersets import SUPERSETS_MAX
from plans.training import (
    DEFAULT_DELOAD_AFTER,
    DEFAULT_DELOAD_PERCENT,
    REST_MAX_SECONDS,
    Progression,
    Rule,
    default_rest_seconds,
)

if TYPE_CHECKING:
    from accounts.models import User


class ExerciseKind(models.TextChoices):
    """What a set of an exercise records."""

    WEIGHT_REPS = "weight_reps", "Weight × reps"
    BODYWEIGHT_REPS = "bodyweight_reps", "Bodyweight reps"
    WEIGHTED_BODYWEIGHT = "weighted_bodyweight", "Bodyweight + added load"
    ASSISTED_BODYWEIGHT = "assisted_bodyweight", "Bodyweight − assistance"
    DURATION = "duration", "Duration"
    DISTANCE_DURATION = "distance_duration", "Distance + duration"
    WEIGHT_DURATION = "weight_duration", "Weight + duration"


class ExerciseQuerySet(SoftDeleteQuerySet):
    def library(self) -> Self:
        return self.filter(owner__isnull=True)

    def available_to(self, user: User) -> Self:
        """The library and `user`'s own exercises (what their plans may name)."""
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user))

    def owned_by(self, user: User) -> Self:
        """`user`'s own exercises (not the library's)."""
        return self.filter(owner=user)


class Exercise(SoftDeleteModel, VersionedModel):
    """An exercise: one of the library's (no owner; staff curate them) or a member's own. Plans
    name exercises through it, so the same lift in any plan, typed any common way, is one history
    (the name matching rule: plans/sql/functions/exercise_resolve.sql)."""

    id = uuid_primary_key()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="custom_exercises",
        help_text="The member whose own exercise this is; empty for the library's.",
    )
    name = models.TextField()
    # The name as matching compares it (exercise_name_key), kept by the database.
    key = models.TextField(db_default="", editable=False)
    kind = models.TextField(
        choices=ExerciseKind.choices,
        default=ExerciseKind.WEIGHT_REPS,
        db_default=ExerciseKind.WEIGHT_REPS,
        help_text="What a set of it records.",
    )
    category = models.TextField(null=True, blank=True)  # noqa: DJ001 - the library leaves some empty
    equipment = models.TextField(null=True, blank=True)  # noqa: DJ001
    primary_muscles = ArrayField(models.TextField(), default=list, db_default=[], blank=True)
    secondary_muscles = ArrayField(models.TextField(), default=list, db_default=[], blank=True)

    history = HistoricalRecords(table_name="exercises_history")

    objects = LiveManager.from_queryset(ExerciseQuerySet)()
    all_objects = ExerciseQuerySet.as_manager()

    class Meta:
        db_table = "exercises"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name__regex=r"^\s*$"), name="exercises_name_not_blank"),
            models.CheckConstraint(condition=models.Q(kind__in=ExerciseKind.values), name="exercises_kind_valid"),
            models.UniqueConstraint(
                "owner",
                "key",
                name="exercises_owner_key",
                condition=models.Q(deleted_at__isnull=True),
                nulls_distinct=False,
            ),
        ]
        indexes = [
            GinIndex(OpClass(Lower("name"), name="gin_trgm_ops"), name="exercises_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.name


class ExerciseAlias(models.Model):
    """Another name of a library exercise: what lifters type and other apps export."""

    id = uuid_primary_key()
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="aliases")
    name = models.TextField()
    key = models.TextField(db_default="", editable=False)

    history = HistoricalRecords(table_name="exercise_aliases_history")

    class Meta:
        db_table = "exercise_aliases"
        ordering = ["name"]
        verbose_name_plural = "exercise aliases"
        constraints = [
            models.CheckConstraint(condition=~models.Q(name__regex=r"^\s*$"), name="exercise_aliases_name_not_blank"),
            models.UniqueConstraint(fields=["key"], name="exercise_aliases_key"),
        ]
        indexes = [GinIndex(OpClass(Lower("name"), name="gin_trgm_ops"), name="exercise_aliases_name_trgm")]

    def __str__(self) -> str:
        return self.name


class WorkoutPlanQuerySet(SoftDeleteQuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)

    def managed_by(self, user: User) -> Self:
        """The plans `user` may edit: their own and those of the members they coach now."""
        return self.filter(reach.owned_by_or_coached(user))


class WorkoutPlan(SoftDeleteModel, VersionedModel):
    """A member's named plan: the exercises they intend to do together (`workout_plans`)."""

    id = uuid_primary_key()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workout_plans")
    name = models.TextField()
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - nullable in the design
    # Who wrote it: the member, or their coach writing for them (shown to the member). Set once,
    # when the plan is made; NULL for plans made by a system job, or once that account is gone.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who wrote the plan: the member, or their coach.",
    )

    history = HistoricalRecords(table_name="workout_plans_history")

    objects = LiveManager.from_queryset(WorkoutPlanQuerySet)()
    all_objects = WorkoutPlanQuerySet.as_manager()

    class Meta:
        db_table = "workout_plans"
        ordering = ["name", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name__regex=r"^\s*$"), name="workout_plans_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name


# Bounds of the progression settings (CHECKed; the plan form says so first).
INCREMENT_MAX_KG = 50
DELOAD_AFTER_MAX = 10
DELOAD_PERCENT_MAX = 50


class WorkoutTemplateQuerySet(SoftDeleteQuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(plan__user=user)


class WorkoutTemplate(SoftDeleteModel, VersionedModel):
    """One exercise of a plan with its planned sets and repetitions (`workout_templates`)."""

    id = uuid_primary_key()
    plan = models.ForeignKey(
        WorkoutPlan, on_delete=models.CASCADE, db_column="workout_plan_id", related_name="templates"
    )
    # The exercise, and its name as shown (the database copies it from the exercise, and links a
    # name written without an exercise to the one it matches: plans/sql/functions/workout_templates_exercise.sql).
    exercise = ReadBackForeignKey(Exercise, on_delete=models.RESTRICT, blank=True, related_name="templates")
    exercise_name = ReadBackTextField()
    sets = models.IntegerField(default=3, db_default=3)
    repetitions = models.IntegerField(default=10, db_default=10)
    position = models.IntegerField(default=0, db_default=0, help_text="Order of the exercise within its plan.")
    # Its superset or circuit (plans.supersets): the plan's exercises of one group are adjacent
    # and share a number, the groups numbered 1, 2, … in the plan's order (the services number
    # them at every save); NULL: done on its own.
    # A plain column for exports and imports. Hevy writes a `superset_id` for each exercise of a
    # workout: empty for one on its own, a small integer shared by the exercises of a group,
    # counted from 0. An import reads each workout's ids through plans.supersets.numbered (neighbours
    # with the same id become one group, numbered from 1 in order); an export writes ours, minus
    # one where the other side counts from 0.
    superset = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="Its superset: exercises with the same number (next to each other) are done in turn.",
    )
    # Rest and progression (plans.training): NULLs mean the rule's default.
    rest_seconds = models.IntegerField(
        null=True, blank=True, help_text="Rest between sets; empty: by the reps (3 min up to 5, 2 up to 12, else 90 s)."
    )
    progression = models.TextField(choices=Progression.choices, default=Progression.NONE, db_default=Progression.NONE)
    repetitions_top = models.IntegerField(
        null=True, blank=True, help_text="Double progression: the top of the rep range (repetitions is the bottom)."
    )
    increment_kg = models.DecimalField(
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Weight added when progressing; empty: the smallest step the member's plates allow.",
    )
    deload_after = models.IntegerField(
        null=True,
        blank=True,
        default=DEFAULT_DELOAD_AFTER,
        db_default=DEFAULT_DELOAD_AFTER,
        help_text="Sessions in a row short of target before a deload.",
    )
    deload_percent = models.IntegerField(
        default=DEFAULT_DELOAD_PERCENT,
        db_default=DEFAULT_DELOAD_PERCENT,
        help_text="How much a deload takes off, in %.",
    )

    history = HistoricalRecords(table_name="workout_templates_history")

    objects = LiveManager.from_queryset(WorkoutTemplateQuerySet)()
    all_objects = WorkoutTemplateQuerySet.as_manager()

    class Meta:
        db_table = "workout_templates"
        ordering = ["plan", "position", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(sets__gt=0), name="workout_templates_sets_check"),
            models.CheckConstraint(condition=models.Q(repetitions__gt=0), name="workout_templates_repetitions_check"),
            models.CheckConstraint(condition=models.Q(position__gte=0), name="workout_templates_position_check"),
            models.CheckConstraint(
                condition=models.Q(superset__range=(1, SUPERSETS_MAX)), name="workout_templates_superset_check"
            ),
            models.CheckConstraint(
                condition=~models.Q(exercise_name__regex=r"^\s*$"), name="workout_templates_exercise_name_not_blank"
            ),
            models.CheckConstraint(
                condition=models.Q(rest_seconds__range=(0, REST_MAX_SECONDS)),
                name="workout_templates_rest_seconds_check",
            ),
            models.CheckConstraint(
                condition=models.Q(progression__in=Progression.values), name="workout_templates_progression_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(repetitions_top__gt=models.F("repetitions")),
                name="workout_templates_repetitions_top_check",
            ),
            models.CheckConstraint(
                condition=~models.Q(progression=Progression.DOUBLE) | models.Q(repetitions_top__isnull=False),
                name="workout_templates_double_has_top",
            ),
            models.CheckConstraint(
                condition=models.Q(increment_kg__gt=0, increment_kg__lte=INCREMENT_MAX_KG),
                name="workout_templates_increment_kg_check",
            ),
            models.CheckConstraint(
                condition=models.Q(deload_after__range=(1, DELOAD_AFTER_MAX)),
                name="workout_templates_deload_after_check",
            ),
            models.CheckConstraint(
                condition=models.Q(deload_percent__range=(1, DELOAD_PERCENT_MAX)),
                name="workout_templates_deload_percent_check",
            ),
        ]
        indexes = [models.Index(fields=["plan", "position"], name="workout_templates_plan_order")]

    def __str__(self) -> str:
        return f"{self.exercise_name} {self.sets}×{self.repetitions}"

    @property
    def rest(self) -> int:
        """Seconds of rest between sets: the plan's, or the default for its reps."""
        return default_rest_seconds(self.repetitions) if self.rest_seconds is None else self.rest_seconds

    @property
    def rule(self) -> Rule:
        return Rule.of(self)
