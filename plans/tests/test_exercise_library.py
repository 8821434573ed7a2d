"""The exercise library: loaded once and again to the same rows, every common name of a lift
matched to one exercise (plans/tests/data/alias_cases.csv), members' own exercises under
row-level security, and plans linked to the exercise their names mean."""

import csv
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from gymtracker import rls
from plans import library
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import Exercise, ExerciseAlias, ExerciseKind, WorkoutTemplate
from plans.tests.helpers import plan_form_data
from progress.models import ExerciseStat
from sessions.factories import WorkoutSetFactory
from sessions.services import set_log

pytestmark = pytest.mark.django_db

CASES = list(csv.DictReader((Path(__file__).parent / "data" / "alias_cases.csv").open()))


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def resolved(user, name):
    """The exercise `name` means for `user`, asked as that user."""
    with rls.user_context(user):
        return Exercise.all_objects.get(pk=sql("SELECT exercise_resolve(%s, %s)", [user.pk, name])[0][0])


def test_the_library_holds_every_source_entry_once_with_its_kind():
    entries = library.entries()
    assert len(entries) == 873
    # "Squat with Bands" and "Squats - With Bands" are one name by the matching rule.
    assert Exercise.objects.library().count() == 872
    kinds = dict(Exercise.objects.library().values_list("name", "kind"))
    assert kinds["Bench Press (Barbell)"] == ExerciseKind.WEIGHT_REPS
    assert kinds["Pull Up"] == ExerciseKind.BODYWEIGHT_REPS
    assert kinds["Dips"] == ExerciseKind.BODYWEIGHT_REPS
    assert kinds["Plank"] == ExerciseKind.DURATION
    assert kinds["Farmer's Walk"] == ExerciseKind.WEIGHT_DURATION
    assert kinds["Rowing, Stationary"] == ExerciseKind.DISTANCE_DURATION
    bench = Exercise.objects.get(name="Bench Press (Barbell)")
    assert (bench.category, bench.equipment, bench.primary_muscles) == ("strength", "barbell", ["chest"])
    # The source's own name for a renamed lift still finds it.
    assert bench.aliases.filter(name="Barbell Bench Press - Medium Grip").exists()


def test_loading_again_changes_no_row():
    def snapshot():
        return (
            sorted(Exercise.all_objects.values_list("id", "name", "key", "kind", "updated_at", "version")),
            sorted(ExerciseAlias.objects.values_list("id", "exercise_id", "name", "key")),
        )

    before = snapshot()
    with connection.cursor() as cursor:
        library.load(cursor)
    assert snapshot() == before
    assert len(before[1]) >= 500


def test_the_library_ids_are_the_same_in_every_database():
    bench = Exercise.objects.get(name="Bench Press (Barbell)")
    assert str(bench.pk) == library.library_id("exercise", "Barbell Bench Press - Medium Grip")


@pytest.mark.parametrize("case", CASES, ids=[case["typed"] for case in CASES])
def test_a_name_as_lifters_type_it_finds_its_exercise(member, case):
    found = resolved(member, case["typed"])
    if case["expected"]:
        assert found.owner_id is None
        assert found.name == library.shown_names().get(case["expected"], case["expected"])
    else:
        # Nothing in the library: the member's own exercise, named as typed.
        assert (found.owner_id, found.name) == (member.pk, case["typed"].strip())


def test_the_alias_table_is_large_and_matched_in_full(member):
    matching = [case for case in CASES if case["expected"]]
    assert len(matching) >= 50
    hits = sum(resolved(member, case["typed"]).owner_id is None for case in matching)
    assert hits == len(matching)


def test_a_members_own_exercise_is_found_again_and_kept_before_the_library(member):
    own = resolved(member, "Zercher carry into lunge")
    assert resolved(member, "zercher  CARRY into lunges!") == own
    assert Exercise.objects.filter(owner=member).count() == 1
    # A member whose own exercise has a library exercise's name keeps their own history.
    ExerciseFactory(owner=member, name="Squat (Barbell)")
    assert resolved(member, "back squat").owner_id is None  # an alias: the library's
    assert resolved(member, "Squat (Barbell)").owner == member  # the name: theirs first


