from django.db import migrations

from gymtracker.db import database_cascades

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
OLD_RULE = f"user_id = {ME} OR {PRIVILEGED}"
# A session may only name one of its own member's plans (foreign keys are checked past the policies).
OWN_PLAN_OR_NONE = (
    "(workout_plan_id IS NULL OR EXISTS "  # nosec B608
    f"(SELECT 1 FROM workout_plans p WHERE p.id = workout_plan_id AND p.user_id = {ME}))"
)
NEW_CHECK = f"(user_id = {ME} AND {OWN_PLAN_OR_NONE}) OR {PRIVILEGED}"


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0004_session_plan_and_finish"),
    ]

    operations = [
        # Purging a plan keeps the sessions done from it; they only forget which plan it was.
        database_cascades(("workout_sessions", "workout_plan_id", "workout_plans"), on_delete="SET NULL"),
        migrations.RunSQL(
            sql=f"ALTER POLICY workout_sessions_access ON workout_sessions USING ({OLD_RULE}) WITH CHECK ({NEW_CHECK})",
            reverse_sql=f"ALTER POLICY workout_sessions_access ON workout_sessions USING ({OLD_RULE}) WITH CHECK ({OLD_RULE})",
        ),
    ]
