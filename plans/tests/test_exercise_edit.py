"""A member edits an exercise of their own; a renamed one is renamed in their plans."""

import pytest
from django.urls import reverse

from gymtracker.testing import queries_of
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import Exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(member):
    return ExerciseFactory(owner=member, name="Zercher carry", equipment="barbell", primary_muscles=["traps"])


def url(exercise):
    return reverse("plans:exercise_edit", args=[exercise.pk])


def form_data(exercise, **changes):
    data = {
        "name": exercise.name,
        "kind": exercise.kind,
        "equipment": exercise.equipment or "",
        "primary_muscles": exercise.primary_muscles,
        "version": exercise.version,
    }
    return data | changes


def test_the_form_shows_the_exercise_as_saved(client, member, exercise):
    client.force_login(member)

    response = client.get(url(exercise))

    assert response.status_code == 200
    assert "Edit “Zercher carry”" in response.text
    assert 'value="Zercher carry"' in response.text
    assert '<option value="barbell" selected>' in response.text
    assert 'value="traps" id="id_primary_muscles_15" checked' in response.text


def test_saving_renames_the_exercise_in_the_members_plans(client, member, exercise):
    template = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Zercher carry")
    client.force_login(member)

    response = client.post(url(exercise), form_data(exercise, name="Zercher walk", kind="weight_duration"))

    assert response.status_code == 302
    saved = Exercise.objects.get(pk=exercise.pk)
    assert (saved.name, saved.kind, saved.version) == ("Zercher walk", "weight_duration", exercise.version + 1)
    template.refresh_from_db()
    assert (template.exercise_id, template.exercise_name) == (exercise.pk, "Zercher walk")


def test_keeping_the_name_is_no_clash_with_itself(client, member, exercise):
    client.force_login(member)

    response = client.post(url(exercise), form_data(exercise, name="zercher  CARRY"))

    assert response.status_code == 302
    assert Exercise.objects.get(pk=exercise.pk).name == "zercher CARRY"


def test_a_name_the_library_has_is_refused_naming_the_librarys_exercise(client, member, exercise):
    client.force_login(member)

    response = client.post(url(exercise), form_data(exercise, name="back squat", equipment="dumbbell"))

    assert response.status_code == 422
    assert "This is “Squat (Barbell)” in the library" in response.text
    assert 'value="back squat"' in response.text
    assert '<option value="dumbbell" selected>' in response.text
    assert Exercise.objects.get(pk=exercise.pk).name == "Zercher carry"


def test_the_name_of_another_of_ones_own_is_refused(client, member, exercise):
    ExerciseFactory(owner=member, name="Sandbag hug")
    client.force_login(member)

    response = client.post(url(exercise), form_data(exercise, name="hug, sandbag"))

    assert response.status_code == 422
    assert "You already have “Sandbag hug”" in response.text


def test_bad_input_is_a_422_that_keeps_what_was_typed(client, member, exercise):
    client.force_login(member)

    response = client.post(url(exercise), form_data(exercise, name="Zercher hold", kind="nonsense"))

    assert response.status_code == 422
    assert "Select a valid choice" in response.text
    assert 'value="Zercher hold"' in response.text
    assert Exercise.objects.get(pk=exercise.pk).kind == "weight_reps"


def test_saving_a_stale_copy_is_a_409_that_shows_both_versions_and_saves_nothing(client, member, exercise):
    opened = form_data(exercise, name="Zercher hold")
    fresh = Exercise.objects.get(pk=exercise.pk)
    fresh.name = "Zercher march"
    fresh.save(update_fields=["name"])
    client.force_login(member)

    response = client.post(url(exercise), opened)

    assert response.status_code == 409
    assert "This exercise was changed in another tab or device" in response.text
    assert "Zercher march" in response.text
    assert 'value="Zercher hold"' in response.text
    assert Exercise.objects.get(pk=exercise.pk).name == "Zercher march"
    # Saving again overwrites the newer version on purpose.
    again = client.post(url(exercise), opened | {"version": exercise.version + 1})
    assert again.status_code == 302
    assert Exercise.objects.get(pk=exercise.pk).name == "Zercher hold"


def test_another_members_exercise_is_a_404(client, other_member, exercise):
    client.force_login(other_member)

    assert client.get(url(exercise)).status_code == 404
    assert client.post(url(exercise), form_data(exercise, name="Mine now")).status_code == 404
    assert Exercise.objects.get(pk=exercise.pk).name == "Zercher carry"


def test_their_coach_reads_but_does_not_edit_it(client, coach, member, relationship, exercise):
    client.force_login(coach)

    assert client.get(url(exercise)).status_code == 404
    listed = client.get(reverse("plans:exercises"), {"for": member.pk, "q": "zercher"})
    assert "Zercher carry" in listed.text


def test_a_library_exercise_is_a_404(client, member):
    client.force_login(member)
    library = Exercise.objects.library().get(name="Bench Press (Barbell)")

    assert client.get(url(library)).status_code == 404


def test_the_form_costs_the_same_queries_however_many_exercises_and_plans(
    client, member, exercise, django_assert_num_queries
):
    client.force_login(member)
    client.get(url(exercise))  # warm up
    small, _, _ = queries_of(lambda: client.get(url(exercise)))

    ExerciseFactory.create_batch(30, owner=member)
    WorkoutTemplateFactory.create_batch(10, plan=WorkoutPlanFactory(user=member), exercise_name="Zercher carry")

    with django_assert_num_queries(small):
        assert client.get(url(exercise)).status_code == 200