def test_members_reach_the_library_and_their_own_exercises_only(member, other_member, coach, relationship):
    mine = ExerciseFactory(owner=member, name="Sled drag, backwards")
    ExerciseFactory(owner=other_member, name="Other's odd lift")
    with rls.user_context(member):
        assert Exercise.objects.filter(owner__isnull=False).count() == 1
        assert Exercise.objects.library().count() == 872
    with rls.user_context(other_member):
        assert not Exercise.objects.filter(pk=mine.pk).exists()
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO exercises (owner_id, name) VALUES (%s, 'Sneaky')", [member.pk])
        with transaction.atomic():
            assert sql("UPDATE exercises SET name = 'Renamed' WHERE id = %s", [mine.pk]) == 0
    with rls.user_context(coach):
        assert Exercise.objects.filter(owner=member).get() == mine
        with transaction.atomic():
            assert sql("UPDATE exercises SET name = 'Renamed' WHERE id = %s", [mine.pk]) == 0
        # Writing their member's plan, a coach adds an exercise for them.
        made = sql("SELECT exercise_resolve(%s, 'Coach special')", [member.pk])[0][0]
    assert Exercise.all_objects.get(pk=made).owner == member
    with rls.user_context(member), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        sql("INSERT INTO exercise_aliases (exercise_id, name) SELECT id, 'My alias' FROM exercises LIMIT 1")


def test_a_plan_shows_the_exercise_its_name_means(member):
    plan = WorkoutPlanFactory(user=member)
    squat = WorkoutTemplateFactory(plan=plan, exercise_name="  back SQUAT ")
    assert (squat.exercise.name, squat.exercise_name) == ("Squat (Barbell)", "Squat (Barbell)")
    odd = WorkoutTemplateFactory(plan=plan, exercise_name="Tyre flip")
    assert (odd.exercise.owner, odd.exercise_name) == (member, "Tyre flip")
    # A new name relinks; an exercise given outright is kept and named.
    squat.exercise_name = "OHP"
    squat.save()
    squat.refresh_from_db()
    assert squat.exercise_name == "Overhead Press (Barbell)"
    squat.exercise = Exercise.objects.get(name="Deadlift (Barbell)")
    squat.save()
    squat.refresh_from_db()
    assert squat.exercise_name == "Deadlift (Barbell)"


def test_a_plan_cannot_name_another_members_exercise(member, other_member):
    theirs = ExerciseFactory(owner=other_member, name="Secret lift")
    plan = WorkoutPlanFactory(user=member)
    with rls.user_context(member), pytest.raises(DatabaseError, match="No such exercise"), transaction.atomic():
        sql(
            "INSERT INTO workout_templates (workout_plan_id, exercise_id, exercise_name) VALUES (%s, %s, 'x')",
            [plan.pk, theirs.pk],
        )


def test_a_name_without_a_letter_or_digit_is_refused_by_the_database_and_the_form(client, member):
    plan = WorkoutPlanFactory(user=member)
    with pytest.raises(DatabaseError, match="needs a letter or a digit"), transaction.atomic():
        WorkoutTemplateFactory(plan=plan, exercise_name="!!!")
    client.force_login(member)
    data = plan_form_data(name="Odd", exercises=[{"exercise_name": "!!!", "sets": 3, "repetitions": 5}])
    response = client.post(reverse("plans:create"), data)
    assert response.status_code == 422
    assert "needs a letter or a digit" in response.text
    assert 'value="!!!"' in response.text


def test_the_kind_is_checked_by_the_database():
    with pytest.raises(DatabaseError, match="exercises_kind_valid"), transaction.atomic():
        sql("INSERT INTO exercises (name, kind) VALUES ('Yoga flow', 'vibes')")


def test_two_names_of_one_lift_in_two_plans_are_one_history(member):
    first = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Squat")
    second = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Back squat")
    set_log(workout_set=WorkoutSetFactory(session__user=member, template=first), actual_reps=5, weight_kg=100)
    set_log(workout_set=WorkoutSetFactory(session__user=member, template=second), actual_reps=5, weight_kg=110)
    stat = ExerciseStat.objects.get(user=member)
    assert (stat.exercise, stat.sets, stat.best_weight_kg) == ("squat (barbell)", 2, 110)


def test_renaming_a_library_exercise_renames_it_in_every_plan_and_its_statistics_follow(member, other_member):
    mine = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Face pull")
    theirs = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=other_member), exercise_name="face pulls")
    set_log(workout_set=WorkoutSetFactory(session__user=member, template=mine), actual_reps=15, weight_kg=20)
    face_pull = mine.exercise
    face_pull.name = "Face Pull (Cable)"
    face_pull.save()
    assert set(WorkoutTemplate.objects.filter(pk__in=[mine.pk, theirs.pk]).values_list("exercise_name", flat=True)) == {
        "Face Pull (Cable)"
    }
    assert ExerciseStat.objects.get(user=member).exercise == "face pull (cable)"


def test_the_about_page_credits_the_library(client):
    response = client.get(reverse("about"))
    assert response.status_code == 200
    assert "Free Exercise DB" in response.text
    assert "public domain" in response.text
