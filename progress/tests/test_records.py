"""Personal records, found when a set is logged: heaviest weight, most reps at a weight, best
estimated 1RM (Epley), in kilograms whatever unit the member types."""

import datetime
from decimal import Decimal

import pytest

from gymtracker.units import unit_to_kg
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import PersonalRecord
from progress.templatetags.records import record_names
from sessions.factories import WorkoutSessionFactory
from sessions.models import WorkoutSet
from sessions.selectors import record_kinds
from sessions.services import set_log

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def bench(member):
    return WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Bench press")


def log(member, bench, reps, weight, *, day=0):
    session = WorkoutSessionFactory(user=member, date=DAY + datetime.timedelta(days=day))
    workout_set = WorkoutSet.objects.create(session=session, template=bench)
    return set_log(workout_set=workout_set, actual_reps=reps, weight_kg=Decimal(weight))


def kinds(workout_set):
    return sorted(PersonalRecord.objects.filter(workout_set=workout_set).values_list("kind", flat=True))


def test_the_first_set_ever_is_the_first_weight_and_1rm_record(member, bench):
    first = log(member, bench, 5, "100")
    assert kinds(first) == ["e1rm", "weight"]  # a reps record needs an earlier set at that weight
    e1rm = PersonalRecord.objects.get(workout_set=first, kind="e1rm")
    assert e1rm.value == Decimal("116.67")  # Epley: 100 x (1 + 5/30)


def test_a_heavier_set_is_a_weight_record_and_a_tie_is_not(member, bench):
    log(member, bench, 5, "100")
    tie = log(member, bench, 5, "100", day=1)
    assert kinds(tie) == []
    heavier = log(member, bench, 1, "105", day=2)  # 105 x 31/30 = 108.5 < 116.67
    assert kinds(heavier) == ["weight"]


def test_more_reps_at_a_weight_is_a_reps_record(member, bench):
    log(member, bench, 5, "100")
    more = log(member, bench, 6, "100", day=1)
    assert kinds(more) == ["e1rm", "reps"]
    lighter_first_time = log(member, bench, 12, "60", day=2)
    assert kinds(lighter_first_time) == []  # first time at 60 kg; 60 x 1.4 = 84 < 120


def test_an_edit_that_takes_a_record_away_hands_it_back(member, bench):
    old = log(member, bench, 5, "100")
    new = log(member, bench, 5, "110", day=1)
    assert kinds(new) == ["e1rm", "weight"]
    set_log(workout_set=new, actual_reps=5, weight_kg=Decimal("90"))
    assert kinds(new) == []
    assert kinds(old) == ["e1rm", "weight"]


def test_an_earlier_edit_can_take_a_later_record_away(member, bench):
    first = log(member, bench, 5, "100")
    second = log(member, bench, 5, "105", day=1)
    set_log(workout_set=first, actual_reps=5, weight_kg=Decimal("110"))
    assert kinds(second) == []
    assert kinds(first) == ["e1rm", "weight"]


def test_records_are_kept_in_kilograms_whatever_unit_was_typed(member, bench):
    log(member, bench, 5, "100")
    # 220.46 lb is 99.999 kg (to the gram): lighter, so no record.
    lighter = log(member, bench, 5, str(unit_to_kg(Decimal("220.46"), "lb")), day=1)
    assert kinds(lighter) == []
    heavier = log(member, bench, 5, str(unit_to_kg(Decimal("225"), "lb")), day=2)
    assert kinds(heavier) == ["e1rm", "weight"]
    assert PersonalRecord.objects.get(workout_set=heavier, kind="weight").value == Decimal("102.0582832500")
    same = log(member, bench, 5, str(unit_to_kg(Decimal("225"), "lb")), day=3)
    assert kinds(same) == []


def test_a_removed_set_keeps_no_visible_record(member, bench):
    record = log(member, bench, 5, "100")
    record.soft_delete()
    assert not PersonalRecord.objects.for_user(member).live().exists()
    assert record_kinds(member, [record.pk]) == {}


def test_the_badge_selector_names_the_record_sets(member, bench):
    first = log(member, bench, 5, "100")
    tie = log(member, bench, 5, "100", day=1)
    marked = record_kinds(member, [first.pk, tie.pk])
    assert marked == {first.pk: ["e1rm", "weight"]}
    assert record_names(marked[first.pk]) == "Best estimated 1RM, Heaviest weight"


def test_another_members_sets_never_count(member, other_member, bench):
    theirs = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=other_member), exercise_name="Bench press")
    log(other_member, theirs, 5, "200")
    mine = log(member, bench, 5, "100")
    assert kinds(mine) == ["e1rm", "weight"]
    assert record_kinds(other_member, [mine.pk]) == {}


def test_a_renamed_exercise_takes_its_records_along_and_logging_goes_on(member, bench):
    """Renaming an exercise moves its sets, records and all, to the new name: the next log of it
    re-derives the records under that name instead of failing on the ones left under the old."""
    first = log(member, bench, 5, "100")
    bench.exercise_name = "Paused bench press"
    bench.save()
    later = log(member, bench, 5, "110", day=1)
    assert kinds(first) == ["e1rm", "weight"]
    assert kinds(later) == ["e1rm", "weight"]
    assert set(PersonalRecord.objects.filter(user=member).values_list("exercise", flat=True)) == {"paused bench press"}
