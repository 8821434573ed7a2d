import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan

pytestmark = pytest.mark.django_db

URL = reverse("plans:trash")


def test_the_trash_lists_the_members_deleted_plans_with_a_restore_button(client, member, other_member):
    binned = WorkoutPlanFactory(user=member, name="Old split")
    WorkoutTemplateFactory.create_batch(2, plan=binned)
    binned.soft_delete()
    WorkoutPlanFactory(user=member, name="Current")
    WorkoutPlanFactory(user=other_member, name="Bob's old plan").soft_delete()
    client.force_login(member)

    response = client.get(URL)

    assert response.status_code == 200
    assert [p.name for p in response.context["page_obj"]] == ["Old split"]
    assert "2 exercises" in response.text
    assert f'action="{reverse("plans:restore", args=[binned.pk])}"' in response.text
    assert "Current" not in response.text


def test_an_empty_trash_says_what_it_is_for(client, member):
    client.force_login(member)

    response = client.get(URL)

    assert "The trash is empty" in response.text
    assert f'href="{reverse("plans:list")}"' in response.text


def test_restoring_brings_the_plan_back_with_its_exercises(client, member):
    plan = WorkoutPlanFactory(user=member, name="Old split")
    WorkoutTemplateFactory(plan=plan, exercise_name="Pec Deck (Machine)")
    plan.soft_delete()
    client.force_login(member)

    response = client.post(reverse("plans:restore", args=[plan.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    followed = client.get(response["Location"])
    assert "“Old split” is back in your plans" in followed.text
    assert "Pec Deck (Machine)" in followed.text
    assert not WorkoutPlan.all_objects.get(pk=plan.pk).is_deleted


def test_restoring_a_plan_that_is_not_deleted_changes_nothing(client, member):
    plan = WorkoutPlanFactory(user=member)
    client.force_login(member)

    response = client.post(reverse("plans:restore", args=[plan.pk]))

    assert response.status_code == 302
    assert WorkoutPlan.objects.get(pk=plan.pk).version == plan.version
