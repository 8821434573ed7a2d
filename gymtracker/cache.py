"""The one way pages are cached: fragments, the parts of a page that hold no form, kept in Django's
cache (Redis in production) under keys versioned by the data they show.

A fragment's key (Django's `make_template_fragment_key`, as the `{% cache %}` tag makes them)
names the fragment, the code's fingerprint, who reads it (their account as it is now, their time
zone and today's date) and whatever else the caller says its text depends on. Its version (the
`version` of Django's cache API) is the data version of the member whose data it shows
(`member_data_versions`, raised by PostgreSQL triggers in the same transaction as any change to
their training data), read before the data: whatever a request renders under version v was read
at v or later, and any write since makes the next read a miss. Nothing is invalidated by hand, a
hit is never stale, and a deploy never serves markup made by the code before it.

A fragment never holds a form's token (CSRF or one-time, `gymtracker.idempotency`): a page
renders its forms around its fragments, per request, and `fragment` refuses text with a token in
it. Nothing is ever rewritten in cached text.

The cache is an optimisation only. When it fails (Redis down, a timeout), the fragment is made
from the database as if nothing were cached, the failure is logged once, and the cache is left
alone for `RETRY_AFTER` seconds so that every request does not wait for a dead server.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

from gymtracker import idempotency
from gymtracker.requestlog import cache_noted

log = logging.getLogger(__name__)

TIMEOUT = 24 * 3600
RETRY_AFTER = 30.0
# What makes the markup: our apps' code, the templates and the static files (their hashed names
# are in the pages), and Django's version.
SUFFIXES = {".py", ".html", ".css", ".js", ".svg"}
# Form fields whose values are made per request; a fragment holding one would hand it to others.
TOKENS = ('name="csrfmiddlewaretoken"', f'name="{idempotency.FIELD}"')

_down_until = 0.0


def _sources() -> list[Path]:
    root = Path(settings.BASE_DIR)
    ours = [Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == root]
    return sorted({*ours, root / "templates", root / "static"})


@functools.cache
def fingerprint() -> str:
    """A digest of everything that makes the markup: in every key, so a deploy never serves
    fragments made by the code before it (and the service worker's name, `gymtracker.views`)."""
    digest = hashlib.sha256(django.__version__.encode())
    root = Path(settings.BASE_DIR)
    for source in _sources():
        for path in sorted(source.rglob("*")):
            if path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def available() -> bool:
    return time.monotonic() >= _down_until


def _failed(error: Exception) -> None:
    global _down_until
    if available():
        log.warning("Cache unavailable for %.0f s, pages are made without it: %s", RETRY_AFTER, error)
    _down_until = time.monotonic() + RETRY_AFTER


def _get(key: str, version: int) -> str | None:
    if not available():
        return None
    try:
        found = cache.get(key, version=version)
    except (RedisError, OSError) as error:
        _failed(error)
        return None
    return None if found is None else str(found)


def _put(key: str, version: int, text: str) -> None:
    if not available():
        return
    try:
        cache.set(key, text, TIMEOUT, version=version)
    except (RedisError, OSError) as error:
        _failed(error)


def _reader(request: HttpRequest) -> tuple[Any, ...]:
    """What every fragment depends on besides its data: who reads it, their account as it is now
    (its unit of weight, and `updated_at`, which any change to it moves), their time zone and
    today's date there."""
    user = request.user
    account = (getattr(user, "weight_unit", None), getattr(user, "updated_at", None))
    return (user.pk, *account, timezone.get_current_timezone_name(), timezone.localdate())


def fragment(
    request: HttpRequest, name: str, *, version: int, vary_on: Iterable[Any] = (), make: Callable[[], str]
) -> SafeString:
    """The fragment `name` as `request`'s reader sees it: from the cache when it holds one made at
    data `version`, else `make()`'s text, kept for next time. `version` is the data version of the
    member whose data the text shows; `vary_on` is everything else it depends on (whose data it
    is, a name it shows, an argument of the page)."""
    key = make_template_fragment_key(name, [fingerprint(), *_reader(request), *vary_on])
    found = _get(key, version)
    cache_noted(hit=found is not None)
    if found is None:
        found = make()
        if any(token in found for token in TOKENS):
            raise ValueError(f"The fragment {name!r} holds a form's token: render its forms outside it.")
        _put(key, version, found)
    return mark_safe(found)  # noqa: S308  # nosec B308 B703 - text our own templates rendered
