"""Draws a member's training history: plain values, the same for the same seed, no database.

A member has 2–3 plans of 4–8 exercises each and trains 3–5 times a week (a week off now and
then) at their usual hour, rotating through the plans. Weights rise along a saturating curve, a
different one per exercise and member, with a lighter week every 8 weeks; body-weight exercises
progress in reps instead; later sets sometimes fall a rep or two short; most sets have an RPE.
Every set is logged as done and every session finished. Notes on 60 % of the sessions are made
of real gym phrases, for full-text search. About 15 % of the members count in pounds.

Deterministic: each member draws from a random generator of their own, seeded with the seed and
the member's number, so the same seed, prefix, member number, start and length give the same
values, ids included, whatever else is drawn and in whichever process. Ids are UUIDs whose high
bits come from the seed and prefix and whose low bits count up (the member's number, then a
counter), so loading appends to the primary-key indexes in order instead of scattering writes.

Nothing here knows a rule of the progress app: records, statistics, volume and the estimated
1RM are the database's to derive from these rows (see `progress.generator.load`).

Field names are the models' attribute names (`session_id`, `template_id`), so the loader can
ask each model for the column behind a field. Ids are UUIDs in their text form: COPY takes them
as they are, and a `uuid.UUID` object would cost more to make than the rest of a set.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

# Exercise pools: name, starting weight in kg for a typical member (0: body weight), smallest
# plate step in kg.
POOLS: dict[str, list[tuple[str, float, float]]] = {
    "push": [
        ("Bench press", 60, 2.5),
        ("Overhead press", 35, 2.5),
        ("Incline dumbbell press", 22, 2),
        ("Dips", 0, 0),
        ("Lateral raise", 8, 1),
        ("Triceps pushdown", 25, 2.5),
        ("Cable fly", 12, 2.5),
        ("Close-grip bench press", 50, 2.5),
        ("Push-up", 0, 0),
    ],
    "pull": [
        ("Deadlift", 100, 5),
        ("Barbell row", 55, 2.5),
        ("Pull-up", 0, 0),
        ("Lat pulldown", 50, 2.5),
        ("Seated cable row", 45, 2.5),
        ("Face pull", 20, 2.5),
        ("Biceps curl", 12, 1),
        ("Hammer curl", 12, 1),
        ("Chin-up", 0, 0),
    ],
    "legs": [
        ("Back squat", 80, 2.5),
        ("Romanian deadlift", 60, 2.5),
        ("Leg press", 120, 5),
        ("Dumbbell lunge", 20, 2),
        ("Leg curl", 35, 2.5),
        ("Leg extension", 40, 2.5),
        ("Standing calf raise", 50, 5),
        ("Hip thrust", 70, 5),
        ("Front squat", 60, 2.5),
    ],
}
PROGRAMMES = [
    [("Push day", ["push"]), ("Pull day", ["pull"]), ("Leg day", ["legs"])],
    [("Upper body", ["push", "pull"]), ("Lower body", ["legs"])],
    [("Full body A", ["legs", "push"]), ("Full body B", ["pull", "legs"]), ("Full body C", ["push", "pull"])],
]
NOTE_PHRASES = [
    "felt strong today",
    "slept badly, energy was low",
    "new personal record on the main lift",
    "left shoulder a little tight during warm-up",
    "lower back tired after deadlifts, kept the weight moderate",
    "gym was crowded, waited for the squat rack",
    "great pump, increased the weight",
    "short on time, rushed the accessories",
    "knee felt fine after the physio exercises",
    "focused on slow eccentrics and tempo",
    "grip gave out before the back",
    "easy session, deload week",
    "trained with a friend, good motivation",
    "forgot my belt, went lighter",
    "elbow ache on curls, switched to hammer grip",
    "tried the new programme, heavier than expected",
    "warm-up took longer, hamstrings stiff",
    "breathing and bracing felt much better",
    "hot day, drank plenty of water",
    "after a long run yesterday, legs heavy",
]
TIME_ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]
HOURS = [6, 7, 12, 17, 18, 19, 20]
REPETITIONS = [5, 6, 8, 8, 10, 10, 12]
SETS = [2, 3, 3, 3, 4]
SESSIONS_A_WEEK = [3, 3, 4, 4, 5]
RPES = [Decimal(rpe) if rpe else None for rpe in ("7", "7.5", "8", "8", "8.5", "9", "", "")]
SHORT_BY = (0, 0, 0, 1, 2)  # reps a set after the first may fall short of the target
SET_MINUTES = 3  # between two sets
FINISH_MINUTES = 5  # after the last set
DELOAD_EVERY = 8  # weeks: the last of each is 10 % lighter
# Each minute of the day from midnight; a session that would run past midnight stops the clock
# at 23:59, so its timestamps stay on its date (the list runs on for that).
_MINUTES = [datetime.timedelta(minutes=min(m, 24 * 60 - 1)) for m in range(2 * 24 * 60)]

MEMBERS_PER_SEED = 1 << 16
_IDS_PER_MEMBER = 1 << 32


class Ids:
    """The seed's UUIDs: a prefix drawn from the seed and the username prefix, then the member's
    number and a counter, so a member's ids do not depend on any other member's."""

    def __init__(self, seed: int, prefix: str) -> None:
        rng = random.Random(f"ids:{seed}:{prefix}")  # noqa: S311 - test data, not security
        self.prefix = (
            f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-7{rng.getrandbits(12):03x}-"
            f"{0x8000 | rng.getrandbits(14):04x}-"
        )

    def of_member(self, number: int) -> Iterator[str]:
        if not 0 <= number < MEMBERS_PER_SEED:
            raise ValueError(f"At most {MEMBERS_PER_SEED:,} members per seed.")
        start = f"{self.prefix}{number:04x}"
        for n in range(_IDS_PER_MEMBER):
            yield f"{start}{n:08x}"

    def member_id(self, number: int) -> str:
        """The member's own id: the first of theirs."""
        return next(self.of_member(number))


