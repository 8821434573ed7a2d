"""A member's session as their coach reads it (`session_detail`): the sets as logged, the
member's notes and the comments, with the form to add one; nothing to log."""

import pytest
from django.urls import reverse

from coaching.services import comment_add
from sessions.services import session_soft_delete

pytestmark = pytest.mark.django_db


def session_page(client, coach, member, session):
    client.force_login(coach)
    return client.get(reverse("coaching:session", args=[member.pk, session.pk]))


def test_the_coach_reads_the_sets_and_comments_and_may_add_one(client, world, member, coach):
    _plan, session = world["alice"]
    comment_add(session=session, author=coach, body="Lock the elbows.")

    response = session_page(client, coach, member, session)

    assert response.status_code == 200
    page = response.text
    assert "Bench Press (Barbell)" in page
    assert "not done" in page  # the second set
    assert "Lock the elbows." in page
    assert f'action="{reverse("coaching:comment", args=[member.pk, session.pk])}"' in page
    assert "/sets/" not in page  # no logging form: the member logs, the coach reads


def test_a_deleted_session_or_one_out_of_reach_is_a_404(client, world, member, other_member, coach, other_coach):
    _plan, session = world["alice"]
    _bobs_plan, bobs_session = world["bob"]
    assert session_page(client, coach, other_member, bobs_session).status_code == 404
    assert session_page(client, coach, member, bobs_session).status_code == 404
    assert session_page(client, other_coach, member, session).status_code == 404
    session_soft_delete(session=session)
    assert session_page(client, coach, member, session).status_code == 404
