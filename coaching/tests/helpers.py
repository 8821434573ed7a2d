"""The coach personas' making, shared by every app's tests (the root conftest's `coach`,
`other_coach` and `relationship` fixtures use it), and a member's training to coach."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group

from accounts.factories import UserFactory
from accounts.models import HealthProfile
from coaching.services import invite_accept, invite_create
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import BodyWeight
from sessions.services import session_start, set_log


def make_coach(username):
    coach = UserFactory(username=username)
    coach.groups.add(Group.objects.get(name="coach"))
    return coach


def coach_member(coach, member):
    """Coaching as it starts in the app: the member accepts the coach's invite."""
    return invite_accept(member=member, code=invite_create(coach=coach).code)


def training(member, name="Push day"):
    """A plan of the member's with one bench press set logged, a body weight, and health notes they
    share."""
    plan = WorkoutPlanFactory(user=member, name=name)
    WorkoutTemplateFactory(plan=plan, exercise_name="Bench press", sets=2)
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    set_log(workout_set=session.sets.first(), actual_reps=8, weight_kg=Decimal("60"))
    BodyWeight.objects.create(user=member, date=datetime.date(2026, 11, 20), weight_kg=Decimal("80"))
    HealthProfile.objects.create(user=member, notes=f"{member.username}'s shoulder", shared_with_coach=True)
    return plan, session
