"""Bad input at the edge is a 4xx with a reason, never a 500: NUL bytes and over-long values in
any address, query or form (gymtracker.middleware.RequestHygieneMiddleware), session notes
past their cap, and health notes no key decrypts."""

import pytest
from axes.models import AccessAttempt
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.urls import reverse

from accounts.models import HealthProfile
from sessions.factories import WorkoutSessionFactory
from sessions.models import NOTES_MAX_LENGTH

pytestmark = pytest.mark.django_db

# Another Fernet key than the test settings', as after a key rotation gone wrong.
LOST_KEY = "bG9zdC1rZXktbG9zdC1rZXktbG9zdC1rZXktbG9zdC0="


@pytest.mark.parametrize(
    "path",
    [
        "/coaching/join/%00/",
        "/progress/exercises/%00/",
        "/coaching/members/6f5450c2-e2c5-4408-99fb-5de2c12eab4c/progress/%00/",
        "/plans/?q=%00",
        "/progress/search/?q=" + "x" * 5000,
        "/" + "a" * 3000 + "/",
    ],
)
def test_a_nul_byte_or_an_over_long_value_in_an_address_is_a_400_with_the_reason(client, member, path):
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 400
    text = response.content.decode()
    assert "NUL character" in text or "longer than" in text


def test_a_nul_byte_in_a_form_field_is_a_400_with_the_field_named(client, member):
    client.force_login(member)
    response = client.post(reverse("coaching:join_form"), {"code": "abc\x00def"})
    assert response.status_code == 400
    assert "“code” contains a NUL character" in response.content.decode()


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_an_over_long_login_username_is_refused_before_django_axes_sees_it(client, length):
    response = client.post(reverse("accounts:login"), {"username": "a" * length, "password": "whatever"})
    assert response.status_code == 400
    assert "“username” is longer than 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_login_username_of_the_longest_allowed_length_is_an_ordinary_wrong_password(client):
    response = client.post(reverse("accounts:login"), {"username": "a" * 150, "password": "whatever"})
    assert response.status_code == 422


def test_session_notes_past_the_cap_are_a_422_with_a_message(client, member):
    session = WorkoutSessionFactory(user=member)
    client.force_login(member)
    data = {"date": session.date.isoformat(), "notes": "n" * (NOTES_MAX_LENGTH + 1), "version": session.version}
    response = client.post(reverse("sessions:edit", args=[session.pk]), data)
    assert response.status_code == 422
    assert f"at most {NOTES_MAX_LENGTH} characters" in response.content.decode()


def test_megabytes_of_session_notes_are_a_400_not_a_tsvector_error(client, member):
    session = WorkoutSessionFactory(user=member)
    client.force_login(member)
    data = {"date": session.date.isoformat(), "notes": "word " * 460_000, "version": session.version}
    assert client.post(reverse("sessions:edit", args=[session.pk]), data).status_code == 400


def test_the_database_refuses_session_notes_past_the_cap(member):
    session = WorkoutSessionFactory(user=member)
    with pytest.raises(IntegrityError, match="workout_sessions_notes_length"), transaction.atomic():
        connection.cursor().execute(
            "UPDATE workout_sessions SET notes = repeat('n', %s) WHERE id = %s", [NOTES_MAX_LENGTH + 1, session.pk]
        )


def test_health_notes_no_key_decrypts_show_as_cannot_be_shown(client, member):
    with override_settings(FIELD_ENCRYPTION_KEYS=[LOST_KEY]):
        HealthProfile.objects.create(user=member, notes="Left knee")
    client.force_login(member)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert "cannot be shown" in response.content.decode()
    assert "Left knee" not in response.content.decode()


def test_unreadable_health_notes_are_never_saved_back_as_empty(member):
    with override_settings(FIELD_ENCRYPTION_KEYS=[LOST_KEY]):
        HealthProfile.objects.create(user=member, notes="Left knee")
    profile = HealthProfile.objects.get(user=member)
    with pytest.raises(ValueError, match="could not be decrypted"):
        profile.save()
