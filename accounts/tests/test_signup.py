"""Signing up: a new member, in the member group, signed in and welcomed."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import AuditEvent, User
from accounts.tests.helpers import add_lots_of_data, page_text
from gymtracker.testing import assert_same_queries, queries_of

pytestmark = pytest.mark.django_db

URL = reverse("accounts:signup")
PASSWORD = "squat-deep-every-monday"


def signup_data(**changes):
    return {"username": "carol", "email": "carol@example.com", "password1": PASSWORD, "password2": PASSWORD} | changes


def test_visitors_see_the_signup_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    for name in ("username", "email", "password1", "password2"):
        assert f'name="{name}"' in text
    assert reverse("accounts:login") in text


def test_signing_up_makes_a_member_signs_them_in_and_welcomes_them(client):
    response = client.post(URL, signup_data(), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    carol = User.objects.get(username="carol")
    assert carol.check_password(PASSWORD)
    assert carol.email == "carol@example.com"
    assert list(carol.groups.all()) == [Group.objects.get(name="member")]
    assert response.wsgi_request.user == carol
    assert "Welcome, carol!" in page_text(response)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN, user=carol).exists()
    carol.refresh_from_db()
    assert carol.last_login is not None  # the login ran as the new member, so it reached their row


def test_the_new_account_is_recorded_in_its_history(client):
    client.post(URL, signup_data())
    carol = User.objects.get(username="carol")
    assert [record.history_type for record in carol.history.all()] == ["+"]


def test_an_email_taken_in_another_case_is_refused_with_the_typed_values_kept(client, member):
    response = client.post(URL, signup_data(email="ALICE@Example.com"))

    assert response.status_code == 422
    assert response.context["form"].errors["email"] == ["An account with that email exists."]
    assert 'value="carol"' in page_text(response)
    assert 'value="ALICE@Example.com"' in page_text(response)
    assert not User.objects.filter(username="carol").exists()


def test_a_username_taken_in_another_case_is_refused(client, member):
    response = client.post(URL, signup_data(username="Alice"))

    assert response.status_code == 422
    assert response.context["form"].errors["username"] == ["That username is taken."]
    assert 'value="carol@example.com"' in page_text(response)
    assert User.objects.filter(username__iexact="alice").count() == 1


def test_weak_or_mismatched_passwords_are_refused(client):
    weak = client.post(URL, signup_data(password1="1234567890", password2="1234567890"))
    assert weak.status_code == 422
    assert weak.context["form"].errors["password2"]

    mismatched = client.post(URL, signup_data(password2="something-else-entirely"))
    assert mismatched.status_code == 422
    assert mismatched.context["form"].errors["password2"] == ["The two password fields didn’t match."]
    assert 'value="carol"' in page_text(mismatched)
    assert not User.objects.filter(username="carol").exists()


def test_a_malformed_username_or_email_is_refused(client):
    response = client.post(URL, signup_data(username="carol smith", email="not-an-email"))
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"username", "email"}
    assert 'value="carol smith"' in page_text(response)


def test_an_empty_post_is_refused_not_treated_as_a_visit(client):
    response = client.post(URL, {})
    assert response.status_code == 422
    assert "username" in response.context["form"].errors


def test_a_signed_in_member_is_sent_home(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_the_signup_page_costs_the_same_queries_with_more_accounts(client, member):
    small = queries_of(lambda: client.get(URL))
    add_lots_of_data(member, others=10)
    large = queries_of(lambda: client.get(URL))
    assert small[1].status_code == 200
    assert_same_queries(small, large)


def test_repeated_signups_with_taken_names_are_throttled_like_wrong_passwords(client, member, settings):
    statuses = [
        client.post(URL, signup_data(username=f"new{number}", email="alice@example.com")).status_code
        for number in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [422] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # Even a free name and email now wait: the address is paused, as a guessing login would be.
    locked = client.post(URL, signup_data())
    assert locked.status_code == 429
    assert "Too many sign-up attempts" in page_text(locked)
    assert "Wait 15 minutes" in page_text(locked)
    assert not User.objects.filter(username="carol").exists()
    # Another address signs up as usual.
    assert client.post(URL, signup_data(), REMOTE_ADDR="198.51.100.9").status_code == 302


def test_signup_attempts_do_not_lock_anyone_out_of_signing_in(client, member, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(URL, signup_data(username=member.username, email=f"x{number}@example.com"))
    response = client.post(reverse("accounts:login"), {"username": member.username, "password": "squat-x"})
    assert response.status_code == 422
