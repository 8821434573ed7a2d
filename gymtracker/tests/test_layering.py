"""`gymtracker` is what every app builds on (settings, the database's context, middleware, the
cache): it imports no app, so a change in an app never reaches it and no import cycle runs
through it. Apps are named to it as strings only (INSTALLED_APPS, `include("…urls")`)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGE = ROOT / "gymtracker"
# Not under the rule: the site-wide tests, which exercise every app on purpose (the permission
# matrix, row-level security, races).
EXEMPT = (PACKAGE / "tests",)


def app_packages() -> set[str]:
    """The top-level packages of our apps (the sessions app's label is `workouts`, its package
    `sessions`)."""
    ours = [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
    return {config.name.partition(".")[0] for config in ours} - {"gymtracker"}


def imported(source: str) -> set[str]:
    """Every module an `import` or `from … import` names, wherever it stands (inside a function,
    under `if TYPE_CHECKING:`); relative imports stay inside their package and are left out."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_every_import_is_found_wherever_it_stands():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from accounts.models import User\n"
        "def view():\n    import sessions.selectors\n    from . import sibling\n"
    )
    assert imported(source) == {"typing", "accounts.models", "sessions.selectors"}


def test_the_apps_are_known():
    assert app_packages() == {"accounts", "plans", "sessions", "coaching", "progress"}


def test_gymtracker_imports_no_app():
    packages = app_packages()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if any(path == exempt or path.is_relative_to(exempt) for exempt in EXEMPT):
            continue
        for module in sorted(imported(path.read_text())):
            if module.partition(".")[0] in packages:
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    assert found == [], "gymtracker/ must not import an app:\n" + "\n".join(found)
