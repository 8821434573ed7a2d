"""A member makes an exercise of their own: a name the library has is refused, naming it."""

import pytest
from django.urls import reverse

from gymtracker.testing import queries_of
from plans.factories import ExerciseFactory, WorkoutPlanFactory
from plans.models import Exercise
from plans.services import ExerciseSpec, plan_create

pytestmark = pytest.mark.django_db

URL = reverse("plans:exercise_create")


def test_the_form_offers_the_kinds_equipment_and_the_librarys_muscles(client, member):
    client.force_login(member)

    response = client.get(URL)

    assert response.status_code == 200
    assert '<option value="bodyweight_reps">Bodyweight reps</option>' in response.text
    assert '<option value="kettlebells">Kettlebells</option>' in response.text
    assert 'value="lower back"' in response.text
    assert 'type="checkbox"' in response.text


def test_creating_an_exercise_makes_it_the_members_own(client, member):
    client.force_login(member)

    response = client.post(
        URL,
        {
            "name": "  Zercher   carry ",
            "kind": "weight_duration",
            "equipment": "barbell",
            "primary_muscles": ["traps", "abdominals"],
        },
    )

    assert response.status_code == 302
    exercise = Exercise.objects.get(owner=member)
    assert (exercise.name, exercise.kind, exercise.equipment) == ("Zercher carry", "weight_duration", "barbell")
    assert exercise.primary_muscles == ["abdominals", "traps"]
    assert response["Location"] == reverse("plans:exercises") + "?q=Zercher+carry"
    assert "“Zercher carry” is one of your exercises now" in client.get(response["Location"]).text


def test_a_plan_then_names_the_members_own_exercise(client, member):
    client.force_login(member)
    client.post(URL, {"name": "Zercher carry", "kind": "weight_duration"})

    plan = plan_create(user=member, name="Strongman", exercises=[ExerciseSpec("zercher-carry")])

    assert plan.templates.get().exercise == Exercise.objects.get(owner=member)


def test_no_equipment_is_stored_as_none(client, member):
    client.force_login(member)

    client.post(URL, {"name": "Zercher carry", "kind": "weight_reps", "equipment": ""})

    assert Exercise.objects.get(owner=member).equipment is None


@pytest.mark.parametrize(
    ("typed", "library"),
    [("back squat", "Squat (Barbell)"), ("Squat (Barbell)", "Squat (Barbell)"), ("OHP", "Overhead Press (Barbell)")],
)
def test_a_name_the_library_has_is_refused_naming_the_librarys_exercise(client, member, typed, library):
    client.force_login(member)

    response = client.post(URL, {"name": typed, "kind": "weight_reps", "equipment": "barbell"})

    assert response.status_code == 422
    assert f"This is “{library}” in the library" in response.text
    assert f'value="{typed}"' in response.text
    assert '<option value="barbell" selected>' in response.text
    assert not Exercise.objects.filter(owner=member).exists()


def test_a_second_exercise_of_the_same_name_is_refused(client, member):
    ExerciseFactory(owner=member, name="Zercher carry")
    client.force_login(member)

    response = client.post(URL, {"name": "Carry (Zercher)", "kind": "weight_reps"})

    assert response.status_code == 422
    assert "You already have “Zercher carry”" in response.text
    assert Exercise.objects.filter(owner=member).count() == 1


def test_another_members_exercise_of_that_name_is_no_obstacle(client, member, other_member):
    ExerciseFactory(owner=other_member, name="Zercher carry")
    client.force_login(member)

    assert client.post(URL, {"name": "Zercher carry", "kind": "weight_reps"}).status_code == 302


def test_a_deleted_exercise_of_the_same_name_is_no_obstacle(client, member):
    ExerciseFactory(owner=member, name="Zercher carry").soft_delete()
    client.force_login(member)

    assert client.post(URL, {"name": "Zercher carry", "kind": "weight_reps"}).status_code == 302


def test_bad_input_is_a_422_that_keeps_what_was_typed(client, member):
    client.force_login(member)

    response = client.post(
        URL, {"name": "", "kind": "juggling", "equipment": "spaceship", "primary_muscles": ["chest"]}
    )

    assert response.status_code == 422
    assert "Please correct the fields marked below." in response.text
    assert response.text.count("Select a valid choice") == 2
    assert "This field is required." in response.text
    assert 'value="chest" id="id_primary_muscles_5" checked' in response.text
    assert not Exercise.objects.filter(owner=member).exists()


def test_a_name_without_a_letter_or_digit_is_refused(client, member):
    client.force_login(member)

    response = client.post(URL, {"name": "---", "kind": "weight_reps"})

    assert response.status_code == 422
    assert "A name needs a letter or a digit." in response.text


def test_the_form_costs_the_same_queries_however_many_exercises_the_member_has(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    client.get(URL)  # warm up
    data = {"name": "Bench press", "kind": "weight_reps"}  # refused: a 422 writes nothing
    small, _, _ = queries_of(lambda: client.post(URL, data))

    ExerciseFactory.create_batch(30, owner=member)
    WorkoutPlanFactory.create_batch(5, user=member)

    with django_assert_num_queries(small):
        assert client.post(URL, data).status_code == 422
