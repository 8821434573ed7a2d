"""The signed-in start page answers "what do I do today?"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.services import session_finish, session_start
from sessions.tests.helpers import costs_the_same_queries_with_more_data

pytestmark = pytest.mark.django_db


def plan_for(user, name):
    plan = WorkoutPlanFactory(user=user, name=name)
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat")
    return plan


def test_a_new_member_is_asked_to_make_a_first_plan(client, member):
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "Make your first plan" in page
    assert reverse("plans:create") in page


def test_plans_come_in_turn_after_the_last_session(client, member):
    push, pull, legs = plan_for(member, "Push"), plan_for(member, "Pull"), plan_for(member, "Legs")
    client.force_login(member)
    assert "Next up: Push" in client.get(reverse("home")).content.decode()

    done = session_start(user=member, plan=pull, date=timezone.localdate() - datetime.timedelta(days=2))
    session_finish(session=done)
    page = client.get(reverse("home")).content.decode()
    assert "Next up: Legs" in page
    assert reverse("sessions:start", args=[legs.pk]) in page
    assert reverse("sessions:start", args=[push.pk]) in page  # the others stay one tap away


def test_an_unfinished_workout_today_is_offered_first(client, member):
    plan = plan_for(member, "Push")
    session = session_start(user=member, plan=plan, date=timezone.localdate())
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert "Continue the workout" in page
    assert reverse("sessions:detail", args=[session.pk]) in page


def test_another_members_plans_and_sessions_never_appear(client, member, other_member):
    plan_for(other_member, "Bob's secret plan")
    client.force_login(member)
    assert "Bob" not in client.get(reverse("home")).content.decode()


def test_visitors_get_the_landing_page(client):
    page = client.get(reverse("home")).content.decode()
    assert "Log every set" in page
    assert reverse("accounts:signup") in page


def test_the_start_page_costs_the_same_queries_with_more_data(signed_in, member):
    costs_the_same_queries_with_more_data(signed_in, member, lambda session: reverse("home"))
