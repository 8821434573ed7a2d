"""The member's deleted sessions (`session_trash`), most recently deleted first."""

import datetime

import pytest
from django.urls import reverse

from gymtracker.testing import assert_same_queries, queries_of
from sessions.services import session_start
from sessions.tests.helpers import TRASH, deleted, plan_of

pytestmark = pytest.mark.django_db


def test_the_trash_lists_the_members_deleted_sessions_newest_deleted_first(signed_in, member, other_member, plan):
    older = deleted(member, plan, datetime.date(2026, 3, 2))
    newer = deleted(member, plan, datetime.date(2026, 1, 5))  # deleted later, though an older date
    kept = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 3))
    deleted(other_member, plan_of(other_member), datetime.date(2026, 3, 4))

    response = signed_in.get(TRASH)

    assert response.status_code == 200
    assert [s.pk for s in response.context["page_obj"]] == [newer.pk, older.pk]
    assert f'action="{reverse("sessions:restore", args=[newer.pk])}"' in response.text
    assert "0/4 sets" in response.text  # with_totals: the session's sets are counted, not hidden
    assert reverse("sessions:restore", args=[kept.pk]) not in response.text
    assert "Wed 4 Mar 2026" not in response.text  # the other member's


def test_an_empty_trash_says_what_it_is_for(signed_in):
    response = signed_in.get(TRASH)
    assert "The trash is empty" in response.text
    assert f'href="{reverse("sessions:list")}"' in response.text


def test_the_trash_pages_like_the_list(signed_in, member, plan):
    for day in range(25):
        deleted(member, plan, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    first = signed_in.get(TRASH)
    assert len(first.context["page_obj"].object_list) == 20
    assert 'href="?page=2"' in first.text
    assert len(signed_in.get(TRASH, {"page": 2}).context["page_obj"].object_list) == 5


def test_the_trash_costs_the_same_queries_for_two_deleted_sessions_as_for_twenty(signed_in, member, plan):
    for day in range(2):
        deleted(member, plan, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    small = queries_of(lambda: signed_in.get(TRASH))
    for day in range(2, 20):
        deleted(member, plan, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    large = queries_of(lambda: signed_in.get(TRASH))
    assert large[1].status_code == 200
    assert_same_queries(small, large)
