"""The dashboard's figures, added up in Python from one query of the year's sessions
(progress.selectors.dashboard), equal the same figures counted plainly in SQL from the raw rows:
weeks with gaps, a session without sets, deleted sessions and sets, and a session dated later."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from gymtracker import rls
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress import selectors
from sessions.factories import WorkoutSessionFactory
from sessions.models import WorkoutSet

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)  # a Thursday
# Days back from TODAY with a session, and its sets (reps, kg); a week without any breaks the streak.
HISTORY = {
    0: [(5, "100"), (5, "102.5")],
    1: [],  # started, nothing logged yet
    2: [(8, None)],  # a bodyweight set
    9: [(5, "95")],
    10: [(3, "120"), (3, "120")],
    16: [(5, "90")],
    30: [(5, "80")],  # one day too old for "recent"
    44: [(10, "60")],
    300: [(1, "140")],
    370: [(1, "200")],  # before the heat map's first week
}

SESSIONS = "FROM workout_sessions WHERE user_id = %(user)s AND deleted_at IS NULL"
DONE = "ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL"


def expected(cursor, user, first_week):
    """The figures counted in SQL, week by week and day by day, from the raw rows."""
    params = {"user": user.pk, "first": first_week, "today": TODAY}
    cursor.execute(
        f"SELECT date, count(*) {SESSIONS} AND date BETWEEN %(first)s AND %(today)s GROUP BY date",
        params,
    )
    sessions_on = dict(cursor.fetchall())
    cursor.execute(
        f"""SELECT s.date, count(ws.id), coalesce(sum(ws.actual_reps * coalesce(ws.weight_kg, 0)), 0)
        FROM workout_sessions s JOIN workout_sets ws ON ws.workout_session_id = s.id AND {DONE}
        WHERE s.user_id = %(user)s AND s.deleted_at IS NULL AND s.date BETWEEN %(first)s AND %(today)s
        GROUP BY s.date""",
        params,
    )
    sets_on = {day: (sets, volume) for day, sets, volume in cursor.fetchall()}
    cursor.execute(
        f"""SELECT s.id, (SELECT count(*) FROM workout_sets ws WHERE ws.workout_session_id = s.id AND {DONE})
        FROM workout_sessions s
        WHERE s.user_id = %(user)s AND s.deleted_at IS NULL AND s.date > %(today)s::date - 30
        ORDER BY s.date DESC, s.created_at DESC LIMIT 5""",
        params,
    )
    recent = cursor.fetchall()
    return sessions_on, sets_on, recent


def test_the_dashboard_adds_up_to_what_sql_counts_from_the_raw_rows(member):
    plan = WorkoutPlanFactory(user=member)
    squat = WorkoutTemplateFactory(plan=plan, exercise_name="Squat")
    for back, sets in HISTORY.items():
        session = WorkoutSessionFactory(user=member, plan=plan, date=TODAY - datetime.timedelta(days=back))
        for position, (reps, kg) in enumerate(sets):
            WorkoutSet.objects.create(
                session=session,
                template=squat,
                position=position,
                actual_reps=reps,
                weight_kg=None if kg is None else Decimal(kg),
                completed_at=timezone.now(),
            )
        WorkoutSet.objects.create(session=session, template=squat, position=99, actual_reps=0)  # still to do
    gone = WorkoutSessionFactory(user=member, plan=plan, date=TODAY - datetime.timedelta(days=3))
    WorkoutSet.objects.create(session=gone, template=squat, actual_reps=5, weight_kg=500, completed_at=timezone.now())
    gone.delete()
    removed = WorkoutSet.objects.create(
        session=WorkoutSessionFactory(user=member, plan=plan, date=TODAY), template=squat, actual_reps=9
    )
    removed.delete()
    WorkoutSessionFactory(user=member, plan=plan, date=TODAY + datetime.timedelta(days=2))  # dated later

    with rls.user_context(member):
        board = selectors.dashboard(member, today=TODAY)
        first_week = board.cells[0].date
        with connection.cursor() as cursor:
            sessions_on, sets_on, recent = expected(cursor, member, first_week)

    assert {c.date: c.sessions for c in board.cells if c.sessions} == sessions_on
    assert {c.date: (c.sets, c.volume_kg) for c in board.cells if c.sets} == sets_on
    assert board.sessions_in_year == sum(sessions_on.values())
    assert [(s["id"], s["done_sets"]) for s in board.recent] == recent
    assert [s["plan_name"] for s in board.recent] == [plan.name] * len(recent)

    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    weeks = [monday - datetime.timedelta(weeks=n) for n in range(12)]
    per_week = [
        sum(n for day, n in sessions_on.items() if week <= day < week + datetime.timedelta(7)) for week in weeks
    ]
    assert board.per_week == (Decimal(sum(per_week)) / 12).quantize(Decimal("0.1"))
    assert board.streak == 3  # this week, the last and the one before; the fourth has none
    kg = {
        week: sum(v for day, (_, v) in sets_on.items() if week <= day < week + datetime.timedelta(7)) for week in weeks
    }
    assert board.this_week_kg == kg[weeks[0]]
    assert board.last_week_kg == kg[weeks[1]]
    assert [row["volume_kg"] for row in board.weekly_volume] == [kg[week] for week in reversed(weeks)]
