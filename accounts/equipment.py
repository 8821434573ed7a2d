"""A member's rack: their bar and plates (`users.bar_kg`, `users.plates_kg`, set on the profile)
and what can be loaded with them, pure (no database) and unit-tested: the plates for each side,
the nearest loadable weight, the smallest step, warm-up sets.

Plate maths takes every weight in one unit, the member's, to the hundredth: pound plates are
whole pounds, and adding them up in kilograms would not come back to the pound. `Equipment`
converts to and from kilograms, in which weights are stored and progression works
(plans.training).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from gymtracker.units import EQUIPMENT_KG_STEP, EQUIPMENT_STEP, kg_to_unit, unit_to_kg

STANDARD_BAR = {"kg": Decimal(20), "lb": Decimal(45)}
STANDARD_PLATES = {
    "kg": tuple(Decimal(size) for size in ("25", "20", "15", "10", "5", "2.5", "1.25")),
    "lb": tuple(Decimal(size) for size in ("45", "35", "25", "10", "5", "2.5")),
}

# Warm-up sets before the working weight: the empty bar, then fractions of the work weight.
WARMUP_BAR_REPS = 10
WARMUP_STEPS = ((Decimal("0.4"), 5), (Decimal("0.6"), 3), (Decimal("0.8"), 2))


# --- Plates ------------------------------------------------------------------------------------

# Plate maths counts whole hundredths of the unit, so that sums are exact.
_HUNDRED = Decimal(100)


def _hundredths(weight: Decimal) -> int:
    return int((weight * _HUNDRED).to_integral_value(ROUND_HALF_UP))


def _weight(hundredths: int) -> Decimal:
    return plain(Decimal(hundredths) / _HUNDRED)


def plain(value: Decimal) -> Decimal:
    """`value` without trailing zeros and without an exponent: 102.50 → 102.5, 100.00 → 100."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _sizes(plates: Sequence[Decimal]) -> tuple[int, ...]:
    sizes = {_hundredths(plate) for plate in plates}
    if any(size <= 0 for size in sizes):
        raise ValueError("Plates weigh more than nothing.")
    return tuple(sorted(sizes, reverse=True))


@lru_cache(maxsize=512)
def _makeable(pairs: tuple[int, ...], limit: int) -> tuple[int, ...]:
    """For each i, the totals that any number of pairs[i:] add up to, as a bitset (bit n: a
    total of n hundredths), up to `limit`; the last entry is for no pairs at all (0 only)."""
    mask = (1 << (limit + 1)) - 1
    makeable = 1
    suffixes = [makeable]
    for pair in reversed(pairs):
        # Adding 1, 2, 4, … of the pair in turn allows every count up to the limit.
        shift = pair
        while shift <= limit:
            makeable |= (makeable << shift) & mask
            shift *= 2
        suffixes.append(makeable)
    return tuple(reversed(suffixes))


