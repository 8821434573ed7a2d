"""Fuzz: whatever a client sends to any URL (its path arguments, its query, its form fields, in
any role), the answer is never a 5xx.

Every URL of the permission matrix, with its real objects, gets hypothesis-made values: a path
argument replaced by arbitrary text, arbitrary query parameters, and form fields named as our
forms name them (and otherwise), holding arbitrary text, NUL bytes, huge numbers, impossible
dates and over-long strings. The always-on test runs a few hundred cases; `make fuzz` runs the
slow one, with ten thousand.
"""

import inspect
import urllib.parse

import pytest
from django import forms
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accounts.forms
import coaching.forms
import plans.forms
import progress.forms
import sessions.forms
from gymtracker.tests.test_permission_matrix import MATRIX, ROLES, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _form_field_names() -> list[str]:
    names = {"version", "next", "q", "page", "sort", "key", "confirm", "add_to_plan", "undo", "exercise"}
    for module in (accounts.forms, coaching.forms, plans.forms, progress.forms, sessions.forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                names.update(getattr(cls, "base_fields", {}))
    return sorted(names)


FIELD_NAMES = _form_field_names()

TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "-Infinity",
    "9" * 40,
    "0.0000001",
    "2026-02-30",
    "0001-01-01",
    "99999-12-31",
    "../../etc/passwd",
    "%00",
    "\x00",
    "a\x00b",
    "00000000-0000-0000-0000-000000000000",
    "on",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "x" * 300,
    "é" * 200,
    "\ud7ff\ue000\U0001f3cb",
]

values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=40),
    st.integers().map(str),
    st.decimals(allow_nan=True).map(str),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=150, max_size=400),
)
field_names = st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=12))
fields = st.dictionaries(field_names, values, max_size=6)


@st.composite
def requests(draw):
    name, arguments, method, _ = draw(st.sampled_from(MATRIX))
    return {
        "name": name,
        "arguments": arguments,
        "method": draw(st.sampled_from([method, method, "GET", "POST"])),
        "role": draw(st.sampled_from(ROLES)),
        "fuzz_argument": draw(st.one_of(st.none(), values)),
        "query": draw(fields),
        "form": draw(fields),
    }


def send(client, world, case) -> int:  # noqa: F811 - `world` is the fixture's value
    client.logout()
    if case["role"] != "anonymous":
        client.force_login(world[case["role"]])
    args = [str(value) for value in case["arguments"](world)] if case["arguments"] else []
    url = reverse(case["name"], args=args)
    if args and case["fuzz_argument"] is not None:
        # The last path argument replaced by anything, as a hand-typed address would be.
        url = url.replace(args[-1], urllib.parse.quote(case["fuzz_argument"], safe=""), 1)
    if case["query"]:
        url += "?" + urllib.parse.urlencode(case["query"])
    body = urllib.parse.urlencode(case["form"])
    response = client.generic(case["method"], url, body, content_type="application/x-www-form-urlencoded")
    return response.status_code


def check(client, world, case) -> None:  # noqa: F811
    status = send(client, world, case)
    assert status < 500, f"{status} for {case}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=requests())
def test_no_request_to_any_url_is_answered_with_a_5xx(client, world, case):  # noqa: F811
    check(client, world, case)


@pytest.mark.slow
@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=requests())
def test_ten_thousand_requests_to_any_url_get_no_5xx(client, world, case):  # noqa: F811
    check(client, world, case)
