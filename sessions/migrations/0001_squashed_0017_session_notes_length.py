import django.contrib.postgres.functions
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.comparison
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
import gymtracker.db
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # Makes the tables (an existing database has them already: it marks this squash as applied).
    locks_reviewed = "creates the tables"
    initial = True

    replaces = [
        ("workouts", "0001_initial"),
        ("workouts", "0002_database_cascades"),
        ("workouts", "0003_row_level_security"),
        ("workouts", "0004_session_plan_and_finish"),
        ("workouts", "0005_session_plan_rules"),
        ("workouts", "0006_search_match_leakproof"),
        ("workouts", "0007_member_data_versions"),
        ("workouts", "0008_member_data_versions_triggers"),
        ("workouts", "0009_member_data_versions_comments"),
        ("workouts", "0010_sets_policy_privileged_first"),
        ("workouts", "0011_sets_template_weight_index"),
        ("workouts", "0012_set_log_function"),
        ("workouts", "0013_set_log_edits"),
        ("workouts", "0014_member_data_touch_plan"),
        ("workouts", "0015_set_log_keys"),
        ("workouts", "0016_set_log_read_at"),
        ("workouts", "0017_session_notes_length"),
    ]

    dependencies = [
        ("accounts", "0001_squashed_0010_form_submissions"),
        ("plans", "0001_squashed_0005_plan_created_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalWorkoutSession",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, db_default=gymtracker.db.TransactionNow(), editable=False),
                ),
                ("deleted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("version", models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        db_index=True,
                        default=uuid.uuid4,
                        editable=False,
                    ),
                ),
                ("date", models.DateField()),
                ("notes", models.TextField(blank=True, max_length=10000, null=True)),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, help_text="When the member finished the workout.", null=True),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        db_column="workout_plan_id",
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.workoutplan",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical workout session",
                "verbose_name_plural": "historical workout sessions",
                "db_table": "workout_sessions_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MemberDataVersion",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="data_version",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("version", models.BigIntegerField(db_default=1)),
                ("changed_at", models.DateTimeField(db_default=gymtracker.db.TransactionNow())),
            ],
            options={
                "db_table": "member_data_versions",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("version__gt", 0)), name="member_data_versions_positive")
                ],
            },
        ),
        migrations.CreateModel(
            name="WorkoutSession",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, db_default=gymtracker.db.TransactionNow())),
                ("deleted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("version", models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("date", models.DateField()),
                ("notes", models.TextField(blank=True, max_length=10000, null=True)),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, help_text="When the member finished the workout.", null=True),
                ),
                (
                    "notes_search",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.contrib.postgres.search.SearchVector("notes", config="english"),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        blank=True,
                        db_column="workout_plan_id",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="sessions",
                        to="plans.workoutplan",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="workout_sessions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "workout_sessions",
                "ordering": ["-date", "-created_at"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalWorkoutSet",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, db_default=gymtracker.db.TransactionNow(), editable=False),
                ),
                ("deleted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        db_index=True,
                        default=uuid.uuid4,
                        editable=False,
                    ),
                ),
                ("actual_reps", models.IntegerField(db_default=0, default=0)),
                (
                    "position",
                    models.IntegerField(db_default=0, default=0, help_text="Order of the set within its session."),
                ),
                (
                    "target_reps",
                    models.IntegerField(blank=True, help_text="Repetitions planned, from the plan.", null=True),
                ),
                (
                    "weight_kg",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Weight lifted, in kilograms.", max_digits=6, null=True
                    ),
                ),
                (
                    "rpe",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        help_text="Rate of perceived exertion, 1–10.",
                        max_digits=3,
                        null=True,
                        verbose_name="RPE",
                    ),
                ),
                (
                    "completed_at",
                    models.DateTimeField(blank=True, help_text="When the set was logged as done.", null=True),
                ),
                (
                    "log_key",
                    models.UUIDField(
                        blank=True,
                        editable=False,
                        help_text="The key of the latest log the browser sent: a log sent again is a no-op.",
                        null=True,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "template",
                    models.ForeignKey(
                        blank=True,
                        db_column="workout_template_id",
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.workouttemplate",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        blank=True,
                        db_column="workout_session_id",
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="workouts.workoutsession",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical workout set",
                "verbose_name_plural": "historical workout sets",
                "db_table": "workout_sets_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="WorkoutSet",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, db_default=gymtracker.db.TransactionNow())),
                ("deleted_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("actual_reps", models.IntegerField(db_default=0, default=0)),
                (
                    "position",
                    models.IntegerField(db_default=0, default=0, help_text="Order of the set within its session."),
                ),
                (
                    "target_reps",
                    models.IntegerField(blank=True, help_text="Repetitions planned, from the plan.", null=True),
                ),
                (
                    "weight_kg",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Weight lifted, in kilograms.", max_digits=6, null=True
                    ),
                ),
                (
                    "rpe",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        help_text="Rate of perceived exertion, 1–10.",
                        max_digits=3,
                        null=True,
                        verbose_name="RPE",
                    ),
                ),
                (
                    "completed_at",
                    models.DateTimeField(blank=True, help_text="When the set was logged as done.", null=True),
                ),
                (
                    "log_key",
                    models.UUIDField(
                        blank=True,
                        editable=False,
                        help_text="The key of the latest log the browser sent: a log sent again is a no-op.",
                        null=True,
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        db_column="workout_session_id",
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sets",
                        to="workouts.workoutsession",
                    ),
                ),
                (
                    "template",
                    models.ForeignKey(
                        db_column="workout_template_id",
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="workout_sets",
                        to="plans.workouttemplate",
                    ),
                ),
            ],
            options={
                "db_table": "workout_sets",
                "ordering": ["session", "position", "created_at"],
            },
        ),
        migrations.AddIndex(
            model_name="workoutsession",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["user", "-date"],
                name="workout_sessions_recent_live",
            ),
        ),
        migrations.AddIndex(
            model_name="workoutsession",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["notes_search"], name="workout_sessions_notes_search"
            ),
        ),
        migrations.AddConstraint(
            model_name="workoutsession",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("notes"), 10000
                ),
                name="workout_sessions_notes_length",
                violation_error_message="Notes are at most 10,000 characters.",
            ),
        ),
        migrations.AddIndex(
            model_name="workoutset",
            index=models.Index(fields=["session", "template"], name="workout_sets_session_template"),
        ),
        migrations.AddIndex(
            model_name="workoutset",
            index=models.Index(
                models.F("template"),
                django.db.models.functions.comparison.Coalesce(
                    "weight_kg", models.Value(0), output_field=models.DecimalField(decimal_places=2, max_digits=6)
                ),
                name="workout_sets_template_weight",
            ),
        ),
        migrations.AddConstraint(
            model_name="workoutset",
            constraint=models.CheckConstraint(
                condition=models.Q(("actual_reps__gte", 0)), name="workout_sets_actual_reps_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workoutset",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__gte", 0)), name="workout_sets_position_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workoutset",
            constraint=models.CheckConstraint(
                condition=models.Q(("target_reps__gt", 0)), name="workout_sets_target_reps_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workoutset",
            constraint=models.CheckConstraint(
                condition=models.Q(("weight_kg__gte", 0)), name="workout_sets_weight_kg_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workoutset",
            constraint=models.CheckConstraint(
                condition=models.Q(("rpe__gte", 1), ("rpe__lte", 10)), name="workout_sets_rpe_check"
            ),
        ),
    ]
