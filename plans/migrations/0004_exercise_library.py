"""The exercise library loaded (plans.library), and every plan's exercise linked to the exercise
its name means for its member (exercise_resolve: by name or alias, else a new exercise of the
member's own), so nothing is lost. The plans then show the exercise's name, and the statistics,
weekly volume and records, which go by that name, follow: two names of one lift become one
history, whose records are derived again.

Reversed, the link becomes optional again and the rows stay: 0003 reversed removes them."""

import django.db.models.deletion
from django.db import migrations, models

from gymtracker.db import database_cascades
from plans import library

LINK = """
SELECT set_config('app.system', 'exercise_library', true);
UPDATE workout_templates t SET exercise_id = exercise_resolve(p.user_id, t.exercise_name)
FROM workout_plans p WHERE p.id = t.workout_plan_id AND t.exercise_id IS NULL;
SELECT progress_records_derive(s.user_id, s.exercise, NULL) FROM exercise_stats s WHERE s.records_lag IS NULL;
DELETE FROM personal_records pr WHERE NOT EXISTS (
    SELECT 1 FROM exercise_stats s WHERE s.user_id = pr.user_id AND s.exercise = pr.exercise
);
"""


def load_library(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        library.load(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_exercises"),
        ("progress", "0003_one_definition_per_rule"),
        # The link makes the statistics follow, by the rules as they are now (progress/sql/), which
        # read the sets' type.
        ("workouts", "0005_set_type"),
    ]

    operations = [
        # (Django adds 0003's foreign keys when that migration ends.)
        database_cascades(
            ("exercises", "owner_id", "users"),
            ("exercise_aliases", "exercise_id", "exercises"),
        ),
        database_cascades(
            ("exercises_history", "history_user_id", "users"),
            ("exercise_aliases_history", "history_user_id", "users"),
            on_delete="SET NULL",
        ),
        migrations.RunPython(load_library, migrations.RunPython.noop),
        migrations.RunSQL(LINK, migrations.RunSQL.noop),
        # The keys' deferred checks now, before the link's constraint is made again.
        migrations.RunSQL("SET CONSTRAINTS ALL IMMEDIATE", migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="workouttemplate",
            name="exercise",
            field=models.ForeignKey(
                blank=True, on_delete=django.db.models.deletion.RESTRICT, related_name="templates", to="plans.exercise"
            ),
        ),
    ]
