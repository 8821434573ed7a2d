"""Rendered page parts kept in the cache (Redis in production), under keys that name the exact
data they were made from, so a hit is never stale and nothing is ever invalidated by hand.

A key holds the member's data version (`member_data_versions`, raised by PostgreSQL triggers in
the same transaction as any change to their training data), read *before* the data: whatever a
request renders under version v was read at v or later, and any write since makes a new key.

The cache is an optimisation only. When it fails (Redis down, a timeout), the page part is made
from the database as if nothing were cached, the failure is logged once, and the cache is left
alone for `RETRY_AFTER` seconds so that every request does not wait for a dead server.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

TIMEOUT = 24 * 3600
RETRY_AFTER = 30.0
# What makes the markup: our code, templates and static files (their hashed names are in the
# pages), and Django's version. A key holds their fingerprint, so a deploy never serves markup
# made by the code before it.
SOURCES = ("gymtracker", "accounts", "plans", "sessions", "coaching", "progress", "templates", "static")
SUFFIXES = {".py", ".html", ".css", ".js", ".svg"}

_down_until = 0.0


@functools.cache
def fingerprint() -> str:
    digest = hashlib.sha256(django.__version__.encode())
    root = Path(settings.BASE_DIR)
    for source in SOURCES:
        for path in sorted((root / source).rglob("*")):
            if path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _available() -> bool:
    return time.monotonic() >= _down_until


def _failed(error: Exception) -> None:
    global _down_until
    if _available():
        log.warning("Cache unavailable for %.0f s, pages are made without it: %s", RETRY_AFTER, error)
    _down_until = time.monotonic() + RETRY_AFTER


def _key(key_parts: tuple[Any, ...]) -> str:
    named = "\x1f".join(str(part) for part in key_parts)  # a separator no part holds
    return f"part:{fingerprint()}:{key_parts[0]}:{hashlib.sha256(named.encode()).hexdigest()}"


def _get(key: str) -> str | None:
    if not _available():
        return None
    try:
        found = cache.get(key)
    except (RedisError, OSError) as error:
        _failed(error)
        return None
    return None if found is None else str(found)


def _put(key: str, text: str) -> None:
    if not _available():
        return
    try:
        cache.set(key, text, TIMEOUT)
    except (RedisError, OSError) as error:
        _failed(error)


def get_or_make(key_parts: tuple[Any, ...], make: Callable[[], str]) -> str:
    """The cached text under `key_parts` (the kind of part first, then every input the text
    depends on), or `make()`'s, kept for next time."""
    key = _key(key_parts)
    found = _get(key)
    if found is not None:
        return found
    text = make()
    _put(key, text)
    return text


# --- Whole pages ---------------------------------------------------------------------------------

# Every form's CSRF token is left out of a kept page and a fresh one (masked anew, as Django does
# for each response) is put in when it is served.
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_TOKEN_MARK = re.compile(r'name="csrfmiddlewaretoken" value="\x00"')


def _cacheable(request: HttpRequest) -> bool:
    """A member's own page, as they see it: not staff's or a coach's, who also read other members'
    data, and not with messages waiting to be shown once."""
    user = request.user
    return (
        request.method == "GET"
        and user.is_authenticated
        and not user.is_staff
        and getattr(user, "is_coach", None) is False  # known, and false (accounts.backends)
        and not len(get_messages(request))
    )


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keeps a member's successful page (HTTP 200) whole, under their data version (read before
    the view runs), the path with its query, today's date, the time zone and everything of the
    account the pages show. A hit costs one query (`progress.selectors.freshness`) instead of the
    view's."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        from progress.selectors import freshness

        user: Any = request.user
        version = freshness(user)
        key = _key(
            (
                "page",
                view.__module__,
                view.__qualname__,
                request.get_full_path(),
                user.pk,
                version,
                timezone.localdate(),
                timezone.get_current_timezone_name(),
                user.username,
                user.weight_unit,
                user.updated_at,
            )
        )
        found = _get(key)
        if found is not None:
            token = get_token(request)
            return HttpResponse(_TOKEN_MARK.sub(f'name="csrfmiddlewaretoken" value="{token}"', found))
        response = view(request, *args, **kwargs)
        plain = not response.streaming and dict(response.headers) == {"Content-Type": "text/html; charset=utf-8"}
        if response.status_code == 200 and plain:
            _put(key, _TOKEN.sub("\\1\x00\\2", response.content.decode()))
        return response

    return wrapper
