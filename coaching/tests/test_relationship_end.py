"""Ending coaching (`relationship_end`): either side, asked first (GET shows what ending means,
POST ends it, no JavaScript), and from then on the coach reaches nothing of the member's."""

import pytest
from django.urls import reverse

from coaching.models import CoachRelationship

pytestmark = pytest.mark.django_db


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


def test_nobody_else_sees_or_ends_it(client, relationship, other_member, other_coach):
    url = reverse("coaching:end", args=[relationship.pk])
    for who in (other_member, other_coach):
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


def test_either_side_ends_it_and_the_member_stops_being_visible(client, world, member, coach):
    client.force_login(member)
    response = client.post(reverse("coaching:end", args=[world["relationship"].pk]))
    assert response.status_code == 302
    client.force_login(coach)
    assert client.get(reverse("coaching:member", args=[member.pk])).status_code == 404
    plan, _session = world["alice"]
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 404
