"""The sessions services, called directly: in the tests' privileged context, and as the member a
request runs them for, where row-level security holds them to the member's own rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from gymtracker import rls
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from plans.services import ExerciseSpec, plan_create
from sessions.models import EXTRA_EXERCISES_PLAN, WorkoutSession, WorkoutSet
from sessions.services import (
    exercise_add,
    session_finish,
    session_soft_delete,
    session_start,
    session_update,
    set_add,
    set_log,
    set_log_in_session,
    set_remove,
    set_restore,
)
from sessions.tests.helpers import first_set, make_plan

pytestmark = pytest.mark.django_db


def test_plan_create_keeps_the_exercises_in_the_given_order(member):
    plan = plan_create(
        user=member,
        name="Push day",
        exercises=[ExerciseSpec("Bench Press (Barbell)", 4, 8), ExerciseSpec("Dips", 3, 12)],
    )
    assert [(t.exercise_name, t.sets, t.repetitions, t.position) for t in plan.templates.all()] == [
        ("Bench Press (Barbell)", 4, 8, 0),
        ("Dips", 3, 12, 1),
    ]


def test_session_start_plans_every_set_of_every_exercise(member):
    plan = WorkoutPlanFactory(user=member)
    bench = WorkoutTemplateFactory(plan=plan, exercise_name="Bench Press (Barbell)", sets=2, repetitions=8, position=0)
    dips = WorkoutTemplateFactory(plan=plan, exercise_name="Dips", sets=3, repetitions=12, position=1)

    session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    planned = [(s.template_id, s.target_reps, s.actual_reps, s.position) for s in session.sets.all()]
    assert planned == [
        (bench.pk, 8, 0, 0),
        (bench.pk, 8, 0, 1),
        (dips.pk, 12, 0, 2),
        (dips.pk, 12, 0, 3),
        (dips.pk, 12, 0, 4),
    ]
    assert all(s.history.count() == 1 for s in session.sets.all())


def test_session_start_refuses_another_members_plan(member, other_member):
    plan = WorkoutPlanFactory(user=other_member)
    WorkoutTemplateFactory(plan=plan)
    with pytest.raises(WorkoutPlan.DoesNotExist):
        session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    assert not WorkoutSession.objects.exists()
    assert not WorkoutSet.objects.exists()


def test_set_log_records_what_was_done(member):
    plan = WorkoutPlanFactory(user=member)
    WorkoutTemplateFactory(plan=plan, sets=1, repetitions=5)
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    workout_set = session.sets.get()

    set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("102.5"), rpe=Decimal("8.5"))

    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg, workout_set.rpe) == (5, Decimal("102.5"), Decimal("8.5"))
    assert workout_set.completed_at is not None


# --- As the member, under row-level security -----------------------------------------------------
# The tests above arrange and call in the tests' privileged context (conftest); a request calls the
# services in the signed-in member's (gymtracker.rls), where PostgreSQL shows them their own rows
# only. These call the services as a request would.


def test_a_member_runs_a_whole_session_through_the_services_in_their_own_context(member, plan):
    day = datetime.date(2026, 11, 20)
    with rls.user_context(member):
        session = session_start(user=member, plan=plan, date=day)
        first = first_set(session)
        set_log(workout_set=first, actual_reps=8, weight_kg=Decimal("60"))
        logged = set_log_in_session(
            session_id=session.pk, set_id=first.pk, member=member, values={"actual_reps": 9, "weight_kg": Decimal("60")}
        )
        extra = set_add(session=session, template=first.template)
        set_remove(workout_set=extra)
        set_restore(workout_set=extra)
        face_pull = exercise_add(session=session, exercise_name="Face Pull", sets=2, repetitions=15, add_to_plan=False)
        session_update(session=session, version=session.version, date=day, notes="Felt strong.")
        session_finish(session=session)

    assert logged is not None
    assert logged.records  # the member's first bench press: a record, derived in their context
    session.refresh_from_db()
    assert (session.notes, session.finished_at is not None) == ("Felt strong.", True)
    first.refresh_from_db()
    assert (first.actual_reps, first.weight_kg) == (9, Decimal("60"))
    assert WorkoutSet.objects.filter(session=session).count() == 4 + 1 + 2  # planned, added, face pulls
    assert face_pull.plan.user == member
    assert face_pull.plan.name == EXTRA_EXERCISES_PLAN


def test_a_member_cannot_reach_another_members_session_through_the_services(member, other_member):
    theirs = session_start(user=other_member, plan=make_plan(other_member), date=datetime.date(2026, 11, 20))
    their_set = first_set(theirs)
    their_exercise = their_set.template  # read here: the member's context could not
    with rls.user_context(member):
        with pytest.raises(WorkoutSet.DoesNotExist):
            set_log(workout_set=their_set, actual_reps=5, weight_kg=Decimal("100"))
        assert (
            set_log_in_session(session_id=theirs.pk, set_id=their_set.pk, member=None, values={"actual_reps": 5})
            is None
        )
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            set_add(session=theirs, template=their_exercise)
        with pytest.raises(WorkoutSession.DoesNotExist), transaction.atomic():
            session_finish(session=theirs)
        with pytest.raises(WorkoutSession.DoesNotExist), transaction.atomic():
            session_soft_delete(session=theirs)
        with pytest.raises(WorkoutPlan.DoesNotExist):
            session_start(user=member, plan=theirs.plan, date=datetime.date(2026, 11, 21))

    theirs.refresh_from_db()
    their_set.refresh_from_db()
    assert (theirs.finished_at, theirs.deleted_at, their_set.completed_at) == (None, None, None)
    assert WorkoutSet.objects.filter(session=theirs).count() == 4
    assert not WorkoutSession.objects.filter(user=member).exists()
