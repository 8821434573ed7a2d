from django.db import migrations

from gymtracker.db import row_level_security

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
OWN_SESSION = f"EXISTS (SELECT 1 FROM workout_sessions s WHERE s.id = workout_session_id AND s.user_id = {ME})"  # nosec B608
# A set may only name an exercise of the same member's plans: foreign keys are checked as the
# owner, past the policies, so without this a member could hang a set on someone else's plan.
OWN_TEMPLATE = (
    "EXISTS (SELECT 1 FROM workout_templates t JOIN workout_plans p ON p.id = t.workout_plan_id "
    f"WHERE t.id = workout_template_id AND p.user_id = {ME})"  # nosec B608
)


class Migration(migrations.Migration):
    """A member reaches their own sessions and sets (and their history); staff and named system
    jobs reach all. Coaches (a later migration) widen these with their clients' rows."""

    dependencies = [
        ("workouts", "0002_database_cascades"),
        ("plans", "0003_row_level_security"),
    ]

    operations = [
        row_level_security("workout_sessions", using=f"user_id = {ME} OR {PRIVILEGED}"),
        row_level_security("workout_sessions_history", using=f"user_id = {ME} OR {PRIVILEGED}"),
        row_level_security(
            "workout_sets",
            using=f"{OWN_SESSION} OR {PRIVILEGED}",
            check=f"({OWN_SESSION} AND {OWN_TEMPLATE}) OR {PRIVILEGED}",
        ),
        row_level_security("workout_sets_history", using=f"{OWN_SESSION} OR {PRIVILEGED}"),
    ]