@dataclass(frozen=True)
class Member:
    id: str
    username: str
    email: str
    weight_unit: str
    time_zone: str
    created_at: datetime.datetime


@dataclass(frozen=True)
class Plan:
    id: str
    user_id: str
    name: str
    description: str
    created_at: datetime.datetime


@dataclass(frozen=True)
class Template:
    """An exercise of a plan, and how this member progresses on it."""

    id: str
    plan_id: str
    exercise_name: str
    sets: int
    repetitions: int
    position: int
    created_at: datetime.datetime
    start_kg: float = field(compare=False)
    step_kg: float = field(compare=False)  # 0: a body-weight exercise
    gain: float = field(compare=False)  # the weight (or reps) grows by up to this fraction


@dataclass(frozen=True)
class Session:
    id: str
    user_id: str
    plan_id: str
    date: datetime.date
    notes: str | None
    created_at: datetime.datetime  # when it started
    finished_at: datetime.datetime


class LoggedSet(NamedTuple):
    """A set logged as done. A tuple, not a dataclass: there are millions, and a tuple costs a
    third as much to make."""

    id: str
    session_id: str
    template_id: str
    actual_reps: int
    position: int
    target_reps: int
    weight_kg: Decimal | None  # None: body weight
    rpe: Decimal | None
    created_at: datetime.datetime  # when its session started
    completed_at: datetime.datetime


@dataclass
class History:
    """One member's rows: the member, their plans and exercises, sessions and sets."""

    member: Member
    plans: list[Plan]
    templates: list[Template]
    sessions: list[Session]
    sets: list[LoggedSet]


@dataclass(frozen=True)
class Span:
    """The days a history covers: `days` days up to and including `end`."""

    end: datetime.date
    days: int

    @classmethod
    def of_years(cls, years: float, *, end: datetime.date) -> Span:
        return cls(end=end, days=round(365.25 * years))

    @property
    def start(self) -> datetime.date:
        return self.end - datetime.timedelta(days=self.days - 1)


def username(prefix: str, number: int) -> str:
    return f"{prefix}{number:05d}"


def history_draw(number: int, *, seed: int, prefix: str, span: Span) -> History:
    """Member `number` of the seed: their account, plans and every session of `span`."""
    rng = random.Random(f"member:{seed}:{number}")  # noqa: S311 - test data, not security
    next_id = Ids(seed, prefix).of_member(number).__next__
    midnight = datetime.datetime.combine(span.start, datetime.time(), datetime.UTC)
    member_id = next_id()
    strength = rng.uniform(0.6, 1.4)
    hour = rng.choice(HOURS)
    name = username(prefix, number)
    member = Member(
        id=member_id,
        username=name,
        email=f"{name}@example.com",
        weight_unit="lb" if rng.random() < 0.15 else "kg",
        time_zone=rng.choice(TIME_ZONES),
        created_at=midnight + datetime.timedelta(hours=8),
    )
    plans, templates = _plans_draw(rng, next_id, member_id=member_id, strength=strength, at=midnight)
    sessions, sets = _sessions_draw(
        rng, next_id, member_id=member_id, hour=hour, span=span, plans=plans, templates=templates
    )
    return History(member=member, plans=plans, templates=templates, sessions=sessions, sets=sets)


