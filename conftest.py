"""Shared fixtures: named personas and a database that is migrated, never faked."""

import pytest
from django.core.management import call_command

from gymtracker.factories import UserFactory


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_db_blocker: pytest.FixtureRequest) -> None:
    # Tests run with production settings, whose static storage serves from a manifest.
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture
def member(db):
    return UserFactory(username="alice", email="alice@example.com")


@pytest.fixture
def other_member(db):
    return UserFactory(username="bob", email="bob@example.com")


@pytest.fixture
def staff(db):
    return UserFactory(username="sam", email="sam@example.com", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for a test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
