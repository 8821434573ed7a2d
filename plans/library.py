"""The exercise library: 873 exercises of the Free Exercise DB (public domain; plans/data/README.md),
with the names lifters and other apps use for them (aliases) and the kind of each, which decides
what a set of it records.

`load` makes the library rows equal the files, however often it runs (the migration that first
loads them, and any later one that ships an edited file, call it). It writes in plain SQL, so it
runs alike from a migration and from the tests.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connections, transaction

DATA = Path(__file__).parent / "data"

# The library's rows have the same keys in every database (made from their names), so a library
# exercise is the same row in an export, a restore or a database loaded again.
NAMESPACE = uuid.UUID("6f1b8a52-3c0e-4d2a-9a51-2b7d1f0c9e44")


def library_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


_DISTANCE_CARDIO = re.compile(r"run|jog|rowing|bike|bicycl|cycl|ski|swim|walk|treadmill|elliptical", re.IGNORECASE)
_LOADED_EQUIPMENT = {"barbell", "dumbbell", "kettlebells", "e-z curl bar", "other"}


def kind_of(entry: Mapping[str, Any]) -> str:
    """The kind of a library entry by its category, equipment, force and name. The common lifts
    were reviewed by hand and where this rule is wrong, exercise_kinds.json says otherwise."""
    name = entry["name"]
    if entry.get("category") == "cardio":
        return "distance_duration" if _DISTANCE_CARDIO.search(name) else "duration"
    if entry.get("category") == "stretching":
        return "duration"
    if "assisted" in name.lower():
        return "assisted_bodyweight"
    if "weighted" in name.lower():
        return "weighted_bodyweight"
    if entry.get("force") == "static":
        return "weight_duration" if entry.get("equipment") in _LOADED_EQUIPMENT else "duration"
    if entry.get("equipment") == "body only":
        return "bodyweight_reps"
    return "weight_reps"


@cache
def entries() -> list[dict[str, Any]]:
    """The library's exercises with their kinds, as loaded."""
    overrides = json.loads((DATA / "exercise_kinds.json").read_text())
    found = []
    for entry in json.loads((DATA / "exercises.json").read_text()):
        found.append(
            {
                "id": library_id("exercise", entry["name"]),
                "name": shown_names().get(entry["name"], entry["name"]),
                "kind": overrides.get(entry["name"], kind_of(entry)),
                "category": entry.get("category"),
                "equipment": entry.get("equipment"),
                "primary_muscles": entry.get("primaryMuscles") or [],
                "secondary_muscles": entry.get("secondaryMuscles") or [],
            }
        )
    return found


@cache
def shown_names() -> dict[str, str]:
    """{source name: the name shown} for the common lifts, named as lifters know them
    ("Bench Press (Barbell)" for the source's "Barbell Bench Press - Medium Grip")."""
    return json.loads((DATA / "exercise_names.json").read_text())


@cache
def aliases() -> dict[str, list[str]]:
    """{source name: its other names}, the source's own name among them where another is shown."""
    named: dict[str, list[str]] = json.loads((DATA / "exercise_aliases.json").read_text())
    for source in shown_names():
        named[source] = [*named.get(source, []), source]
    return named


UPSERT = """
INSERT INTO exercises (id, owner_id, name, kind, category, equipment, primary_muscles, secondary_muscles)
SELECT DISTINCT ON (exercise_name_key(e.name)) e.id, NULL::uuid, e.name, e.kind, e.category, e.equipment,
       ARRAY(SELECT jsonb_array_elements_text(e.primary_muscles)),
       ARRAY(SELECT jsonb_array_elements_text(e.secondary_muscles))
FROM jsonb_to_recordset(%(entries)s::jsonb) AS e(
    id uuid, name text, kind text, category text, equipment text, primary_muscles jsonb, secondary_muscles jsonb
)
-- Two entries that are one name by the matching rule ("Squat with Bands", "Squats - With Bands")
-- are one exercise: the first by name.
ORDER BY exercise_name_key(e.name), e.name
ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, kind = EXCLUDED.kind, category = EXCLUDED.category, equipment = EXCLUDED.equipment,
    primary_muscles = EXCLUDED.primary_muscles, secondary_muscles = EXCLUDED.secondary_muscles
WHERE (exercises.name, exercises.kind, exercises.category, exercises.equipment, exercises.primary_muscles,
       exercises.secondary_muscles)
      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.category, EXCLUDED.equipment,
                        EXCLUDED.primary_muscles, EXCLUDED.secondary_muscles)
"""

ALIASES = """
INSERT INTO exercise_aliases (id, exercise_id, name)
SELECT DISTINCT ON (exercise_name_key(a.name)) a.id, e.id, a.name
FROM jsonb_to_recordset(%(aliases)s::jsonb) AS a(id uuid, exercise uuid, name text)
JOIN exercises e ON e.id = a.exercise
-- An alias the exercise's own name already matches is left out.
WHERE exercise_name_key(a.name) <> e.key
ORDER BY exercise_name_key(a.name), a.name
ON CONFLICT (key) DO UPDATE SET exercise_id = EXCLUDED.exercise_id, name = EXCLUDED.name
WHERE (exercise_aliases.exercise_id, exercise_aliases.name) IS DISTINCT FROM (EXCLUDED.exercise_id, EXCLUDED.name)
"""


def load(cursor: Any) -> None:
    """Make the library's rows and aliases equal the files (added or changed; nothing removed)."""
    cursor.execute("SELECT set_config('app.system', 'exercise_library', true)")
    cursor.execute(UPSERT, {"entries": json.dumps(entries())})
    named = [
        {"id": library_id("alias", alias), "exercise": library_id("exercise", name), "name": alias}
        for name, others in aliases().items()
        for alias in others
    ]
    cursor.execute(ALIASES, {"aliases": json.dumps(named)})


def load_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: the library's rows equal the files after every `migrate`, so an edited file
    reaches a database as the sql/ files do, and after a flush (which empties every table, as the
    tests' transactional cases do) the library is back."""
    connection = connections[using]
    if not {"exercises", "exercise_aliases"} <= set(connection.introspection.table_names()):
        return  # migrated backwards past the library
    with transaction.atomic(using=using), connection.cursor() as cursor:
        load(cursor)


@cache
def muscles() -> list[str]:
    """Every muscle the library names, as it names them ("lower back"), in alphabetical order."""
    return sorted({m for entry in entries() for m in (*entry["primary_muscles"], *entry["secondary_muscles"])})


@cache
def equipment() -> list[str]:
    """Every kind of equipment the library names ("barbell", "body only"), in alphabetical order."""
    return sorted({entry["equipment"] for entry in entries() if entry.get("equipment")})
