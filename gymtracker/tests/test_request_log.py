"""Every request gets an id (the proxy's, when sane), echoed in its response, printed on the 500
page, and on its one log line and every line logged while it is served (its error's included)."""

import json
import logging
import re

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from gymtracker.requestlog import RequestIdFilter

pytestmark = pytest.mark.django_db


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "gymtracker.requests"]


def test_a_request_gets_an_id_in_its_response_and_its_one_log_line(client, member, caplog):
    client.force_login(member)
    with caplog.at_level(logging.INFO, logger="gymtracker.requests"):
        response = client.get(reverse("plans:list"))
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = request_lines(caplog)
    assert (line.request_id, line.method, line.route, line.status) == (request_id, "GET", "/plans/", 200)
    assert line.member == str(member.pk)
    assert line.queries > 0
    assert line.duration_ms > 0
    assert line.getMessage() == "GET /plans/ 200"


def test_the_line_names_the_urls_pattern_not_its_ids(client, member, caplog):
    client.force_login(member)
    with caplog.at_level(logging.INFO, logger="gymtracker.requests"):
        client.get(reverse("imports:detail", args=["8b0c8f7e-0000-4000-8000-000000000000"]))
    (line,) = request_lines(caplog)
    assert (line.route, line.status) == ("/imports/<uuid:pk>/", 404)
    assert "8b0c8f7e" not in line.getMessage()


def test_the_proxys_id_is_kept_when_sane_and_replaced_when_not(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="edge-42.a:b")["X-Request-ID"] == "edge-42.a:b"
    for bad in ("x" * 65, "two words", "<script>", ""):
        kept = client.get("/healthz", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", kept)


@override_settings(ROOT_URLCONF="gymtracker.tests.urls_failing")
def test_the_500_page_shows_the_id_its_error_is_logged_with(caplog):
    client = Client(raise_request_exception=False)
    caplog.handler.addFilter(RequestIdFilter())  # as the console handler has it (settings.LOGGING)
    with caplog.at_level(logging.INFO):
        response = client.get("/boom/", HTTP_X_REQUEST_ID="quote-me-123", secure=True)
    assert response.status_code == 500
    assert "quote-me-123" in response.content.decode()
    assert response["X-Request-ID"] == "quote-me-123"
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert [r.request_id for r in errors] == ["quote-me-123"]
    assert errors[0].exc_info is not None
    (line,) = request_lines(caplog)
    assert (line.request_id, line.status) == ("quote-me-123", 500)


def test_a_json_line_holds_every_field(client, member, caplog):
    formatter = logging.config.dictConfigClass(settings.LOGGING).configure_formatter(
        settings.LOGGING["formatters"]["json"]
    )
    client.force_login(member)
    with caplog.at_level(logging.INFO, logger="gymtracker.requests"):
        client.get(reverse("plans:list"), HTTP_X_REQUEST_ID="abc123")
    (line,) = request_lines(caplog)
    line.request_id = "abc123"
    written = json.loads(formatter.format(line))
    assert {k: written[k] for k in ("level", "logger", "message", "request_id", "method", "route", "status")} == {
        "level": "INFO",
        "logger": "gymtracker.requests",
        "message": "GET /plans/ 200",
        "request_id": "abc123",
        "method": "GET",
        "route": "/plans/",
        "status": 200,
    }
    assert {"time", "duration_ms", "member", "queries", "cache_hits", "cache_misses"} <= set(written)


@override_settings(SECURE_SSL_REDIRECT=True)  # production's default (the tests turn it off)
def test_the_probes_answer_plain_http_where_pages_redirect_to_https():
    # The image's HEALTHCHECK asks over http from inside the container (docker/healthcheck.py).
    client = Client()  # made here, so its middleware reads the setting above
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/about/").status_code == 301
