"""A coach giving a member a copy of one of the coach's own plans (`plan_assign`)."""

import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan

pytestmark = pytest.mark.django_db


def test_a_coach_gives_a_member_a_copy_of_a_library_plan(client, world, member, coach):
    library = WorkoutPlanFactory(user=coach, name="5x5 basics")
    WorkoutTemplateFactory(plan=library, exercise_name="Squat (Barbell)", sets=5, repetitions=5)
    client.force_login(coach)
    response = client.post(reverse("coaching:assign", args=[member.pk]), {"plan": library.pk})
    assert response.status_code == 302
    copy = WorkoutPlan.objects.get(user=member, name="5x5 basics")
    assert [t.exercise_name for t in copy.templates.all()] == ["Squat (Barbell)"]


def test_assigning_someone_elses_plan_is_refused(client, world, member, coach, other_member):
    WorkoutPlanFactory(user=coach, name="Library plan")
    client.force_login(coach)
    bobs_plan, _ = world["bob"]
    response = client.post(reverse("coaching:assign", args=[member.pk]), {"plan": bobs_plan.pk})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