def _plans_draw(
    rng: random.Random, next_id: Callable[[], str], *, member_id: str, strength: float, at: datetime.datetime
) -> tuple[list[Plan], list[Template]]:
    created = at + datetime.timedelta(hours=8, minutes=5)
    plans: list[Plan] = []
    templates: list[Template] = []
    for name, pools in rng.choice(PROGRAMMES):
        plan = Plan(
            id=next_id(), user_id=member_id, name=name, description=f"{name}, generated history.", created_at=created
        )
        plans.append(plan)
        candidates = [exercise for pool in pools for exercise in POOLS[pool]]
        for position, (exercise, start_kg, step_kg) in enumerate(rng.sample(candidates, rng.randint(4, 8))):
            templates.append(
                Template(
                    id=next_id(),
                    plan_id=plan.id,
                    exercise_name=exercise,
                    sets=rng.choice(SETS),
                    repetitions=rng.choice(REPETITIONS),
                    position=position,
                    created_at=created,
                    start_kg=start_kg * strength * rng.uniform(0.8, 1.2),
                    step_kg=step_kg,
                    gain=rng.uniform(0.3, 0.9),
                )
            )
    return plans, templates


def _sessions_draw(
    rng: random.Random,
    next_id: Callable[[], str],
    *,
    member_id: str,
    hour: int,
    span: Span,
    plans: list[Plan],
    templates: list[Template],
) -> tuple[list[Session], list[LoggedSet]]:
    """Sessions in date order, each with its sets in the order they were logged."""
    choice = rng.choice
    of_plan = {plan.id: [t for t in templates if t.plan_id == plan.id] for plan in plans}
    first_day = datetime.datetime.combine(span.start, datetime.time(), datetime.UTC)
    sessions: list[Session] = []
    sets: list[LoggedSet] = []
    add_set = sets.append
    turn = 0
    for week_start in range(0, span.days, 7):
        if rng.random() < 0.05:
            continue  # a week off: holidays, illness
        weeks = week_start / 7
        lighter = 0.9 if int(weeks) % DELOAD_EVERY == DELOAD_EVERY - 1 else 1.0
        for weekday in sorted(rng.sample(range(7), rng.choice(SESSIONS_A_WEEK))):
            offset = week_start + weekday
            if offset >= span.days:
                break
            plan = plans[turn % len(plans)]
            turn += 1
            day = first_day + datetime.timedelta(days=offset)
            minute = hour * 60 + rng.randrange(60)
            started = day + _MINUTES[minute]
            session_id = next_id()
            position = 0
            for template in of_plan[plan.id]:
                growth = 1 + template.gain * (1 - math.exp(-weeks / 52))
                weight: Decimal | None
                if template.step_kg:
                    kg = template.start_kg * growth * lighter
                    weight = Decimal(f"{max(template.step_kg, round(kg / template.step_kg) * template.step_kg):.2f}")
                    target = template.repetitions
                else:
                    weight = None
                    target = template.repetitions + int(template.repetitions * (growth - 1))
                for index in range(template.sets):
                    done = target - (0 if index == 0 else choice(SHORT_BY))
                    minute += SET_MINUTES
                    add_set(
                        LoggedSet(
                            next_id(),
                            session_id,
                            template.id,
                            done,
                            position,
                            target,
                            weight,
                            choice(RPES),
                            started,
                            day + _MINUTES[minute],
                        )
                    )
                    position += 1
            notes = None
            if rng.random() < 0.6:
                notes = ". ".join(rng.sample(NOTE_PHRASES, rng.randint(1, 3))).capitalize() + "."
            sessions.append(
                Session(
                    id=session_id,
                    user_id=member_id,
                    plan_id=plan.id,
                    date=day.date(),
                    notes=notes,
                    created_at=started,
                    finished_at=day + _MINUTES[minute + FINISH_MINUTES],
                )
            )
    return sessions, sets
