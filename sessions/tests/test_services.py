import datetime
from decimal import Decimal

import pytest

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from plans.services import ExerciseSpec, plan_create
from sessions.models import WorkoutSession, WorkoutSet
from sessions.services import session_start, set_log

pytestmark = pytest.mark.django_db


def test_plan_create_keeps_the_exercises_in_the_given_order(member):
    plan = plan_create(
        user=member,
        name="Push day",
        exercises=[ExerciseSpec("Bench press", 4, 8), ExerciseSpec("Dips", 3, 12)],
    )
    assert [(t.exercise_name, t.sets, t.repetitions, t.position) for t in plan.templates.all()] == [
        ("Bench press", 4, 8, 0),
        ("Dips", 3, 12, 1),
    ]


def test_session_start_plans_every_set_of_every_exercise(member):
    plan = WorkoutPlanFactory(user=member)
    bench = WorkoutTemplateFactory(plan=plan, exercise_name="Bench press", sets=2, repetitions=8, position=0)
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
