"""The Jinja2 environment of the templates under templates/jinja2/ (Django's Jinja2 backend).

Jinja2 renders the few templates drawn once per row of a long page — each set of the logging
page (templates/jinja2/sessions/set_row.jinja) — where Django's template engine cost most of the
page: Jinja2 compiles a template to Python once. Everything else stays a Django template.

Its filters are the project's own Django template filters (gymtracker/templatetags and each app's
templatetags), registered here by name from the Django engine's libraries: one definition each,
called `{{ value|set_done(user) }}` here and `{{ value|set_done:user }}` there.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import jinja2
from django.conf import settings
from django.template import engines
from django.urls import reverse


def _ours(function: Any) -> bool:
    """A function of this project's source (not of Django or an installed package)."""
    path = Path(inspect.getfile(function)).resolve()
    return Path(settings.BASE_DIR) in path.parents and "site-packages" not in path.parts


def _project_filters() -> dict[str, Any]:
    django_engine = engines["django"].engine  # type: ignore[attr-defined]
    return {
        name: function
        for library in django_engine.template_libraries.values()
        for name, function in library.filters.items()
        if _ours(function)
    }


def environment(**options: Any) -> jinja2.Environment:
    env = jinja2.Environment(**options)  # noqa: S701  # nosec B701 - Django's backend sets autoescape
    env.globals["url"] = reverse
    env.filters.update(_project_filters())
    return env
