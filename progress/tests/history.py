"""A member's training history made fast with plain SQL (generate_series), for query-count and
EXPLAIN tests: `weeks` weeks back from `end`, `per_week` sessions a week, 20 sets each."""

import contextlib
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gymtracker import rls
from progress.generator.load import derived_rebuild

EXERCISES = ["Bench press", "Back squat", "Deadlift", "Barbell row", "Overhead press"]
NOTES = [
    "Felt strong, squats moved fast",
    "Tired after a bad night; kept the weights light",
    "New bench record, the pause reps helped",
    "Deload week, easy sets only",
    "Grip gave out on the deadlifts",
]

HISTORY = """
WITH plan AS (
    INSERT INTO workout_plans (user_id, name) VALUES (%(user)s, 'Generated plan') RETURNING id
),
templates AS (
    INSERT INTO workout_templates (workout_plan_id, exercise_name, position)
    SELECT plan.id, x.name, x.i FROM plan, unnest(%(exercises)s::text[]) WITH ORDINALITY AS x(name, i)
    RETURNING id, position
),
sessions AS (
    INSERT INTO workout_sessions (user_id, date, notes)
    SELECT %(user)s, %(end)s::date - (n * 7 / %(per_week)s), (%(notes)s::text[])[1 + n %% 5]
    FROM generate_series(0, %(weeks)s * %(per_week)s - 1) AS n
    RETURNING id, date
)
INSERT INTO workout_sets (workout_session_id, workout_template_id, kind, actual_reps, weight_kg, position, completed_at)
SELECT s.id, t.id, 'weight_reps', 5 + (k %% 4), 40 + t.position * 10 + (%(end)s::date - s.date) %% 20,
       t.position * 4 + k, now()
FROM sessions s CROSS JOIN templates t CROSS JOIN generate_series(1, 4) AS k
"""


def planner_sees_growth():
    """While the workout tables are empty, truncate them (in the test's transaction, so the
    rollback brings the old files back). Earlier tests' rolled-back rows leave pages behind, and
    once (auto)vacuum has recorded those pages with 0 rows, PostgreSQL estimates the tables as empty
    however much this transaction inserts: the statistics triggers then nest-loop over every set
    (minutes instead of seconds). After a TRUNCATE the estimate follows the tables' real size."""
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM workout_sets) OR EXISTS (SELECT 1 FROM workout_plans)")
        if cursor.fetchone()[0]:
            return
        # (With trigger events pending on them PostgreSQL refuses; the estimate then stays.)
        with contextlib.suppress(DatabaseError), transaction.atomic():
            cursor.execute("TRUNCATE workout_plans, workout_sessions, exercise_stats CASCADE")


def generate_history(user, *, weeks, per_week=4, end=None):
    end = end or timezone.localdate()
    params = {
        "user": user.pk,
        "weeks": weeks,
        "per_week": per_week,
        "end": end,
        "exercises": EXERCISES,
        "notes": NOTES,
    }
    planner_sees_growth()
    with connection.cursor() as cursor:
        cursor.execute(HISTORY, params)


def generate_histories(weeks_of: dict[Any, int], *, per_week=4, end=None):
    """Several members' histories ({member: weeks}), loaded as `manage.py generate_history` loads
    them (progress.generator.load): the progress triggers stand aside while the sets go in, then
    the database derives the members' statistics, weekly volume and records once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT progress_bulk_load_start()")
    for user, weeks in weeks_of.items():
        generate_history(user, weeks=weeks, per_week=per_week, end=end)
    with connection.cursor() as cursor:
        derived_rebuild(cursor, [user.pk for user in weeks_of])
