import zoneinfo
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from gymtracker import rls


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
