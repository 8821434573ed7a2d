import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from sessions.factories import WorkoutSetFactory
from sessions.models import WorkoutSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member):
    plan = WorkoutPlanFactory(user=member, name="Cardio")
    WorkoutTemplateFactory(plan=plan, exercise_name="Rowing")
    return plan


def test_the_delete_page_asks_first_and_changes_nothing(client, member, plan):
    client.force_login(member)

    response = client.get(reverse("plans:delete", args=[plan.pk]))

    assert response.status_code == 200
    assert "Delete “Cardio”?" in response.text
    assert "Move to trash" in response.text
    assert not WorkoutPlan.all_objects.get(pk=plan.pk).is_deleted


def test_deleting_moves_the_plan_to_the_trash_and_keeps_logged_sets(client, member, plan):
    logged = WorkoutSetFactory(template=plan.templates.get(), session__user=member)
    client.force_login(member)

    response = client.post(reverse("plans:delete", args=[plan.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:list")
    assert WorkoutPlan.all_objects.get(pk=plan.pk).is_deleted
    assert WorkoutSet.objects.filter(pk=logged.pk).exists()
    followed = client.get(response["Location"])
    assert "“Cardio” is in the trash" in followed.text
    assert "Cardio</a>" not in followed.text
