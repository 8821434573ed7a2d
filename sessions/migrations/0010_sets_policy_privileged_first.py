"""The sets policy tests the privileged context before the member's EXISTS look-ups.

PostgreSQL evaluates an OR's arms in the order written. Staff and system jobs (the history
generator moves millions of sets through this WITH CHECK) used to pay an index probe into
sessions, and a join of templates and plans, per row before the test that lets them through; a
member pays the same as before, since `app_privileged()` is evaluated once per query. Who may
read and write what is unchanged.
"""

import importlib

from django.db import migrations

rules = importlib.import_module("sessions.migrations.0003_row_level_security")
OWN_SESSION, OWN_TEMPLATE, PRIVILEGED = rules.OWN_SESSION, rules.OWN_TEMPLATE, rules.PRIVILEGED

FIRST = (
    f"ALTER POLICY workout_sets_access ON workout_sets USING ({PRIVILEGED} OR {OWN_SESSION}) "
    f"WITH CHECK ({PRIVILEGED} OR ({OWN_SESSION} AND {OWN_TEMPLATE}))"
)
LAST = (
    f"ALTER POLICY workout_sets_access ON workout_sets USING ({OWN_SESSION} OR {PRIVILEGED}) "
    f"WITH CHECK (({OWN_SESSION} AND {OWN_TEMPLATE}) OR {PRIVILEGED})"
)


class Migration(migrations.Migration):
    dependencies = [("workouts", "0009_member_data_versions_comments")]

    operations = [migrations.RunSQL(sql=FIRST, reverse_sql=LAST)]
