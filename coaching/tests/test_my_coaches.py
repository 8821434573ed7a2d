"""The member's "Your coaches" page (`my_coaches`): who coaches them now, what that lets the coach
do, the way to end it, and where to type an invite's code."""

import pytest
from django.urls import reverse

from coaching.services import relationship_end

pytestmark = pytest.mark.django_db

MINE = reverse("coaching:mine")


def test_the_member_sees_their_coach_and_where_to_accept_another(client, member, relationship):
    client.force_login(member)
    page = client.get(MINE).text
    assert "<h2>carol</h2>" in page
    assert "write plans for you" in page
    assert f'href="{reverse("coaching:end", args=[relationship.pk])}"' in page
    assert f'action="{reverse("coaching:join_form")}"' in page


def test_coaching_that_ended_is_no_longer_listed(client, member, relationship):
    relationship_end(relationship=relationship)
    client.force_login(member)
    page = client.get(MINE).text
    assert "carol" not in page
    assert "No coach yet." in page


def test_the_coach_is_not_listed_as_coaching_themselves(client, coach, relationship):
    client.force_login(coach)
    assert "No coach yet." in client.get(MINE).text
