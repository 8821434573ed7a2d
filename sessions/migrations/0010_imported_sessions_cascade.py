"""An import's row may go (its member erased) and the sessions it made stay, unlinked: the database
sets their import_id to NULL itself (gymtracker.db.database_cascades)."""

from django.db import migrations

from gymtracker.db import database_cascades


class Migration(migrations.Migration):
    dependencies = [("workouts", "0009_imported_sessions")]

    operations = [database_cascades(("workout_sessions", "import_id", "imports"), on_delete="SET NULL")]
