"""Supersets and circuits: exercises of a plan done in turn, one set of each, round after round,
with the rest after the round rather than after every set.

How a plan stores them (`WorkoutTemplate.superset`): the exercises of one group are adjacent in
the plan and share a number, the plan's groups numbered 1, 2, … in their order; NULL is an
exercise done on its own. The services number the groups whenever a plan is saved (`numbered`),
so what is stored holds that whatever the caller sent; the plan form says first, with a message,
what it cannot save. The pages read the groups back with `grouped`, which only ever joins
neighbours, and name them A, B, … in order: A1, A2 for the exercises of the first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

# Every group is named by a letter (CHECKed on workout_templates; the plan form says so first).
SUPERSETS_MAX = 26
TOO_MANY_SUPERSETS = f"A plan can have at most {SUPERSETS_MAX} supersets."


def letter(number: int) -> str:
    """The name of a plan's `number`th group: 1 is A."""
    return chr(ord("A") + number - 1)


def numbered(keys: Sequence[Hashable | None]) -> list[int | None]:
    """The stored superset numbers of a plan's exercises, from any group keys in the plan's order:
    neighbours with the same key are one group (a circuit when more than two). Groups of two or
    more are numbered from 1 in order; an exercise left alone, or a key that is None, is None.

    Any keys do: the plan form's (the index of the row a group starts at), the numbers saved before,
    or another app's ids (Hevy's `superset_id`, a small integer per group of a workout)."""
    numbers: list[int | None] = [None] * len(keys)
    count = 0
    start = 0
    for end in range(1, len(keys) + 1):
        if end < len(keys) and keys[end] is not None and keys[end] == keys[start]:
            continue
        if end - start > 1:
            count += 1
            numbers[start:end] = [count] * (end - start)
        start = end
    return numbers


@dataclass(frozen=True)
class Group[T]:
    """Consecutive exercises done together (`letter` A, B, …), or one done on its own (no letter)."""

    members: list[T]
    letter: str = ""

    @property
    def labelled(self) -> list[tuple[T, str]]:
        """Each member with its label: A1, A2, … in a superset; none for an exercise on its own."""
        return [(member, f"{self.letter}{n}" if self.letter else "") for n, member in enumerate(self.members, 1)]


def grouped[T](items: Iterable[T], key: Callable[[T], Hashable | None]) -> list[Group[T]]:
    """`items` in their order as groups: neighbours with the same key (not None) together, lettered
    A, B, … when two or more; every other item a group of its own."""
    runs: list[list[T]] = []
    last: Hashable | None = None
    for item in items:
        current = key(item)
        if runs and current is not None and current == last:
            runs[-1].append(item)
        else:
            runs.append([item])
        last = current
    groups = []
    count = 0
    for run in runs:
        if len(run) > 1:
            count += 1
            groups.append(Group(run, letter(count)))
        else:
            groups.append(Group(run))
    return groups


def rounds[T](sets: Sequence[Sequence[T]]) -> list[list[T]]:
    """A superset's sets as they are done, from each exercise's sets in order: the first set of
    each exercise in turn, then the second of each, … An exercise with more sets than the others
    does its last ones alone."""
    return [
        [exercise[index] for exercise in sets if index < len(exercise)]
        for index in range(max((len(exercise) for exercise in sets), default=0))
    ]


def interleaved[T](sets: Sequence[Sequence[T]]) -> list[T]:
    """The sets of `rounds`, one after another."""
    return [item for round_ in rounds(sets) for item in round_]
