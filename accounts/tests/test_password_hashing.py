"""Sign-in under load: Argon2id first, older hashes still accepted and upgraded, and a sign-in
that cannot get a turn is told to come back instead of hanging."""

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from accounts import views
from accounts.models import User
from gymtracker.settings import PASSWORD_HASHERS as PRODUCTION_HASHERS
from gymtracker.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("accounts:login")


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_new_passwords_are_hashed_with_argon2id_at_the_configured_cost(production_hashers):
    assert make_password("squat-deep-every-monday").startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_pbkdf2_hash_still_signs_in_and_is_upgraded_to_argon2(client, member, production_hashers):
    User.objects.filter(pk=member.pk).update(
        password=make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")  # as stored before Argon2
    )
    response = client.post(URL, {"username": member.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.password.startswith("argon2$argon2id$")
    assert member.check_password(TEST_PASSWORD)


def test_a_sign_in_without_a_free_turn_is_answered_503_with_retry_after_quickly(client, member, settings):
    settings.SIGNIN_WAIT_SECONDS = 0.2
    taken = [views._signin_turns.acquire(blocking=False) for _ in range(settings.SIGNIN_CONCURRENCY)]
    assert all(taken)
    try:
        began = time.monotonic()
        response = client.post(URL, {"username": member.username, "password": TEST_PASSWORD})
        assert time.monotonic() - began < 2
    finally:
        for _ in taken:
            views._signin_turns.release()
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert "Many members are signing in right now" in response.content.decode()
    # With a turn free again, the same sign-in goes through.
    assert client.post(URL, {"username": member.username, "password": TEST_PASSWORD}).status_code == 302
