"""The exercise library page: the library and the member's own exercises, searched and filtered by
a GET form, the member's first."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gymtracker.testing import queries_of
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.factories import WorkoutSetFactory
from sessions.services import set_log

pytestmark = pytest.mark.django_db

URL = reverse("plans:exercises")


def names(response):
    """The exercises on the page, in order: each name with its mark ("yours", "done 8 Mar")."""
    headings = re.findall(r'<li class="card">\s*<h2>(.*?)</h2>', response.text, re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", "", heading).split()) for heading in headings]


def metas(response):
    """What each exercise on the page records, its equipment and muscles, in order."""
    return re.findall(r'<p class="meta">(.*?)</p>', response.text)


def trained(member, exercise_name, date):
    """`exercise_name` in one of the member's plans, with a set of it logged on `date`."""
    workout_set = WorkoutSetFactory(
        session__user=member, session__date=date, template__exercise_name=exercise_name, template__plan__user=member
    )
    set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("60"))


def test_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_lists_the_library_with_what_a_set_records_and_the_equipment(client, member):
    client.force_login(member)

    response = client.get(URL, {"q": "Bench Press (Barbell)"})

    assert response.status_code == 200
    assert names(response)[0] == "Bench Press (Barbell)"
    assert metas(response)[0] == "Weight × reps · Barbell · Chest"


def test_a_name_matches_anywhere_in_it_whatever_the_case(client, member):
    client.force_login(member)

    found = names(client.get(URL, {"q": "LEG CURL"}))

    # Then names only like it ("Bicep Curl (Barbell)" by its alias "Curl").
    holding = [name for name in found if "leg curl" in name.lower()]
    assert len(holding) >= 3
    assert found[: len(holding)] == holding


def test_an_alias_finds_the_exercise_it_names(client, member):
    client.force_login(member)

    found = names(client.get(URL, {"q": "OHP"}))

    assert found[0] == "Overhead Press (Barbell)"


def test_a_typo_still_finds_the_exercise(client, member):
    client.force_login(member)

    assert "Bench Press (Barbell)" in names(client.get(URL, {"q": "benhc"}))


def test_the_name_a_plan_would_link_to_comes_first(client, member):
    client.force_login(member)

    # "Bench" is an alias of Bench Press (Barbell): typed in a plan, it links there.
    assert names(client.get(URL, {"q": "bench"}))[0] == "Bench Press (Barbell)"


def test_wildcards_in_the_query_are_taken_literally(client, member):
    client.force_login(member)

    response = client.get(URL, {"q": "%_"})

    assert response.status_code == 200
    assert "No exercises match" in response.text


def test_filters_narrow_by_muscle_equipment_and_kind(client, member):
    client.force_login(member)

    response = client.get(URL, {"muscle": "chest", "equipment": "dumbbell", "kind": "weight_reps"})

    assert response.status_code == 200
    assert "Bench Press (Dumbbell)" in names(response)
    assert "Bench Press (Barbell)" not in names(response)
    assert metas(response)
    assert all(meta.startswith("Weight × reps · Dumbbell · ") and "Chest" in meta for meta in metas(response))


def test_filters_and_words_go_together(client, member):
    client.force_login(member)

    found = names(client.get(URL, {"q": "press", "equipment": "barbell", "muscle": "shoulders"}))

    assert "Overhead Press (Barbell)" in found
    assert "Bench Press (Barbell)" not in found


def test_an_unknown_filter_is_a_422_that_says_so_above_the_rest_of_the_search(client, member):
    client.force_login(member)

    response = client.get(URL, {"q": "ohp", "muscle": "wings"})

    assert response.status_code == 422
    assert "Select a valid choice" in response.text
    assert names(response)[0] == "Overhead Press (Barbell)"


def test_the_members_own_exercises_come_first_and_say_yours(client, member, other_member):
    ExerciseFactory(owner=member, name="Zercher carry", equipment="barbell")
    ExerciseFactory(owner=other_member, name="Bob's secret lift")
    client.force_login(member)

    response = client.get(URL)

    assert names(response)[0] == "Zercher carry yours"
    assert "Bob&#x27;s secret lift" not in response.text
    assert "Bob's secret lift" not in response.text
    assert reverse("plans:exercise_edit", args=[member.custom_exercises.get().pk]) in response.text


def test_recently_trained_then_planned_exercises_come_before_the_rest(client, member):
    trained(member, "Overhead press", datetime.date(2026, 3, 1))
    trained(member, "Incline dumbbell press", datetime.date(2026, 3, 8))
    WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Leg press")
    client.force_login(member)

    found = names(client.get(URL))

    assert found[:3] == [
        "Incline Dumbbell Press done 8 Mar",
        "Overhead Press (Barbell) done 1 Mar",
        "Leg Press in a plan",
    ]


def test_exercises_of_deleted_plans_never_trained_are_not_put_first(client, member):
    plan = WorkoutPlanFactory(user=member)
    WorkoutTemplateFactory(plan=plan, exercise_name="Leg press")
    plan.soft_delete()
    client.force_login(member)

    assert "Leg Press in a plan" not in names(client.get(URL, {"q": "press"}))


def test_the_page_is_paginated_and_a_page_past_the_end_shows_the_last(client, member):
    client.force_login(member)

    first = client.get(URL, {"q": "curl"})
    last = client.get(URL, {"q": "curl", "page": "999"})

    assert "Page 1 of" in first.text
    pages = int(re.search(r"Page 1 of (\d+)", first.text).group(1))
    assert pages > 1
    assert f"Page {pages} of {pages}" in last.text
    assert "q=curl&amp;page=" in first.text
    assert set(names(first)).isdisjoint(names(last))


def test_a_coach_sees_their_members_exercises_first(client, coach, member, relationship):
    ExerciseFactory(owner=member, name="Zercher carry")
    client.force_login(coach)

    response = client.get(URL, {"for": member.pk})

    assert response.status_code == 200
    assert names(response)[0] == "Zercher carry theirs"
    assert "alice’s exercises" in response.text


def test_a_coach_cannot_look_at_someone_they_do_not_coach(client, coach, other_member):
    client.force_login(coach)

    assert client.get(URL, {"for": other_member.pk}).status_code == 404


def test_the_page_costs_the_same_queries_with_many_exercises_plans_and_sessions(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    client.get(URL)  # warm up: the first request of a test may fill caches
    small, _, _ = queries_of(lambda: client.get(URL, {"q": "press", "muscle": "chest"}))

    ExerciseFactory.create_batch(30, owner=member)
    for day in range(1, 11):
        trained(member, "Bench press", datetime.date(2026, 4, day))
    WorkoutTemplateFactory.create_batch(20, plan=WorkoutPlanFactory(user=member))

    with django_assert_num_queries(small):
        response = client.get(URL, {"q": "press", "muscle": "chest"})
    assert response.status_code == 200
