"""Bulk loads (migration 0005): a system job may make the statistics triggers wait until it
recomputes its members before commit; nobody else can, and the statistics end exact either way."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from gymtracker import rls
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import ExerciseStat
from progress.tests.test_statistics import ACTUAL, EXPECTED
from sessions.factories import WorkoutSessionFactory
from sessions.models import WorkoutSet
from sessions.services import set_log

pytestmark = pytest.mark.django_db


def rows(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


@pytest.fixture
def bench(member):
    return WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Bench Press (Barbell)")


@pytest.fixture
def session(member):
    return WorkoutSessionFactory(user=member, date=datetime.date(2026, 3, 1))


def insert_done_set(session, template, weight="100"):
    rows(
        "INSERT INTO workout_sets (workout_session_id, workout_template_id, actual_reps, weight_kg, completed_at) "
        "VALUES (%s, %s, 5, %s, now())",
        [session.pk, template.pk, Decimal(weight)],
    )


def test_in_a_bulk_load_the_statistics_wait_for_finish(member, bench, session):
    rows("SELECT progress_bulk_load_start()")
    insert_done_set(session, bench)
    insert_done_set(session, bench, weight="110")
    assert ExerciseStat.objects.count() == 0  # the triggers stood aside
    rows("SELECT progress_bulk_load_finish(%s::uuid[])", [[str(member.pk)]])
    assert rows(ACTUAL) == rows(EXPECTED)
    assert ExerciseStat.objects.get(user=member).display_name == "Bench Press (Barbell)"
    # Finishing ends the bulk load: the next statement is counted at once.
    assert rows("SELECT current_setting('app.bulk_load', true)") == [("",)]
    insert_done_set(session, bench, weight="120")
    assert ExerciseStat.objects.get(user=member).best_weight_kg == Decimal("120.00")


def test_a_member_request_carrying_the_flag_is_still_counted_at_once(member, bench, session):
    workout_set = WorkoutSet.objects.create(session=session, template=bench)
    with rls.user_context(member):
        rows("SELECT set_config('app.bulk_load', 'generate_history', true)")
        set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("100"))
        assert ExerciseStat.objects.get(user=member).sets == 1
    assert rows(ACTUAL) == rows(EXPECTED)


@pytest.mark.parametrize("call", ["progress_bulk_load_start()", "progress_bulk_load_finish(ARRAY[%s]::uuid[])"])
def test_only_a_named_system_job_runs_a_bulk_load(member, staff, call):
    params = [] if "start" in call else [str(member.pk)]
    for context in (rls.member_context(member), rls.member_context(staff), rls.NOBODY):
        with (
            rls.database_context(context),
            pytest.raises(DatabaseError, match="named system context"),
            transaction.atomic(),
        ):
            rows(f"SELECT {call}", params)


@pytest.mark.parametrize(
    "call",
    [
        "progress_stats_recompute(ARRAY[%s]::uuid[], '{}')",
        "progress_weeks_recompute(ARRAY[%s]::uuid[], '{}', '{}')",
        "progress_records_target(%s)",
        "progress_records_derive(%s, 'bench press (barbell)', NULL)",
    ],
)
def test_the_recomputations_themselves_are_the_owners_alone(member, call):
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        rows(f"SELECT {call}", [str(member.pk)])
