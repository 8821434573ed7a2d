"""Writes of the progress app: personal records, found when a set is logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction

if TYPE_CHECKING:
    from sessions.models import WorkoutSet

# The member and exercise of one set.
_TARGET = """
    SELECT s.user_id, lower(t.exercise_name) AS exercise
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.id = %(set_id)s
"""

# Deletes the exercise's records, which _FIND then derives again; the records are right once it
# has, so the exercise's `records_lag` goes back to 0 (migration 0006) in the same transaction.
_CLEAR = f"""
    WITH target AS ({_TARGET}),
    cleared AS (
        DELETE FROM personal_records pr USING target
        WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise
    )
    SELECT progress_records_derived(user_id, exercise) FROM target
"""  # noqa: S608  # nosec B608 - constant SQL, parameters bound

# The rules, applied to `ranked` (each set with the best weight and 1RM before it, and the best
# reps before it at exactly its weight): one INSERT shared by the full and the one-set path.
_RECORDS = """
    INSERT INTO personal_records (user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date)
    SELECT user_id, id, exercise, 'weight', weight_kg, reps, weight_kg, date FROM ranked
    WHERE reps > 0 AND weight_kg > 0 AND (best_weight_before IS NULL OR weight_kg > best_weight_before)
    UNION ALL
    SELECT user_id, id, exercise, 'e1rm', weight_kg, reps, e1rm, date FROM ranked
    WHERE e1rm IS NOT NULL AND (best_e1rm_before IS NULL OR e1rm > best_e1rm_before)
    UNION ALL
    SELECT user_id, id, exercise, 'reps', weight_kg, reps, reps, date FROM ranked
    WHERE reps > 0 AND best_reps_before IS NOT NULL AND reps > best_reps_before
    -- A set's record still filed under the exercise's former name (a renamed exercise takes its
    -- sets along) moves to the name the set has now.
    ON CONFLICT (workout_set_id, kind) DO UPDATE SET
        user_id = EXCLUDED.user_id, exercise = EXCLUDED.exercise, weight_kg = EXCLUDED.weight_kg,
        reps = EXCLUDED.reps, value = EXCLUDED.value, date = EXCLUDED.date
