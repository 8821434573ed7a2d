import pytest

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.forms import EXERCISES_PREFIX, ExerciseFormSet, PlanEditForm, PlanForm
from plans.models import WorkoutTemplate
from plans.selectors import exercises_of
from plans.services import ExerciseSpec
from plans.tests.helpers import edit_form_data, plan_form_data

pytestmark = pytest.mark.django_db


def new_formset(data):
    return ExerciseFormSet(data, prefix=EXERCISES_PREFIX, queryset=WorkoutTemplate.objects.none())


@pytest.fixture
def plan(member):
    plan = WorkoutPlanFactory(user=member)
    for position, name in enumerate(["Squat (Barbell)", "Lunge (Dumbbell)"]):
        WorkoutTemplateFactory(plan=plan, exercise_name=name, position=position)
    return plan


def test_blank_rows_are_ignored():
    formset = new_formset(plan_form_data(exercises=[{"exercise_name": "Squat (Barbell)", "sets": 5, "repetitions": 5}]))

    assert formset.is_valid(), formset.errors
    assert formset.exercise_specs() == [ExerciseSpec("Squat (Barbell)", 5, 5)]


def test_a_blank_row_with_only_an_order_number_is_still_blank():
    # The script numbers every row whenever one moves, empty ones included.
    data = plan_form_data(exercises=[{"exercise_name": "Squat (Barbell)"}], blank_rows=2)
    data[f"{EXERCISES_PREFIX}-1-ORDER"] = "2"
    data[f"{EXERCISES_PREFIX}-2-ORDER"] = "3"

    formset = new_formset(data)

    assert formset.is_valid(), formset.errors
    assert [spec.exercise_name for spec in formset.exercise_specs()] == ["Squat (Barbell)"]


def test_at_least_one_exercise_is_required():
    formset = new_formset(plan_form_data(exercises=[]))

    assert not formset.is_valid()
    assert "Add at least one exercise" in str(formset.non_form_errors())


def test_removing_every_saved_exercise_leaves_none_and_is_refused(plan):
    data = edit_form_data(plan, changes={0: {"DELETE": True}, 1: {"DELETE": True}})

    formset = ExerciseFormSet(data, instance=plan, prefix=EXERCISES_PREFIX, queryset=exercises_of(plan))

    assert not formset.is_valid()
    assert "Add at least one exercise" in str(formset.non_form_errors())


def test_a_row_with_sets_but_no_name_asks_for_the_name():
    formset = new_formset(plan_form_data(exercises=[{"exercise_name": "", "sets": 4}]))

    assert not formset.is_valid()
    assert formset.errors[0] == {"exercise_name": ["This field is required."]}


@pytest.mark.parametrize(("field", "value"), [("sets", "0"), ("repetitions", "-1"), ("sets", "51"), ("sets", "x")])
def test_sets_and_reps_must_be_sensible_numbers(field, value):
    row = {"exercise_name": "Squat (Barbell)", field: value}

    formset = new_formset(plan_form_data(exercises=[row]))

    assert not formset.is_valid()
    assert field in formset.errors[0]


def test_rows_come_out_in_the_order_typed_with_unnumbered_new_rows_last(plan):
    squat, lunge = exercises_of(plan)
    data = edit_form_data(
        plan,
        changes={0: {"ORDER": 2}, 1: {"ORDER": 1}},
        added=[{"exercise_name": "Standing Calf Raise", "sets": 4, "repetitions": 15}],
    )

    formset = ExerciseFormSet(data, instance=plan, prefix=EXERCISES_PREFIX, queryset=exercises_of(plan))

    assert formset.is_valid(), formset.errors
    assert formset.exercise_specs() == [
        ExerciseSpec("Lunge (Dumbbell)", 3, 10, lunge.pk),
        ExerciseSpec("Squat (Barbell)", 3, 10, squat.pk),
        ExerciseSpec("Standing Calf Raise", 4, 15),
    ]


def test_an_exercise_id_from_another_plan_is_refused(plan, member):
    foreign = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member))
    data = edit_form_data(plan, changes={0: {"id": foreign.pk}})

    formset = ExerciseFormSet(data, instance=plan, prefix=EXERCISES_PREFIX, queryset=exercises_of(plan))

    assert not formset.is_valid()
    assert "id" in formset.errors[0]


def test_an_empty_description_is_stored_as_null():
    form = PlanForm({"name": "Legs", "description": "  "})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["description"] is None


def test_the_edit_form_carries_the_version_it_was_opened_at(plan):
    form = PlanEditForm(instance=plan)

    assert form["version"].value() == plan.version
    assert 'type="hidden"' in str(form["version"])


def test_a_post_with_more_rows_than_the_page_could_hold_is_refused():
    data = plan_form_data(exercises=[{"exercise_name": f"Move {n}"} for n in range(101)], blank_rows=0)

    formset = new_formset(data)

    assert not formset.is_valid()
    assert "at most 100 exercises" in str(formset.non_form_errors())
