"""Which exercise each name in an export file is: the member's own or the library's by the
database's matching rule (exercise_name_key: case, punctuation, plurals and word order aside),
then the library's aliases, then the nearest name by fuzzy score (rapidfuzz). A name with no match
good enough becomes an exercise of the member's own when imported. The member sees each match and
may change it in the preview."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from rapidfuzz import fuzz, process, utils

from accounts.models import User
from plans.models import Exercise, ExerciseAlias, ExerciseKind

# The lowest fuzzy score (0–100, token sort ratio) taken as a match without asking: below it the
# name is offered as a new exercise, with the nearest ones as choices. At 88, "Barbell Curl" finds
# "Barbell Curls" and "Incline Bench Press (Dumbbell)" finds its library twin, while "Hack Squat"
# does not become "Back Squat" (80).
FUZZY_ACCEPTED = 88
OPTIONS_SHOWN = 6  # nearest exercises offered beside the match

EXACT, OWN, ALIAS, FUZZY, NEW = "exact", "yours", "alias", "fuzzy", "new"


@dataclass(frozen=True)
class Option:
    exercise_id: str  # "" for a new exercise of the member's own
    name: str
    how: str  # EXACT, OWN, ALIAS, FUZZY or NEW
    score: int = 100
    kind: str = ""

    @property
    def described(self) -> str:
        return {
            EXACT: "library name",
            OWN: "your exercise",
            ALIAS: "known alias",
            FUZZY: f"similar name, {self.score}% alike",
            NEW: "new exercise of yours",
        }[self.how]


@dataclass
class Mapped:
    """One name of the file: the exercise it goes to and the others offered."""

    name: str
    sets: int
    chosen: Option
    options: list[Option] = field(default_factory=list)

    @property
    def nearest(self) -> list[Option]:
        """The closest exercises by fuzzy score other than the one chosen (three at most)."""
        return [o for o in self.options if o.how == FUZZY and o.exercise_id != self.chosen.exercise_id][:3]


MATCH_SQL = """
    WITH n AS (SELECT name, exercise_name_key(name) AS key FROM unnest(%(names)s::text[]) AS name)
    SELECT n.name,
           (SELECT e.id FROM exercises e
            WHERE e.owner_id = %(user)s AND e.key = n.key AND e.deleted_at IS NULL),
           (SELECT e.id FROM exercises e
            WHERE e.owner_id IS NULL AND e.key = n.key AND e.deleted_at IS NULL),
           (SELECT e.id FROM exercise_aliases a
            JOIN exercises e ON e.id = a.exercise_id AND e.owner_id IS NULL AND e.deleted_at IS NULL
            WHERE a.key = n.key LIMIT 1)
    FROM n
    WHERE n.key <> ''
"""


def _matches(user: User, names: list[str]) -> dict[str, tuple[Any, Any, Any]]:
    """name → (the member's exercise, the library's, the library's by alias) by matching rule."""
    with connection.cursor() as cursor:
        cursor.execute(MATCH_SQL, {"names": names, "user": user.pk})
        return {name: (own, lib, alias) for name, own, lib, alias in cursor.fetchall()}


def _matched(found: tuple[Any, Any, Any], exercises: dict[str, Exercise]) -> Option | None:
    own, lib, alias = found
    for exercise_id, how in ((own, OWN), (lib, EXACT), (alias, ALIAS)):
        if exercise_id is not None and str(exercise_id) in exercises:
            return _option(exercises[str(exercise_id)], how)
    return None


def _available(user: User) -> Any:
    return Exercise.objects.available_to(user).only("id", "name", "kind", "owner_id")


def exercises_map(user: User, counts: dict[str, int]) -> dict[str, Mapped]:
    """Each name of `counts` (name → sets in the file) with its best match and the nearest others."""
    names = sorted(counts)
    found = _matches(user, names)
    exercises = {str(e.id): e for e in _available(user)}
    choices = _fuzzy_choices(exercises.values())
    mapped = {}
    for name in names:
        nearest = _nearest(name, choices, exercises)
        chosen = _matched(found.get(name, (None, None, None)), exercises)
        if chosen is None:
            accepted = nearest and nearest[0].score >= FUZZY_ACCEPTED
            chosen = nearest[0] if accepted else Option("", name.strip(), NEW)
        options = [chosen] + [o for o in nearest if o.exercise_id != chosen.exercise_id]
        mapped[name] = Mapped(name=name, sets=counts[name], chosen=chosen, options=options[: OPTIONS_SHOWN + 1])
    return mapped


def mapping_apply(mapped: dict[str, Mapped], typed: dict[str, str], user: User) -> None:
    """The member's choices over the suggestions: for a name of the file, the name of the exercise
    its sets go to, as typed (matched by the same rule: an exercise of theirs or the library's, or
    one of the library's aliases), or a new exercise of theirs by that name. A choice left empty
    keeps the suggestion."""
    wanted = {name: text.strip() for name, text in typed.items() if name in mapped and text and text.strip()}
    wanted = {name: text for name, text in wanted.items() if text != mapped[name].chosen.name}
    if not wanted:
        return
    found = _matches(user, sorted(set(wanted.values())))
    ids = {str(i) for matches in found.values() for i in matches if i is not None}
    exercises = {str(e.id): e for e in _available(user).filter(id__in=ids)}
    for name, text in wanted.items():
        entry = mapped[name]
        entry.chosen = _matched(found.get(text, (None, None, None)), exercises) or Option("", text[:200], NEW)
        if entry.chosen not in entry.options:
            entry.options.insert(0, entry.chosen)


def _option(exercise: Exercise, how: str, score: int = 100) -> Option:
    return Option(str(exercise.id), exercise.name, how, score, exercise.kind)


def _fuzzy_choices(exercises: Iterable[Exercise]) -> dict[str, str]:
    """Every name an exercise goes by (its own and, for the library's, its aliases) → its id."""
    names = {e.name: str(e.id) for e in exercises}
    for alias in ExerciseAlias.objects.filter(exercise__deleted_at__isnull=True).values_list("name", "exercise_id"):
        names.setdefault(alias[0], str(alias[1]))
    return names


def _nearest(name: str, choices: dict[str, str], exercises: dict[str, Exercise]) -> list[Option]:
    found = process.extract(
        name, list(choices), scorer=fuzz.token_sort_ratio, processor=utils.default_process, limit=OPTIONS_SHOWN * 2
    )
    options: list[Option] = []
    seen = set()
    for matched, score, _ in found:
        exercise_id = choices[matched]
        if exercise_id in seen or exercise_id not in exercises:
            continue
        seen.add(exercise_id)
        options.append(_option(exercises[exercise_id], FUZZY, round(score)))
        if len(options) == OPTIONS_SHOWN:
            break
    return options


def kind_guess(has_weight: bool, has_reps: bool, has_time: bool, has_distance: bool) -> str:
    """The kind of a new exercise made from a file's name, from what its sets record."""
    if has_distance and has_time:
        return ExerciseKind.DISTANCE_DURATION
    if has_time and not has_reps:
        return ExerciseKind.WEIGHT_DURATION if has_weight else ExerciseKind.DURATION
    if has_reps and not has_weight:
        return ExerciseKind.BODYWEIGHT_REPS
    return ExerciseKind.WEIGHT_REPS
