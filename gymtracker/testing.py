"""Helpers for the test suite."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from playwright.sync_api import Page, expect

# Every account the tests make has this password (accounts.factories.UserFactory).
TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def queries_of(call: Callable[[], Any]) -> tuple[int, Any, list[str]]:
    """Run `call` and return (number of queries, its result, the SQL it sent)."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result, [q["sql"] for q in captured.captured_queries]


def assert_same_queries(small: tuple[int, Any, list[str]], large: tuple[int, Any, list[str]]) -> None:
    """A page costs as many queries with more data (no N+1); the SQL is printed when it does not."""
    if small[0] != large[0]:
        listing = "\n".join(f"  {sql}" for sql in large[2])
        raise AssertionError(f"{small[0]} queries with little data, {large[0]} with more:\n{listing}")


def at_once(*requests: tuple[Any, Callable[[Client], HttpResponse]]) -> list[int]:
    """Send each (user, request) from a thread of its own, all released together; their statuses."""
    start = threading.Barrier(len(requests))
    statuses: list[int] = []

    def send(user: Any, request: Callable[[Client], HttpResponse]) -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            statuses.append(request(client).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=pair) for pair in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


# Browser tests (Playwright driving Debian's Chromium; the fixtures are in the root conftest.py).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("today")
