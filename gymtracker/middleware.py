import contextlib
import logging
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from gymtracker import replica, rls
from gymtracker.db import StaleVersionError

log = logging.getLogger(__name__)

PROBE_PATHS = frozenset({"/healthz", "/readyz"})  # gymtracker/urls.py


class RowLevelSecurityMiddleware:
    """Runs each request in one transaction that tells PostgreSQL who is asking.

    The transaction wraps the view and the rendering of its response (template responses and
    lazy querysets render inside get_response), and the context is set first, before any
    savepoint, so no rollback to a savepoint can undo it. It ends with the transaction: a pooled
    connection carries nothing into the next request. (A streaming response would be iterated
    after the transaction ends and must not read member data lazily.)

    With a replica (gymtracker.replica), a page's reads go there: the request then has a
    transaction on each server, both told who is asking, and the primary's WAL position is noted
    after a write has committed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in PROBE_PATHS:
            # Liveness and readiness probes read no member data, and must answer while the
            # database is down: no transaction for them.
            return self.get_response(request)
        # Only the test suite calls us inside a transaction; it gets its context back afterwards.
        enclosing = connection.in_atomic_block
        # With a replica, a page's reads may be served there (gymtracker.replica): the context
        # is then set on both servers, each in a transaction of the request's.
        reads = replica.reads_for(request)
        aliases = [replica.PRIMARY] if reads == replica.PRIMARY else [replica.PRIMARY, reads]
        request.reads_from = reads  # type: ignore[attr-defined]  # for its log line
        with contextlib.ExitStack() as transactions:
            for alias in aliases:
                transactions.enter_context(transaction.atomic(using=alias))
            transactions.enter_context(replica.reading_from(reads))
            # Django reads the session's user and checks its auth hash; PostgreSQL lets it see
            # that one row, and only then do we know whether the visitor is really signed in.
            claimed = rls.claimed_user_context(request.session.get(SESSION_KEY))
            previous = rls.apply(claimed)  # (on the replica too, when the page reads there)
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
        replica.note_write(request, response, reads)
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


# What no honest form or link here sends. A NUL byte cannot be stored in PostgreSQL text at all,
# and values longer than these are either an attack or a mistake; refusing them here, before any
# view, form or django-axes reads them, means no code path has to remember to.
MAX_PATH_LENGTH = 2048
MAX_QUERY_VALUE_LENGTH = 2048
MAX_FORM_VALUE_LENGTH = 100_000  # above every form's own cap, which gives the friendlier message
# Fields with a tighter rule than the general one: django-axes records login usernames in a
# varchar(255), and no account has a longer username than its model allows.
FIELD_MAX_LENGTHS = {"username": 150}


class BadInput(ValueError):
    pass


def _check_values(where: str, items: Any, limit: int) -> None:
    for key, values in items:
        if "\x00" in key:
            raise BadInput(f"A {where} field name contains a NUL character.")
        field_limit = min(limit, FIELD_MAX_LENGTHS.get(key, limit))
        for value in values:
            if "\x00" in value:
                raise BadInput(f"The {where} field “{key[:40]}” contains a NUL character.")
            if len(value) > field_limit:
                raise BadInput(f"The {where} field “{key[:40]}” is longer than {field_limit} characters.")


def bad_input(request: HttpRequest) -> str | None:
    """Why the request cannot be taken as it is, or None."""
    try:
        if "\x00" in request.path_info:
            raise BadInput("The address contains a NUL character.")
        if len(request.path_info) > MAX_PATH_LENGTH:
            raise BadInput(f"The address is longer than {MAX_PATH_LENGTH} characters.")
        _check_values("query", request.GET.lists(), MAX_QUERY_VALUE_LENGTH)
        if request.method == "POST":
            _check_values("form", request.POST.lists(), MAX_FORM_VALUE_LENGTH)
    except BadInput as error:
        return str(error)
    return None


class RequestHygieneMiddleware:
    """Answers 400, with the reason, to a request whose address, query or form holds a NUL byte
    or a value longer than any form here accepts (the one home of that rule)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = bad_input(request)
        if reason is not None:
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Pages for a signed-in member are theirs alone: no shared cache or browser history keeps
    them (a shared device after logout). Responses that set their own Cache-Control keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # (Not on error pages: those name nobody, and during an outage asking who is signed in
        # would need the database.)
        user = getattr(request, "user", None)
        if (
            response.status_code < 500
            and user is not None
            and user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            add_never_cache_headers(response)
        return response
