"""Bulk loads (`manage.py generate_history`): the statistics triggers stand aside while a system
job inserts whole members, and the job recomputes those members' statistics once, set-based,
before it commits.

Why: the triggers of migration 0002 recompute every (member, exercise) pair a statement touched,
walking the pair's sets through the exercise's index. For a batch of 25 new members with three
years each (≈ 250,000 sets) that is one pass per pair, and it made the generator ≈ 40 % slower.
`progress_stats_rebuild` recomputes whole members in one pass over their sessions' sets grouped
by exercise row, which costs about a third as much (0.17 s instead of 0.53 s for 25 generated
members' 243,000 sets), and gives the same rows (nothing is added or subtracted: it is a
recomputation from raw sets, like `progress_stats_recompute`).

How: `progress_bulk_load_start()` sets the transaction-local flag `app.bulk_load` to the caller's
system context; while it is set, the three trigger functions return at once (they still fire:
nothing is disabled). `progress_bulk_load_finish(members)` recomputes those members' statistics
and clears the flag, so the load must name every member whose rows it wrote. Both belong in one transaction with the load: the flag ends with it (commit
or rollback), so it never reaches another request on a pooled connection, and a load that fails
before `finish` rolls back its rows along with the flag.

Who can skip the triggers, and why that is safe:

- `start` refuses outside a named system context, and the triggers honour the flag only when the
  caller is no member and no staff (`app.user_id` and `app.staff` empty; the trigger functions
  run with their own `app.system`, but those two are still the caller's). A member's or a
  coach's request that somehow carried the flag would get the usual per-statement recomputation.
- Like `app.user_id`, `app.staff` and `app.system`, the flag is a setting the app's role could set
  itself with `set_config`. Members never send SQL: every statement is the server's code, and
  that code sets the flag in one place (the generator, through `start`), in the same transaction
  that calls `finish`. Code that could run arbitrary SQL as the app role could already name itself
  a system job and read or write every member's rows; the flag gives it nothing more. At worst it
  could leave statistics stale, never let anyone read or write a row the policies forbid: the
  statistics are still written only by these SECURITY DEFINER functions, in their own context.
- `finish` runs as the owner to reach `progress_stats_rebuild`, which like the other writers
  carries `SET app.system = 'exercise_stats'`; recomputing from raw sets can only make the table
  right, whoever asks.
"""

import importlib
import re

from django.conf import settings
from django.db import migrations

ROLE = settings.DATABASE_APP_ROLE
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

# The trigger functions as 0002 made them: the reverse restores them, the forward adds the guard.
TRIGGERS = importlib.import_module("progress.migrations.0002_statistics_triggers")
DEFINER = TRIGGERS.DEFINER
FUNCTIONS = [TRIGGERS.SETS_CHANGED, TRIGGERS.SESSIONS_CHANGED, TRIGGERS.TEMPLATES_CHANGED]

GUARD = """
    -- A bulk load by a system job recomputes its members once, before it commits (migration 0005).
    IF coalesce(current_setting('app.bulk_load', true), '') <> ''
       AND coalesce(current_setting('app.user_id', true), '') = ''
       AND coalesce(current_setting('app.staff', true), '') = '' THEN
        RETURN NULL;
    END IF;"""


def _replace(function: str, *, guarded: bool) -> str:
    replaced = function.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    if guarded:
        replaced = replaced.replace("\nBEGIN\n", f"\nBEGIN{GUARD}\n", 1)
        if GUARD not in replaced:
            raise ValueError("the trigger function's body has changed: place the guard by hand")
    return replaced


