"""Shared fixtures: named personas and a database that is migrated, never faked.

The personas: alice (`member`), bob (`other_member`), carol (`coach`), dave (`other_coach`) and
sam (`staff`); `relationship` is carol coaching alice, by alice's acceptance of carol's invite."""

import fcntl
import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from accounts.factories import UserFactory
from coaching.tests.helpers import coach_member, make_coach
from gymtracker import rls
from gymtracker.testing import CHROMIUM, PHONE


@pytest.fixture(scope="session", autouse=True)
def _collected_static() -> None:
    # Tests run with production settings, whose static storage serves from a manifest. The suite's
    # processes (pytest-xdist) collect one at a time: the manifest is written whole, not mixed.
    with open(Path(tempfile.gettempdir()) / "gymtracker-collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for a test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_data_context(request):
    """Tests arrange their data as a named system job, as management commands do: under
    row-level security nothing could be inserted otherwise. Requests made through the test
    client set the signed-in member's context for themselves, and tests of the policies set
    member contexts explicitly (rls.user_context)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if transactional or (marker is None and "db" not in request.fixturenames):
        yield
        return
    request.getfixturevalue("db")
    with rls.system_context("tests"):
        yield


@pytest.fixture
def member(db):
    return UserFactory(username="alice", email="alice@example.com")


@pytest.fixture
def other_member(db):
    return UserFactory(username="bob", email="bob@example.com")


@pytest.fixture
def staff(db):
    return UserFactory(username="sam", email="sam@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def coach(db):
    """A coach (the `coach` group) who coaches nobody until a test says so."""
    return make_coach("carol")


@pytest.fixture
def other_coach(db):
    return make_coach("dave")


@pytest.fixture
def relationship(coach, member):
    """carol coaching alice: alice accepted carol's invite."""
    return coach_member(coach, member)


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, but its static files come from whitenoise as in production
    (the manifest's hashed names the pages link to), not from the finders, which know only the
    unhashed names and so answered every stylesheet and script with a 404."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs its own event loop; Django must allow ORM calls alongside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings):
    # The test server speaks plain http; production cookies would be https-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server.url


@pytest.fixture
def phone(browser):
    # Without the service worker, which the browser fetches in the background, after the test
    # may be over: the database is emptied then. The test of working offline allows it.
    context = browser.new_context(**PHONE, service_workers="block")
    yield context
    context.close()
