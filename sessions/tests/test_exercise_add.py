"""An exercise the plan does not have, added during a session (`exercise_add`)."""

import pytest
from django.urls import reverse

from plans.models import WorkoutPlan, WorkoutTemplate
from sessions.models import EXTRA_EXERCISES_PLAN

pytestmark = pytest.mark.django_db


def test_an_exercise_outside_the_plan_goes_to_the_extra_exercises_plan(signed_in, member, session, plan):
    response = signed_in.post(
        reverse("sessions:exercise_add", args=[session.pk]),
        {"exercise_name": "Face pull", "sets": "3", "repetitions": "15"},
    )
    assert response.status_code == 302
    template = WorkoutTemplate.objects.get(exercise_name="Face Pull")  # the library's name
    assert template.plan.name == EXTRA_EXERCISES_PLAN
    assert template.plan.user == member
    assert session.sets.filter(template=template).count() == 3
    assert not plan.templates.filter(exercise_name="Face Pull").exists()


def test_an_exercise_can_join_the_plan_for_next_time(signed_in, session, plan):
    signed_in.post(
        reverse("sessions:exercise_add", args=[session.pk]),
        {"exercise_name": "Face pull", "sets": "2", "repetitions": "15", "add_to_plan": "on"},
    )
    template = plan.templates.get(exercise_name="Face Pull")
    assert template.position == 2
    assert WorkoutPlan.objects.get(pk=plan.pk).version == plan.version + 1


def test_bad_exercise_input_is_explained_and_kept(signed_in, session):
    response = signed_in.post(
        reverse("sessions:exercise_add", args=[session.pk]),
        {"exercise_name": "Face pull", "sets": "0", "repetitions": ""},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Face pull"' in page
    assert "greater than or equal to 1" in page
    assert "This field is required" in page
