"""The progress rules each written once (progress/sql/): the statistics and the weekly volume of
whole members are recomputed by the functions that recompute a few (progress_stats_recompute,
progress_weeks_recompute), and one trigger function per table keeps both. The files' objects are
applied first, so that no trigger is left calling a function this then drops.

Reversed, nothing is made again: the files, which alone say what runs, define none of what this
drops, and reversing 0002 removes the files' objects."""

from django.db import migrations

from gymtracker.dbobjects import SyncSql

GONE = """
DROP FUNCTION IF EXISTS progress_stats_rebuild(uuid[]);
DROP FUNCTION IF EXISTS progress_weeks_rebuild(uuid[]);
DROP FUNCTION IF EXISTS progress_week_recompute(uuid, text, date);
DROP TRIGGER IF EXISTS progress_weeks_sets_deleted ON workout_sets;
DROP TRIGGER IF EXISTS progress_weeks_sets_inserted ON workout_sets;
DROP TRIGGER IF EXISTS progress_weeks_sets_updated ON workout_sets;
DROP TRIGGER IF EXISTS progress_weeks_sessions_deleted ON workout_sessions;
DROP TRIGGER IF EXISTS progress_weeks_sessions_updated ON workout_sessions;
DROP TRIGGER IF EXISTS progress_weeks_templates_updated ON workout_templates;
DROP FUNCTION IF EXISTS progress_weeks_sets_changed();
DROP FUNCTION IF EXISTS progress_weeks_sessions_changed();
DROP FUNCTION IF EXISTS progress_weeks_templates_changed();
"""


class Migration(migrations.Migration):
    dependencies = [("progress", "0002_database_objects")]

    operations = [
        SyncSql("progress"),
        migrations.RunSQL(sql=GONE, reverse_sql=migrations.RunSQL.noop),
    ]
