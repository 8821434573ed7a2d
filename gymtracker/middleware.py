import logging
import zoneinfo
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gymtracker import rls
from gymtracker.db import StaleVersionError

log = logging.getLogger(__name__)


class RowLevelSecurityMiddleware:
    """Runs each request in one transaction that tells PostgreSQL who is asking.

    The transaction wraps the view and the rendering of its response (template responses and
    lazy querysets render inside get_response), and the context is set first, before any
    savepoint, so no rollback to a savepoint can undo it. It ends with the transaction: a pooled
    connection carries nothing into the next request. (A streaming response would be iterated
    after the transaction ends and must not read member data lazily.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only the test suite calls us inside a transaction; it gets its context back afterwards.
        enclosing = connection.in_atomic_block
        with transaction.atomic():
            # Django reads the session's user and checks its auth hash; PostgreSQL lets it see
            # that one row, and only then do we know whether the visitor is really signed in.
            claimed = rls.claimed_user_context(request.session.get(SESSION_KEY))
            previous = rls.apply(claimed)
            actual = rls.member_context(request.user)
            if actual != claimed:
                rls.apply(actual)
            request.rls_context_managed = True  # type: ignore[attr-defined]
            # ATOMIC_REQUESTS runs the view in a savepoint of this transaction: a view that
            # raises loses its writes, and the error page below can still use the connection.
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            if enclosing and not transaction.get_rollback():
                rls.apply(previous)  # (a rollback to our savepoint restores it by itself)
        return response


class MemberTimeZoneMiddleware:
    """Dates and times in the signed-in member's own time zone ("today" included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = getattr(request.user, "time_zone", None)
        if zone:
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


# PostgreSQL's SQLSTATE for a row-level security policy refusing a row (and for any other missing
# privilege): insufficient_privilege.
INSUFFICIENT_PRIVILEGE = "42501"


def refused_by_the_database(error: BaseException) -> bool:
    """A write PostgreSQL refused because the row is not the asker's (any more): a coach writing
    for a member who ended coaching between the coach's read and write."""
    cause = error.__cause__
    return isinstance(error, DatabaseError) and getattr(cause, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


class WriteConflictMiddleware:
    """Two writes that raced, answered as pages instead of as a server error, in one place:

    - StaleVersionError (gymtracker.db): someone else saved the row between our read and our
      write; nothing of this request was written. HTTP 409, with what to do next.
    - A row-level security refusal: the row stopped being the asker's between the read and the
      write (coaching ended meanwhile). HTTP 404, as for any row that is not theirs.

    The view ran in a savepoint (ATOMIC_REQUESTS) that Django rolled back before calling us, so
    the request's transaction is usable for the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, StaleVersionError):
            log.info("Version conflict on %s %s: %s", request.method, request.path, exception)
            noun = exception.instance._meta.verbose_name
            return render(request, "409.html", {"noun": noun}, status=409)
        if refused_by_the_database(exception):
            log.warning("Row-level security refused a write on %s %s: %s", request.method, request.path, exception)
            return render(request, "404.html", status=404)
        return None
