import pytest

from gymtracker.db import StaleVersionError
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan, WorkoutTemplate
from plans.selectors import exercises_of
from plans.services import ExerciseSpec, plan_duplicate, plan_restore, plan_soft_delete, plan_update
from sessions.factories import WorkoutSetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member):
    plan = WorkoutPlanFactory(user=member, name="Push day", description="Chest and arms")
    for position, name in enumerate(["Bench Press (Barbell)", "Dips", "Push Up"]):
        WorkoutTemplateFactory(plan=plan, exercise_name=name, sets=3, repetitions=10, position=position)
    return plan


def rows(plan):
    return [(t.exercise_name, t.sets, t.repetitions, t.position) for t in exercises_of(plan)]


def specs_of(plan):
    return [ExerciseSpec(t.exercise_name, t.sets, t.repetitions, t.pk) for t in exercises_of(plan)]


def test_plan_update_rewrites_positions_in_the_order_given(plan):
    bench, dips, push_ups = specs_of(plan)

    plan_update(plan=plan, version=plan.version, name="Push", description=None, exercises=[push_ups, bench, dips])

    assert rows(plan) == [("Push Up", 3, 10, 0), ("Bench Press (Barbell)", 3, 10, 1), ("Dips", 3, 10, 2)]
    plan.refresh_from_db()
    assert (plan.name, plan.description) == ("Push", None)


def test_plan_update_edits_saved_exercises_in_place_and_creates_new_ones(plan):
    bench, dips, push_ups = specs_of(plan)
    edited = ExerciseSpec("Incline Bench Press (Barbell)", 5, 5, bench.template_id)

    plan_update(
        plan=plan,
        version=plan.version,
        name=plan.name,
        description=plan.description,
        exercises=[edited, dips, push_ups, ExerciseSpec("Triceps pushdown", 4, 12)],
    )

    assert rows(plan)[0] == ("Incline Bench Press (Barbell)", 5, 5, 0)
    assert rows(plan)[3] == ("Triceps Pushdown (Cable)", 4, 12, 3)
    assert WorkoutTemplate.objects.get(pk=bench.template_id).exercise_name == "Incline Bench Press (Barbell)"


def test_plan_update_soft_deletes_the_exercises_left_out_and_keeps_their_logged_sets(plan):
    bench, dips, push_ups = specs_of(plan)
    logged = WorkoutSetFactory(template=WorkoutTemplate.objects.get(pk=dips.template_id), session__user=plan.user)

    plan_update(plan=plan, version=plan.version, name=plan.name, description=None, exercises=[bench, push_ups])

    assert rows(plan) == [("Bench Press (Barbell)", 3, 10, 0), ("Push Up", 3, 10, 1)]
    removed = WorkoutTemplate.all_objects.get(pk=dips.template_id)
    assert removed.is_deleted
    logged.refresh_from_db()
    assert logged.template_id == removed.pk


def test_plan_update_brings_back_a_deleted_exercise_that_is_saved_again(plan):
    bench, dips, push_ups = specs_of(plan)
    WorkoutTemplate.objects.get(pk=dips.template_id).soft_delete()
    plan.refresh_from_db()

    plan_update(plan=plan, version=plan.version, name=plan.name, description=None, exercises=[bench, dips, push_ups])

    assert rows(plan) == [("Bench Press (Barbell)", 3, 10, 0), ("Dips", 3, 10, 1), ("Push Up", 3, 10, 2)]


def test_plan_update_never_touches_an_exercise_of_another_plan(plan, member):
    other_plan = WorkoutPlanFactory(user=member)
    foreign = WorkoutTemplateFactory(plan=other_plan, exercise_name="Deadlift (Barbell)")

    plan_update(
        plan=plan,
        version=plan.version,
        name=plan.name,
        description=None,
        exercises=[ExerciseSpec("Renamed", 1, 1, foreign.pk)],
    )

    foreign.refresh_from_db()
    assert (foreign.exercise_name, foreign.plan_id, foreign.is_deleted) == ("Deadlift (Barbell)", other_plan.pk, False)
    assert rows(plan) == [("Renamed", 1, 1, 0)]


def test_any_exercise_change_moves_the_plan_to_a_new_version(plan):
    bench, dips, push_ups = specs_of(plan)
    before = plan.version

    plan_update(
        plan=plan,
        version=before,
        name=plan.name,
        description=plan.description,
        exercises=[ExerciseSpec("Bench Press (Barbell)", 5, 5, bench.template_id), dips, push_ups],
    )

    assert WorkoutPlan.objects.get(pk=plan.pk).version == before + 1


def test_plan_update_from_a_stale_version_raises_and_writes_nothing(plan):
    bench, dips, push_ups = specs_of(plan)
    stale = plan.version
    plan_update(plan=plan, version=stale, name="First", description=None, exercises=[bench, dips, push_ups])
    second_copy = WorkoutPlan.objects.get(pk=plan.pk)

    with pytest.raises(StaleVersionError):
        plan_update(plan=second_copy, version=stale, name="Second", description=None, exercises=[push_ups])

    saved = WorkoutPlan.objects.get(pk=plan.pk)
    assert (saved.name, saved.version) == ("First", stale + 1)
    assert rows(plan) == [("Bench Press (Barbell)", 3, 10, 0), ("Dips", 3, 10, 1), ("Push Up", 3, 10, 2)]


def test_plan_duplicate_copies_the_live_exercises_in_order(plan, member):
    WorkoutTemplate.objects.get(plan=plan, exercise_name="Dips").soft_delete()

    copy = plan_duplicate(plan=plan, user=member)

    assert copy.pk != plan.pk
    assert (copy.name, copy.description, copy.user) == ("Copy of Push day", "Chest and arms", member)
    assert rows(copy) == [("Bench Press (Barbell)", 3, 10, 0), ("Push Up", 3, 10, 1)]
    assert len(rows(plan)) == 2


def test_plan_soft_delete_hides_the_plan_and_plan_restore_brings_it_back_with_its_exercises(plan):
    plan_soft_delete(plan=plan)
    assert not WorkoutPlan.objects.filter(pk=plan.pk).exists()
    assert WorkoutPlan.all_objects.get(pk=plan.pk).is_deleted

    plan_restore(plan=WorkoutPlan.all_objects.get(pk=plan.pk))

    assert WorkoutPlan.objects.filter(pk=plan.pk).exists()
    assert len(rows(plan)) == 3
