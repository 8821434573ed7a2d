"""A coach making an invite (`invite_create`): a link to hand a member, open for two weeks."""

import datetime

import pytest
from django.urls import reverse

from coaching.models import CoachInvite
from coaching.services import INVITE_LIFETIME

pytestmark = pytest.mark.django_db

INVITE = reverse("coaching:invite")


def test_a_coach_gets_a_link_to_hand_their_member_open_for_two_weeks(client, coach):
    client.force_login(coach)

    response = client.post(INVITE, follow=True)

    invite = CoachInvite.objects.get(coach=coach)
    link = reverse("coaching:join", args=[invite.code])
    assert response.redirect_chain == [(reverse("coaching:members"), 302)]
    assert f"give your member this link: http://testserver{link}" in response.text
    assert f"<code>http://testserver{link}</code>" in response.text  # under "Open invites" too
    assert abs(invite.expires_at - invite.created_at - INVITE_LIFETIME) < datetime.timedelta(seconds=5)
    assert invite.accepted_at is None


def test_only_a_coach_invites_and_only_by_post(client, member, coach):
    client.force_login(member)
    assert client.post(INVITE).status_code == 403
    client.force_login(coach)
    assert client.get(INVITE).status_code == 405
    assert not CoachInvite.objects.exists()