"""

# Every counted set of the exercise in order (session date, then logging time): a set is a record
# when it is strictly better than every set before it. Ties are not records. The first set of an
# exercise with a weight is the first heaviest-weight and estimated-1RM record (there is nothing
# to beat); a reps record needs an earlier set at exactly that weight, so the first visit to a
# weight (and every warm-up) does not count. Weights are kilograms, whatever unit was typed.
_FIND = f"""
    WITH target AS ({_TARGET}),
    history AS (
        SELECT ws.id, target.user_id, target.exercise, s.date, ws.completed_at,
               ws.actual_reps AS reps, coalesce(ws.weight_kg, 0) AS weight_kg,
               progress_e1rm(ws.weight_kg, ws.actual_reps) AS e1rm
        FROM target
        JOIN workout_plans p ON p.user_id = target.user_id
        JOIN workout_templates t ON t.workout_plan_id = p.id AND lower(t.exercise_name) = target.exercise
        JOIN workout_sets ws ON ws.workout_template_id = t.id
             AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
        -- By primary key only (see progress_stats_recompute in migration 0002).
        JOIN workout_sessions s ON s.id = ws.workout_session_id
             AND s.user_id IS NOT DISTINCT FROM target.user_id AND s.deleted_at IS NULL
    ),
    ranked AS (
        SELECT h.*,
               max(weight_kg) FILTER (WHERE reps > 0) OVER earlier AS best_weight_before,
               max(e1rm) OVER earlier AS best_e1rm_before,
               max(reps) OVER (
                   PARTITION BY weight_kg ORDER BY date, completed_at, id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
               ) AS best_reps_before
        FROM history h
        WINDOW earlier AS (ORDER BY date, completed_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    )
{_RECORDS}"""  # noqa: S608  # nosec B608 - constant SQL, parameters bound

# The set just logged, in one statement: either its own records are added to the exercise's, or
# (when that would not be exact) the exercise's records are cleared for _FIND; either way the
# exercise's `records_lag` is 0 afterwards, and the statement returns which way it went.
#
# Incremental when the exercise's only change since its records were last derived is this set's
# first log (`records_lag` = 1: the statistics trigger of migration 0006 counts it so only for a
# set logged strictly after every other set of its exercise), and the set counts, holds no record
# and is still strictly the latest (so it is that one change). Then the earlier sets' records
# stand, and the set's own follow the rules above against the records so far: the best weight
# and 1RM before it are the largest weight and 1RM records (a maximum is first reached by a
# record), and the best reps at its weight come from the sets at exactly that weight.
_LOGGED = f"""
    WITH target AS (
        SELECT ws.id, s.user_id, lower(t.exercise_name) AS exercise, s.date, ws.completed_at,
               ws.actual_reps AS reps, coalesce(ws.weight_kg, 0) AS weight_kg,
               progress_e1rm(ws.weight_kg, ws.actual_reps) AS e1rm,
               ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL AND s.deleted_at IS NULL
               AND EXISTS (SELECT 1 FROM workout_plans p WHERE p.id = t.workout_plan_id AND p.user_id = s.user_id)
               AS counts
        FROM workout_sets ws
        JOIN workout_sessions s ON s.id = ws.workout_session_id
        JOIN workout_templates t ON t.id = ws.workout_template_id
        WHERE ws.id = %(set_id)s
    ),
    decided AS MATERIALIZED (
        SELECT target.*, coalesce(
            target.counts
            AND (SELECT es.records_lag FROM exercise_stats es
                 WHERE es.user_id = target.user_id AND es.exercise = target.exercise) = 1
            AND NOT EXISTS (SELECT 1 FROM personal_records pr WHERE pr.workout_set_id = target.id)
            AND NOT EXISTS (
                SELECT 1
                FROM workout_sessions s
                JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.id <> target.id
                     AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
                JOIN workout_templates t ON t.id = ws.workout_template_id AND lower(t.exercise_name) = target.exercise
                JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = target.user_id
                WHERE s.user_id = target.user_id AND s.deleted_at IS NULL AND s.date >= target.date
                  AND (s.date, ws.completed_at) >= (target.date, target.completed_at)
            ),
            false
        ) AS incremental
        FROM target
    ),
    ranked AS (
        SELECT d.*,
               (SELECT max(pr.value) FROM personal_records pr
                WHERE pr.user_id = d.user_id AND pr.exercise = d.exercise AND pr.kind = 'weight') AS best_weight_before,
               (SELECT max(pr.value) FROM personal_records pr
                WHERE pr.user_id = d.user_id AND pr.exercise = d.exercise AND pr.kind = 'e1rm') AS best_e1rm_before,
               CASE WHEN d.reps > 0 THEN (
                   SELECT max(ws.actual_reps)
                   FROM workout_plans p
                   JOIN workout_templates t ON t.workout_plan_id = p.id AND lower(t.exercise_name) = d.exercise
                   JOIN workout_sets ws ON ws.workout_template_id = t.id AND ws.id <> d.id
                        AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
                        AND coalesce(ws.weight_kg, 0) = d.weight_kg
                   JOIN workout_sessions s ON s.id = ws.workout_session_id
                        AND s.user_id = d.user_id AND s.deleted_at IS NULL
                   WHERE p.user_id = d.user_id
               ) END AS best_reps_before
        FROM decided d
        WHERE d.incremental
    ),
    found AS (
{_RECORDS}    ),
    cleared AS (
        DELETE FROM personal_records pr USING decided d
        WHERE NOT d.incremental AND pr.user_id = d.user_id AND pr.exercise = d.exercise
    )
    SELECT incremental, progress_records_derived(user_id, exercise) FROM decided
"""  # noqa: S608  # nosec B608 - constant SQL, parameters bound


@transaction.atomic
def records_update(*, workout_set: WorkoutSet, first_log: bool = True) -> bool:
    """Bring the records of the set's exercise up to date after the set was logged or edited, so
    a record is marked when logged, and an edit that takes one away (or hands it to an earlier
    set) is honoured too. One statement when the set was just logged after every other set of
    its exercise and nothing else changed the exercise since (see _LOGGED); otherwise the
    records are re-derived from the member's sets in a second one (one index walk per exercise).
    `first_log=False` (the set had been logged before) goes straight to the re-derivation: the
    short path could not be taken anyway, and its statement costs more to plan than _CLEAR.
    Returns whether the one statement sufficed."""
    params = {"set_id": workout_set.pk}
    if not first_log:
        records_rederive(workout_set=workout_set)
        return False
    with connection.cursor() as cursor:
        cursor.execute(_LOGGED, params)
        decided = cursor.fetchone()
        if decided is not None and decided[0]:
            return True
        cursor.execute(_FIND, params)
    return False


@transaction.atomic
def records_rederive(*, workout_set: WorkoutSet) -> None:
    """Re-derive the records of the set's exercise from the member's sets, whatever changed."""
    params = {"set_id": workout_set.pk}
    with connection.cursor() as cursor:
        cursor.execute(_CLEAR, params)
        cursor.execute(_FIND, params)
