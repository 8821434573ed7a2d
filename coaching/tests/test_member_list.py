"""The coach's workspace (`member_list`): their members with this week's training, for coaches only."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from coaching.tests.helpers import coach_member, training
from gymtracker.testing import assert_same_queries, queries_of

pytestmark = pytest.mark.django_db


def test_the_workspace_is_for_coaches(client, member):
    client.force_login(member)
    assert client.get(reverse("coaching:members")).status_code == 403


def test_the_member_list_costs_the_same_queries_for_any_number_of_members(client, coach):
    client.force_login(coach)
    first = UserFactory(username="m0")
    coach_member(coach, first)
    training(first)
    small = queries_of(lambda: client.get(reverse("coaching:members")))
    for i in range(1, 8):
        member = UserFactory(username=f"m{i}")
        coach_member(coach, member)
        training(member, f"Plan {i}")
    large = queries_of(lambda: client.get(reverse("coaching:members")))
    assert large[1].status_code == 200
    assert large[1].content.decode().count("/coaching/members/") >= 8
    assert_same_queries(small, large)
