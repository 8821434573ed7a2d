"""Every plan page costs the same number of queries however many plans and exercises there are."""

import pytest
from django.urls import reverse

from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory

pytestmark = pytest.mark.django_db


def make_plans(user, count, *, exercises, deleted=False):
    plans = []
    for _ in range(count):
        plan = WorkoutPlanFactory(user=user)
        WorkoutTemplateFactory.create_batch(exercises, plan=plan)
        WorkoutTemplateFactory(plan=plan).soft_delete()
        if deleted:
            plan.soft_delete()
        plans.append(plan)
    return plans


def cost(client, url):
    client.get(url)  # warm up: the first request of a test may fill caches
    count, response, sql = queries_of(lambda: client.get(url))
    assert response.status_code == 200
    return count, response, sql


def test_the_plan_list_costs_the_same_for_3_plans_as_for_25_with_many_exercises(client, member):
    client.force_login(member)
    make_plans(member, 3, exercises=2)
    small = cost(client, reverse("plans:list"))

    make_plans(member, 22, exercises=12)
    large = cost(client, reverse("plans:list") + "?q=plan&sort=-exercises")

    assert_same_queries(small, large)


def test_the_plan_page_costs_the_same_for_2_exercises_as_for_30(client, member):
    client.force_login(member)
    few, many = make_plans(member, 1, exercises=2)[0], make_plans(member, 1, exercises=30)[0]

    assert_same_queries(
        cost(client, reverse("plans:detail", args=[few.pk])),
        cost(client, reverse("plans:detail", args=[many.pk])),
    )


def test_the_edit_page_costs_the_same_for_2_exercises_as_for_30(client, member):
    client.force_login(member)
    few, many = make_plans(member, 1, exercises=2)[0], make_plans(member, 1, exercises=30)[0]

    assert_same_queries(
        cost(client, reverse("plans:edit", args=[few.pk])),
        cost(client, reverse("plans:edit", args=[many.pk])),
    )


def test_the_new_plan_page_costs_the_same_with_no_plans_as_with_25(client, member):
    client.force_login(member)
    small = cost(client, reverse("plans:create"))
    make_plans(member, 25, exercises=5)

    assert_same_queries(small, cost(client, reverse("plans:create")))


def test_the_delete_page_costs_the_same_for_a_small_plan_as_for_a_big_one(client, member):
    client.force_login(member)
    few, many = make_plans(member, 1, exercises=1)[0], make_plans(member, 1, exercises=30)[0]

    assert_same_queries(
        cost(client, reverse("plans:delete", args=[few.pk])),
        cost(client, reverse("plans:delete", args=[many.pk])),
    )


def test_the_trash_costs_the_same_for_3_deleted_plans_as_for_25(client, member):
    client.force_login(member)
    make_plans(member, 3, exercises=2, deleted=True)
    small = cost(client, reverse("plans:trash"))

    make_plans(member, 22, exercises=12, deleted=True)

    assert_same_queries(small, cost(client, reverse("plans:trash")))
