import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(member):
    plan = WorkoutPlanFactory(user=member, name="Leg day", description="Heavy\nthen light")
    WorkoutTemplateFactory(plan=plan, exercise_name="Lunge (Dumbbell)", sets=3, repetitions=12, position=1)
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat (Barbell)", sets=5, repetitions=5, position=0)
    WorkoutTemplateFactory(plan=plan, exercise_name="Leg press", position=2).soft_delete()
    return plan


def test_the_detail_page_lists_the_exercises_in_order_with_sets_and_reps(client, member, plan):
    client.force_login(member)

    response = client.get(reverse("plans:detail", args=[plan.pk]))

    assert response.status_code == 200
    assert [e.exercise_name for e in response.context["plan"].exercises] == ["Squat (Barbell)", "Lunge (Dumbbell)"]
    text = response.text
    assert text.index("Squat (Barbell)") < text.index("Lunge (Dumbbell)")
    assert "5 × 5" in text
    assert "3 × 12" in text
    assert "Leg press" not in text
    assert "Heavy<br>then light" in text


def test_the_detail_page_offers_start_edit_duplicate_and_delete(client, member, plan):
    client.force_login(member)

    text = client.get(reverse("plans:detail", args=[plan.pk])).text

    assert f'action="{reverse("sessions:start", args=[plan.pk])}"' in text
    assert "Start a session" in text
    assert f'href="{reverse("plans:edit", args=[plan.pk])}"' in text
    assert f'action="{reverse("plans:duplicate", args=[plan.pk])}"' in text
    assert f'href="{reverse("plans:delete", args=[plan.pk])}"' in text


def test_a_plan_without_exercises_asks_for_some_instead_of_offering_a_session(client, member):
    plan = WorkoutPlanFactory(user=member)
    client.force_login(member)

    text = client.get(reverse("plans:detail", args=[plan.pk])).text

    assert "no exercises yet" in text
    assert "Start a session" not in text


def test_a_deleted_plan_is_404_on_its_detail_page(client, member, plan):
    plan.soft_delete()
    client.force_login(member)

    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
