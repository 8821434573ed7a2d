"""A new comment from the coach is pointed out on the member's start page until they mark it read."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from coaching.models import SessionComment
from coaching.services import comment_add
from gymtracker import rls
from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.services import session_soft_delete, session_start

# Every test here is of carol's comments to alice, whom she coaches.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("relationship")]

HOME = reverse("home")


def a_session(user, day=datetime.date(2026, 11, 20)):
    plan = WorkoutPlanFactory(user=user)
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat", sets=1)
    return session_start(user=user, plan=plan, date=day)


def test_a_new_comment_is_flagged_on_the_start_page(client, member, coach):
    session = a_session(member)
    comment = comment_add(session=session, author=coach, body="Great depth, now brace harder.")
    client.force_login(member)

    page = client.get(HOME).text

    assert "New from your coach" in page
    assert "<strong>carol</strong>" in page
    assert f'href="{reverse("sessions:detail", args=[session.pk])}"' in page
    assert "Great depth, now brace harder." in page
    assert f'action="{reverse("coaching:comment_read", args=[comment.pk])}"' in page


def test_marking_it_read_takes_the_flag_away_and_keeps_the_comment(client, member, coach):
    session = a_session(member)
    comment = comment_add(session=session, author=coach, body="Great depth.")
    client.force_login(member)
    cache.clear()
    first = queries_of(lambda: client.get(HOME))
    assert "New from your coach" in first[1].text

    response = client.post(reverse("coaching:comment_read", args=[comment.pk]))

    assert response.status_code == 302
    assert response["Location"] == HOME
    comment.refresh_from_db()
    assert comment.read_at is not None
    assert "New from your coach" not in client.get(HOME).text
    assert "Great depth." in client.get(reverse("sessions:detail", args=[session.pk])).text
    # Again: harmless, and it keeps the first time it was read.
    read_at = comment.read_at
    assert client.post(reverse("coaching:comment_read", args=[comment.pk])).status_code == 302
    comment.refresh_from_db()
    assert comment.read_at == read_at


def test_only_the_member_whose_session_it_is_marks_it(client, member, coach, other_member):
    comment = comment_add(session=a_session(member), author=coach, body="Brace.")
    url = reverse("coaching:comment_read", args=[comment.pk])
    for who in (other_member, coach):
        client.force_login(who)
        assert client.post(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 405
    nowhere = reverse("coaching:comment_read", args=["00000000-0000-0000-0000-000000000000"])
    assert client.post(nowhere).status_code == 404
    assert SessionComment.objects.get().read_at is None


def test_a_member_cannot_change_a_comment_directly(member, coach):
    comment_add(session=a_session(member), author=coach, body="Brace.")
    with rls.user_context(member), connection.cursor() as cursor:
        cursor.execute("UPDATE session_comments SET read_at = now(), body = 'Rewritten'")
        assert cursor.rowcount == 0
        cursor.execute("SELECT session_comment_read(id) FROM session_comments")
        assert cursor.fetchall() == [(True,)]
        assert rls.apply(rls.member_context(member)).system == ""  # the function gave the context back
    comment = SessionComment.objects.get()
    assert (comment.body, comment.read_at is not None) == ("Brace.", True)


def test_comments_on_a_deleted_session_are_not_flagged(client, member, coach):
    session = a_session(member)
    comment_add(session=session, author=coach, body="Brace.")
    session_soft_delete(session=session)
    client.force_login(member)
    assert "New from your coach" not in client.get(HOME).text


def test_the_start_page_costs_the_same_queries_for_one_new_comment_as_for_many(client, member, coach):
    client.force_login(member)
    comment_add(session=a_session(member), author=coach, body="One.")
    cache.clear()
    one = queries_of(lambda: client.get(HOME))
    for day in range(1, 8):
        session = a_session(member, datetime.date(2026, 11, 1) + datetime.timedelta(days=day))
        comment_add(session=session, author=coach, body=f"Comment {day}.")
    cache.clear()
    many = queries_of(lambda: client.get(HOME))
    assert many[1].text.count("Mark as read<") == 5  # the five newest
    assert_same_queries(one, many)
