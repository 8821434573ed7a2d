import functools
import logging
import sys
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from gymtracker.cache import fingerprint
from gymtracker.requestlog import REQUEST_ID


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, for one).
    return redirect(static("img/favicon.svg"), permanent=True)


log = logging.getLogger(__name__)


@transaction.non_atomic_requests  # not even a savepoint: nothing here touches the database
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. It asks nothing of the database (gymtracker.middleware runs
    probes outside the request transaction), so an outage does not get healthy workers killed."""
    return JsonResponse({"status": "ok"})


def _database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_ready() -> bool:
    try:
        cache.set("readyz", 1, timeout=5)
        return bool(cache.get("readyz"))
    except Exception:  # any backend's failure (RedisError, a socket timeout) means "not now"
        log.warning("readyz: the cache did not answer", exc_info=True)
        return False


@transaction.non_atomic_requests
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when requests can be served, 503 (with Retry-After) when the database cannot
    be reached. The cache is reported too, but pages are made without it when it is down
    (gymtracker/cache.py), so it does not make the instance unready."""
    database = _database_ready()
    body = {"status": "ok" if database else "unavailable", "database": database, "cache": _cache_ready()}
    response = JsonResponse(body, status=200 if database else 503)
    if not database:
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    return response


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached (down, restarting, the pool empty
    for too long), as opposed to a bug."""
    return isinstance(error, OperationalError | InterfaceError | psycopg.OperationalError | psycopg.InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. An error from an unreachable database is an outage, not a bug: 503 with
    Retry-After, so browsers, proxies and the offline queue try again. It is rendered without
    the request, as Django's own 500 page is: nothing here may need the database."""
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
        return response
    # The request's id, to quote: the error's log lines carry it (gymtracker.requestlog).
    return HttpResponseServerError(loader.get_template("500.html").render({"request_id": REQUEST_ID.get()}))


@functools.cache
def _service_worker_source() -> str:
    source = (Path(settings.BASE_DIR) / "static" / "js" / "sw.js").read_text()
    return source.replace("__VERSION__", fingerprint())


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker (static/js/sw.js), from the site's root so that it may keep its pages;
    named after the code's fingerprint, so a deploy replaces what it kept."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
