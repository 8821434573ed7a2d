"""Supersets and circuits in plans: how groups are told apart and numbered (plans.supersets), how
they are stored (workout_templates.superset), the plan form's "Superset with the exercise above"
tick with its refusals, and the plan's page with its A1/A2 labels."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from gymtracker.testing import assert_same_queries
from plans import supersets
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan, WorkoutTemplate
from plans.selectors import exercises_of
from plans.services import ExerciseSpec, plan_create, plan_duplicate, plan_update
from plans.tests.helpers import edit_form_data, plan_form_data
from plans.tests.test_query_counts import cost

pytestmark = pytest.mark.django_db

# --- The rules (no database) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "numbers"),
    [
        ([None, None], [None, None]),
        ([0, 0, None, 3, 3, 3], [1, 1, None, 2, 2, 2]),
        # Any keys: Hevy's superset_id counts from 0, and only neighbours are ever one group.
        ([None, 0, 0, 1, 1], [None, 1, 1, 2, 2]),
        ([7, 7, 7], [1, 1, 1]),
        # A group of one, or a number met again further down, is no superset with the others.
        ([5, None, 5], [None, None, None]),
        ([1, 1, 2, 1, 1], [1, 1, None, 2, 2]),
    ],
)
def test_groups_are_neighbours_numbered_from_1_in_order(keys, numbers):
    assert supersets.numbered(keys) == numbers


def test_grouped_letters_only_groups_of_two_or_more_and_labels_their_members():
    group_of = {"squat": None, "bench": 1, "row": 1, "curl": 2, "dip": 3, "pushdown": 3}
    groups = supersets.grouped(group_of, key=group_of.get)
    assert [(g.letter, g.labelled) for g in groups] == [
        ("", [("squat", "")]),
        ("A", [("bench", "A1"), ("row", "A2")]),
        ("", [("curl", "")]),
        ("B", [("dip", "B1"), ("pushdown", "B2")]),
    ]


def test_a_superset_goes_round_by_round_and_the_longer_exercise_finishes_alone():
    assert supersets.rounds([["a1", "a2", "a3"], ["b1", "b2"]]) == [["a1", "b1"], ["a2", "b2"], ["a3"]]
    assert supersets.interleaved([["a1", "a2"], ["b1", "b2"], ["c1", "c2"]]) == ["a1", "b1", "c1", "a2", "b2", "c2"]
    assert supersets.interleaved([["a1", "a2"]]) == ["a1", "a2"]


# --- Storage and services -------------------------------------------------------------------------


def specs(*rows):
    return [ExerciseSpec(name, superset=group) for name, group in rows]


def stored(plan):
    return [(t.exercise_name, t.superset) for t in exercises_of(plan)]


def test_the_database_refuses_a_superset_number_outside_1_to_26(member):
    plan = WorkoutPlanFactory(user=member)
    for number in (0, 27):
        with pytest.raises(IntegrityError), transaction.atomic():
            WorkoutTemplateFactory(plan=plan, superset=number)
    WorkoutTemplateFactory(plan=plan, superset=26)


def test_saving_a_plan_numbers_its_supersets_whatever_the_caller_sent(member):
    plan = plan_create(
        user=member,
        name="Upper",
        exercises=specs(("Squat (Barbell)", None), ("Dips", 9), ("Pull Up", 9), ("Curl", 4), ("Plank", None)),
    )
    # The group of one (Curl) is an exercise on its own; the only group is the first.
    assert stored(plan) == [("Squat (Barbell)", None), ("Dips", 1), ("Pull Up", 1), ("Curl", None), ("Plank", None)]


def test_an_edit_groups_and_ungroups_exercises_and_the_history_keeps_each_change(member):
    plan = plan_create(user=member, name="Upper", exercises=specs(("Dips", None), ("Pull Up", None), ("Curl", None)))
    saved = list(exercises_of(plan))
    edited = [
        ExerciseSpec("Dips", template_id=saved[0].pk),
        ExerciseSpec("Pull Up", template_id=saved[1].pk, superset=1),
        ExerciseSpec("Curl", template_id=saved[2].pk, superset=1),
    ]
    plan_update(plan=plan, version=plan.version, name="Upper", description=None, exercises=edited)
    assert stored(plan) == [("Dips", None), ("Pull Up", 1), ("Curl", 1)]

    plan.refresh_from_db()
    plan_update(plan=plan, version=plan.version, name="Upper", description=None, exercises=edited[:2])
    assert stored(plan) == [("Dips", None), ("Pull Up", None)]
    pull_up = WorkoutTemplate.objects.get(pk=saved[1].pk)
    assert [h.superset for h in pull_up.history.order_by("history_date")] == [None, 1, None]


def test_a_copy_of_a_plan_keeps_its_supersets(member):
    plan = plan_create(user=member, name="Upper", exercises=specs(("Dips", 1), ("Pull Up", 1), ("Curl", None)))
    copy = plan_duplicate(plan=plan, user=member)
    assert stored(copy) == [("Dips", 1), ("Pull Up", 1), ("Curl", None)]


# --- The plan form --------------------------------------------------------------------------------


def new_plan(client, exercises):
    return client.post(reverse("plans:create"), plan_form_data(name="Supersets", exercises=exercises))


def test_ticked_rows_join_the_exercise_above_and_a_run_of_ticks_is_a_circuit(client, member):
    client.force_login(member)
    response = new_plan(
        client,
        [
            {"exercise_name": "Squat (Barbell)"},
            {"exercise_name": "Dips"},
            {"exercise_name": "Pull Up", "with_previous": True},
            {"exercise_name": "Curl", "with_previous": True},
            {"exercise_name": "Plank"},
            {"exercise_name": "Crunch", "with_previous": True},
        ],
    )
    assert response.status_code == 302
    plan = WorkoutPlan.objects.get(user=member)
    assert [t.superset for t in exercises_of(plan)] == [None, 1, 1, 1, 2, 2]


def test_the_rows_order_numbers_decide_what_is_above(client, member):
    client.force_login(member)
    response = new_plan(
        client,
        [
            {"exercise_name": "Curl", "ORDER": 3, "with_previous": True},
            {"exercise_name": "Squat (Barbell)", "ORDER": 1},
            {"exercise_name": "Dips", "ORDER": 2},
        ],
    )
    assert response.status_code == 302
    plan = WorkoutPlan.objects.get(user=member)
    assert stored(plan) == [("Squat (Barbell)", None), ("Dips", 1), ("Curl", 1)]


def test_a_tick_on_the_first_exercise_is_refused_with_what_was_typed_kept(client, member):
    client.force_login(member)
    response = new_plan(
        client,
        [{"exercise_name": "Dips", "with_previous": True, "sets": 4}, {"exercise_name": "Pull Up", "repetitions": 6}],
    )
    assert response.status_code == 422
    assert not WorkoutPlan.objects.exists()
    page = response.text
    assert "the plan&#x27;s first exercise: there is none above it to superset with" in page
    assert "Please correct the exercises marked below." in page
    tick = re.search(r'<input type="checkbox" name="exercises-0-with_previous"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in tick
    assert tick.endswith(" checked>")
    assert 'value="Dips"' in page
    assert 'name="exercises-0-sets" value="4"' in page
    assert 'name="exercises-1-repetitions" value="6"' in page


def test_the_first_exercise_is_the_first_left_when_the_one_above_is_removed(client, member):
    plan = plan_create(user=member, name="Upper", exercises=specs(("Dips", None), ("Pull Up", None)))
    client.force_login(member)
    data = edit_form_data(plan, changes={0: {"DELETE": True}, 1: {"with_previous": True}})

    response = client.post(reverse("plans:edit", args=[plan.pk]), data)

    assert response.status_code == 422
    assert "none above it to superset with" in response.text
    assert stored(plan) == [("Dips", None), ("Pull Up", None)]


def test_more_supersets_than_letters_are_refused(client, member):
    client.force_login(member)
    pairs = [{"exercise_name": f"Lift {n}", "with_previous": n % 2 == 1} for n in range(2 * 27)]
    response = new_plan(client, pairs)
    assert response.status_code == 422
    assert "A plan can have at most 26 supersets." in response.text


def test_the_edit_page_ticks_the_exercises_that_join_the_one_above(client, member):
    plan = plan_create(
        user=member, name="Upper", exercises=specs(("Dips", 1), ("Pull Up", 1), ("Curl", None), ("Plank", None))
    )
    client.force_login(member)
    page = client.get(reverse("plans:edit", args=[plan.pk])).text
    ticked = [
        f'name="exercises-{i}-with_previous" id="id_exercises-{i}-with_previous" checked' in page for i in range(4)
    ]
    assert ticked == [False, True, False, False]
    assert "Superset with the exercise above" in page

    # Sent back as shown, nothing changes; one more tick makes the group a circuit of three.
    data = edit_form_data(plan, changes={1: {"with_previous": True}, 2: {"with_previous": True}})
    assert client.post(reverse("plans:edit", args=[plan.pk]), data).status_code == 302
    assert stored(plan) == [("Dips", 1), ("Pull Up", 1), ("Curl", 1), ("Plank", None)]


# --- The plan's page ------------------------------------------------------------------------------


def test_the_plan_page_labels_supersets_a1_a2_inside_a_bracket(client, member):
    plan = plan_create(
        user=member,
        name="Upper",
        exercises=specs(("Squat (Barbell)", None), ("Dips", 1), ("Pull Up", 1), ("Curl", 2), ("Triceps Pushdown", 2)),
    )
    client.force_login(member)
    page = client.get(reverse("plans:detail", args=[plan.pk])).text

    brackets = page.split('<li class="superset-group">')[1:]
    assert len(brackets) == 2
    assert "Superset A" in brackets[0]
    assert '<span class="superset-label">A1</span> Dips' in brackets[0]
    assert '<span class="superset-label">A2</span> Pull Up' in brackets[0]
    assert '<span class="superset-label">B1</span> Curl' in brackets[1]
    assert '<span class="superset-label">B2</span> Triceps Pushdown' in brackets[1]
    squat = page[page.index("Squat (Barbell)") - 80 : page.index("Squat (Barbell)")]
    assert "superset-label" not in squat
    assert page.index("Squat (Barbell)") < page.index("Superset A")


def test_the_plan_page_costs_the_same_with_supersets(client, member):
    client.force_login(member)
    plain = plan_create(user=member, name="Plain", exercises=specs(("Dips", None), ("Curl", None)))
    grouped = plan_create(user=member, name="Grouped", exercises=specs(*[(f"Lift {n}", n // 2 + 1) for n in range(12)]))
    assert_same_queries(
        cost(client, reverse("plans:detail", args=[plain.pk])),
        cost(client, reverse("plans:detail", args=[grouped.pk])),
    )


def test_a_stale_edit_shows_a_superset_among_the_differences(client, member):
    plan = plan_create(user=member, name="Upper", exercises=specs(("Dips", None), ("Pull Up", None)))
    client.force_login(member)
    first_tab = edit_form_data(plan, changes={1: {"with_previous": True}})
    second_tab = edit_form_data(plan, name="Upper (light)")
    assert client.post(reverse("plans:edit", args=[plan.pk]), first_tab).status_code == 302

    response = client.post(reverse("plans:edit", args=[plan.pk]), second_tab)

    assert response.status_code == 409
    rows = {row["label"]: (row["yours"], row["theirs"]) for row in response.context["conflict"].rows}
    assert rows["Exercise 2"] == ("Pull Up 3\u00a0×\u00a010", "Pull Up 3\u00a0×\u00a010, superset A")


def test_staff_see_and_edit_the_superset_in_the_admin(client, staff, member):
    plan = plan_create(user=member, name="Upper", exercises=specs(("Dips", 1), ("Pull Up", 1)))
    client.force_login(staff)

    change = client.get(reverse("admin:plans_workoutplan_change", args=[plan.pk])).text
    assert 'name="templates-0-superset" value="1"' in change
    listing = client.get(reverse("admin:plans_workouttemplate_changelist")).text
    assert "column-superset" in listing
