import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from plans.selectors import exercises_of

pytestmark = pytest.mark.django_db


def test_duplicating_copies_the_plan_and_its_live_exercises_and_opens_the_copy_for_editing(client, member):
    plan = WorkoutPlanFactory(user=member, name="Full body", description="Beginner")
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat (Barbell)", sets=5, repetitions=5, position=0)
    WorkoutTemplateFactory(plan=plan, exercise_name="Row", position=1).soft_delete()
    WorkoutTemplateFactory(plan=plan, exercise_name="Overhead Press (Barbell)", sets=3, repetitions=8, position=2)
    client.force_login(member)

    response = client.post(reverse("plans:duplicate", args=[plan.pk]))

    copy = WorkoutPlan.objects.exclude(pk=plan.pk).get(user=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:edit", args=[copy.pk])
    assert (copy.name, copy.description) == ("Copy of Full body", "Beginner")
    assert [(t.exercise_name, t.sets, t.repetitions, t.position) for t in exercises_of(copy)] == [
        ("Squat (Barbell)", 5, 5, 0),
        ("Overhead Press (Barbell)", 3, 8, 1),
    ]
    assert [t.exercise_name for t in exercises_of(plan)] == ["Squat (Barbell)", "Overhead Press (Barbell)"]
    followed = client.get(response["Location"])
    assert "This is your copy of “Full body”" in followed.text


def test_duplicating_by_get_is_refused_and_copies_nothing(client, member):
    plan = WorkoutPlanFactory(user=member)
    client.force_login(member)

    assert client.get(reverse("plans:duplicate", args=[plan.pk])).status_code == 405
    assert WorkoutPlan.objects.filter(user=member).count() == 1


def test_a_deleted_plan_cannot_be_duplicated(client, member):
    plan = WorkoutPlanFactory(user=member)
    plan.soft_delete()
    client.force_login(member)

    assert client.post(reverse("plans:duplicate", args=[plan.pk])).status_code == 404
    assert WorkoutPlan.all_objects.filter(user=member).count() == 1
