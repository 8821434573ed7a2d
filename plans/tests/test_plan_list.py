import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory

pytestmark = pytest.mark.django_db

URL = reverse("plans:list")


def names(response):
    return [plan.name for plan in response.context["page_obj"]]


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_the_list_shows_the_members_live_plans_with_their_exercise_counts(signed_in, member, other_member):
    push = WorkoutPlanFactory(user=member, name="Push")
    WorkoutTemplateFactory.create_batch(2, plan=push)
    WorkoutTemplateFactory(plan=push).soft_delete()
    WorkoutPlanFactory(user=member, name="Binned").soft_delete()
    WorkoutPlanFactory(user=other_member, name="Bob's plan")

    response = signed_in.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Push"]
    assert response.context["page_obj"][0].exercise_count == 2
    assert "2 exercises" in response.text
    assert reverse("plans:detail", args=[push.pk]) in response.text


def test_the_list_offers_a_new_plan_button_and_the_trash(signed_in):
    response = signed_in.get(URL)

    assert f'href="{reverse("plans:create")}"' in response.text
    assert f'href="{reverse("plans:trash")}"' in response.text


def test_a_member_without_plans_is_told_how_to_make_one(signed_in):
    response = signed_in.get(URL)

    assert "No plans yet" in response.text
    assert "Create your first plan" in response.text


@pytest.mark.parametrize("query", ["push", "CHEST", "dips"])
def test_search_looks_in_name_description_and_exercise_names(signed_in, member, query):
    push = WorkoutPlanFactory(user=member, name="Push day", description="Chest and triceps")
    WorkoutTemplateFactory(plan=push, exercise_name="Dips")
    WorkoutTemplateFactory(plan=push, exercise_name="Bench dips")
    WorkoutPlanFactory(user=member, name="Legs", description="Squats")

    response = signed_in.get(URL, {"q": query})

    # One result even when two exercises match.
    assert names(response) == ["Push day"]


def test_search_ignores_deleted_exercises(signed_in, member):
    plan = WorkoutPlanFactory(user=member, name="Pull")
    WorkoutTemplateFactory(plan=plan, exercise_name="Shrug").soft_delete()

    assert names(signed_in.get(URL, {"q": "shrug"})) == []


def test_a_search_that_finds_nothing_says_so_and_offers_the_whole_list(signed_in, member):
    WorkoutPlanFactory(user=member, name="Push")

    response = signed_in.get(URL, {"q": "zumba"})

    assert "No plans match" in response.text
    assert "No plans yet" not in response.text
    assert 'value="zumba"' in response.text


def test_plans_can_be_filtered_by_length(signed_in, member):
    short = WorkoutPlanFactory(user=member, name="Short")
    WorkoutTemplateFactory.create_batch(2, plan=short)
    long = WorkoutPlanFactory(user=member, name="Long")
    WorkoutTemplateFactory.create_batch(8, plan=long)

    assert names(signed_in.get(URL, {"length": "short"})) == ["Short"]
    assert names(signed_in.get(URL, {"length": "long"})) == ["Long"]
    assert names(signed_in.get(URL, {"length": "medium"})) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Arms", "Back", "Core"]),
        ("name", ["Arms", "Back", "Core"]),
        ("-name", ["Core", "Back", "Arms"]),
        ("-created", ["Back", "Core", "Arms"]),
        ("created", ["Arms", "Core", "Back"]),
        ("-exercises", ["Core", "Arms", "Back"]),
    ],
)
def test_plans_can_be_sorted(signed_in, member, sort, expected):
    arms = WorkoutPlanFactory(user=member, name="Arms")
    core = WorkoutPlanFactory(user=member, name="Core")
    back = WorkoutPlanFactory(user=member, name="Back")
    WorkoutTemplateFactory.create_batch(3, plan=core)
    WorkoutTemplateFactory.create_batch(1, plan=arms)
    # created_at is the transaction's now() in the database; tell them apart explicitly.
    for minutes, plan in enumerate([arms, core, back]):
        type(plan).objects.filter(pk=plan.pk).update(created_at=plan.created_at.replace(year=2025, minute=minutes))

    assert names(signed_in.get(URL, {"sort": sort} if sort else {})) == expected


def test_an_unknown_sort_order_is_reported_with_422_and_the_list_still_shows(signed_in, member):
    WorkoutPlanFactory(user=member, name="Push")

    response = signed_in.get(URL, {"sort": "password"})

    assert response.status_code == 422
    assert names(response) == ["Push"]
    assert "Select a valid choice" in response.text


def test_the_list_shows_ten_plans_a_page_and_the_page_links_keep_the_filter(signed_in, member):
    for number in range(23):
        WorkoutPlanFactory(user=member, name=f"Plan {number:02}", description="strength")
    WorkoutPlanFactory(user=member, name="Yoga", description="stretching")

    first = signed_in.get(URL, {"q": "strength"})
    third = signed_in.get(URL, {"q": "strength", "page": 3})

    assert len(first.context["page_obj"]) == 10
    assert first.context["page_obj"].paginator.count == 23
    assert 'href="?q=strength&amp;page=2"' in first.text
    assert names(third) == ["Plan 20", "Plan 21", "Plan 22"]
    assert 'href="?q=strength&amp;page=2"' in third.text
