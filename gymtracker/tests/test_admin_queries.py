"""Admin list pages cost a fixed number of queries, whatever the number of rows on them."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.audit import audit_record
from accounts.factories import UserFactory
from accounts.models import AuditEvent, HealthProfile
from coaching.services import comment_add, invite_accept, invite_create
from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import BodyWeight
from sessions.services import session_start, set_log

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "accounts_user",
    "accounts_auditevent",
    "accounts_healthprofile",
    "plans_workoutplan",
    "plans_workouttemplate",
    "workouts_workoutsession",
    "workouts_workoutset",
    "coaching_coachrelationship",
    "coaching_coachinvite",
    "coaching_sessioncomment",
    "progress_bodyweight",
]


def members_training(count, start):
    coach = UserFactory(username=f"coach{start}")
    coach.groups.add(Group.objects.get(name="coach"))
    for i in range(start, start + count):
        member = UserFactory(username=f"member{i}")
        invite_accept(member=member, code=invite_create(coach=coach).code)
        plan = WorkoutPlanFactory(user=member)
        WorkoutTemplateFactory(plan=plan, sets=2)
        session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
        set_log(workout_set=session.sets.first(), actual_reps=5, weight_kg=Decimal("40"))
        comment_add(session=session, author=coach, body="Good")
        HealthProfile.objects.create(user=member, notes="Knee")
        BodyWeight.objects.create(user=member, date=datetime.date(2026, 11, 20), weight_kg=Decimal("75"))
        audit_record(AuditEvent.Kind.LOGIN, user=member)


@pytest.mark.parametrize("model", CHANGELISTS)
def test_admin_list_pages_cost_the_same_with_more_rows(client, staff, model):
    client.force_login(staff)
    url = reverse(f"admin:{model}_changelist")
    members_training(1, 0)
    small = queries_of(lambda: client.get(url))
    members_training(6, 1)
    large = queries_of(lambda: client.get(url))
    assert small[1].status_code == large[1].status_code == 200
    assert large[1].context["cl"].result_count > small[1].context["cl"].result_count
    assert_same_queries(small, large)
