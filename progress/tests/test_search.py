"""Full-text search over the member's session notes and exercise names."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress import selectors
from sessions.factories import WorkoutSessionFactory
from sessions.models import WorkoutSet
from sessions.services import set_log

pytestmark = pytest.mark.django_db
URL = reverse("progress:search")


def session(user, notes, day=1):
    return WorkoutSessionFactory(user=user, notes=notes, date=datetime.date(2026, 3, day))


def test_english_stemming_finds_other_forms_of_a_word(member):
    squatting = session(member, "Squatted deep today, knees happy")
    session(member, "Bench only")
    assert list(selectors.session_search(member, "squats")) == [squatting]


def test_better_matches_rank_first(member):
    once = session(member, "Bench, rows, and a few squats at the end", day=2)
    often = session(member, "Squats: squat singles, then squat doubles", day=1)
    assert list(selectors.session_search(member, "squat")) == [often, once]


def test_no_results_and_the_page_says_so(client, member):
    session(member, "Bench only")
    client.force_login(member)
    response = client.get(URL, {"q": "deadlift"})
    assert response.status_code == 200
    assert "No session notes match" in response.content.decode()


def test_injection_looking_input_is_just_text(client, member, other_member):
    session(other_member, "drop table secrets")
    mine = session(member, "Felt strong")
    for text in [
        "'; DROP TABLE workout_sessions; --",
        "strong' OR '1'='1",
        "!!! & | <-> :*",
        "<script>alert(1)</script>",
    ]:
        assert list(selectors.session_search(member, text)) in ([], [mine])
    client.force_login(member)
    response = client.get(URL, {"q": "<script>alert(1)</script> table"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "drop table secrets" not in html


def test_snippets_highlight_matches_and_escape_everything_else(client, member):
    session(member, "<b>bold</b> squats & lunges")
    client.force_login(member)
    html = client.get(URL, {"q": "squat"}).content.decode()
    # (PostgreSQL's parser drops tag-like words from headlines; whatever is left is escaped.)
    assert "<b>" not in html
    assert "<mark>squats</mark> &amp; lunges" in html


def test_only_the_highlight_marks_become_html():
    marked = f'{selectors.MARK_START}squat{selectors.MARK_STOP} <img src=x onerror=alert(1)> & "quotes"'
    assert selectors.highlighted(marked) == (
        "<mark>squat</mark> &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;"
    )


def test_date_filters_narrow_the_results(client, member):
    session(member, "squats early", day=1)
    late = session(member, "squats late", day=20)
    assert list(selectors.session_search(member, "squat", date_from=datetime.date(2026, 3, 10))) == [late]
    client.force_login(member)
    html = client.get(URL, {"q": "squat", "date_from": "2026-03-10", "date_to": "2026-03-31"}).content.decode()
    assert "squats late" in html.replace("<mark>", "").replace("</mark>", "")
    assert "squats early" not in html.replace("<mark>", "").replace("</mark>", "")


def test_invalid_dates_are_422_with_a_message(client, member):
    client.force_login(member)
    response = client.get(URL, {"q": "squat", "date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 422
    assert "start date must be on or before" in response.content.decode()
    assert client.get(URL, {"q": "squat", "date_from": "yesterday"}).status_code == 422


def test_exercise_names_are_searched_too(client, member):
    template = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Romanian Deadlift")
    workout_set = WorkoutSet.objects.create(session=session(member, "Nothing to see"), template=template)
    set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal(80))
    client.force_login(member)
    html = client.get(URL, {"q": "deadlifts"}).content.decode()
    assert "Romanian <mark>Deadlift</mark>" in html
    assert reverse("progress:exercise", args=["romanian deadlift"]) in html


def test_results_are_paginated(client, member):
    for day in range(1, 26):
        session(member, "squat day", day=day)
    client.force_login(member)
    first = client.get(URL, {"q": "squat"}).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(URL, {"q": "squat", "page": 2}).content.decode()
    assert second.count('class="card"') == 5


def test_other_members_notes_never_show(client, member, other_member):
    session(other_member, "secret squat notes")
    client.force_login(member)
    assert "secret" not in client.get(URL, {"q": "squat"}).content.decode()
