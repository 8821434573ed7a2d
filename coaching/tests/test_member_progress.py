"""A member's progress as their coach reads it (`member_progress`, and the exercise pages it links
to, `member_exercise`): in the coach's unit, for their current members only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.services import relationship_end
from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutTemplateFactory
from sessions.services import session_start, set_log

pytestmark = pytest.mark.django_db


def test_a_coach_follows_a_members_progress_in_the_coachs_unit(client, world, member, coach):
    coach.weight_unit = "lb"
    coach.save()
    plan, _session = world["alice"]
    session = session_start(user=member, plan=plan, date=timezone.localdate())
    set_log(workout_set=session.sets.first(), actual_reps=5, weight_kg=Decimal("50"))
    client.force_login(coach)
    board = client.get(reverse("coaching:progress", args=[member.pk]))
    assert board.status_code == 200
    page = board.content.decode()
    assert f"{member.username}'s progress" in page
    exercise_url = reverse("coaching:exercise", args=[member.pk, "bench press (barbell)"])
    assert exercise_url in page
    assert reverse("coaching:session", args=[member.pk, session.pk]) in page
    assert f'href="{reverse("sessions:detail", args=[session.pk])}"' not in page
    exercise = client.get(exercise_url)
    assert exercise.status_code == 200
    content = exercise.content.decode()
    assert "Bench Press (Barbell)" in content
    assert "132.3 lb" in content  # 60 kg, the best set, in the coach's unit
    assert "Epley" in content
    assert client.get(reverse("coaching:exercise", args=[member.pk, "deadlift (barbell)"])).status_code == 404


def test_a_members_progress_is_out_of_reach_for_other_coaches_and_after_the_end(
    client, world, member, coach, other_coach
):
    client.force_login(other_coach)
    assert client.get(reverse("coaching:progress", args=[member.pk])).status_code == 404
    assert client.get(reverse("coaching:exercise", args=[member.pk, "bench press (barbell)"])).status_code == 404
    relationship_end(relationship=world["relationship"])
    client.force_login(coach)
    assert client.get(reverse("coaching:progress", args=[member.pk])).status_code == 404
    assert client.get(reverse("coaching:exercise", args=[member.pk, "bench press (barbell)"])).status_code == 404


def test_a_members_progress_page_costs_the_same_queries_as_the_history_grows(client, world, member, coach):
    client.force_login(coach)
    url = reverse("coaching:progress", args=[member.pk])
    small = queries_of(lambda: client.get(url))
    plan, _session = world["alice"]
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat (Barbell)", sets=3)
    for day in range(1, 6):
        later = session_start(
            user=member, plan=plan, date=datetime.date(2026, 11, 20) - datetime.timedelta(days=7 * day)
        )
        for workout_set in later.sets.all():
            set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("80"))
    large = queries_of(lambda: client.get(url))
    assert large[1].status_code == 200
    assert "Squat (Barbell)" in large[1].content.decode()
    assert_same_queries(small, large)
