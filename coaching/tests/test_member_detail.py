"""A member's page in the coach's workspace (`member_detail`): their plans, recent sessions and
the health notes they share, with the ways to write them a plan or give them one."""

import pytest
from django.urls import reverse

from accounts.models import HealthProfile

pytestmark = pytest.mark.django_db


def member_page(client, coach, member):
    client.force_login(coach)
    return client.get(reverse("coaching:member", args=[member.pk]))


def test_the_coach_sees_the_members_plans_sessions_and_shared_notes(client, world, member, coach):
    plan, session = world["alice"]

    page = member_page(client, coach, member).text

    assert f'href="{reverse("plans:edit", args=[plan.pk])}"' in page
    assert f'href="{reverse("coaching:session", args=[member.pk, session.pk])}"' in page
    assert "1/2 sets" in page
    assert "shoulder" in page  # alice shares her health notes
    assert f'href="{reverse("plans:create")}?for={member.pk}"' in page
    assert f'action="{reverse("coaching:assign", args=[member.pk])}"' in page


def test_notes_the_member_does_not_share_are_not_shown(client, world, member, coach):
    HealthProfile.objects.filter(user=member).update(shared_with_coach=False)
    page = member_page(client, coach, member).text
    assert "Not shared with you." in page
    assert "shoulder" not in page


def test_someone_the_coach_does_not_coach_is_a_404(client, world, member, other_member, coach, other_coach):
    assert member_page(client, coach, other_member).status_code == 404
    assert member_page(client, other_coach, member).status_code == 404
    assert member_page(client, coach, coach).status_code == 404
