"""Reads of pages on a streaming replica, with read-your-writes (docs/scaling.md).

When DATABASE_REPLICA_URL is set, a GET or HEAD request reads from the `replica` database and
everything else — every other method, and every write whatever the method — goes to `default`,
the primary. The choice is made once per request (`reads_for`), before the row-level-security
middleware opens its transactions, which then tell both servers who is asking
(gymtracker.middleware).

Read-your-writes: after a request that may have written (any method but GET, HEAD and OPTIONS),
the response carries the primary's WAL position once its transaction has committed (`WRITTEN`, a
cookie). The member's next page reads from the replica only once the replica has replayed that
far (`pg_last_wal_replay_lsn()`), so a logged set is on the next page however far the replica
lags; until then the page reads from the primary. The cookie says nothing about the member: a
forged one can only send their own reads to the primary or to the replica, where row-level
security binds them alike.

A replica that cannot be reached sends reads to the primary: pages get slower, not broken.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
WRITTEN = "written_lsn"
# Long enough for any replica worth reading from to catch up; after it the replica is trusted.
WRITTEN_MAX_AGE = 300
READ_METHODS = frozenset({"GET", "HEAD"})
SAFE_METHODS = READ_METHODS | {"OPTIONS"}
_LSN = re.compile(r"[0-9A-F]{1,8}/[0-9A-F]{1,8}")

_reads: contextvars.ContextVar[str] = contextvars.ContextVar("reads", default=PRIMARY)


class ReplicaRouter:
    """Reads go where the request being served reads (the primary outside requests); writes and
    migrations to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return _reads.get()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, replicated

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def configured() -> bool:
    return REPLICA in settings.DATABASES


def reads() -> str:
    """The alias the current request reads from."""
    return _reads.get()


def reading_connection() -> BaseDatabaseWrapper:
    """The connection for raw SQL that only reads: the one the request's ORM reads use, so a page
    never mixes rows of the replica with rows of the primary."""
    return connections[_reads.get()]


def reads_for(request: HttpRequest) -> str:
    """Where this request reads: the replica for a GET or HEAD, unless the member's last write has
    not reached it yet (or it cannot be reached)."""
    if not configured() or request.method not in READ_METHODS:
        return PRIMARY
    written = request.COOKIES.get(WRITTEN, "")
    try:
        replica = connections[REPLICA]
        replica.ensure_connection()
        if _LSN.fullmatch(written):
            with replica.cursor() as cursor:
                cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)", [written])
                if not cursor.fetchone()[0]:
                    return PRIMARY
    except DatabaseError as exc:
        log.warning("replica unreachable, reading from the primary: %s", exc)
        return PRIMARY
    return REPLICA


@contextlib.contextmanager
def reading_from(alias: str) -> Iterator[None]:
    token = _reads.set(alias)
    try:
        yield
    finally:
        _reads.reset(token)


def note_write(request: HttpRequest, response: HttpResponse, alias: str) -> None:
    """After the request's transaction has ended: a request that may have written leaves the
    primary's WAL position for the member's next page; one that read from the replica forgets a
    position the replica has reached."""
    if not configured():
        return
    if request.method not in SAFE_METHODS and response.status_code < 500:
        try:
            with connections[PRIMARY].cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_lsn()::text")
                position = cursor.fetchone()[0]
        except DatabaseError:
            return  # the primary went away after the commit; the next page finds out
        response.set_cookie(
            WRITTEN,
            position,
            max_age=WRITTEN_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    elif alias == REPLICA and WRITTEN in request.COOKIES:
        response.delete_cookie(WRITTEN, samesite="Lax")
