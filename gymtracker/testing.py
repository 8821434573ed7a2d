"""Helpers for the test suite."""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


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
