"""Resetting a forgotten password by email, end to end, before anyone is signed in."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import AuditEvent
from accounts.tests.helpers import add_lots_of_data, page_text
from gymtracker.testing import TEST_PASSWORD, assert_same_queries, queries_of

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_done")
COMPLETE = reverse("accounts:password_reset_complete")
NEW = "bench-press-on-tuesdays"


def reset_link(message) -> str:
    (link,) = re.findall(r"https?://[^/\s]+(/\S+)", message.body)
    return link


def ask_for_a_link(client, email="alice@example.com") -> str:
    response = client.post(URL, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == SENT
    (message,) = mail.outbox
    return reset_link(message)


def test_visitors_see_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="email"' in page_text(response)


def test_the_email_is_sent_to_the_account_whatever_case_was_typed(client, member):
    response = client.post(URL, {"email": "ALICE@example.com"})

    assert response["Location"] == SENT
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "Reset your Atomic Gym Tracker password"
    assert "Hello alice," in message.body
    assert reset_link(message).startswith("/accounts/password/reset/")


def test_an_unknown_email_sends_nothing_and_says_the_same(client, member):
    response = client.post(URL, {"email": "nobody@example.com"})
    assert response["Location"] == SENT
    assert mail.outbox == []


def test_a_malformed_email_is_refused_with_what_was_typed(client):
    response = client.post(URL, {"email": "alice at example"})
    assert response.status_code == 422
    assert response.context["form"].errors["email"]
    assert 'value="alice at example"' in page_text(response)
    assert mail.outbox == []


def test_the_link_lets_the_member_choose_a_new_password_and_log_in_with_it(client, member):
    link = ask_for_a_link(client)

    opened = client.get(link)
    assert opened.status_code == 302  # Django moves the token out of the address, into the session
    form_url = opened["Location"]
    form = client.get(form_url)
    assert form.status_code == 200
    assert 'name="new_password1"' in page_text(form)

    mismatched = client.post(form_url, {"new_password1": NEW, "new_password2": "something-else-entirely"})
    assert mismatched.status_code == 422
    assert mismatched.context["form"].errors["new_password2"]

    saved = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert saved.status_code == 302
    assert saved["Location"] == COMPLETE
    assert client.get(COMPLETE).status_code == 200

    member.refresh_from_db()
    assert member.check_password(NEW)
    # Saved as the member: their history and the audit log both have it.
    assert member.history.latest().history_type == "~"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED, user=member).exists()
    login = client.post(reverse("accounts:login"), {"username": "alice", "password": NEW})
    assert login.status_code == 302


def test_a_link_works_only_once(client, member):
    link = ask_for_a_link(client)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    again = client.get(link)
    assert again.status_code == 200
    assert "This link does not work" in page_text(again)
    assert again.context["validlink"] is False


def test_a_forged_link_does_not_work(client, member):
    response = client.get(reverse("accounts:password_reset_confirm", args=["bm9ib2R5", "forged-token"]))
    assert response.status_code == 200
    assert "This link does not work" in page_text(response)
    member.refresh_from_db()
    assert member.check_password(TEST_PASSWORD)


def test_a_token_for_one_account_does_not_open_another(client, member, other_member):
    link = ask_for_a_link(client)
    alices_uid = link.split("/")[-3]
    bobs_uid = urlsafe_base64_encode(force_bytes(other_member.pk))
    response = client.get(link.replace(alices_uid, bobs_uid))
    assert response.status_code == 200
    assert response.context["validlink"] is False


@pytest.mark.parametrize("url", [URL, SENT, COMPLETE])
def test_the_page_costs_the_same_queries_with_more_data(client, member, url):
    small = queries_of(lambda: client.get(url))
    add_lots_of_data(member, others=10)
    large = queries_of(lambda: client.get(url))
    assert small[1].status_code == 200
    assert_same_queries(small, large)


def test_the_new_password_page_costs_the_same_queries_with_more_data(client, member):
    form_url = client.get(ask_for_a_link(client))["Location"]
    small = queries_of(lambda: client.get(form_url))
    add_lots_of_data(member, others=10)
    large = queries_of(lambda: client.get(form_url))
    assert small[1].status_code == 200
    assert_same_queries(small, large)
