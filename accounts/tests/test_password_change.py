"""Changing one's password while signed in."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.tests.helpers import add_lots_of_data, page_text
from gymtracker.testing import TEST_PASSWORD, assert_same_queries, queries_of

pytestmark = pytest.mark.django_db

URL = reverse("accounts:password_change")
DONE = reverse("accounts:password_change_done")
NEW = "deadlift-on-fridays-2026"


@pytest.mark.parametrize("url", [URL, DONE])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_the_member_sees_the_form(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in text


def test_a_new_password_replaces_the_old_one_and_keeps_the_member_signed_in(signed_in, member):
    response = signed_in.post(URL, {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    assert response["Location"] == DONE
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_CHANGED, user=member).exists()
    done = signed_in.get(DONE)
    assert done.status_code == 200
    assert "Password changed" in page_text(done)


def test_a_wrong_current_password_is_refused(signed_in, member):
    response = signed_in.post(URL, {"old_password": "not it", "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 422
    assert response.context["form"].errors["old_password"]
    assert 'aria-invalid="true"' in page_text(response)
    member.refresh_from_db()
    assert member.check_password(TEST_PASSWORD)


def test_a_weak_new_password_is_refused(signed_in):
    response = signed_in.post(URL, {"old_password": TEST_PASSWORD, "new_password1": "alice", "new_password2": "alice"})
    assert response.status_code == 422
    assert response.context["form"].errors["new_password2"]


@pytest.mark.parametrize("url", [URL, DONE])
def test_the_page_costs_the_same_queries_with_more_data(signed_in, member, url):
    small = queries_of(lambda: signed_in.get(url))
    add_lots_of_data(member)
    large = queries_of(lambda: signed_in.get(url))
    assert small[1].status_code == 200
    assert_same_queries(small, large)
