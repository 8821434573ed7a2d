"""The member's sessions (`session_list`): filtered by date, a page at a time."""

import datetime

import pytest
from django.urls import reverse

from sessions.models import WorkoutSession
from sessions.tests.helpers import TRASH, costs_the_same_queries_with_more_data

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_date_and_pages(signed_in, member, plan):
    for day in range(1, 26):
        WorkoutSession.objects.create(user=member, plan=plan, date=datetime.date(2026, 10, day))
    everything = signed_in.get(reverse("sessions:list"))
    assert len(everything.context["page_obj"].object_list) == 20
    assert everything.context["page_obj"].paginator.num_pages == 2

    week = signed_in.get(reverse("sessions:list"), {"date_from": "2026-10-05", "date_to": "2026-10-11"})
    assert [s.date.day for s in week.context["page_obj"]] == [11, 10, 9, 8, 7, 6, 5]


def test_a_bad_date_filter_is_explained(signed_in):
    response = signed_in.get(reverse("sessions:list"), {"date_from": "not a date"})
    assert response.status_code == 422
    assert "Enter a valid date" in response.content.decode()


def test_the_session_list_links_to_the_trash(signed_in):
    assert f'href="{TRASH}"' in signed_in.get(reverse("sessions:list")).text


def test_the_session_list_costs_the_same_queries_with_more_data(signed_in, member):
    costs_the_same_queries_with_more_data(signed_in, member, lambda session: reverse("sessions:list"))
