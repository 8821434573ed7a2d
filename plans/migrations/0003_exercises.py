"""The exercise library's tables (exercises, exercise_aliases) and each plan exercise's link to
one; the link is filled and required by 0004. Their row-level security, the name matching and the
triggers: plans/sql/."""

import django.contrib.postgres.fields
import django.contrib.postgres.functions
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import gymtracker.db
from gymtracker.dbobjects import SyncSql
import simple_history.models
import uuid
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_database_objects"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="Exercise",
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
                ("key", models.TextField(db_default="", editable=False)),
                (
                    "kind",
                    models.TextField(
                        choices=[
                            ("weight_reps", "Weight × reps"),
                            ("bodyweight_reps", "Bodyweight reps"),
                            ("weighted_bodyweight", "Bodyweight + added load"),
                            ("assisted_bodyweight", "Bodyweight − assistance"),
                            ("duration", "Duration"),
                            ("distance_duration", "Distance + duration"),
                            ("weight_duration", "Weight + duration"),
                        ],
                        db_default="weight_reps",
                        default="weight_reps",
                        help_text="What a set of it records.",
                    ),
                ),
                ("category", models.TextField(blank=True, null=True)),
                ("equipment", models.TextField(blank=True, null=True)),
                (
                    "primary_muscles",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), blank=True, db_default=[], default=list
                    ),
                ),
                (
                    "secondary_muscles",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), blank=True, db_default=[], default=list
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        help_text="The member whose own exercise this is; empty for the library's.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="custom_exercises",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "exercises",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="historicalworkouttemplate",
            name="exercise",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="plans.exercise",
            ),
        ),
        migrations.AddField(
            model_name="workouttemplate",
            name="exercise",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="templates",
                to="plans.exercise",
            ),
        ),
        migrations.CreateModel(
            name="ExerciseAlias",
            fields=[
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
                ("key", models.TextField(db_default="", editable=False)),
                (
                    "exercise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="aliases", to="plans.exercise"
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "exercise aliases",
                "db_table": "exercise_aliases",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalExercise",
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
                ("key", models.TextField(db_default="", editable=False)),
                (
                    "kind",
                    models.TextField(
                        choices=[
                            ("weight_reps", "Weight × reps"),
                            ("bodyweight_reps", "Bodyweight reps"),
                            ("weighted_bodyweight", "Bodyweight + added load"),
                            ("assisted_bodyweight", "Bodyweight − assistance"),
                            ("duration", "Duration"),
                            ("distance_duration", "Distance + duration"),
                            ("weight_duration", "Weight + duration"),
                        ],
                        db_default="weight_reps",
                        default="weight_reps",
                        help_text="What a set of it records.",
                    ),
                ),
                ("category", models.TextField(blank=True, null=True)),
                ("equipment", models.TextField(blank=True, null=True)),
                (
                    "primary_muscles",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), blank=True, db_default=[], default=list
                    ),
                ),
                (
                    "secondary_muscles",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), blank=True, db_default=[], default=list
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
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The member whose own exercise this is; empty for the library's.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical exercise",
                "verbose_name_plural": "historical exercises",
                "db_table": "exercises_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalExerciseAlias",
            fields=[
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
                ("key", models.TextField(db_default="", editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "exercise",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.exercise",
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
            ],
            options={
                "verbose_name": "historical exercise alias",
                "verbose_name_plural": "historical exercise aliases",
                "db_table": "exercise_aliases_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name="exercise",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Lower("name"), name="gin_trgm_ops"
                ),
                name="exercises_name_trgm",
            ),
        ),
        migrations.AddConstraint(
            model_name="exercise",
            constraint=models.CheckConstraint(
                condition=models.Q(("name__regex", "^\\s*$"), _negated=True), name="exercises_name_not_blank"
            ),
        ),
        migrations.AddConstraint(
            model_name="exercise",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "weight_reps",
                            "bodyweight_reps",
                            "weighted_bodyweight",
                            "assisted_bodyweight",
                            "duration",
                            "distance_duration",
                            "weight_duration",
                        ],
                    )
                ),
                name="exercises_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="exercise",
            constraint=models.UniqueConstraint(
                models.F("owner"),
                models.F("key"),
                condition=models.Q(("deleted_at__isnull", True)),
                name="exercises_owner_key",
                nulls_distinct=False,
            ),
        ),
        migrations.AddIndex(
            model_name="exercisealias",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Lower("name"), name="gin_trgm_ops"
                ),
                name="exercise_aliases_name_trgm",
            ),
        ),
        migrations.AddConstraint(
            model_name="exercisealias",
            constraint=models.CheckConstraint(
                condition=models.Q(("name__regex", "^\\s*$"), _negated=True), name="exercise_aliases_name_not_blank"
            ),
        ),
        migrations.AddConstraint(
            model_name="exercisealias",
            constraint=models.UniqueConstraint(fields=("key",), name="exercise_aliases_key"),
        ),
        # Reversed, the functions the files added go with their triggers (reversing 0002 removes
        # the rest of plans/sql/).
        migrations.RunSQL(
            migrations.RunSQL.noop,
            reverse_sql="DROP FUNCTION IF EXISTS exercise_name_key, exercises_keyed, exercise_resolve, "
            "workout_templates_exercise, exercises_renamed CASCADE",
        ),
        SyncSql("plans"),
    ]
