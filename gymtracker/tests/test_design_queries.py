"""The design's example queries run as written, and the recent-sessions query uses its index."""

import datetime

import pytest
from django.db import connection

from accounts.factories import UserFactory
from gymtracker import rls
from sessions.factories import WorkoutSessionFactory, WorkoutSetFactory

pytestmark = pytest.mark.django_db

JOIN_QUERY = """
SELECT u.username, wp.name, wt.exercise_name
FROM users u
JOIN workout_plans wp ON u.id = wp.user_id
JOIN workout_templates wt ON wp.id = wt.workout_plan_id;
"""

CTE_QUERY = """
WITH recent_sessions AS (
  SELECT * FROM workout_sessions
  WHERE date > CURRENT_DATE - INTERVAL '30 days'
)
SELECT * FROM recent_sessions;
"""

WINDOW_QUERY = """
SELECT user_id, date,
       RANK() OVER (PARTITION BY user_id ORDER BY date DESC) AS session_rank
FROM workout_sessions;
"""

# What the product asks: one member's live sessions, newest first.
RECENT_SESSIONS_QUERY = """
WITH recent_sessions AS (
  SELECT id, date, notes FROM workout_sessions
  WHERE user_id = %s AND deleted_at IS NULL
  ORDER BY date DESC
  LIMIT 20
)
SELECT * FROM recent_sessions;
"""


def fetch(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def test_join_query_lists_each_members_plans_and_exercises():
    workout_set = WorkoutSetFactory(template__exercise_name="Deadlift", template__plan__name="Pull day")
    # "Deadlift" names the library's exercise, whose name the plan shows.
    assert fetch(JOIN_QUERY) == [(workout_set.session.user.username, "Pull day", "Deadlift (Barbell)")]


def test_cte_query_returns_the_last_thirty_days_of_sessions():
    today = datetime.date.today()  # noqa: DTZ011 - CURRENT_DATE is the server's date too
    recent = WorkoutSessionFactory(date=today - datetime.timedelta(days=3))
    WorkoutSessionFactory(date=today - datetime.timedelta(days=45), user=recent.user)
    with connection.cursor() as cursor:
        cursor.execute(CTE_QUERY)
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    assert [(row["id"], row["date"]) for row in rows] == [(recent.pk, recent.date)]


def test_window_query_ranks_each_members_sessions_newest_first():
    ann, ben = UserFactory(username="ann"), UserFactory(username="ben")
    dates = [datetime.date(2026, 11, d) for d in (1, 8, 15)]
    for date in dates:
        WorkoutSessionFactory(user=ann, date=date)
    WorkoutSessionFactory(user=ben, date=dates[0])
    ranks = {(user_id, date): rank for user_id, date, rank in fetch(WINDOW_QUERY)}
    assert ranks == {
        (ann.pk, dates[2]): 1,
        (ann.pk, dates[1]): 2,
        (ann.pk, dates[0]): 3,
        (ben.pk, dates[0]): 1,
    }


def test_recent_sessions_of_a_member_are_read_from_the_partial_index():
    # Enough members and sessions that a sequential scan is clearly the worse plan.
    fetch(
        """
        WITH members AS (
            INSERT INTO users (username, email, password, is_superuser)
            SELECT 'm' || g, 'm' || g || '@example.com', '', false FROM generate_series(1, 200) g
            RETURNING id
        )
        INSERT INTO workout_sessions (user_id, date, deleted_at)
        SELECT m.id, DATE '2020-01-01' + d, CASE WHEN d %% 10 = 0 THEN now() END
        FROM members m, generate_series(1, 150) d
        RETURNING 1
        """
    )
    # As the owner: the app's role may not ANALYZE (PostgreSQL skips it with a warning), and the
    # plan would then rest on whatever statistics earlier tests left.
    with rls.owner_role():
        fetch("ANALYZE workout_sessions")
    member_id = fetch("SELECT id FROM users WHERE username = 'm7'")[0][0]

    plan = "\n".join(row[0] for row in fetch("EXPLAIN " + RECENT_SESSIONS_QUERY, [member_id]))

    assert "workout_sessions_recent_live" in plan
    assert "Seq Scan" not in plan
    assert "Sort" not in plan  # the index already delivers newest first
    rows = fetch(RECENT_SESSIONS_QUERY, [member_id])
    assert len(rows) == 20
    assert [row[1] for row in rows] == sorted((row[1] for row in rows), reverse=True)
