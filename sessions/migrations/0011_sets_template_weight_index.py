"""An exercise's sets at one weight, through an index: (template, weight, body weight as 0).

Logging a set looks up the best reps done before at exactly its weight (a reps record must beat
them; progress migration 0008). Through the index on the template alone that walked every set of
the exercise, three years of them at `large`; now it reads the sets at that one weight.

The new index starts with the template, so it serves every look-up the template's own index did
(the foreign key's checks and cascades among them), and that index goes: each set still costs
one index entry per index. Only the index is dropped: Django would drop and re-add the foreign key
to change `db_index`, and the re-added key would lose the database's ON DELETE CASCADE
(gymtracker.db.database_cascades), so the model's state changes here while the database loses
just the index.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_row_level_security"),
        ("workouts", "0010_sets_policy_privileged_first"),
    ]

    operations = [
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
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="workoutset",
                    name="template",
                    field=models.ForeignKey(
                        db_column="workout_template_id",
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="workout_sets",
                        to="plans.workouttemplate",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql="DROP INDEX IF EXISTS workout_sets_workout_template_id_d0c8589a",
                    reverse_sql="CREATE INDEX workout_sets_workout_template_id_d0c8589a ON workout_sets (workout_template_id)",
                ),
            ],
        ),
    ]
