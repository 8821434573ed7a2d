"""The index of imported sessions (workout_sessions.import_id), made without blocking writes: a
migration that is not atomic, so that CREATE INDEX CONCURRENTLY may run (README,
"Zero-downtime migrations")."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("workouts", "0010_imported_sessions_cascade")]

    operations = [
        AddIndexConcurrently(
            model_name="workoutsession",
            index=models.Index(
                condition=models.Q(("source__isnull", False)), fields=["source"], name="workout_sessions_import"
            ),
        ),
    ]
