"""One log line per request, and the request's id on every line logged while it is served.

The id: the proxy's `X-Request-ID` when it sends a sane one (letters, digits and `.-_:`, at most
64), else one made here; it is echoed in the response's `X-Request-ID` header and printed on the
500 page, so a member can quote it and the line of their request (and of its error, logged with
the same id by `django.request`) can be found.

The line (logger `gymtracker.requests`, INFO): time, request id, method, the URL's pattern (not
its path: ids stay out of the logs and lines group by page), status, duration in ms, the member's
id when signed in, the number of SQL queries (on every database), where the page read from
(`reads`: the primary, "default", or "replica": gymtracker.replica) and the page-fragment cache's
hits and misses. With
`LOG_FORMAT=json` (the default when DEBUG is off) every line is one JSON object
(python-json-logger's formatter); in development the lines stay plain text.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger("gymtracker.requests")

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# [hits, misses] of the page-fragment cache for the request being served (gymtracker.cache).
_CACHE: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("cache_counts", default=None)


def request_id_of(sent: str | None) -> str:
    """The proxy's id when it is sane, else a new one."""
    if sent and _SANE.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def cache_noted(*, hit: bool) -> None:
    """A fragment was read from the cache (hit) or made (miss), for the request's line."""
    counts = _CACHE.get()
    if counts is not None:
        counts[0 if hit else 1] += 1


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served (or "-") on every record, errors included."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class RequestLogMiddleware:
    """First of the middleware: it sees every response, redirects and error pages included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request.headers.get(HEADER))
        token = REQUEST_ID.set(request_id)
        counts = [0, 0]
        cache_token = _CACHE.set(counts)
        queries = [0]

        def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        try:
            with contextlib.ExitStack() as wrappers:
                for each in connections.all():  # the primary, and the replica if there is one
                    wrappers.enter_context(each.execute_wrapper(count))
                response = self.get_response(request)
            response[HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            # Django's AuthenticationMiddleware keeps the user it loaded: reading it here costs no query.
            user = getattr(request, "_cached_user", None)
            log.info(
                "%s %s %s",
                request.method,
                request.path if match is None else f"/{match.route}",
                response.status_code,
                extra={
                    "method": request.method,
                    "route": None if match is None else f"/{match.route}",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "member": str(user.pk) if user is not None and user.is_authenticated else None,
                    "queries": queries[0],
                    # where the page's reads went: "default" (the primary) or "replica"
                    "reads": getattr(request, "reads_from", None),
                    "cache_hits": counts[0],
                    "cache_misses": counts[1],
                },
            )
            return response
        finally:
            _CACHE.reset(cache_token)
            REQUEST_ID.reset(token)
