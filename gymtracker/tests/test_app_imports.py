"""The apps import one another in one direction only, so each can be read (and changed) knowing
only the apps below it:

    accounts  <  plans  <  sessions  <  progress  <  coaching

- accounts: people, their rack (`accounts.equipment`), who may reach whom (`accounts.reach`);
- plans: what a member means to do;
- sessions: what was done;
- progress: what the sets add up to (records, statistics, weekly volume, kept by the database),
  and the history generator, which writes plans, sessions and sets;
- coaching: the coach's pages and writes over all of the above.

An app reads the rows of an app above it only through the relations that app declares on its
models (`user.coachings`, `session.comments`, `workout_set.records`), never by importing it; its
templates may load that app's template tags (the session page names records with progress's).
Every import counts: at the top of a module, inside a function, under TYPE_CHECKING. The apps'
tests and migrations are left out (tests arrange data across apps; migrations name each other by
dependency), and so is gymtracker/, the project's own package.
"""

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LAYERS = ["accounts", "plans", "sessions", "progress", "coaching", "imports"]

Edge = tuple[str, str]  # (importing app, imported app)


def imported_apps(source: str, *, apps: list[str]) -> set[str]:
    """The apps (of `apps`) that a module's source imports anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their package
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in apps)
    return found


def app_modules(app: str) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / app).rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(ROOT / app).parts)
    ]


def import_graph() -> dict[Edge, list[str]]:
    """Each edge between two apps, with the modules that make it."""
    graph: dict[Edge, list[str]] = defaultdict(list)
    for app in LAYERS:
        for path in app_modules(app):
            for other in imported_apps(path.read_text(), apps=LAYERS) - {app}:
                graph[app, other].append(str(path.relative_to(ROOT)))
    return graph


def cycles(edges: set[Edge]) -> list[list[str]]:
    """The import cycles among apps, each as the apps around it (first one repeated at the end)."""
    after: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        after[source].add(target)
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(path: list[str]) -> None:
        for target in sorted(after[path[-1]]):
            if target == path[0]:
                loop = frozenset(path)
                if loop not in seen:
                    seen.add(loop)
                    found.append([*path, target])
            elif target not in path:
                walk([*path, target])

    for start in sorted(after):
        walk([start])
    return found


def describe(loop: list[str], graph: dict[Edge, list[str]]) -> str:
    steps = [f"  {a} -> {b}: {', '.join(graph[a, b])}" for a, b in pairwise(loop)]
    return " -> ".join(loop) + "\n" + "\n".join(steps)


def test_no_app_imports_an_app_that_imports_it_back():
    graph = import_graph()
    found = cycles(set(graph))
    assert not found, "Import cycles between apps:\n" + "\n".join(describe(loop, graph) for loop in found)


def test_each_app_imports_only_the_apps_below_it():
    graph = import_graph()
    upward = {
        f"{source} imports {target} (above it): {', '.join(modules)}"
        for (source, target), modules in graph.items()
        if LAYERS.index(target) > LAYERS.index(source)
    }
    assert not upward, "\n".join(sorted(upward))


def test_every_app_is_in_the_order():
    apps = {name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()}
    assert apps - {"gymtracker"} == set(LAYERS)


def test_imports_inside_functions_and_type_checking_blocks_count():
    source = """
from typing import TYPE_CHECKING

from plans.models import WorkoutPlan
if TYPE_CHECKING:
    from sessions.models import WorkoutSession

def late():
    from coaching import selectors
    import progress.selectors

class Form:
    def clean(self):
        from accounts.models import User
"""
    assert imported_apps(source, apps=LAYERS) == {"plans", "sessions", "coaching", "progress", "accounts"}


def test_a_cycle_is_found_and_named():
    assert cycles({("plans", "coaching"), ("coaching", "plans"), ("sessions", "plans")}) == [
        ["coaching", "plans", "coaching"]
    ]
    assert cycles({("a", "b"), ("b", "c"), ("c", "a")}) == [["a", "b", "c", "a"]]
    assert cycles({("sessions", "plans"), ("coaching", "sessions")}) == []
