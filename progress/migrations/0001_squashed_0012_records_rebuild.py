import django.contrib.postgres.functions
import django.db.models.deletion
import django.utils.timezone
import gymtracker.db
import uuid
from django.conf import settings
from django.db import migrations, models


WEEKLY_VOLUME = """
CREATE TABLE weekly_volume (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    exercise text NOT NULL,
    week date NOT NULL CONSTRAINT weekly_volume_week_check CHECK (extract(isodow FROM week) = 1),
    volume_kg numeric(14, 2) NOT NULL,
    sets integer NOT NULL CONSTRAINT weekly_volume_sets_check CHECK (sets > 0),
    reps bigint NOT NULL,
    best_weight_kg numeric(6, 2),
    best_e1rm_kg numeric(8, 2),
    CONSTRAINT weekly_volume_pkey PRIMARY KEY (user_id, exercise, week)
);
-- A member's exercises of one week, for a recomputation of the whole week (a session deleted,
-- restored or moved).
CREATE INDEX weekly_volume_member_week ON weekly_volume (user_id, week);
COMMENT ON TABLE weekly_volume IS
    'Per member, exercise and ISO week: volume, sets, reps and bests of the counted sets; written by triggers only';
"""


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("progress", "0001_initial"),
        ("progress", "0002_statistics_triggers"),
        ("progress", "0003_weekly_volume"),
        ("progress", "0004_coach_access"),
        ("progress", "0005_bulk_load"),
        ("progress", "0006_incremental_logging"),
        ("progress", "0007_personal_records_one_set_index"),
        ("progress", "0008_records_in_the_database"),
        ("progress", "0009_incremental_edits"),
        ("progress", "0010_sets_trigger_plans"),
        ("progress", "0011_weekly_volume_exact"),
        ("progress", "0012_records_rebuild"),
    ]

    dependencies = [
        ("workouts", "0001_squashed_0017_session_notes_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExerciseStat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("exercise", models.TextField(help_text="Exercise name, lower-cased.")),
                ("display_name", models.TextField(help_text="The name as the member last wrote it.")),
                ("sets", models.IntegerField()),
                ("reps", models.BigIntegerField()),
                ("volume_kg", models.DecimalField(decimal_places=2, max_digits=14)),
                ("best_weight_kg", models.DecimalField(decimal_places=2, max_digits=6, null=True)),
                ("best_e1rm_kg", models.DecimalField(decimal_places=2, max_digits=8, null=True)),
                ("last_performed", models.DateField()),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exercise_stats",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "exercise_stats",
                "ordering": ["exercise"],
                "constraints": [
                    models.UniqueConstraint(fields=("user", "exercise"), name="exercise_stats_user_exercise")
                ],
            },
        ),
        migrations.CreateModel(
            name="PersonalRecord",
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
                ("exercise", models.TextField(help_text="Exercise name, lower-cased.")),
                (
                    "kind",
                    models.TextField(
                        choices=[
                            ("weight", "Heaviest weight"),
                            ("reps", "Most reps at a weight"),
                            ("e1rm", "Best estimated 1RM"),
                        ]
                    ),
                ),
                ("weight_kg", models.DecimalField(decimal_places=2, max_digits=6)),
                ("reps", models.IntegerField()),
                (
                    "value",
                    models.DecimalField(decimal_places=2, help_text="kg, or reps for a reps record.", max_digits=8),
                ),
                ("date", models.DateField()),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="personal_records",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "workout_set",
                    models.ForeignKey(
                        db_column="workout_set_id",
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="records",
                        to="workouts.workoutset",
                    ),
                ),
            ],
            options={
                "db_table": "personal_records",
                "ordering": ["exercise", "kind", "-date"],
                "indexes": [models.Index(fields=["user", "exercise", "kind", "-date"], name="personal_records_lookup")],
                "constraints": [
                    models.UniqueConstraint(fields=("workout_set", "kind"), name="personal_records_set_kind"),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["weight", "reps", "e1rm"])), name="personal_records_kind"
                    ),
                ],
            },
        ),
        # Bookkeeping of the incremental record updates (progress/sql/functions): columns Django
        # does not map, read and written by those functions only.
        migrations.RunSQL(
            sql="ALTER TABLE exercise_stats ADD COLUMN records_lag integer, ADD COLUMN records_since date",
            reverse_sql="ALTER TABLE exercise_stats DROP COLUMN records_since, DROP COLUMN records_lag",
        ),
        # The table is made in SQL (its foreign key cascades in the database and is not deferred,
        # its writers are the functions in progress/sql/functions); the model describes it to
        # Django, for reads and for flush.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(sql=WEEKLY_VOLUME, reverse_sql="DROP TABLE weekly_volume"),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="WeeklyVolume",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "user",
                                "exercise",
                                "week",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("exercise", models.TextField(help_text="Exercise name, lower-cased.")),
                        ("week", models.DateField(help_text="The Monday the week starts on.")),
                        ("volume_kg", models.DecimalField(decimal_places=2, max_digits=14)),
                        ("sets", models.IntegerField()),
                        ("reps", models.BigIntegerField()),
                        ("best_weight_kg", models.DecimalField(decimal_places=2, max_digits=6, null=True)),
                        ("best_e1rm_kg", models.DecimalField(decimal_places=2, max_digits=8, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "weekly_volume",
                        "ordering": ["user", "exercise", "week"],
                        "indexes": [models.Index(fields=["user", "week"], name="weekly_volume_member_week")],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("sets__gt", 0)), name="weekly_volume_sets_check"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("week__iso_week_day", 1)), name="weekly_volume_week_check"
                            ),
                        ],
                    },
                ),
            ],
        ),
    ]
