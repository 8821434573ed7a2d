from django.db import migrations

from gymtracker.db import row_level_security

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
OWN_PLAN = f"EXISTS (SELECT 1 FROM workout_plans p WHERE p.id = workout_plan_id AND p.user_id = {ME})"  # nosec B608


class Migration(migrations.Migration):
    """A member reaches their own plans and exercises (and their history); staff and named
    system jobs reach all. Coaches (a later migration) widen these with their clients' rows."""

    dependencies = [
        ("plans", "0002_database_cascades"),
        ("accounts", "0004_row_level_security"),
    ]

    operations = [
        row_level_security("workout_plans", using=f"user_id = {ME} OR {PRIVILEGED}"),
        row_level_security("workout_plans_history", using=f"user_id = {ME} OR {PRIVILEGED}"),
        row_level_security("workout_templates", using=f"{OWN_PLAN} OR {PRIVILEGED}"),
        row_level_security("workout_templates_history", using=f"{OWN_PLAN} OR {PRIVILEGED}"),
    ]
