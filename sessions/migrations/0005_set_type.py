"""Set types: working (normal), warm-up, drop and to-failure sets; a warm-up counts for nothing
(progress/sql/functions/progress_set_working.sql). Every existing set is a working set, so no
statistic changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    # A column with a constant default is added without rewriting the table (PostgreSQL 11+), and
    # its CHECK reads every row under the lock: seconds at ten million sets. Run it in a quiet hour.
    locks_reviewed = "a column with a constant default, and a CHECK that reads the table once"
    dependencies = [
        ("workouts", "0004_set_log_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalworkoutset",
            name="set_type",
            field=models.TextField(
                choices=[
                    ("normal", "Working set"),
                    ("warmup", "Warm-up"),
                    ("drop", "Drop set"),
                    ("failure", "To failure"),
                ],
                db_default="normal",
                default="normal",
                help_text="A warm-up counts for no volume, statistics or records.",
                verbose_name="type",
            ),
        ),
        migrations.AddField(
            model_name="workoutset",
            name="set_type",
            field=models.TextField(
                choices=[
                    ("normal", "Working set"),
                    ("warmup", "Warm-up"),
                    ("drop", "Drop set"),
                    ("failure", "To failure"),
                ],
                db_default="normal",
                default="normal",
                help_text="A warm-up counts for no volume, statistics or records.",
                verbose_name="type",
            ),
        ),
        migrations.AddConstraint(
            model_name="workoutset",
            constraint=models.CheckConstraint(
                condition=models.Q(("set_type__in", ["normal", "warmup", "drop", "failure"])),
                name="workout_sets_set_type_check",
            ),
        ),
    ]
