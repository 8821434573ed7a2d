"""The member's rack (accounts.equipment): plates per side, rounding, warm-ups and the member's
equipment in kilograms, without a database."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.equipment import (
    STANDARD_PLATES,
    Equipment,
    loadable,
    round_to_loadable,
    smallest_step,
    warmup_ramp,
)
from gymtracker.units import EQUIPMENT_KG_STEP, EQUIPMENT_STEP, KG_PER_LB, kg_to_unit, unit_to_kg

D = Decimal
KG_PLATES = STANDARD_PLATES["kg"]
LB_PLATES = STANDARD_PLATES["lb"]
KG = Equipment.standard("kg")
LB = Equipment.standard("lb")


# --- Plates ------------------------------------------------------------------------------------


def test_102_5_kg_on_a_20_kg_bar_is_25_15_and_1_25_a_side():
    assert loadable(D("102.5"), D(20), KG_PLATES) == (D(25), D(15), D("1.25"))


def test_225_lb_on_a_45_lb_bar_is_two_45s_a_side():
    assert loadable(D(225), D(45), LB_PLATES) == (D(45), D(45))


def test_the_bar_alone_needs_no_plates_and_less_than_the_bar_cannot_be_loaded():
    assert loadable(D(20), D(20), KG_PLATES) == ()
    assert loadable(D(15), D(20), KG_PLATES) is None


def test_a_weight_the_plates_cannot_make_is_not_loadable():
    assert loadable(D(21), D(20), KG_PLATES) is None
    assert loadable(D("101"), D(20), KG_PLATES) is None


def test_when_the_heaviest_plate_first_gets_stuck_the_next_size_is_tried():
    # Greedy loading would put 20 on and then have 10 a side left that 15s cannot make.
    assert loadable(D(70), D(10), [D(20), D(15)]) == (D(15), D(15))


def test_only_the_plates_the_member_has_are_used():
    assert loadable(D(60), D(20), [D(10), D(5)]) == (D(10), D(10))


def test_plates_must_weigh_something():
    with pytest.raises(ValueError, match="more than nothing"):
        loadable(D(60), D(20), [D(10), D(0)])


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("92.25", "92.5"), ("101", "100"), ("101.25", "100"), ("101.3", "102.5"), ("10", "20"), ("102.5", "102.5")],
)
def test_round_to_loadable_takes_the_nearest_and_the_lighter_of_two_as_near(weight, expected):
    assert round_to_loadable(D(weight), D(20), KG_PLATES) == D(expected)


def test_with_no_plates_only_the_bar_is_loadable():
    assert round_to_loadable(D(60), D(20), []) == D(20)
    assert loadable(D(20), D(20), []) == ()


def test_the_smallest_step_is_a_pair_of_the_smallest_plates():
    assert smallest_step(KG_PLATES) == D("2.5")
    assert smallest_step(LB_PLATES) == D(5)
    with pytest.raises(ValueError, match="No plates"):
        smallest_step([])


plate_sets = st.lists(
    st.decimals(min_value=D("0.25"), max_value=D(50), places=2), min_size=1, max_size=8, unique=True
).map(lambda plates: sorted(plates, reverse=True))
bars = st.decimals(min_value=D(0), max_value=D(25), places=2)
weights = st.decimals(min_value=D(0), max_value=D(400), places=2)


@given(weight=weights, bar=bars, plates=plate_sets)
def test_plates_per_side_always_add_back_up_to_the_weight(weight, bar, plates):
    side = loadable(weight, bar, plates)
    if side is not None:
        assert bar + 2 * sum(side, D(0)) == weight
        assert set(side) <= set(plates)
        assert list(side) == sorted(side, reverse=True)


@given(weight=weights, bar=bars, plates=plate_sets)
def test_a_rounded_weight_is_always_loadable_and_nothing_loadable_is_nearer(weight, bar, plates):
    rounded = round_to_loadable(weight, bar, plates)
    assert rounded >= bar
    assert loadable(rounded, bar, plates) is not None
    # Nothing loadable lies strictly between the weight and the rounded weight, on either side.
    distance = abs(rounded - weight)
    for candidate in (weight - distance + D("0.01"), weight + distance - D("0.01")):
        if abs(candidate - weight) < distance and candidate >= bar:
            assert loadable(candidate, bar, plates) is None


@given(st.integers(min_value=0, max_value=200))
def test_every_multiple_of_2_5_kg_from_the_bar_up_is_loadable_with_the_usual_plates(steps):
    weight = 20 + D("2.5") * steps
    assert loadable(weight, D(20), KG_PLATES) is not None


# --- Warm-ups ------------------------------------------------------------------------------------


def test_the_warmup_for_100_kg_is_the_bar_then_40_60_80_percent():
    assert warmup_ramp(D(100), D(20), KG_PLATES) == [(D(20), 10), (D(40), 5), (D(60), 3), (D(80), 2)]


def test_the_warmup_for_225_lb():
    assert warmup_ramp(D(225), D(45), LB_PLATES) == [(D(45), 10), (D(90), 5), (D(135), 3), (D(180), 2)]


def test_warmup_steps_no_heavier_than_the_last_or_as_heavy_as_the_work_are_left_out():
    # 40 % and 60 % of 30 round to the bar; 80 % is 24, rounded to 25.
    assert warmup_ramp(D(30), D(20), KG_PLATES) == [(D(20), 10), (D(25), 2)]
    assert warmup_ramp(D(20), D(20), KG_PLATES) == []
    assert warmup_ramp(D(12), D(20), KG_PLATES) == []


@given(work=st.decimals(min_value=D(0), max_value=D(400), places=2), bar=bars, plates=plate_sets)
def test_warmups_climb_stay_below_the_work_and_are_loadable(work, bar, plates):
    ramp = warmup_ramp(work, bar, plates)
    loads = [weight for weight, _ in ramp]
    assert loads == sorted(set(loads))
    assert all(weight < work and loadable(weight, bar, plates) is not None for weight in loads)
    assert [reps for _, reps in ramp] == sorted((reps for _, reps in ramp), reverse=True)


# --- The member's equipment, in kilograms ----------------------------------------------------------


def member(unit="kg", bar_kg=None, plates_kg=None):
    return SimpleNamespace(weight_unit=unit, bar_kg=bar_kg, plates_kg=plates_kg)


def test_a_member_who_set_nothing_has_the_standard_bar_and_plates_of_their_unit():
    assert Equipment.of(member("kg")) == Equipment(unit="kg", bar=D(20), plates=KG_PLATES)
    assert Equipment.of(member("lb")) == Equipment(unit="lb", bar=D(45), plates=LB_PLATES)


def test_pound_sizes_stored_in_kilograms_come_back_as_typed():
    stored = member("lb", bar_kg=unit_to_kg(D(35), "lb", step=EQUIPMENT_KG_STEP), plates_kg=[D("0.5670"), D("20.4117")])
    assert Equipment.of(stored) == Equipment(unit="lb", bar=D(35), plates=(D(45), D("1.25")))


@given(st.decimals(min_value=D("0.01"), max_value=D(220), places=2))
def test_any_pound_size_to_the_hundredth_survives_the_trip_through_kilograms(size):
    kg = unit_to_kg(size, "lb", step=EQUIPMENT_KG_STEP)
    assert kg_to_unit(kg, "lb", step=EQUIPMENT_STEP) == size


def test_a_weight_stored_in_kilograms_is_loaded_in_the_members_unit():
    assert LB.per_side(D("102.0582832500")) == (D(45), D(45))  # 225 lb, as a set stores it
    assert LB.per_side(D("102.06")) == (D(45), D(45))  # 225 lb, as sets were stored before
    assert LB.per_side(D("225.01") * KG_PER_LB) is None  # 102.06 kg to the hundredth, but not 225 lb
    assert KG.per_side(D("102.50")) == (D(25), D(15), D("1.25"))
    assert KG.per_side(D("101")) is None
    assert KG.per_side(D("15")) is None


def test_the_warmups_of_a_stored_weight_come_back_in_kilograms():
    pounds = [(D(45), 10), (D(90), 5), (D(135), 3), (D(180), 2)]
    assert LB.warmups_kg(D("102.06")) == [(size * KG_PER_LB, reps) for size, reps in pounds]


def test_the_smallest_step_in_kilograms():
    assert KG.step_kg == D("2.5")
    assert LB.step_kg == D("2.2680")


@given(weight=st.decimals(min_value=D(20), max_value=D(300), places=2), unit=st.sampled_from(["kg", "lb"]))
def test_a_weight_rounded_for_the_member_is_loadable_on_their_bar(weight, unit):
    equipment = Equipment.standard(unit)
    rounded = equipment.round_kg(weight)
    assert equipment.per_side(rounded) is not None
