"""Drops the index on personal_records.workout_set_id alone: the unique index
personal_records_set_kind (workout_set_id, kind) serves every look-up by set, and the extra index
was one more write per record.

Only the index goes. Django would drop and re-add the foreign key to change `db_index`, and the
re-added key would lose the database's ON DELETE CASCADE (gymtracker.db.database_cascades), so the
model's state changes here while the database loses just the index.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0006_incremental_logging"),
        ("workouts", "0010_sets_policy_privileged_first"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="personalrecord",
                    name="workout_set",
                    field=models.ForeignKey(
                        db_column="workout_set_id",
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="records",
                        to="workouts.workoutset",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql="DROP INDEX IF EXISTS personal_records_workout_set_id_64ff2f96",
                    reverse_sql="CREATE INDEX personal_records_workout_set_id_64ff2f96 ON personal_records (workout_set_id)",
                ),
            ],
        ),
    ]
