"""Weights in the member's unit (gymtracker.units): stored in kilograms, shown as typed."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gymtracker.units import KG_PER_LB, WeightField, format_weight, kg_to_unit, unit_to_kg

D = Decimal


def test_a_weight_typed_in_pounds_is_stored_exactly_in_kilograms():
    assert unit_to_kg(D(135), "lb") == D("61.2349699500")
    assert unit_to_kg(D("135.25"), "lb") == D("135.25") * KG_PER_LB
    assert unit_to_kg(D("102.5"), "kg") == D("102.5")


@pytest.mark.parametrize(
    ("kg", "unit", "shown"),
    [
        (D(135) * KG_PER_LB, "lb", "135 lb"),
        (D("135.25") * KG_PER_LB, "lb", "135.25 lb"),
        (D(6775) * KG_PER_LB, "lb", "6775 lb"),
        (D("61.23"), "lb", "135 lb"),  # 134.989 lb: stored to the hundredth of a kilogram before
        (D("102.06"), "lb", "225 lb"),
        (D(100), "lb", "220.5 lb"),  # typed in kilograms
        (D("71.44"), "lb", "157.5 lb"),  # an estimated 1RM (to 0.01 kg)
        (D("102.5"), "kg", "102.5 kg"),
        (D(135) * KG_PER_LB, "kg", "61.23 kg"),  # typed in pounds
        (D(0), "lb", "0 lb"),
    ],
)
def test_a_weight_is_shown_as_typed_when_it_is_exact_in_the_unit_else_to_its_step(kg, unit, shown):
    assert format_weight(kg, unit) == shown


@given(
    pounds=st.decimals(min_value=0, max_value=2000, places=2),
    reps=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=50),
)
def test_any_sum_of_weights_typed_in_pounds_comes_back_as_typed(pounds, reps):
    field = WeightField(unit="lb")
    kg = field.clean(str(pounds))
    total = sum((r * kg for r in reps), D(0))
    assert kg_to_unit(total, "lb") == sum(reps) * pounds
    assert field.prepare_value(kg) == pounds
