"""Personal records are derived data, like the statistics, but nothing derived them again when
their table came back empty: reversing past 0001 (which `migrate accounts 0006` does, through
0001's dependency on accounts 0007) and applying again left every member without records while
the statistics were rebuilt.

Applied (again), this derives the records of every member's exercise that has counted sets and
no record, by `progress_records_rederive` (0008), the one home of the rules. Exercises that have
records are left as they are, so applying it to a database whose records are whole changes
nothing. Reversing it has nothing to undo.
"""

from django.db import migrations

REBUILD = """
DO $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
    one_set uuid;
BEGIN
    PERFORM set_config('app.system', 'migrate', true);
    FOR one_set IN
        SELECT (array_agg(ws.id ORDER BY ws.id))[1]
        FROM public.workout_sets ws
        JOIN public.workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
        JOIN public.workout_templates t ON t.id = ws.workout_template_id
        WHERE ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM public.personal_records pr
              WHERE pr.user_id = s.user_id AND pr.exercise = lower(t.exercise_name)
          )
        GROUP BY s.user_id, lower(t.exercise_name)
    LOOP
        PERFORM public.progress_records_rederive(one_set);
    END LOOP;
    PERFORM set_config('app.system', caller, true);
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0011_weekly_volume_exact"),
    ]

    operations = [
        migrations.RunSQL(sql=REBUILD, reverse_sql=migrations.RunSQL.noop),
    ]
