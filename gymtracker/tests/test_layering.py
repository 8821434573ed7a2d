"""`gymtracker` is what every app builds on (settings, the database's context, middleware, the
cache): it imports no app, so a change in an app never reaches it and no import cycle runs
through it. Apps are named to it as strings only (INSTALLED_APPS, `include("…urls")`). The apps'
own order among themselves is test_app_imports.py's."""

from pathlib import Path

from gymtracker.tests.test_app_imports import LAYERS, ROOT, imported_apps

PACKAGE = ROOT / "gymtracker"
# Not under the rule: the site-wide tests, which exercise every app on purpose (the permission
# matrix, row-level security, races).
EXEMPT = (PACKAGE / "tests",)


def modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not any(path == exempt or path.is_relative_to(exempt) for exempt in EXEMPT)
    ]


def test_gymtracker_imports_no_app():
    found = [
        f"{path.relative_to(ROOT)} imports {app}"
        for path in modules()
        for app in sorted(imported_apps(path.read_text(), apps=LAYERS))
    ]
    assert found == [], "gymtracker/ must not import an app:\n" + "\n".join(found)


def test_the_rule_reads_every_module_of_the_package():
    names = {str(path.relative_to(PACKAGE)) for path in modules()}
    assert {"cache.py", "middleware.py", "rls.py", "settings.py", "urls.py", "views.py"} <= names
    assert not any(name.startswith("tests/") for name in names)
