"""Liveness and readiness probes, the cache headers of members' pages, and their compression."""

import gzip

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_liveness_is_a_tiny_json_answer_that_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_reports_the_database_and_the_cache(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}


def test_a_members_pages_are_private_and_not_stored(client, member):
    client.force_login(member)
    for name in ("home", "accounts:profile", "plans:list", "progress:dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control


def test_the_landing_page_for_visitors_is_not_marked_private(client):
    response = client.get(reverse("home"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_members_pages_go_compressed_to_a_browser_that_accepts_it(client, member):
    client.force_login(member)
    plain = client.get(reverse("plans:list"))
    compressed = client.get(reverse("plans:list"), headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    page = gzip.decompress(compressed.content)
    assert b"<h1>" in page
    assert len(compressed.content) < len(page) / 2
    # The same page but for what is made per request (the CSRF token, masked anew each time).
    assert page.count(b"csrfmiddlewaretoken") == plain.content.count(b"csrfmiddlewaretoken")
