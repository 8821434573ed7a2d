"""The rules of training, each written once, pure (no database) and unit-tested: rest between
sets, and the weight to try next. What the member can load is their rack's
(`accounts.equipment.Equipment`), in whose unit suggestions are rounded.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import models

from accounts.equipment import Equipment, plain
from gymtracker.units import kg_to_unit

# --- Rest ------------------------------------------------------------------------------------------

REST_MAX_SECONDS = 1800


def default_rest_seconds(target_reps: int) -> int:
    """Rest between sets when the plan does not say: heavy sets of few reps need the longest."""
    if target_reps <= 5:
        return 180
    if target_reps <= 12:
        return 120
    return 90


# --- Progression -----------------------------------------------------------------------------


DEFAULT_DELOAD_AFTER = 3  # sessions in a row short of target
DEFAULT_DELOAD_PERCENT = 10


class Progression(models.TextChoices):
    NONE = "none", "None: the same weight as last time"
    LINEAR = "linear", "Linear: more weight after every set is done"
    DOUBLE = "double", "Double: more reps up to the top, then more weight"


@dataclass(frozen=True)
class Rule:
    """How an exercise progresses (the progression columns of `workout_templates`)."""

    progression: str = Progression.NONE
    sets: int = 3
    reps: int = 10  # the target; for double progression the bottom of the range
    reps_top: int | None = None  # double progression: the top of the range
    increment_kg: Decimal | None = None  # None: the smallest loadable step
    deload_after: int | None = DEFAULT_DELOAD_AFTER  # failed sessions in a row before a deload; None: never
    deload_percent: int = DEFAULT_DELOAD_PERCENT

    @classmethod
    def of(cls, template: Any) -> Rule:
        return cls(
            progression=template.progression,
            sets=template.sets,
            reps=template.repetitions,
            reps_top=template.repetitions_top,
            increment_kg=template.increment_kg,
            deload_after=template.deload_after,
            deload_percent=template.deload_percent,
        )


@dataclass(frozen=True)
class LoggedSet:
    """A completed set of an earlier session."""

    reps: int
    weight_kg: Decimal | None = None  # the load moved (a bodyweight set's: the body's, ± what was added)
    target_reps: int | None = None
    date: datetime.date | None = None  # of its session
    # What else it recorded, by its kind (sessions.models.WorkoutSet.KIND_FIELDS).
    kind: str = "weight_reps"
    added_kg: Decimal | None = None
    duration_seconds: int | None = None
    distance_m: Decimal | None = None


@dataclass(frozen=True)
class Outcome:
    """How an exercise went in one session, judged by a rule: the working weight is the
    heaviest logged, and only sets at it count."""

    weight_kg: Decimal | None
    sets: int  # sets the rule asks for
    target: int  # the reps each set had to reach
    hit: int  # sets at the working weight that reached their target
    at_top: int  # sets at the working weight that reached the top of the range
    low: int  # the fewest reps among the best `sets` sets at the working weight

    @property
    def done(self) -> bool:
        return self.hit >= self.sets


def judge(rule: Rule, sets: Sequence[LoggedSet]) -> Outcome:
    """A set's target is the one it was logged with (the plan's reps when it has none); under
    double progression it is the bottom of the range, which is what a session must reach."""
    weight = max((s.weight_kg for s in sets if s.weight_kg is not None), default=None)
    working = [s for s in sets if s.weight_kg == weight]

    def target(s: LoggedSet) -> int:
        return rule.reps if rule.progression == Progression.DOUBLE else s.target_reps or rule.reps

    best = sorted((s.reps for s in working), reverse=True)[: rule.sets]
    return Outcome(
        weight_kg=weight,
        sets=rule.sets,
        target=max((target(s) for s in working), default=rule.reps),
        hit=sum(1 for s in working if s.reps >= target(s)),
        at_top=sum(1 for s in working if s.reps >= (rule.reps_top or rule.reps)),
        low=min(best, default=0),
    )


class Step(StrEnum):
    FIRST = "first"  # nothing earlier to go by
    INCREASE = "increase"
    REPS = "reps"  # the same weight for more reps (double progression)
    SAME = "same"
    DELOAD = "deload"


@dataclass(frozen=True)
class Suggestion:
    """What to try next for an exercise, and why (`reason`, in the member's unit)."""

    step: Step
    weight_kg: Decimal | None  # None: no weight to suggest (first time, or none logged)
    reps: int
    last_weight_kg: Decimal | None = None
    sets: int = 0  # sets the rule asks for
    hit: int = 0  # of them, how many reached their target last time
    target: int = 0  # their target reps last time
    done_reps: int = 0  # the reps every one of the sets reached last time ("3×5 done")
    short_sessions: int = 0  # sessions in a row short of the target, at this weight
    deload_percent: int = 0

    def reason(self, unit: str) -> str:
        """One line: "+2.5 kg: 3×5 done last time", "Deload −10 %: 3 sessions short of
        target", "Same weight: 2 of 3 sets hit 5 reps"."""
        done = f"{self.sets}×{self.done_reps} done last time"
        match self.step:
            case Step.FIRST:
                return "No earlier session of this exercise to go by"
            case Step.DELOAD:
                return f"Deload −{self.deload_percent} %: {self.short_sessions} sessions short of target"
            case Step.INCREASE:
                back = f", back to {self.reps} reps" if self.done_reps != self.target else ""
                return f"+{self.delta(unit):f} {unit}{back}: {done}"
            case Step.REPS:
                return f"Same weight, {self.reps} reps: {done}"
        if self.hit >= self.sets:
            return f"Same weight: {done}"
        noun = "set" if self.sets == 1 else "sets"
        return f"Same weight: {self.hit} of {self.sets} {noun} hit {self.target} reps"

    def delta(self, unit: str) -> Decimal:
        """The change from last time in `unit`, as the member sees both weights."""
        if self.weight_kg is None or self.last_weight_kg is None:
            return Decimal(0)
        return plain(kg_to_unit(self.weight_kg, unit) - kg_to_unit(self.last_weight_kg, unit))  # type: ignore[operator]


History = Sequence[Sequence[LoggedSet]]  # the completed sets of each earlier session, newest first


def suggest(rule: Rule, history: History, equipment: Equipment) -> Suggestion:
    """The weight and reps to try next, from the exercise's earlier sessions (newest first):

    - none: the weight of last time;
    - linear: + the increment (the smallest loadable step unless set) after a session in which
      every set reached its target, else the same weight;
    - double: at the same weight, a rep more than every set reached (up to the top of the
      range); once every set reaches the top, + the increment and back to the bottom;
    - deload (linear and double): after `deload_after` sessions in a row short of the target at
      the same weight, − `deload_percent` %.

    New weights are rounded to what the member can load (`Equipment`)."""
    if not history:
        return Suggestion(step=Step.FIRST, weight_kg=None, reps=rule.reps)
    outcomes = [judge(rule, sets) for sets in history]
    last = outcomes[0]
    short = 0
    for outcome in outcomes:
        if outcome.done or outcome.weight_kg != last.weight_kg:
            break
        short += 1
    same = Suggestion(
        step=Step.SAME,
        weight_kg=last.weight_kg,
        reps=rule.reps,
        last_weight_kg=last.weight_kg,
        sets=last.sets,
        hit=min(last.hit, last.sets),
        target=last.target,
        done_reps=last.target,
        short_sessions=short,
    )
    if rule.progression == Progression.NONE or last.weight_kg is None or last.weight_kg <= 0:
        return same  # nothing to add weight to (or take it from) without a weight

    if rule.deload_after and short >= rule.deload_after:
        lighter = equipment.round_kg(last.weight_kg * (100 - rule.deload_percent) / 100)
        if lighter >= last.weight_kg:
            lighter = equipment.lighter_kg(last.weight_kg)
        return replace(same, step=Step.DELOAD, weight_kg=lighter, deload_percent=rule.deload_percent)

    heavier = equipment.round_kg(last.weight_kg + (rule.increment_kg or equipment.step_kg))
    if heavier <= last.weight_kg:
        heavier = equipment.heavier_kg(last.weight_kg)
    if rule.progression == Progression.LINEAR:
        return replace(same, step=Step.INCREASE, weight_kg=heavier) if last.done else same
    # Double progression: reps first, then weight.
    top = rule.reps_top or rule.reps
    if last.at_top >= last.sets:
        return replace(same, step=Step.INCREASE, weight_kg=heavier, done_reps=top)
    if last.done:
        return replace(same, step=Step.REPS, reps=min(top, last.low + 1), done_reps=last.low)
    return same
