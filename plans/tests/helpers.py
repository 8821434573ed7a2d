"""Building the plan form's POST data the way the browser sends it."""

from typing import Any

from plans.forms import EXERCISES_PREFIX
from plans.models import WorkoutPlan
from plans.selectors import exercises_of

# The rest and progression fields as a new row shows them.
RULE_DEFAULTS = {
    "rest_seconds": "",
    "progression": "none",
    "repetitions_top": "",
    "increment_kg": "",
    "deload_after": "3",
    "deload_percent": "10",
}


def plan_form_data(
    *,
    name: str = "Push day",
    description: str = "",
    exercises: list[dict[str, Any]] | tuple = (),
    initial: int = 0,
    blank_rows: int = 3,
    version: int | None = None,
) -> dict[str, str]:
    """`exercises` are rows as typed: exercise_name, sets, repetitions and optionally id, ORDER,
    DELETE and the rest and progression fields (sent as a new row shows them unless given).
    `initial` says how many of them are saved exercises (the first ones); `with_previous` ticks a
    row's "Superset with the exercise above"."""
    rows = [*exercises, *({} for _ in range(blank_rows))]
    data = {
        "name": name,
        "description": description,
        f"{EXERCISES_PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{EXERCISES_PREFIX}-INITIAL_FORMS": str(initial),
        f"{EXERCISES_PREFIX}-MIN_NUM_FORMS": "0",
        f"{EXERCISES_PREFIX}-MAX_NUM_FORMS": "100",
    }
    if version is not None:
        data["version"] = str(version)
    for index, row in enumerate(rows):
        prefix = f"{EXERCISES_PREFIX}-{index}-"
        data[prefix + "exercise_name"] = row.get("exercise_name", "")
        data[prefix + "sets"] = str(row.get("sets", 3))
        data[prefix + "repetitions"] = str(row.get("repetitions", 10))
        data[prefix + "ORDER"] = str(row.get("ORDER", index + 1 if index < initial else ""))
        for name, shown in RULE_DEFAULTS.items():
            value = row.get(name, shown)
            data[prefix + name] = "" if value is None else str(value)
        if row.get("id"):
            data[prefix + "id"] = str(row["id"])
        if row.get("DELETE"):
            data[prefix + "DELETE"] = "on"
        if row.get("with_previous"):
            data[prefix + "with_previous"] = "on"
    return data


def edit_form_data(plan: WorkoutPlan, *, changes: dict[int, dict[str, Any]] | None = None, **fields: Any) -> dict:
    """What the edit page of `plan` submits, as opened now, with `changes` made to rows by index
    and plan `fields` (name, description, version, extra rows…) overridden."""
    saved = list(exercises_of(plan))
    rows = [
        {"id": t.pk, "exercise_name": t.exercise_name, "sets": t.sets, "repetitions": t.repetitions}
        | {name: getattr(t, name) for name in RULE_DEFAULTS}
        | {"with_previous": index > 0 and t.superset is not None and t.superset == saved[index - 1].superset}
        for index, t in enumerate(saved)
    ]
    for index, change in (changes or {}).items():
        rows[index].update(change)
    added = fields.pop("added", [])
    options: dict[str, Any] = {
        "name": plan.name,
        "description": plan.description or "",
        "version": plan.version,
        "exercises": [*rows, *added],
        "initial": len(rows),
    }
    options.update(fields)
    return plan_form_data(**options)
