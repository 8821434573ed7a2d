"""An edit from the logging page re-derives the records from the edited set's day on
(`progress_set_relogged`, progress migration 0009) instead of from the exercise's whole history."""

import importlib

from django.db import migrations

SET_LOG = importlib.import_module("sessions.migrations.0012_set_log_function").SET_LOG
FULL = "        PERFORM progress_records_rederive(p_set);\n"
SINCE = "        PERFORM progress_set_relogged(p_set);\n"
if SET_LOG.count(FULL) != 1:
    raise ValueError("workouts_set_log has changed: edit this migration by hand")
OLD = SET_LOG.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
NEW = OLD.replace(FULL, SINCE)


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0012_set_log_function"),
        ("progress", "0009_incremental_edits"),
    ]

    operations = [migrations.RunSQL(sql=NEW, reverse_sql=OLD)]
