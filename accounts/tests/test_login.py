"""Logging in and out with the member pages' own forms."""

import pytest
from django.urls import reverse

from accounts.tests.helpers import add_lots_of_data, page_text
from gymtracker.testing import TEST_PASSWORD, assert_same_queries, queries_of

pytestmark = pytest.mark.django_db

URL = reverse("accounts:login")


def test_the_login_page_links_to_signup_and_password_reset(client):
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert reverse("accounts:signup") in text
    assert reverse("accounts:password_reset") in text
    assert 'name="username"' in text
    assert 'name="password"' in text


def test_the_right_password_signs_the_member_in_and_goes_home(client, member):
    response = client.post(URL, {"username": member.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_login_goes_back_to_the_page_asked_for(client, member):
    asked = client.get(reverse("accounts:profile"))
    assert asked["Location"] == f"{URL}?next={reverse('accounts:profile')}"
    form = client.get(asked["Location"])
    assert f'name="next" value="{reverse("accounts:profile")}"' in page_text(form)

    response = client.post(
        URL, {"username": member.username, "password": TEST_PASSWORD, "next": reverse("accounts:profile")}
    )
    assert response["Location"] == reverse("accounts:profile")


def test_a_wrong_password_is_refused_with_the_username_kept(client, member):
    response = client.post(URL, {"username": member.username, "password": "not my password"})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert f'value="{member.username}"' in page_text(response)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_signed_in_member_visiting_the_login_page_is_sent_home(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logging_out_takes_a_post(signed_in):
    assert signed_in.get(reverse("accounts:logout")).status_code == 405
    response = signed_in.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in.get(reverse("accounts:profile")).status_code == 302


def test_the_login_page_costs_the_same_queries_with_more_accounts(client, member):
    small = queries_of(lambda: client.get(URL))
    add_lots_of_data(member, others=10)
    large = queries_of(lambda: client.get(URL))
    assert small[1].status_code == 200
    assert_same_queries(small, large)


def test_repeated_wrong_passwords_lock_the_login_page_too(client, member):
    for _ in range(5):
        client.post(URL, {"username": member.username, "password": "guess"})
    response = client.post(URL, {"username": member.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in page_text(response)
    # The wait in words, not django-axes's ISO 8601 duration.
    assert "Wait 15 minutes" in page_text(response)
    assert "PT15M" not in page_text(response)
