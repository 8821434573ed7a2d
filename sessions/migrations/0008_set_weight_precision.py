"""A set's weight is kept exactly: numeric(14, 10) instead of (6, 2), in workout_sets and in its
history. Any weight typed to the hundredth of a pound is exact in kilograms with ten decimals
(1 lb = 0.45359237 kg), so 135 lb is stored as 61.2349699500 kg, not 61.23, and totals of
pounds come back as typed (gymtracker.units). The statistics, weekly volume and records keep
the same precision (progress migration 0006, first). Widening changes no stored weight, so
nothing is derived again. The bound stays 9999.99… kg.

The (template, weight) index is rebuilt by PostgreSQL with the column; its SQL does not change
(coalesce(weight_kg, 0), no cast), only the output field the model declares for it.

Reversed, every set's weight is rounded to 0.01 kg (half away from zero, as the form rounded
pounds before): first by an UPDATE, so that the statistics and weekly volume follow (their
triggers), then the exercises whose records lag are derived again, then the columns narrow,
rounding the history rows the same way."""

import django.core.validators
from django.db import migrations, models
from django.db.models.functions import Coalesce

ROUND = """
SELECT set_config('app.system', 'set_weight_precision', true);
UPDATE workout_sets SET weight_kg = round(weight_kg, 2) WHERE weight_kg <> round(weight_kg, 2);
SELECT progress_records_derive(s.user_id, s.exercise, NULL) FROM exercise_stats s WHERE s.records_lag IS DISTINCT FROM 0;
SET CONSTRAINTS ALL IMMEDIATE;
"""


def weight_field():
    return models.DecimalField(
        blank=True,
        decimal_places=10,
        help_text="Weight lifted, in kilograms.",
        max_digits=14,
        null=True,
        validators=[django.core.validators.MinValueValidator(0)],
    )


def weight_index():
    return models.Index(
        models.F("template"),
        Coalesce("weight_kg", models.Value(0), output_field=models.DecimalField(max_digits=14, decimal_places=10)),
        name="workout_sets_template_weight",
    )


class Migration(migrations.Migration):
    # A column's type widened (numeric(8,2) to numeric(14,10)) rewrites workout_sets under ACCESS
    # EXCLUSIVE: a maintenance window at any real size.
    locks_reviewed = "rewrites workout_sets: a maintenance window"
    dependencies = [
        ("workouts", "0007_set_kinds"),
        # The figures made from set weights widen first, and narrow last when this is reversed.
        ("progress", "0006_exact_weights"),
    ]

    operations = [
        migrations.AlterField(model_name="historicalworkoutset", name="weight_kg", field=weight_field()),
        migrations.AlterField(model_name="workoutset", name="weight_kg", field=weight_field()),
        # The index's declared output in the migrations' state only: the database's index is the
        # same expression, rebuilt by the ALTER above.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="workoutset", name="workout_sets_template_weight"),
                migrations.AddIndex(model_name="workoutset", index=weight_index()),
            ]
        ),
        # Reversed before the columns narrow (operations reverse last first); the keys' deferred
        # checks run at its end, since a table with pending trigger events cannot be altered.
        migrations.RunSQL(sql=migrations.RunSQL.noop, reverse_sql=ROUND),
    ]
