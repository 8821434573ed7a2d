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

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Raise when the markup of a cached part changes, so a deploy never serves the old markup.
MARKUP_VERSION = 1
TIMEOUT = 24 * 3600
RETRY_AFTER = 30.0

_down_until = 0.0


def _available() -> bool:
    return time.monotonic() >= _down_until


def _failed(error: Exception) -> None:
    global _down_until
    if _available():
        log.warning("Cache unavailable for %.0f s, pages are made without it: %s", RETRY_AFTER, error)
    _down_until = time.monotonic() + RETRY_AFTER


def get_or_make(key_parts: tuple[Any, ...], make: Callable[[], str]) -> str:
    """The cached text under `key_parts` (the kind of part first, then every input the text
    depends on), or `make()`'s, kept for next time."""
    named = "\x1f".join(str(part) for part in key_parts)  # a separator no part holds
    key = f"part:{MARKUP_VERSION}:{key_parts[0]}:{hashlib.sha256(named.encode()).hexdigest()}"
    if _available():
        try:
            found = cache.get(key)
        except (RedisError, OSError) as error:
            _failed(error)
        else:
            if found is not None:
                return str(found)
    text = make()
    if _available():
        try:
            cache.set(key, text, TIMEOUT)
        except (RedisError, OSError) as error:
            _failed(error)
    return text
