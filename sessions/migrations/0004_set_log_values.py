"""Logging a set takes its values as one JSON object of columns (`p_values`) instead of one
argument per column, so a column added to workout_sets reaches the log path without touching the
function (sessions/sql/functions/workouts_set_log.sql). The function's arguments change, so the
previous one is dropped here; reversing makes it again from the text frozen below."""

import django.core.validators
from django.db import migrations, models

from gymtracker.dbobjects import SyncSql

OLD_SIGNATURE = (
    "workouts_set_log(uuid, uuid, uuid, integer, numeric, numeric, timestamp with time zone, uuid, uuid, "
    "timestamp with time zone)"
)
NEW_SIGNATURE = (
    "workouts_set_log(uuid, uuid, uuid, jsonb, timestamp with time zone, uuid, uuid, timestamp with time zone)"
)

OLD_FUNCTION = r"""
CREATE OR REPLACE FUNCTION public.workouts_set_log(p_set uuid, p_session uuid, p_member uuid, p_reps integer, p_weight_kg numeric, p_rpe numeric, p_completed_at timestamp with time zone, p_history_user uuid, p_key uuid, p_read_at timestamp with time zone, OUT logged boolean, OUT replayed boolean, OUT stale boolean, OUT logged_at timestamp with time zone, OUT changed_at timestamp with time zone, OUT upcoming uuid, OUT records text[], OUT planned_sets integer, OUT done_sets integer, OUT total_reps bigint, OUT tonnage numeric)
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    first_log boolean;
    same_values boolean;
BEGIN
    SELECT ws.completed_at IS NULL,
           ws.completed_at IS NOT NULL AND p_read_at IS NOT NULL AND ws.updated_at IS DISTINCT FROM p_read_at,
           (ws.actual_reps, ws.weight_kg, ws.rpe)
               IS NOT DISTINCT FROM (p_reps, CAST(p_weight_kg AS numeric(6, 2)), CAST(p_rpe AS numeric(3, 1)))
    INTO first_log, stale, same_values
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
    WHERE ws.id = p_set AND ws.workout_session_id = p_session AND ws.deleted_at IS NULL
      AND (p_member IS NULL OR s.user_id = p_member)
    FOR UPDATE OF ws;
    logged := FOUND;
    IF NOT logged THEN
        RETURN;
    END IF;
    replayed := p_key IS NOT NULL AND EXISTS (
        SELECT 1 FROM workout_sets_history h WHERE h.id = p_set AND h.log_key = p_key
    );
    IF stale AND same_values THEN
        -- Changed since the form was read, to what this log says (its own first send): done.
        replayed := true;
        stale := false;
    END IF;
    IF replayed OR stale THEN
        SELECT ws.completed_at, ws.updated_at INTO logged_at, changed_at FROM workout_sets ws WHERE ws.id = p_set;
    ELSE
        changed_at := clock_timestamp();
        logged_at := coalesce(p_completed_at, changed_at);
        UPDATE workout_sets
        SET actual_reps = p_reps, weight_kg = p_weight_kg, rpe = p_rpe, completed_at = logged_at,
            updated_at = changed_at, log_key = p_key
        WHERE id = p_set;
        INSERT INTO workout_sets_history (
            created_at, updated_at, deleted_at, id, actual_reps, position, target_reps, weight_kg, rpe,
            completed_at, log_key, workout_session_id, workout_template_id,
            history_date, history_change_reason, history_type, history_user_id
        )
        SELECT created_at, updated_at, deleted_at, id, actual_reps, position, target_reps, weight_kg, rpe,
               completed_at, log_key, workout_session_id, workout_template_id,
               clock_timestamp(), NULL, '~', p_history_user
        FROM workout_sets WHERE id = p_set;
        IF first_log THEN
            PERFORM progress_set_logged(p_set);
        ELSE
            PERFORM progress_set_relogged(p_set);
        END IF;
    END IF;
    SELECT ws.id INTO upcoming
    FROM workout_sets ws
    WHERE ws.workout_session_id = p_session AND ws.completed_at IS NULL AND ws.deleted_at IS NULL
    ORDER BY ws.position, ws.created_at
    LIMIT 1;
    SELECT coalesce(array_agg(pr.kind ORDER BY pr.kind), '{}') INTO records
    FROM personal_records pr
    WHERE pr.workout_set_id = p_set;
    SELECT count(*), count(*) FILTER (WHERE ws.completed_at IS NOT NULL),
           coalesce(sum(ws.actual_reps) FILTER (WHERE ws.completed_at IS NOT NULL), 0),
           coalesce(sum(ws.actual_reps * ws.weight_kg) FILTER (WHERE ws.completed_at IS NOT NULL), 0)
    INTO planned_sets, done_sets, total_reps, tonnage
    FROM workout_sets ws
    WHERE ws.workout_session_id = p_session AND ws.deleted_at IS NULL;
END
$function$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0003_member_data_one_trigger"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"DROP FUNCTION IF EXISTS {OLD_SIGNATURE}",
            reverse_sql=[f"DROP FUNCTION IF EXISTS {NEW_SIGNATURE}", OLD_FUNCTION],
        ),
        SyncSql("workouts"),
        # The limits of the logged fields, which the set form takes from the model.
        migrations.AlterField(
            model_name="historicalworkoutset",
            name="actual_reps",
            field=models.IntegerField(
                db_default=0,
                default=0,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1000),
                ],
                verbose_name="reps",
            ),
        ),
        migrations.AlterField(
            model_name="historicalworkoutset",
            name="rpe",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                help_text="Rate of perceived exertion, 1–10.",
                max_digits=3,
                null=True,
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)],
                verbose_name="RPE",
            ),
        ),
        migrations.AlterField(
            model_name="historicalworkoutset",
            name="weight_kg",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Weight lifted, in kilograms.",
                max_digits=6,
                null=True,
                validators=[django.core.validators.MinValueValidator(0)],
            ),
        ),
        migrations.AlterField(
            model_name="workoutset",
            name="actual_reps",
            field=models.IntegerField(
                db_default=0,
                default=0,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1000),
                ],
                verbose_name="reps",
            ),
        ),
        migrations.AlterField(
            model_name="workoutset",
            name="rpe",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                help_text="Rate of perceived exertion, 1–10.",
                max_digits=3,
                null=True,
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)],
                verbose_name="RPE",
            ),
        ),
        migrations.AlterField(
            model_name="workoutset",
            name="weight_kg",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Weight lifted, in kilograms.",
                max_digits=6,
                null=True,
                validators=[django.core.validators.MinValueValidator(0)],
            ),
        ),
    ]
