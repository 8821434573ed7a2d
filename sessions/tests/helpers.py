"""What the session pages' tests share: plans and sessions made for a member, a history grown for
the query counts, and the URLs and headers several pages' tests send."""

import datetime
from decimal import Decimal

from django.urls import reverse

from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.services import session_soft_delete, session_start, set_log

# What the page's script sends: it asks for the changed parts as JSON.
JSON = {"HTTP_ACCEPT": "application/json"}
TRASH = reverse("sessions:trash")


def make_plan(user, name="Push day", exercises=(("Bench press", 2, 8), ("Dips", 2, 10))):
    plan = WorkoutPlanFactory(user=user, name=name)
    for position, (exercise, sets, reps) in enumerate(exercises):
        WorkoutTemplateFactory(plan=plan, exercise_name=exercise, sets=sets, repetitions=reps, position=position)
    return plan


def first_set(session):
    return session.sets.order_by("position").first()


def grow_history(member, plan, sessions, sets_logged=True):
    for day in range(sessions):
        past = session_start(user=member, plan=plan, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
        if sets_logged:
            for workout_set in past.sets.all():
                set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal("50"))


def costs_the_same_queries_with_more_data(client, member, url_of):
    """The page at `url_of(today's session)` costs as many queries after a long history of big
    sessions as after one small one."""
    small_plan = make_plan(member, "Small", [("Squat", 1, 5)])
    grow_history(member, small_plan, 1)
    small_session = session_start(user=member, plan=small_plan, date=datetime.date(2026, 11, 20))
    small = queries_of(lambda: client.get(url_of(small_session)))
    assert small[1].status_code == 200

    big_plan = make_plan(member, "Big", [(f"Exercise {i}", 5, 8) for i in range(8)])
    grow_history(member, big_plan, 12)
    big_session = session_start(user=member, plan=big_plan, date=datetime.date(2026, 11, 21))
    large = queries_of(lambda: client.get(url_of(big_session)))
    assert large[1].status_code == 200
    assert_same_queries(small, large)


def plan_of(user, exercises=(("Bench press", 2), ("Back squat", 2))):
    plan = WorkoutPlanFactory(user=user, name="Push day")
    for position, (name, sets) in enumerate(exercises):
        WorkoutTemplateFactory(plan=plan, exercise_name=name, sets=sets, repetitions=5, position=position)
    return plan


def deleted(user, plan, day):
    session = session_start(user=user, plan=plan, date=day)
    session_soft_delete(session=session)
    return session
