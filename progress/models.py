"""Aggregates of a member's training, kept by PostgreSQL (see the migrations): per-exercise
statistics maintained by triggers, and personal records written when a set is logged. And the
member's body weight, which they log themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from simple_history.models import HistoricalRecords

from gymtracker.db import (
    LiveManager,
    SoftDeleteModel,
    SoftDeleteQuerySet,
    VersionedModel,
    created_at_field,
    uuid_primary_key,
)

if TYPE_CHECKING:
    from accounts.models import User


class ExerciseStatQuerySet(models.QuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)


class ExerciseStat(models.Model):
    """One member's totals for one exercise (by lower-cased name, across plans): exact at all
    times, because triggers on the workout tables recompute the affected rows from raw sets.
    Only those triggers write here (a restrictive policy, see migration 0002)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_stats")
    exercise = models.TextField(help_text="Exercise name, lower-cased.")
    display_name = models.TextField(help_text="The name as the member last wrote it.")
    sets = models.IntegerField()
    reps = models.BigIntegerField()
    # Weights and their sums as exact as the sets' (sessions.WorkoutSet.weight_kg): the logging path
    # adds each set to these (progress_sets_changed), and a sum rounded at every addition would
    # drift (ten sets of 135 lb × 5 came to 6749.9 lb). The 1RM is an estimate, to 0.01 kg.
    volume_kg = models.DecimalField(max_digits=22, decimal_places=10)
    best_weight_kg = models.DecimalField(max_digits=14, decimal_places=10, null=True)
    best_e1rm_kg = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    last_performed = models.DateField()

    objects = ExerciseStatQuerySet.as_manager()

    class Meta:
        db_table = "exercise_stats"
        ordering = ["exercise"]
        constraints = [
            models.UniqueConstraint(fields=["user", "exercise"], name="exercise_stats_user_exercise"),
        ]

    def __str__(self) -> str:
        return self.display_name


class PersonalRecordQuerySet(models.QuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)

    def live(self) -> Self:
        """Records whose set still counts (not removed, in a session not deleted)."""
        return self.filter(
            workout_set__deleted_at__isnull=True,
            workout_set__completed_at__isnull=False,
            workout_set__session__deleted_at__isnull=True,
        )


class PersonalRecord(models.Model):
    """A logged set that beat every earlier set of its exercise (by session date, then logging
    time) in one way. Weights are in kilograms; the estimated one-rep max is Epley's."""

    class Kind(models.TextChoices):
        WEIGHT = "weight", "Heaviest weight"
        REPS = "reps", "Most reps at a weight"
        E1RM = "e1rm", "Best estimated 1RM"
        DURATION = "duration", "Longest time"
        DISTANCE = "distance", "Longest distance"
        PACE = "pace", "Fastest pace"

    id = uuid_primary_key()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_records")
    # Indexed by personal_records_set_kind (workout_set_id, kind); an index of its own would be one
    # more write per record for nothing.
    workout_set = models.ForeignKey(
        "workouts.WorkoutSet",
        on_delete=models.CASCADE,
        related_name="records",
        db_column="workout_set_id",
        db_index=False,
    )
    exercise = models.TextField(help_text="Exercise name, lower-cased.")
    kind = models.TextField(choices=Kind.choices)
    # As exact as the set's (sessions.WorkoutSet.weight_kg): a later set at the same weight is a tie,
    # not a heavier one, whatever unit it was typed in.
    weight_kg = models.DecimalField(max_digits=14, decimal_places=10)
    reps = models.IntegerField()
    value = models.DecimalField(max_digits=16, decimal_places=10, help_text="kg, or reps for a reps record.")
    date = models.DateField()
    created_at = created_at_field()

    objects = PersonalRecordQuerySet.as_manager()

    class Meta:
        db_table = "personal_records"
        ordering = ["exercise", "kind", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["workout_set", "kind"], name="personal_records_set_kind"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["weight", "reps", "e1rm", "duration", "distance", "pace"]),
                name="personal_records_kind",
            ),
        ]
        indexes = [models.Index(fields=["user", "exercise", "kind", "-date"], name="personal_records_lookup")]

    def __str__(self) -> str:
        return f"{self.exercise}: {self.get_kind_display()}"


