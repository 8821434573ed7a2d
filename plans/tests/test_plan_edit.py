import pytest
from django.urls import reverse

from coaching.tests.helpers import coach_member
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan, WorkoutTemplate
from plans.selectors import exercises_of
from plans.tests.helpers import edit_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member):
    plan = WorkoutPlanFactory(user=member, name="Pull day", description="Back and biceps")
    for position, (name, sets, reps) in enumerate([("Deadlift (Barbell)", 3, 5), ("Pull Up", 4, 8), ("Curl", 3, 12)]):
        WorkoutTemplateFactory(plan=plan, exercise_name=name, sets=sets, repetitions=reps, position=position)
    return plan


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def url(plan):
    return reverse("plans:edit", args=[plan.pk])


def saved(plan):
    return [(t.exercise_name, t.sets, t.repetitions, t.position) for t in exercises_of(plan)]


def test_the_edit_page_shows_the_plan_its_exercises_in_order_and_blank_rows(signed_in, plan):
    response = signed_in.get(url(plan))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert [f.instance.exercise_name for f in formset.initial_forms] == ["Deadlift (Barbell)", "Pull Up", "Curl"]
    assert len(formset.extra_forms) == 3
    assert f'name="version" value="{plan.version}"' in response.text
    assert 'value="Pull day"' in response.text


def test_saving_edits_renames_reorders_adds_and_removes_exercises(signed_in, plan):
    curl = exercises_of(plan)[2]
    data = edit_form_data(
        plan,
        name="Back day",
        changes={
            0: {"ORDER": 2, "sets": 5},
            1: {"ORDER": 1, "exercise_name": "Chin Up"},
            2: {"DELETE": True},
        },
        added=[{"exercise_name": "Face Pull", "sets": 3, "repetitions": 15}],
    )

    response = signed_in.post(url(plan), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert saved(plan) == [("Chin Up", 4, 8, 0), ("Deadlift (Barbell)", 5, 5, 1), ("Face Pull", 3, 15, 2)]
    assert WorkoutTemplate.all_objects.get(pk=curl.pk).is_deleted
    refreshed = WorkoutPlan.objects.get(pk=plan.pk)
    assert (refreshed.name, refreshed.version) == ("Back day", plan.version + 1)


def test_changing_only_an_exercise_moves_the_plan_to_a_new_version(signed_in, plan):
    signed_in.post(url(plan), edit_form_data(plan, changes={2: {"repetitions": 15}}))

    assert WorkoutPlan.objects.get(pk=plan.pk).version == plan.version + 1


def test_invalid_edits_are_refused_with_422_keeping_everything_typed(signed_in, plan):
    data = edit_form_data(
        plan,
        name="  ",
        changes={1: {"repetitions": "lots"}},
        added=[{"exercise_name": "Shrug", "sets": 2, "repetitions": 20}],
    )

    response = signed_in.post(url(plan), data)

    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assert "repetitions" in response.context["formset"].errors[1]
    assert 'name="exercises-1-repetitions" value="lots"' in response.text
    assert 'value="Shrug"' in response.text
    assert 'name="exercises-3-repetitions" value="20"' in response.text
    assert WorkoutPlan.objects.get(pk=plan.pk).name == "Pull day"


def test_removing_every_exercise_is_refused_with_422(signed_in, plan):
    data = edit_form_data(plan, changes={0: {"DELETE": True}, 1: {"DELETE": True}, 2: {"DELETE": True}})

    response = signed_in.post(url(plan), data)

    assert response.status_code == 422
    assert "Add at least one exercise" in response.text
    assert len(saved(plan)) == 3


def test_saving_a_stale_copy_is_a_409_that_shows_both_versions_and_saves_nothing(signed_in, plan):
    # Two tabs open the same version; the first one saves.
    first_tab = edit_form_data(plan, name="Pull day (heavy)", changes={0: {"sets": 5}})
    second_tab = edit_form_data(
        plan, name="Pull day (light)", added=[{"exercise_name": "Band pull-apart", "sets": 2, "repetitions": 20}]
    )
    assert signed_in.post(url(plan), first_tab).status_code == 302

    response = signed_in.post(url(plan), second_tab)

    assert response.status_code == 409
    text = response.text
    assert "was changed in another tab or device" in text
    conflict = response.context["conflict"]
    rows = {row["label"]: (row["yours"], row["theirs"]) for row in conflict.rows}
    assert rows["Name"] == ("Pull day (light)", "Pull day (heavy)")
    assert rows["Exercise 1"] == ("Deadlift (Barbell) 3\u00a0×\u00a05", "Deadlift (Barbell) 5\u00a0×\u00a05")
    assert rows["Exercise 4"] == ("Band pull-apart 2\u00a0×\u00a020", "")
    assert "Deadlift (Barbell) 5\u00a0×\u00a05" in text
    # The member's typed values are all still in the form ...
    assert 'value="Pull day (light)"' in text
    assert 'value="Band pull-apart"' in text
    # ... and nothing of theirs was saved.
    assert WorkoutPlan.objects.get(pk=plan.pk).name == "Pull day (heavy)"
    assert saved(plan) == [("Deadlift (Barbell)", 5, 5, 0), ("Pull Up", 4, 8, 1), ("Curl", 3, 12, 2)]


def test_after_a_conflict_saving_again_deliberately_overwrites_the_newer_version(signed_in, plan):
    first_tab = edit_form_data(plan, name="Heavy", changes={2: {"DELETE": True}})
    second_tab = edit_form_data(plan, name="Light", changes={0: {"sets": 1}})
    signed_in.post(url(plan), first_tab)
    conflict = signed_in.post(url(plan), second_tab)
    assert conflict.status_code == 409
    current_version = WorkoutPlan.objects.get(pk=plan.pk).version
    assert f'name="version" value="{current_version}"' in conflict.text

    response = signed_in.post(url(plan), {**second_tab, "version": str(current_version)})

    assert response.status_code == 302
    assert WorkoutPlan.objects.get(pk=plan.pk).name == "Light"
    # The curl the first tab removed is back: the second tab's list is the one kept.
    assert saved(plan) == [("Deadlift (Barbell)", 1, 5, 0), ("Pull Up", 4, 8, 1), ("Curl", 3, 12, 2)]


def test_a_form_that_lost_its_version_is_refused_with_422(signed_in, plan):
    data = edit_form_data(plan)
    del data["version"]

    response = signed_in.post(url(plan), data)

    assert response.status_code == 422
    assert WorkoutPlan.objects.get(pk=plan.pk).version == plan.version


def test_a_deleted_plan_cannot_be_edited(signed_in, plan):
    data = edit_form_data(plan, name="Ghost")
    plan.soft_delete()

    assert signed_in.get(url(plan)).status_code == 404
    assert signed_in.post(url(plan), data).status_code == 404


def test_a_coach_edits_a_members_plan_but_not_another_members(
    client, plan, coach, relationship, other_member, other_coach
):
    bobs_plan = WorkoutPlanFactory(user=other_member, name="Pull day")
    coach_member(other_coach, other_member)
    client.force_login(coach)
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[bobs_plan.pk])).status_code == 404
    assert client.get(reverse("plans:create") + f"?for={bobs_plan.user_id}").status_code == 404
