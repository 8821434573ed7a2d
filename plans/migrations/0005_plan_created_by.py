"""Who wrote a plan (`created_by`): the member, or their coach writing for them, so the member can
be told "Written by your coach …".

The foreign key is SET NULL in the database (a plan outlives its writer's account) and cascades
updates, as every reference to `users` does. A restrictive policy makes the column say who
actually inserted the row: a member or coach can only put themselves there (staff and system jobs
anyone), so nobody can pass a plan off as another person's. Plans made before this migration take
the writer their history recorded when they were created.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from gymtracker.db import database_cascades

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"

WRITER_IS_THE_INSERTER = f"""
CREATE POLICY workout_plans_created_by ON workout_plans AS RESTRICTIVE FOR INSERT
    WITH CHECK (created_by_id IS NULL OR created_by_id = {ME} OR {PRIVILEGED});
"""
DROP_WRITER_IS_THE_INSERTER = "DROP POLICY workout_plans_created_by ON workout_plans;"

# The history's first row of each plan names who made it. Read and written in a system context,
# which the policies need where the migration's owner is no superuser.
BACKFILL = """
DO $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
BEGIN
    PERFORM set_config('app.system', 'migrate', true);
    UPDATE workout_plans p SET created_by_id = h.history_user_id
    FROM workout_plans_history h
    WHERE h.id = p.id AND h.history_type = '+' AND h.history_user_id IS NOT NULL AND p.created_by_id IS NULL;
    PERFORM set_config('app.system', caller, true);
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_rest_and_progression"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalworkoutplan",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="Who wrote the plan: the member, or their coach.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="workoutplan",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who wrote the plan: the member, or their coach.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        database_cascades(("workout_plans", "created_by_id", "users"), on_delete="SET NULL"),
        migrations.RunSQL(sql=WRITER_IS_THE_INSERTER, reverse_sql=DROP_WRITER_IS_THE_INSERTER),
        migrations.RunSQL(sql=BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