def _reach(sizes: tuple[int, ...], needed: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    pairs = tuple(2 * size for size in sizes)
    # Limits in steps of 40.96 units keep the cache small; past the needed total, room for one
    # more of the largest pair is enough to find the nearest total above it.
    room = needed + (pairs[0] if pairs else 0)
    return pairs, _makeable(pairs, -(-max(room, 1) // 4096) * 4096)


def loadable(weight: Decimal, bar: Decimal, plates: Sequence[Decimal]) -> tuple[Decimal, ...] | None:
    """The plates for each side of the bar to make `weight`, heaviest first, or None when the
    plates cannot make it exactly (or it is lighter than the bar). Every size is there in as
    many pairs as needed. The heaviest plates go on first, as at the rack; when taking the
    heaviest would leave a rest the others cannot make, the next size is tried (with 20 and 15
    only, 70 on a 10 bar is 15 + 15 a side, where greedy loading would get stuck at 20)."""
    extra = _hundredths(weight) - _hundredths(bar)
    if extra < 0:
        return None
    sizes = _sizes(plates)
    pairs, makeable = _reach(sizes, extra)
    if not makeable[0] >> extra & 1:
        return None
    side: list[Decimal] = []
    for index, pair in enumerate(pairs):
        # Take this size while the rest can still be made with it and the lighter ones.
        while extra >= pair and makeable[index] >> (extra - pair) & 1:
            extra -= pair
            side.append(_weight(sizes[index]))
    return tuple(side)


@lru_cache(maxsize=64)
def plate_table(bar: Decimal, plates: tuple[Decimal, ...], heaviest: Decimal) -> dict[str, str]:
    """Every weight from the bar up to `heaviest` that the plates make, with the plates for each
    side ("25 · 15 · 1.25"; "bar" for the bar alone), by its plain number ("102.5"): what the
    session page's script looks a typed weight up in, to show its plates and to step to the
    next loadable weight."""
    sizes = _sizes(plates)
    _, makeable = _reach(sizes, _hundredths(heaviest) - _hundredths(bar))
    table: dict[str, str] = {}
    # Every total of pairs is a multiple of twice the sizes' greatest common divisor.
    step = 2 * math.gcd(*sizes) if sizes else 1
    for extra in range(0, _hundredths(heaviest) - _hundredths(bar) + 1, step):
        if makeable[0] >> extra & 1:
            weight = _weight(_hundredths(bar) + extra)
            side = loadable(weight, bar, plates)
            table[f"{weight:f}"] = " · ".join(f"{plate:f}" for plate in side) if side else "bar"
    return table


def loadable_bounds(weight: Decimal, bar: Decimal, plates: Sequence[Decimal]) -> tuple[Decimal | None, Decimal | None]:
    """The heaviest loadable weight at or below `weight` (None below the bar) and the lightest at
    or above it (None above the bar when there are no plates)."""
    bar_units = _hundredths(bar)
    extra = _hundredths(weight) - bar_units
    if extra < 0:
        return None, _weight(bar_units)
    _pairs, makeable = _reach(_sizes(plates), extra)
    total = makeable[0]
    below = (total & ((1 << (extra + 1)) - 1)).bit_length() - 1
    higher = total >> extra
    above = extra + (higher & -higher).bit_length() - 1 if higher else None
    return _weight(bar_units + below), None if above is None else _weight(bar_units + above)


def _nearest(weight: Decimal, below: Decimal | None, above: Decimal | None) -> Decimal:
    if above is None or (below is not None and weight - below <= above - weight):
        return below if below is not None else weight  # a tie goes to the lighter
    return above


def round_to_loadable(weight: Decimal, bar: Decimal, plates: Sequence[Decimal]) -> Decimal:
    """The loadable weight nearest `weight` (the lighter of two as near; the bar at least)."""
    return _nearest(weight, *loadable_bounds(weight, bar, plates))


def smallest_step(plates: Sequence[Decimal]) -> Decimal:
    """The least a loaded bar can change by: a pair of the smallest plates."""
    if not plates:
        raise ValueError("No plates, no steps.")
    return plain(2 * min(plates))


def warmup_ramp(work_weight: Decimal, bar: Decimal, plates: Sequence[Decimal]) -> list[tuple[Decimal, int]]:
    """Warm-up sets as (weight, reps) before `work_weight`: the bar × 10, then 40 % × 5,
    60 % × 3 and 80 % × 2, each rounded to a loadable weight; a step no heavier than the one
    before it, or as heavy as the work, is left out."""
    ramp: list[tuple[Decimal, int]] = []
    steps = [(bar, WARMUP_BAR_REPS)] + [
        (round_to_loadable(work_weight * fraction, bar, plates), reps) for fraction, reps in WARMUP_STEPS
    ]
    for weight, reps in steps:
        if weight >= work_weight or (ramp and weight <= ramp[-1][0]):
            continue
        ramp.append((plain(weight), reps))
    return ramp


TABLE_LIMIT = {"kg": Decimal(500), "lb": Decimal(1100)}


@dataclass(frozen=True)
class Equipment:
    """A member's bar and plates, in their unit; the rack's rules for weights in kilograms."""

    unit: str
    bar: Decimal
    plates: tuple[Decimal, ...]  # distinct sizes, heaviest first

    @classmethod
    def standard(cls, unit: str) -> Equipment:
        return cls(unit=unit, bar=STANDARD_BAR[unit], plates=STANDARD_PLATES[unit])

    @classmethod
    def of(cls, user: Any) -> Equipment:
        """The member's own (`users.bar_kg` and `plates_kg`), each the standard for their unit
        while they have not set it."""
        unit = user.weight_unit
        standard = cls.standard(unit)
        bar = standard.bar if user.bar_kg is None else cls._size(user.bar_kg, unit)
        plates = standard.plates
        if user.plates_kg:
            plates = tuple(sorted({cls._size(size, unit) for size in user.plates_kg}, reverse=True))
        return cls(unit=unit, bar=bar, plates=plates)

    @staticmethod
    def _size(kg: Decimal, unit: str) -> Decimal:
        return plain(kg_to_unit(kg, unit, step=EQUIPMENT_STEP))  # type: ignore[arg-type]

    def to_unit(self, weight_kg: Decimal) -> Decimal:
        return self._size(weight_kg, self.unit)

    def to_kg(self, weight: Decimal) -> Decimal:
        """A weight in the unit as stored for a set (exactly, gymtracker.units)."""
        return unit_to_kg(weight, self.unit)  # type: ignore[return-value]

    @property
    def step_kg(self) -> Decimal:
        """The smallest loadable step, in kilograms (a pair of the smallest plates)."""
        return unit_to_kg(smallest_step(self.plates), self.unit, step=EQUIPMENT_KG_STEP)  # type: ignore[return-value]

    def _bounds(self, weight: Decimal) -> tuple[Decimal | None, Decimal | None]:
        if weight >= self.bar:
            return loadable_bounds(weight, self.bar, self.plates)
        # Lighter than the bar is not a barbell lift (dumbbells, cables): racks of those go up
        # in the same steps as a pair of the smallest plates.
        step = smallest_step(self.plates)
        return (
            (weight / step).to_integral_value(ROUND_FLOOR) * step,
            (weight / step).to_integral_value(ROUND_CEILING) * step,
        )

    def round_kg(self, weight_kg: Decimal) -> Decimal:
        """`weight_kg` rounded to the nearest weight the member can load (see `_bounds`)."""
        weight = self.to_unit(weight_kg)
        return self.to_kg(_nearest(weight, *self._bounds(weight)))

    def heavier_kg(self, weight_kg: Decimal) -> Decimal:
        """The lightest loadable weight above `weight_kg`."""
        weight = self.to_unit(weight_kg) + EQUIPMENT_STEP
        above = self._bounds(weight)[1]
        return self.to_kg(above if above is not None else weight)

    def lighter_kg(self, weight_kg: Decimal) -> Decimal:
        """The heaviest loadable weight below `weight_kg`, or `weight_kg` itself when none is."""
        below = self._bounds(self.to_unit(weight_kg) - EQUIPMENT_STEP)[0]
        return weight_kg if below is None or below < 0 else self.to_kg(below)

    def per_side(self, weight_kg: Decimal) -> tuple[Decimal, ...] | None:
        """The plates for each side (in the unit, heaviest first) for a weight as stored in
        kilograms, or None when it is not loadable with these plates."""
        weight = self.to_unit(weight_kg)
        nearest = round_to_loadable(weight, self.bar, self.plates)
        # A weight stored before set weights were exact is kilograms to the hundredth (225 lb was
        # kept as 102.06 kg, 225.0049 lb): it is the loadable weight it was rounded from.
        kg = self.to_kg(nearest)
        if weight < self.bar or weight_kg not in (kg, kg.quantize(Decimal("0.01"), ROUND_HALF_UP)):
            return None
        return loadable(nearest, self.bar, self.plates)

    def table(self) -> dict[str, str]:
        """`plate_table` for these plates, up to the heaviest weight a set may hold."""
        return plate_table(self.bar, self.plates, TABLE_LIMIT[self.unit])

    def warmups_kg(self, work_weight_kg: Decimal) -> list[tuple[Decimal, int]]:
        """`warmup_ramp` for a work weight stored in kilograms, as (kilograms, reps)."""
        work = self.to_unit(work_weight_kg)
        return [(self.to_kg(weight), reps) for weight, reps in warmup_ramp(work, self.bar, self.plates)]
