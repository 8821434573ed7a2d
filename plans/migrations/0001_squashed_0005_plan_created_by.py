import django.contrib.postgres.functions
import django.db.models.deletion
import django.utils.timezone
import gymtracker.db
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("plans", "0001_initial"),
        ("plans", "0002_database_cascades"),
        ("plans", "0003_row_level_security"),
        ("plans", "0004_rest_and_progression"),
        ("plans", "0005_plan_created_by"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalWorkoutPlan",
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
                ("name", models.TextField()),
                ("description", models.TextField(blank=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        help_text="Who wrote the plan: the member, or their coach.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
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
                "verbose_name": "historical workout plan",
                "verbose_name_plural": "historical workout plans",
                "db_table": "workout_plans_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="WorkoutPlan",
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
                ("name", models.TextField()),
                ("description", models.TextField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="Who wrote the plan: the member, or their coach.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="workout_plans",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "workout_plans",
                "ordering": ["name", "created_at"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalWorkoutTemplate",
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
                ("exercise_name", models.TextField()),
                ("sets", models.IntegerField(db_default=3, default=3)),
                ("repetitions", models.IntegerField(db_default=10, default=10)),
                (
                    "position",
                    models.IntegerField(db_default=0, default=0, help_text="Order of the exercise within its plan."),
                ),
                (
                    "rest_seconds",
                    models.IntegerField(
                        blank=True,
                        help_text="Rest between sets; empty: by the reps (3 min up to 5, 2 up to 12, else 90 s).",
                        null=True,
                    ),
                ),
                (
                    "progression",
                    models.TextField(
                        choices=[
                            ("none", "None: the same weight as last time"),
                            ("linear", "Linear: more weight after every set is done"),
                            ("double", "Double: more reps up to the top, then more weight"),
                        ],
                        db_default="none",
                        default="none",
                    ),
                ),
                (
                    "repetitions_top",
                    models.IntegerField(
                        blank=True,
                        help_text="Double progression: the top of the rep range (repetitions is the bottom).",
                        null=True,
                    ),
                ),
                (
                    "increment_kg",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="Weight added when progressing; empty: the smallest step the member's plates allow.",
                        max_digits=8,
                        null=True,
                    ),
                ),
                (
                    "deload_after",
                    models.IntegerField(
                        blank=True,
                        db_default=3,
                        default=3,
                        help_text="Sessions in a row short of target before a deload.",
                        null=True,
                    ),
                ),
                (
                    "deload_percent",
                    models.IntegerField(db_default=10, default=10, help_text="How much a deload takes off, in %."),
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
            ],
            options={
                "verbose_name": "historical workout template",
                "verbose_name_plural": "historical workout templates",
                "db_table": "workout_templates_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="WorkoutTemplate",
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
                ("exercise_name", models.TextField()),
                ("sets", models.IntegerField(db_default=3, default=3)),
                ("repetitions", models.IntegerField(db_default=10, default=10)),
                (
                    "position",
                    models.IntegerField(db_default=0, default=0, help_text="Order of the exercise within its plan."),
                ),
                (
                    "rest_seconds",
                    models.IntegerField(
                        blank=True,
                        help_text="Rest between sets; empty: by the reps (3 min up to 5, 2 up to 12, else 90 s).",
                        null=True,
                    ),
                ),
                (
                    "progression",
                    models.TextField(
                        choices=[
                            ("none", "None: the same weight as last time"),
                            ("linear", "Linear: more weight after every set is done"),
                            ("double", "Double: more reps up to the top, then more weight"),
                        ],
                        db_default="none",
                        default="none",
                    ),
                ),
                (
                    "repetitions_top",
                    models.IntegerField(
                        blank=True,
                        help_text="Double progression: the top of the rep range (repetitions is the bottom).",
                        null=True,
                    ),
                ),
                (
                    "increment_kg",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="Weight added when progressing; empty: the smallest step the member's plates allow.",
                        max_digits=8,
                        null=True,
                    ),
                ),
                (
                    "deload_after",
                    models.IntegerField(
                        blank=True,
                        db_default=3,
                        default=3,
                        help_text="Sessions in a row short of target before a deload.",
                        null=True,
                    ),
                ),
                (
                    "deload_percent",
                    models.IntegerField(db_default=10, default=10, help_text="How much a deload takes off, in %."),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        db_column="workout_plan_id",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="templates",
                        to="plans.workoutplan",
                    ),
                ),
            ],
            options={
                "db_table": "workout_templates",
                "ordering": ["plan", "position", "created_at"],
            },
        ),
        migrations.AddConstraint(
            model_name="workoutplan",
            constraint=models.CheckConstraint(
                condition=models.Q(("name__regex", "^\\s*$"), _negated=True), name="workout_plans_name_not_blank"
            ),
        ),
        migrations.AddIndex(
            model_name="workouttemplate",
            index=models.Index(fields=["plan", "position"], name="workout_templates_plan_order"),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(condition=models.Q(("sets__gt", 0)), name="workout_templates_sets_check"),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("repetitions__gt", 0)), name="workout_templates_repetitions_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__gte", 0)), name="workout_templates_position_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("exercise_name__regex", "^\\s*$"), _negated=True),
                name="workout_templates_exercise_name_not_blank",
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("rest_seconds__range", (0, 1800))), name="workout_templates_rest_seconds_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("progression__in", ["none", "linear", "double"])),
                name="workout_templates_progression_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("repetitions_top__gt", models.F("repetitions"))),
                name="workout_templates_repetitions_top_check",
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("progression", "double"), _negated=True),
                    ("repetitions_top__isnull", False),
                    _connector="OR",
                ),
                name="workout_templates_double_has_top",
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("increment_kg__gt", 0), ("increment_kg__lte", 50)),
                name="workout_templates_increment_kg_check",
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("deload_after__range", (1, 10))), name="workout_templates_deload_after_check"
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("deload_percent__range", (1, 50))), name="workout_templates_deload_percent_check"
            ),
        ),
    ]
