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

_CLEAR = f"""
    WITH target AS ({_TARGET})
    DELETE FROM personal_records pr USING target
    WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise
"""  # noqa: S608  # nosec B608 - constant SQL, parameters bound

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
    INSERT INTO personal_records (user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date)
    SELECT user_id, id, exercise, 'weight', weight_kg, reps, weight_kg, date FROM ranked
    WHERE reps > 0 AND weight_kg > 0 AND (best_weight_before IS NULL OR weight_kg > best_weight_before)
    UNION ALL
    SELECT user_id, id, exercise, 'e1rm', weight_kg, reps, e1rm, date FROM ranked
    WHERE e1rm IS NOT NULL AND (best_e1rm_before IS NULL OR e1rm > best_e1rm_before)
    UNION ALL
    SELECT user_id, id, exercise, 'reps', weight_kg, reps, reps, date FROM ranked
    WHERE reps > 0 AND best_reps_before IS NOT NULL AND reps > best_reps_before
"""  # noqa: S608  # nosec B608 - constant SQL, parameters bound


@transaction.atomic
def records_update(*, workout_set: WorkoutSet) -> None:
    """Re-derive the records of the logged set's exercise from the member's sets, so a record is
    marked when logged, and an edit that takes one away (or hands it to an earlier set) is
    honoured too. Two statements, whatever the history's length (one index walk per exercise)."""
    params = {"set_id": workout_set.pk}
    with connection.cursor() as cursor:
        cursor.execute(_CLEAR, params)
        cursor.execute(_FIND, params)
