import functools
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from gymtracker.cache import cached_page, fingerprint


@require_GET
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: what to do today. Otherwise: what the product is."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    from sessions.selectors import today_for

    today = today_for(request.user, today=timezone.localdate())
    return render(request, "today.html", {"today": today})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, for one).
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers and `make run` checks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
