from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Length
from simple_history.models import HistoricalRecords

from gymtracker.db import (
    LiveManager,
    ReadBackTextField,
    SoftDeleteModel,
    SoftDeleteQuerySet,
    TransactionNow,
    VersionedModel,
    uuid_primary_key,
)
from plans.models import ExerciseKind, WorkoutPlan, WorkoutTemplate

if TYPE_CHECKING:
    from accounts.models import User


class WorkoutSessionQuerySet(SoftDeleteQuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)


# The member's own plan that collects the exercises they add to a session outside its plan
# (sessions.services.exercise_add); the start page does not offer it as the next workout.
EXTRA_EXERCISES_PLAN = "Extra exercises"


# Session notes are searched (a tsvector made by PostgreSQL), and a tsvector holds at most 1 MB:
# far longer than any note, so the cap is a roomy one the form and a CHECK both hold.
NOTES_MAX_LENGTH = 10_000


class WorkoutSession(SoftDeleteModel, VersionedModel):
    """One visit to the gym on a date, with the sets done (`workout_sessions`)."""

    id = uuid_primary_key()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workout_sessions")
    date = models.DateField()
    notes = models.TextField(null=True, blank=True, max_length=NOTES_MAX_LENGTH)  # noqa: DJ001 - nullable in the design
    # The plan it was started from (kept, unlinked, if that plan is ever purged).
    plan = models.ForeignKey(
        WorkoutPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_column="workout_plan_id",
        related_name="sessions",
    )
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When the member finished the workout.")
    # The import that brought it from another app's export (imports.Import): its undo and restore.
    source = models.ForeignKey(
        "imports.Import",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        db_column="import_id",
        db_index=False,  # the partial index below: most sessions were logged here
        related_name="sessions",
        help_text="The import it came from, if it was imported.",
    )
    # Stored by PostgreSQL from the notes, so search needs no trigger and no second write.
    notes_search = models.GeneratedField(
        expression=SearchVector("notes", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(table_name="workout_sessions_history", excluded_fields=["notes_search"])

    objects = LiveManager.from_queryset(WorkoutSessionQuerySet)()
    all_objects = WorkoutSessionQuerySet.as_manager()

    class Meta:
        db_table = "workout_sessions"
        ordering = ["-date", "-created_at"]
        indexes = [
            # Index predicates must be immutable, so "recent" cannot mean CURRENT_DATE here: the
            # index holds each member's live sessions newest first, which is what "recent" reads.
            models.Index(
                fields=["user", "-date"],
                name="workout_sessions_recent_live",
                condition=models.Q(deleted_at__isnull=True),
            ),
            GinIndex(fields=["notes_search"], name="workout_sessions_notes_search"),
            models.Index(fields=["source"], name="workout_sessions_import", condition=models.Q(source__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.LessThanOrEqual(Length("notes"), NOTES_MAX_LENGTH),
                name="workout_sessions_notes_length",
                violation_error_message=f"Notes are at most {NOTES_MAX_LENGTH:,} characters.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class WorkoutSetQuerySet(SoftDeleteQuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(session__user=user)


# Bounds of what a set records (CHECKed; the set form says so first).
DURATION_MAX_SECONDS = 24 * 60 * 60
DISTANCE_MAX_M = 1_000_000
TIMED_KINDS = [ExerciseKind.DURATION, ExerciseKind.DISTANCE_DURATION, ExerciseKind.WEIGHT_DURATION]


class SetType(models.TextChoices):
    """What kind of set it was. A warm-up counts for nothing (progress_set_working): not volume,
    statistics, records or weekly figures; the others count alike and are marked on the page."""

    NORMAL = "normal", "Working set"
    WARMUP = "warmup", "Warm-up"
    DROP = "drop", "Drop set"
    FAILURE = "failure", "To failure"

    @property
    def mark(self) -> str:
        """The letter the session page shows (none for a working set)."""
        return {"warmup": "W", "drop": "D", "failure": "F"}.get(self.value, "")

    @property
    def described(self) -> str:
        """What the mark stands for, said in full (its title, and what a screen reader reads)."""
        return {"warmup": "Warm-up set", "failure": "Set to failure"}.get(self.value, str(self.label))

    @property
    def after(self) -> SetType:
        """The type one tap on a set's number changes it to: working → warm-up → drop → failure →
        working, so the commonest change, a warm-up, is one tap."""
        order = list(SetType)
        return order[(order.index(self) + 1) % len(order)]


# The sets' change history, named so that sessions.services can ask it whom to record for a change
# it writes in SQL (workouts_set_log).
SET_HISTORY = HistoricalRecords(table_name="workout_sets_history")


class WorkoutSet(SoftDeleteModel):
    """One set of one exercise in a session: planned targets and what was actually done."""

    id = uuid_primary_key()
    session = models.ForeignKey(
        WorkoutSession,
        on_delete=models.CASCADE,
        db_column="workout_session_id",
        related_name="sets",
        # The (session, template) index below starts with this column and serves its lookups.
        db_index=False,
    )
    template = models.ForeignKey(
        WorkoutTemplate,
        on_delete=models.CASCADE,
        db_column="workout_template_id",
        related_name="workout_sets",
        # The (template, weight) index below starts with this column and serves its lookups.
        db_index=False,
    )
    actual_reps = models.IntegerField(
        "reps", default=0, db_default=0, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )
    position = models.IntegerField(default=0, db_default=0, help_text="Order of the set within its session.")
    target_reps = models.IntegerField(null=True, blank=True, help_text="Repetitions planned, from the plan.")
    # Exact for a weight typed to the hundredth of a kilogram or of a pound (gymtracker.units).
    weight_kg = models.DecimalField(
        max_digits=14,
        decimal_places=10,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Weight lifted, in kilograms.",
    )
    # What the set records is its exercise's kind, copied when the set is made
    # (sessions/sql/functions/workout_sets_kind.sql), so a set keeps its meaning whatever the
    # exercise becomes. Bodyweight kinds: the member types the load added (or, assisted, the
    # counter-weight) and the database keeps in `weight_kg` the load moved, with the member's body
    # weight when the set was logged, so volume, bests and records read one column for every kind.
    kind = ReadBackTextField(
        choices=ExerciseKind.choices, default=None, editable=False, help_text="What the set records."
    )
    added_kg = models.DecimalField(
        "added",
        max_digits=14,
        decimal_places=10,  # exact, as weight_kg
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Bodyweight exercises: the load added, or for an assisted one the assistance, in kilograms.",
    )
    duration_seconds = models.IntegerField(
        "time",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(DURATION_MAX_SECONDS)],
        help_text="How long the set lasted, in seconds.",
    )
    distance_m = models.DecimalField(
        "distance",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(DISTANCE_MAX_M)],
        help_text="How far, in metres.",
    )
    body_weight_kg = models.DecimalField(
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
        help_text="Bodyweight exercises: the member's body weight when the set was logged.",
    )
    rpe = models.DecimalField(
        "RPE",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Rate of perceived exertion, 1–10.",
    )
    set_type = models.TextField(
        "type",
        choices=SetType.choices,
        default=SetType.NORMAL,
        db_default=SetType.NORMAL,
        help_text="A warm-up counts for no volume, statistics or records.",
    )
    completed_at = models.DateTimeField(null=True, blank=True, help_text="When the set was logged as done.")
    log_key = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The key of the latest log the browser sent: a log sent again is a no-op.",
    )

    history = SET_HISTORY

    # What a member logs for a set, in the order the page shows it. The set form's fields are
    # made from these (sessions.forms.SetLogForm) and the database's log function writes whatever
    # the form cleaned (workouts_set_log), history row included: a column added here and to the
    # list reaches the page, the log and the history with its one migration.
    LOGGED_FIELDS = ("weight_kg", "added_kg", "actual_reps", "distance_m", "duration_seconds", "rpe")
    # Which of them a set of each kind records, in the same order.
    KIND_FIELDS: ClassVar[dict[str, tuple[str, ...]]] = {
        ExerciseKind.WEIGHT_REPS: ("weight_kg", "actual_reps", "rpe"),
        ExerciseKind.BODYWEIGHT_REPS: ("actual_reps", "rpe"),
        ExerciseKind.WEIGHTED_BODYWEIGHT: ("added_kg", "actual_reps", "rpe"),
        ExerciseKind.ASSISTED_BODYWEIGHT: ("added_kg", "actual_reps", "rpe"),
        ExerciseKind.DURATION: ("duration_seconds", "rpe"),
        ExerciseKind.DISTANCE_DURATION: ("distance_m", "duration_seconds", "rpe"),
        ExerciseKind.WEIGHT_DURATION: ("weight_kg", "duration_seconds", "rpe"),
    }

    objects = LiveManager.from_queryset(WorkoutSetQuerySet)()
    all_objects = WorkoutSetQuerySet.as_manager()

    class Meta:
        db_table = "workout_sets"
        ordering = ["session", "position", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(actual_reps__gte=0), name="workout_sets_actual_reps_check"),
            models.CheckConstraint(condition=models.Q(position__gte=0), name="workout_sets_position_check"),
            models.CheckConstraint(condition=models.Q(target_reps__gt=0), name="workout_sets_target_reps_check"),
            models.CheckConstraint(condition=models.Q(weight_kg__gte=0), name="workout_sets_weight_kg_check"),
            models.CheckConstraint(condition=models.Q(rpe__gte=1, rpe__lte=10), name="workout_sets_rpe_check"),
            models.CheckConstraint(condition=models.Q(set_type__in=SetType.values), name="workout_sets_set_type_check"),
            models.CheckConstraint(condition=models.Q(kind__in=ExerciseKind.values), name="workout_sets_kind_valid"),
            models.CheckConstraint(condition=models.Q(added_kg__gte=0), name="workout_sets_added_kg_check"),
            models.CheckConstraint(
                condition=models.Q(duration_seconds__range=(1, DURATION_MAX_SECONDS)),
                name="workout_sets_duration_check",
            ),
            models.CheckConstraint(
                condition=models.Q(distance_m__gt=0, distance_m__lte=DISTANCE_MAX_M), name="workout_sets_distance_check"
            ),
            # What each kind records: a timed set logged has its time, a distance set its distance;
            # a set without a load has no weight, and only a bodyweight exercise adds to the body.
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True)
                | ~models.Q(kind__in=TIMED_KINDS)
                | models.Q(duration_seconds__isnull=False),
                name="workout_sets_timed_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True)
                | ~models.Q(kind=ExerciseKind.DISTANCE_DURATION)
                | models.Q(distance_m__isnull=False),
                name="workout_sets_distance_has_distance",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=[ExerciseKind.DURATION, ExerciseKind.DISTANCE_DURATION])
                | models.Q(weight_kg__isnull=True),
                name="workout_sets_unloaded_has_no_weight",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[ExerciseKind.WEIGHTED_BODYWEIGHT, ExerciseKind.ASSISTED_BODYWEIGHT])
                | models.Q(added_kg__isnull=True),
                name="workout_sets_added_kg_by_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "template"], name="workout_sets_session_template"),
            # An exercise's sets at one weight (body weight, NULL, counts as 0), for the best reps
            # at that weight when a set is logged (progress migration 0008).
            models.Index(
                models.F("template"),
                Coalesce(
                    "weight_kg", models.Value(0), output_field=models.DecimalField(max_digits=14, decimal_places=10)
                ),
                name="workout_sets_template_weight",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.exercise_name}: {self.actual_reps} reps"

    @property
    def records_reps(self) -> bool:
        """Whether the set's kind records reps: a timed set keeps its plan's target reps, but has none."""
        return "actual_reps" in self.KIND_FIELDS.get(self.kind, ())


class MemberDataVersion(models.Model):
    """A number PostgreSQL raises in the same transaction as every change to a member's plans,
    exercises, sessions, sets or the comments on them (sessions/sql/functions/member_data_changed.sql):
    the version of the cached fragments of their pages (`gymtracker.cache`, read by
    `accounts.selectors.data_version`). Only that trigger writes here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="data_version"
    )
    version = models.BigIntegerField(db_default=1)
    changed_at = models.DateTimeField(db_default=TransactionNow())

    class Meta:
        db_table = "member_data_versions"
        constraints = [models.CheckConstraint(condition=models.Q(version__gt=0), name="member_data_versions_positive")]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.version}"