class WeeklyVolumeQuerySet(models.QuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)


class WeeklyVolume(models.Model):
    """One member's figures for one exercise (by lower-cased name) in one ISO week (from Monday):
    exact at all times, because triggers on the workout tables recompute the touched weeks from
    raw sets in the same transaction (migration 0011). Only those triggers write here."""

    pk = models.CompositePrimaryKey("user", "exercise", "week")
    # The database cascades (ON DELETE/UPDATE CASCADE); the app never deletes these rows itself.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+")
    exercise = models.TextField(help_text="Exercise name, lower-cased.")
    week = models.DateField(help_text="The Monday the week starts on.")
    # As exact as the sets' (see ExerciseStat): a week's figures in pounds come back as typed.
    volume_kg = models.DecimalField(max_digits=22, decimal_places=10)
    sets = models.IntegerField()
    reps = models.BigIntegerField()
    best_weight_kg = models.DecimalField(max_digits=14, decimal_places=10, null=True)
    best_e1rm_kg = models.DecimalField(max_digits=8, decimal_places=2, null=True)

    objects = WeeklyVolumeQuerySet.as_manager()

    class Meta:
        db_table = "weekly_volume"
        ordering = ["user", "exercise", "week"]
        constraints = [
            models.CheckConstraint(condition=models.Q(sets__gt=0), name="weekly_volume_sets_check"),
            models.CheckConstraint(condition=models.Q(week__iso_week_day=1), name="weekly_volume_week_check"),
        ]
        indexes = [models.Index(fields=["user", "week"], name="weekly_volume_member_week")]

    def __str__(self) -> str:
        return f"{self.exercise}, week of {self.week:%Y-%m-%d}"


# A body weight above this is a typing slip (the heaviest people recorded weighed about 635 kg).
BODY_WEIGHT_MAX_KG = 700
BODY_WEIGHT_NOTE_MAX_LENGTH = 200


class BodyWeightQuerySet(SoftDeleteQuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)


class BodyWeight(SoftDeleteModel, VersionedModel):
    """What a member weighed on a day, as they logged it (`body_weights`): at most one live entry
    a day. Kept in kilograms to four decimals, so that a weight typed in pounds to the hundredth
    shows again as typed (gymtracker.units, EQUIPMENT_STEP)."""

    id = uuid_primary_key()
    # Indexed by body_weights_one_a_day (user_id, date), which serves every read by member.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_weights", db_index=False
    )
    date = models.DateField()
    weight_kg = models.DecimalField(
        max_digits=8,
        decimal_places=4,
        help_text="Body weight, in kilograms.",
    )
    note = models.TextField(blank=True, default="", db_default="", max_length=BODY_WEIGHT_NOTE_MAX_LENGTH)

    history = HistoricalRecords(table_name="body_weights_history")

    objects = LiveManager.from_queryset(BodyWeightQuerySet)()
    all_objects = BodyWeightQuerySet.as_manager()

    class Meta:
        db_table = "body_weights"
        ordering = ["-date"]
        constraints = [
            # Its index, (user_id, date) of the live rows, also serves reading a member's entries
            # newest first (scanned backwards): an index of (user_id, date DESC) beside it would
            # be one more write per entry for nothing.
            models.UniqueConstraint(
                fields=["user", "date"],
                condition=models.Q(deleted_at__isnull=True),
                name="body_weights_one_a_day",
                violation_error_message="There is a body weight for that day already.",
            ),
            models.CheckConstraint(
                condition=models.Q(weight_kg__gt=0, weight_kg__lte=BODY_WEIGHT_MAX_KG),
                name="body_weights_weight_kg_check",
                violation_error_message=f"A body weight is above 0 and at most {BODY_WEIGHT_MAX_KG} kg.",
            ),
            models.CheckConstraint(
                condition=models.lookups.LessThanOrEqual(Length("note"), BODY_WEIGHT_NOTE_MAX_LENGTH),
                name="body_weights_note_length",
                violation_error_message=f"A note is at most {BODY_WEIGHT_NOTE_MAX_LENGTH} characters.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.weight_kg} kg"
