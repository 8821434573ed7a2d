"""Accepting a coach's invite (`join`): by its link or its code typed in, once, by one member."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachInvite, CoachRelationship
from coaching.services import invite_accept, invite_create

pytestmark = pytest.mark.django_db


def test_a_member_accepts_an_invite_link_and_sees_their_coach(client, member, coach):
    invite = invite_create(coach=coach)
    client.force_login(member)
    link = reverse("coaching:join", args=[invite.code])
    assert "carol" in client.get(link).content.decode()
    response = client.post(reverse("coaching:join_form"), {"code": f"https://gym.example{link}"})
    assert response.status_code == 302
    assert CoachRelationship.objects.current().filter(coach=coach, member=member).exists()
    assert "carol" in client.get(reverse("coaching:mine")).content.decode()


@pytest.mark.parametrize("problem", ["unknown", "expired", "used", "self"])
def test_a_bad_invite_is_explained_and_starts_nothing(client, member, coach, other_member, problem):
    invite = invite_create(coach=coach)
    user = member
    if problem == "expired":
        long_ago = timezone.now() - datetime.timedelta(days=15)
        CoachInvite.objects.filter(pk=invite.pk).update(
            created_at=long_ago, expires_at=long_ago + datetime.timedelta(days=14)
        )
    elif problem == "used":
        invite_accept(member=other_member, code=invite.code)
    elif problem == "self":
        user = coach
    code = "no-such-code" if problem == "unknown" else invite.code
    client.force_login(user)
    response = client.post(reverse("coaching:join_form"), {"code": code})
    assert response.status_code == 422
    assert ("does not work" in response.content.decode()) or ("yourself" in response.content.decode())
    assert f'value="{code}"' in response.content.decode()
    assert not CoachRelationship.objects.filter(member=user).exists()