# Every statistic of the members, recomputed from their counted sets (the rules of
# progress_stats_recompute). One pass over the members' sessions and sets, grouped by exercise
# row without sorting, then by lower-cased name over the few rows that leaves; the display name
# is read from the latest session of each exercise.
REBUILD = f"""
CREATE FUNCTION progress_stats_rebuild(p_users uuid[]) RETURNS void
LANGUAGE plpgsql {DEFINER}
AS $$
BEGIN
    WITH per_template AS (
        SELECT s.user_id, ws.template_id,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               sum(ws.actual_reps * coalesce(ws.weight_kg, 0)) AS volume_kg,
               max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg,
               max(s.date) AS last_performed
        FROM workout_sessions s
        -- Each session's sets through the index on the session: OFFSET 0 keeps this a nested
        -- loop whatever the statistics say (during a load they lag far behind, and a plan that
        -- trusted them scanned every set in the table to find one batch's).
        CROSS JOIN LATERAL (
            SELECT ws.workout_template_id AS template_id, ws.actual_reps, ws.weight_kg
            FROM workout_sets ws
            WHERE ws.workout_session_id = s.id AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
            OFFSET 0
        ) ws
        WHERE s.user_id = ANY (p_users) AND s.deleted_at IS NULL
        GROUP BY s.user_id, ws.template_id
    ),
    fresh AS (
        SELECT pt.user_id, lower(t.exercise_name) AS exercise,
               sum(pt.sets) AS sets, sum(pt.reps) AS reps, sum(pt.volume_kg) AS volume_kg,
               max(pt.best_weight_kg) AS best_weight_kg, max(pt.best_e1rm_kg) AS best_e1rm_kg,
               max(pt.last_performed) AS last_performed,
               array_agg(pt.template_id) AS templates
        FROM per_template pt
        JOIN workout_templates t ON t.id = pt.template_id
        -- A set counts for the member whose session it is and whose plan holds its exercise.
        JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = pt.user_id
        GROUP BY pt.user_id, lower(t.exercise_name)
    ),
    named AS (
        SELECT f.*, (
            -- The name on the latest counted set (session date, then logging time), as
            -- progress_stats_recompute takes it: the exercise's sets of its last day.
            SELECT t.exercise_name
            FROM workout_sessions s
            JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY (f.templates)
                 AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
            JOIN workout_templates t ON t.id = ws.workout_template_id
            WHERE s.user_id = f.user_id AND s.date = f.last_performed AND s.deleted_at IS NULL
            ORDER BY ws.completed_at DESC
            LIMIT 1
        ) AS display_name
        FROM fresh f
    ),
    gone AS (
        DELETE FROM exercise_stats es
        WHERE es.user_id = ANY (p_users)
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.user_id = es.user_id AND f.exercise = es.exercise)
    )
    INSERT INTO exercise_stats AS es
        (user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed)
    SELECT user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed
    FROM named
    ON CONFLICT (user_id, exercise) DO UPDATE SET
        display_name = EXCLUDED.display_name, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
        volume_kg = EXCLUDED.volume_kg, best_weight_kg = EXCLUDED.best_weight_kg,
        best_e1rm_kg = EXCLUDED.best_e1rm_kg, last_performed = EXCLUDED.last_performed;
END
$$;
REVOKE ALL ON FUNCTION progress_stats_rebuild(uuid[]) FROM PUBLIC;
"""  # nosec B608 - constant SQL built from this file's literals

# No `SET app.system` on these two: they read the caller's context (a named system job, not a
# member or staff), and `start`'s set_config lasts until the transaction ends.
SYSTEM_JOB = """
    IF coalesce(current_setting('app.system', true), '') = ''
       OR coalesce(current_setting('app.user_id', true), '') <> ''
       OR coalesce(current_setting('app.staff', true), '') <> '' THEN
        RAISE EXCEPTION 'a bulk load runs in a named system context only';
    END IF;"""

BULK_LOAD = f"""
CREATE FUNCTION progress_bulk_load_start() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN{SYSTEM_JOB}
    PERFORM set_config('app.bulk_load', current_setting('app.system'), true);
END
$$;
REVOKE ALL ON FUNCTION progress_bulk_load_start() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION progress_bulk_load_start() TO {ROLE};

CREATE FUNCTION progress_bulk_load_finish(p_users uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN{SYSTEM_JOB}
    PERFORM progress_stats_rebuild(p_users);
    PERFORM set_config('app.bulk_load', '', true);
END
$$;
REVOKE ALL ON FUNCTION progress_bulk_load_finish(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION progress_bulk_load_finish(uuid[]) TO {ROLE};
"""  # nosec B608 - ROLE is checked above to be a plain identifier

DROP_BULK_LOAD = """
DROP FUNCTION progress_bulk_load_finish(uuid[]);
DROP FUNCTION progress_bulk_load_start();
DROP FUNCTION progress_stats_rebuild(uuid[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0004_coach_access"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[REBUILD, BULK_LOAD, *(_replace(f, guarded=True) for f in FUNCTIONS)],
            reverse_sql=[*(_replace(f, guarded=False) for f in FUNCTIONS), DROP_BULK_LOAD],
        ),
    ]
