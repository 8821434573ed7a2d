"""Ending coaching asks first: GET shows what ending means, POST ends it (no JavaScript)."""

import pytest
from django.urls import reverse

from coaching.models import CoachRelationship
from coaching.tests.test_coaching import coach_member, make_coach

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach():
    return make_coach("carol")


@pytest.fixture
def relationship(coach, member):
    return coach_member(coach, member)


def is_current(relationship):
    return CoachRelationship.objects.get(pk=relationship.pk).ended_at is None


def test_the_member_is_asked_before_coaching_ends(client, member, relationship):
    client.force_login(member)
    url = reverse("coaching:end", args=[relationship.pk])
    mine = client.get(reverse("coaching:mine")).text
    assert f'href="{url}"' in mine
    assert f'action="{url}"' not in mine  # no one-tap end on the overview

    page = client.get(url)

    assert page.status_code == 200
    assert "Stop being coached by carol?" in page.text
    assert "Are you sure?" in page.text
    assert f'<form method="post" action="{url}">' in page.text
    assert f'href="{reverse("coaching:mine")}"' in page.text  # the way out
    assert is_current(relationship)

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("coaching:mine")
    assert not is_current(relationship)
    assert "carol no longer coaches you" in client.get(response["Location"]).text


def test_the_coach_is_asked_too_from_the_members_page(client, coach, member, relationship):
    client.force_login(coach)
    url = reverse("coaching:end", args=[relationship.pk])
    assert f'href="{url}"' in client.get(reverse("coaching:member", args=[member.pk])).text
    page = client.get(url).text
    assert "Stop coaching alice?" in page
    assert f'href="{reverse("coaching:member", args=[member.pk])}"' in page
    assert is_current(relationship)
    response = client.post(url)
    assert response["Location"] == reverse("coaching:members")
    assert not is_current(relationship)


def test_nobody_else_sees_or_ends_it(client, relationship, other_member):
    url = reverse("coaching:end", args=[relationship.pk])
    for who in (other_member, make_coach("dave")):
        client.force_login(who)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert is_current(relationship)


def test_an_ended_relationship_has_nothing_left_to_confirm(client, member, relationship):
    client.force_login(member)
    url = reverse("coaching:end", args=[relationship.pk])
    client.post(url)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
