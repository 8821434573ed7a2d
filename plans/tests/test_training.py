"""The rules of training (plans.training): rest and progression, without a database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.equipment import Equipment
from gymtracker.units import KG_PER_LB
from plans.training import (
    LoggedSet,
    Progression,
    Rule,
    Step,
    default_rest_seconds,
    suggest,
)

D = Decimal
KG = Equipment.standard("kg")
LB = Equipment.standard("lb")


def sets(*reps, weight="100", target=5):
    return [LoggedSet(reps=r, weight_kg=None if weight is None else D(weight), target_reps=target) for r in reps]


# --- Rest ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("reps", "seconds"), [(1, 180), (5, 180), (6, 120), (12, 120), (13, 90), (30, 90)])
def test_default_rest_is_longest_for_the_fewest_reps(reps, seconds):
    assert default_rest_seconds(reps) == seconds


# --- Progression ---------------------------------------------------------------------------------

LINEAR = Rule(progression=Progression.LINEAR, sets=3, reps=5, deload_after=3)
DOUBLE = Rule(progression=Progression.DOUBLE, sets=3, reps=8, reps_top=12, deload_after=3)


def test_with_no_earlier_session_there_is_nothing_to_suggest_a_weight_from():
    suggestion = suggest(LINEAR, [], KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.FIRST, None, 5)
    assert suggestion.reason("kg") == "No earlier session of this exercise to go by"


def test_linear_adds_the_smallest_step_after_every_set_was_done():
    suggestion = suggest(LINEAR, [sets(5, 5, 5)], KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.INCREASE, D("102.5"), 5)
    assert suggestion.reason("kg") == "+2.5 kg: 3×5 done last time"


def test_linear_in_pounds_adds_five_pounds_and_says_so():
    suggestion = suggest(LINEAR, [sets(5, 5, 5, weight="102.06")], LB)  # 225 lb
    assert suggestion.weight_kg == 230 * KG_PER_LB  # 230 lb, exactly
    assert suggestion.reason("lb") == "+5 lb: 3×5 done last time"


def test_linear_keeps_the_weight_when_a_set_fell_short():
    suggestion = suggest(LINEAR, [sets(5, 5, 4)], KG)
    assert (suggestion.step, suggestion.weight_kg) == (Step.SAME, D(100))
    assert suggestion.reason("kg") == "Same weight: 2 of 3 sets hit 5 reps"


def test_fewer_sets_than_planned_is_not_done_and_extra_sets_do_not_spoil_it():
    assert suggest(LINEAR, [sets(5, 5)], KG).step == Step.SAME
    assert suggest(LINEAR, [sets(5, 5, 5, 3)], KG).step == Step.INCREASE


def test_only_sets_at_the_heaviest_weight_count():
    history = [[*sets(5, 5, weight="100"), *sets(5, weight="90")]]
    suggestion = suggest(LINEAR, history, KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.hit) == (Step.SAME, D(100), 2)


def test_each_set_is_judged_by_the_target_it_was_logged_with():
    assert suggest(LINEAR, [sets(3, 3, 3, target=3)], KG).step == Step.INCREASE
    assert suggest(LINEAR, [sets(3, 3, 3, target=None)], KG).step == Step.SAME  # the plan's 5


def test_a_set_increment_is_used_and_rounded_to_what_can_be_loaded():
    assert suggest(Rule(progression="linear", sets=3, reps=5, increment_kg=D(5)), [sets(5, 5, 5)], KG).weight_kg == 105
    # 1 kg more cannot be loaded with 1.25 kg plates: the next loadable weight it is.
    small = Rule(progression="linear", sets=3, reps=5, increment_kg=D(1))
    assert suggest(small, [sets(5, 5, 5)], KG).weight_kg == D("102.5")


def test_deload_after_three_sessions_short_of_target_at_the_same_weight():
    history = [sets(5, 4, 3), sets(5, 5, 4), sets(4, 4, 4)]
    suggestion = suggest(LINEAR, history, KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.DELOAD, D(90), 5)
    assert suggestion.reason("kg") == "Deload −10 %: 3 sessions short of target"


def test_a_deload_is_rounded_to_a_loadable_weight():
    history = [sets(4, 4, 4, weight="102.5")] * 3
    assert suggest(LINEAR, history, KG).weight_kg == D("92.5")  # 92.25, rounded
    # 202.5 lb is as near 200 as 205: the lighter it is.
    assert suggest(LINEAR, [sets(4, 4, 4, weight="102.06")] * 3, LB).weight_kg == 200 * KG_PER_LB  # 200 lb


def test_no_deload_when_the_streak_is_broken_or_deloads_are_off():
    assert suggest(LINEAR, [sets(4), sets(4), sets(5, 5, 5), sets(4)], KG).step == Step.SAME
    assert suggest(LINEAR, [sets(4), sets(4), sets(4, weight="97.5")], KG).step == Step.SAME
    never = Rule(progression="linear", sets=3, reps=5, deload_after=None)
    assert suggest(never, [sets(4)] * 5, KG).step == Step.SAME


def test_a_deload_always_takes_something_off():
    # 1 % of 100 kg rounds back to 100: the next lighter loadable weight it is.
    gentle = Rule(progression="linear", sets=1, reps=5, deload_after=1, deload_percent=1)
    assert suggest(gentle, [sets(4)], KG).weight_kg == D("97.5")


def test_double_progression_adds_a_rep_at_the_same_weight():
    suggestion = suggest(DOUBLE, [sets(10, 9, 8, target=8)], KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.REPS, D(100), 9)
    assert suggestion.reason("kg") == "Same weight, 9 reps: 3×8 done last time"


def test_double_progression_adds_weight_and_goes_back_to_the_bottom_at_the_top():
    suggestion = suggest(DOUBLE, [sets(12, 12, 12, target=8)], KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.INCREASE, D("102.5"), 8)
    assert suggestion.reason("kg") == "+2.5 kg, back to 8 reps: 3×12 done last time"


def test_double_progression_below_the_bottom_repeats_and_counts_towards_a_deload():
    suggestion = suggest(DOUBLE, [sets(8, 7, 6, target=9)], KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.SAME, D(100), 8)
    assert suggestion.reason("kg") == "Same weight: 1 of 3 sets hit 8 reps"
    assert suggest(DOUBLE, [sets(7, 7, 7)] * 3, KG).step == Step.DELOAD


def test_no_progression_repeats_the_last_weight():
    suggestion = suggest(Rule(sets=3, reps=5), [sets(5, 5, 5)], KG)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.SAME, D(100), 5)
    assert suggestion.reason("kg") == "Same weight: 3×5 done last time"


def test_without_a_weight_logged_there_is_none_to_add():
    suggestion = suggest(LINEAR, [sets(5, 5, 5, weight=None)], KG)
    assert (suggestion.step, suggestion.weight_kg) == (Step.SAME, None)


def test_a_lift_lighter_than_the_bar_goes_up_in_steps_of_the_smallest_pair():
    assert suggest(LINEAR, [sets(5, 5, 5, weight="12.5")], KG).weight_kg == 15


def test_one_planned_set_reads_in_the_singular():
    assert suggest(Rule(progression="linear", sets=1, reps=5), [sets(4)], KG).reason("kg") == (
        "Same weight: 0 of 1 set hit 5 reps"
    )


reps = st.integers(min_value=0, max_value=15)
sessions = st.lists(
    st.lists(
        st.builds(LoggedSet, reps=reps, weight_kg=st.just(D(100)), target_reps=st.just(5)), min_size=1, max_size=5
    ),
    min_size=1,
    max_size=5,
)


@given(history=sessions, rule=st.sampled_from([LINEAR, DOUBLE, Rule(sets=3, reps=5)]))
def test_the_weight_goes_up_only_after_a_done_session_and_down_only_in_a_deload(history, rule):
    suggestion = suggest(rule, history, KG)
    if suggestion.weight_kg > D(100):
        assert suggestion.step == Step.INCREASE
        assert KG.per_side(suggestion.weight_kg) is not None
    if suggestion.weight_kg < D(100):
        assert suggestion.step == Step.DELOAD
    assert suggestion.reason("kg")
    if rule.reps_top:
        assert rule.reps <= suggestion.reps <= rule.reps_top
