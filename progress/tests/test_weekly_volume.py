"""The weekly volume (progress migration 0011): a table PostgreSQL keeps exact in the transaction of
every change, read by members and their coaches, written by its triggers only. That it equals a
recomputation after any sequence of changes is held by test_statistics.assert_exact."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.factories import UserFactory
from gymtracker import rls
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.factories import WorkoutSessionFactory
from sessions.models import WorkoutSet
from sessions.services import session_restore, session_soft_delete, set_log

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)


def rows(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def logged(user, day, reps=5, weight="100", name="Bench Press (Barbell)"):
    template = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=user), exercise_name=name)
    session = WorkoutSessionFactory(user=user, date=day)
    workout_set = WorkoutSet.objects.create(session=session, template=template)
    return set_log(workout_set=workout_set, actual_reps=reps, weight_kg=Decimal(weight))


def weeks_of(user):
    return rows(
        "SELECT exercise, week, sets, volume_kg, best_weight_kg FROM weekly_volume WHERE user_id = %s ORDER BY 2",
        [user.pk],
    )


def test_a_logged_set_counts_in_its_iso_week_at_once(member):
    logged(member, MONDAY + datetime.timedelta(days=6), reps=5, weight="100")  # a Sunday
    logged(member, MONDAY + datetime.timedelta(days=7), reps=3, weight="80")  # the next Monday
    assert weeks_of(member) == [
        ("bench press (barbell)", MONDAY, 1, Decimal("500.00"), Decimal("100.00")),
        ("bench press (barbell)", MONDAY + datetime.timedelta(days=7), 1, Decimal("240.00"), Decimal("80.00")),
    ]


def test_a_deleted_session_leaves_its_week_and_a_restored_one_comes_back(member):
    kept = logged(member, MONDAY, weight="90")
    binned = logged(member, MONDAY + datetime.timedelta(days=2), weight="120")
    both = weeks_of(member)
    assert both == [("bench press (barbell)", MONDAY, 2, Decimal("1050.00"), Decimal("120.00"))]

    session_soft_delete(session=binned.session)
    assert weeks_of(member) == [("bench press (barbell)", MONDAY, 1, Decimal("450.00"), Decimal("90.00"))]
    session_soft_delete(session=kept.session)
    assert weeks_of(member) == []

    session_restore(session=type(kept.session).all_objects.get(pk=kept.session_id))
    session_restore(session=type(binned.session).all_objects.get(pk=binned.session_id))
    assert weeks_of(member) == both


def test_a_member_reads_only_their_own_weeks_and_cannot_write_them(member, other_member):
    logged(member, MONDAY)
    logged(other_member, MONDAY)
    with rls.user_context(member):
        assert {row[0] for row in rows("SELECT user_id FROM weekly_volume")} == {member.pk}
        assert rows("UPDATE weekly_volume SET sets = 99") == 0
        assert rows("DELETE FROM weekly_volume") == 0
        with pytest.raises(Exception, match="row-level security"), transaction.atomic():
            rows(
                "INSERT INTO weekly_volume (user_id, exercise, week, volume_kg, sets, reps) "
                "VALUES (%s, 'made up', %s, 1, 1, 1)",
                [member.pk, MONDAY + datetime.timedelta(weeks=1)],
            )
        with pytest.raises(Exception, match="permission denied"), transaction.atomic():
            rows("SELECT progress_weeks_recompute(%s::uuid[], %s::text[], %s::date[])", [[member.pk], [None], [MONDAY]])
    assert rows("SELECT count(*) FROM weekly_volume") == [(2,)]


def test_staff_read_every_members_weeks_and_nobody_reads_none(member, other_member):
    logged(member, MONDAY)
    logged(other_member, MONDAY)
    with rls.user_context(UserFactory(username="sam", is_staff=True)):
        assert rows("SELECT count(*) FROM weekly_volume") == [(2,)]
    with rls.database_context(rls.NOBODY):
        assert rows("SELECT count(*) FROM weekly_volume") == [(0,)]


def test_a_week_starts_on_monday_in_the_table_itself(member):
    with rls.owner_role(), pytest.raises(Exception, match="weekly_volume_week_check"), transaction.atomic():
        rows(
            "INSERT INTO weekly_volume (user_id, exercise, week, volume_kg, sets, reps) VALUES (%s, 'x', %s, 1, 1, 1)",
            [member.pk, MONDAY + datetime.timedelta(days=1)],
        )


def test_the_functions_write_in_their_own_context_and_keep_their_plans():
    found = {
        name: (definer, config)
        for name, definer, config in rows(
            "SELECT proname, prosecdef, proconfig FROM pg_proc WHERE proname LIKE 'progress\\_week%%' "
            "AND proname <> 'progress_week'"  # the rule, inlined (test_statistics)
        )
    }
    assert set(found) == {"progress_weeks_recompute"}
    for name, (definer, config) in found.items():
        assert definer, name
        assert "app.system=weekly_volume" in config, name
        assert any(c.startswith("search_path=") for c in config), name
        # A week and a whole history are read alike, through the member's sessions and each
        # session's sets: one plan per connection, and a set log plans nothing.
        assert "plan_cache_mode=force_generic_plan" in config, name
