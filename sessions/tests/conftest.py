"""The sessions tests' shared fixtures: a member's plan, a session of it started, the member signed in."""

import datetime

import pytest

from sessions.services import session_start
from sessions.tests.helpers import make_plan


@pytest.fixture
def plan(member):
    return make_plan(member)


@pytest.fixture
def session(member, plan):
    return session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client
