"""Suggestions for a typed exercise name (the pickers' JSON): the library page's search, its first ten."""

import datetime

import pytest
from django.urls import reverse

from gymtracker.testing import queries_of
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.services import session_start

pytestmark = pytest.mark.django_db

URL = reverse("plans:exercise_suggest")


def test_suggestions_name_each_exercise_with_what_a_set_records_and_its_equipment(client, member):
    client.force_login(member)

    response = client.get(URL, {"q": "bench"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert len(results) == 10
    assert results[0] == {
        "name": "Bench Press (Barbell)",
        "kind": "Weight × reps",
        "equipment": "Barbell",
        "own": False,
    }


def test_an_alias_suggests_the_exercise_it_names(client, member):
    client.force_login(member)

    results = client.get(URL, {"q": "ohp"}).json()["results"]

    assert results[0]["name"] == "Overhead Press (Barbell)"


def test_the_members_own_and_planned_exercises_are_suggested_first(client, member, other_member):
    ExerciseFactory(owner=member, name="Landmine bench press")
    ExerciseFactory(owner=other_member, name="Bench press on a ball")
    WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member), exercise_name="Bench Press (Dumbbell)")
    client.force_login(member)

    results = client.get(URL, {"q": "bench press"}).json()["results"]

    # The one a plan would link "bench press" to (by its alias), then the member's.
    assert [(r["name"], r["own"]) for r in results[:3]] == [
        ("Bench Press (Barbell)", False),
        ("Bench Press (Dumbbell)", False),
        ("Landmine bench press", True),
    ]
    assert "Bench press on a ball" not in [r["name"] for r in results]


def test_with_nothing_typed_the_members_exercises_come_first(client, member):
    ExerciseFactory(owner=member, name="Zercher carry")
    client.force_login(member)

    results = client.get(URL).json()["results"]

    assert results[0] == {"name": "Zercher carry", "kind": "Weight × reps", "equipment": "", "own": True}


def test_nothing_found_is_an_empty_list(client, member):
    client.force_login(member)

    assert client.get(URL, {"q": "qqqqqqqq"}).json() == {"results": []}


def test_an_over_long_query_is_a_422_with_the_reason(client, member):
    client.force_login(member)

    response = client.get(URL, {"q": "x" * 101})

    assert response.status_code == 422
    assert "q" in response.json()["errors"]


def test_a_coach_gets_their_members_suggestions(client, coach, member, relationship):
    ExerciseFactory(owner=member, name="Zercher carry")
    client.force_login(coach)

    results = client.get(URL, {"q": "zercher carry", "for": member.pk}).json()["results"]

    assert results[0] == {"name": "Zercher carry", "kind": "Weight × reps", "equipment": "", "own": True}


def test_a_coach_gets_nothing_of_someone_they_do_not_coach(client, coach, other_member):
    client.force_login(coach)

    assert client.get(URL, {"q": "bench", "for": other_member.pk}).status_code == 404


def test_visitors_are_sent_to_log_in(client):
    assert client.get(URL, {"q": "bench"}).status_code == 302


def test_suggestions_cost_the_same_queries_with_many_exercises_and_plans(client, member, django_assert_num_queries):
    client.force_login(member)
    client.get(URL)  # warm up
    small, _, _ = queries_of(lambda: client.get(URL, {"q": "row"}))

    ExerciseFactory.create_batch(40, owner=member)
    WorkoutTemplateFactory.create_batch(25, plan=WorkoutPlanFactory(user=member))

    with django_assert_num_queries(small):
        assert client.get(URL, {"q": "row"}).status_code == 200


def test_the_plan_form_and_the_sessions_form_ask_for_suggestions(client, member):
    plan = WorkoutPlanFactory(user=member)
    WorkoutTemplateFactory(plan=plan)
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    client.force_login(member)

    pages = [
        reverse("plans:create"),
        reverse("plans:edit", args=[plan.pk]),
        reverse("sessions:exercise_add", args=[session.pk]),
    ]
    for page in pages:
        text = client.get(page).text
        assert f'data-exercise-picker="{URL}"' in text
        assert "js/exercise_picker." in text
        assert f'<a href="{reverse("plans:exercises")}" target="_blank"' in text


def test_the_plan_form_a_coach_writes_for_a_member_suggests_the_members_exercises(client, coach, member, relationship):
    plan = WorkoutPlanFactory(user=member)
    client.force_login(coach)

    for page in [reverse("plans:create") + f"?for={member.pk}", reverse("plans:edit", args=[plan.pk])]:
        text = client.get(page).text
        assert f'data-exercise-picker="{URL}?for={member.pk}"' in text
        assert f'<a href="{reverse("plans:exercises")}?for={member.pk}" target="_blank"' in text
