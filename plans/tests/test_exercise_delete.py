"""A member deletes an exercise of their own: soft, after a confirmation; plans keep it."""

import pytest
from django.urls import reverse

from gymtracker.testing import queries_of
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import Exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(member):
    return ExerciseFactory(owner=member, name="Zercher carry")


def url(exercise):
    return reverse("plans:exercise_delete", args=[exercise.pk])


def test_the_delete_page_asks_first_says_which_plans_keep_it_and_changes_nothing(client, member, exercise):
    for plan in WorkoutPlanFactory.create_batch(2, user=member):
        WorkoutTemplateFactory(plan=plan, exercise_name="Zercher carry")
    client.force_login(member)

    response = client.get(url(exercise))

    assert response.status_code == 200
    assert "Delete “Zercher carry”?" in response.text
    assert "2 of your plans name it: they keep it as it is" in response.text
    assert not Exercise.all_objects.get(pk=exercise.pk).is_deleted


def test_deleting_is_soft_and_plans_keep_the_exercise(client, member, exercise):
    template = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Zercher carry")
    client.force_login(member)

    response = client.post(url(exercise))

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:exercises")
    assert Exercise.all_objects.get(pk=exercise.pk).is_deleted
    template.refresh_from_db()
    assert (template.exercise_id, template.exercise_name) == (exercise.pk, "Zercher carry")
    followed = client.get(response["Location"], {"q": "zercher carry"})
    assert "“Zercher carry” is deleted" in followed.text
    assert "badge own" not in followed.text


def test_deleting_twice_is_answered_as_the_first(client, member, exercise):
    client.force_login(member)
    client.post(url(exercise))

    assert client.post(url(exercise)).status_code == 302
    assert client.get(url(exercise)).status_code == 404


def test_another_members_exercise_is_a_404_and_stays(client, other_member, exercise):
    client.force_login(other_member)

    assert client.get(url(exercise)).status_code == 404
    assert client.post(url(exercise)).status_code == 404
    assert not Exercise.all_objects.get(pk=exercise.pk).is_deleted


def test_their_coach_cannot_delete_it(client, coach, relationship, exercise):
    client.force_login(coach)

    assert client.post(url(exercise)).status_code == 404
    assert not Exercise.all_objects.get(pk=exercise.pk).is_deleted


def test_the_confirmation_costs_the_same_queries_however_many_plans_name_it(
    client, member, exercise, django_assert_num_queries
):
    client.force_login(member)
    client.get(url(exercise))  # warm up
    small, _, _ = queries_of(lambda: client.get(url(exercise)))

    for plan in WorkoutPlanFactory.create_batch(8, user=member):
        WorkoutTemplateFactory.create_batch(2, plan=plan, exercise_name="Zercher carry")

    with django_assert_num_queries(small):
        assert client.get(url(exercise)).status_code == 200
