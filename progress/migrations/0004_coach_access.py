"""Coaches read their current members' progress: the statistics, the personal records and the
weekly volume, and nothing of them once the relationship ends.

As for the coach's other rights (`coaching/migrations/0002`), each is a separate permissive
SELECT policy, ORed with the member's own; writes stay the triggers' and the logging's alone.
The weekly volume is a materialized view read through the security-barrier view
`member_weekly_volume`, whose WHERE clause is the policy: it gains the same coached clause.
"""

from django.db import migrations

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
COACHED = "(SELECT app_coached_members())"

VIEW = """
CREATE OR REPLACE VIEW member_weekly_volume WITH (security_barrier) AS
SELECT * FROM weekly_volume
WHERE {where};
"""
OWN = f"user_id = {ME} OR {PRIVILEGED}"
OWN_OR_COACHED = f"user_id = {ME} OR user_id IN {COACHED} OR {PRIVILEGED}"


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0003_weekly_volume"),
        ("coaching", "0002_row_level_security"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f"CREATE POLICY exercise_stats_coach ON exercise_stats FOR SELECT USING (user_id IN {COACHED})",
                f"CREATE POLICY personal_records_coach ON personal_records FOR SELECT USING (user_id IN {COACHED})",
                VIEW.format(where=OWN_OR_COACHED),
            ],
            reverse_sql=[
                VIEW.format(where=OWN),
                "DROP POLICY personal_records_coach ON personal_records",
                "DROP POLICY exercise_stats_coach ON exercise_stats",
            ],
        ),
    ]
