"""A plan says who wrote it when that was the member's coach (plans migration 0004)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from coaching.services import relationship_end
from gymtracker import rls
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Strength block",
    "description": "",
    "exercises-TOTAL_FORMS": "1",
    "exercises-INITIAL_FORMS": "0",
    "exercises-MIN_NUM_FORMS": "0",
    "exercises-MAX_NUM_FORMS": "1000",
    "exercises-0-exercise_name": "Deadlift",
    "exercises-0-sets": "5",
    "exercises-0-repetitions": "3",
    "exercises-0-ORDER": "1",
}


def written_by_coach(client, coach, member):
    client.force_login(coach)
    response = client.post(reverse("plans:create") + f"?for={member.pk}", FORM)
    assert response.status_code == 302
    return WorkoutPlan.objects.get(user=member, name="Strength block")


def test_a_plan_the_coach_wrote_says_so_on_the_list_and_its_page(client, member, coach, relationship):
    plan = written_by_coach(client, coach, member)
    assert plan.created_by == coach
    own = WorkoutPlanFactory(user=member, name="My own plan", created_by=member)

    client.force_login(member)
    listed = client.get(reverse("plans:list")).text
    assert listed.count("Written by your coach <strong>carol</strong>") == 1
    page = client.get(reverse("plans:detail", args=[plan.pk])).text
    assert "Written by your coach <strong>carol</strong>" in page
    assert "Written by" not in client.get(reverse("plans:detail", args=[own.pk])).text


def test_the_coach_reads_that_they_wrote_it(client, member, coach, relationship):
    plan = written_by_coach(client, coach, member)
    assert "Written by you for alice" in client.get(reverse("plans:detail", args=[plan.pk])).text


def test_copies_the_coach_makes_are_the_coachs_too(client, member, coach, relationship):
    library = WorkoutPlanFactory(user=coach, name="5x5 basics", created_by=coach)
    WorkoutTemplateFactory(plan=library, exercise_name="Squat")
    members_own = WorkoutPlanFactory(user=member, name="Push day", created_by=member)
    client.force_login(coach)
    assert client.post(reverse("coaching:assign", args=[member.pk]), {"plan": library.pk}).status_code == 302
    assert client.post(reverse("plans:duplicate", args=[members_own.pk])).status_code == 302

    assert WorkoutPlan.objects.get(user=member, name="5x5 basics").created_by == coach
    assert WorkoutPlan.objects.get(user=member, name="Copy of Push day").created_by == coach
    client.force_login(member)
    assert client.post(reverse("plans:duplicate", args=[members_own.pk])).status_code == 302
    assert WorkoutPlan.objects.filter(user=member, name="Copy of Push day", created_by=member).count() == 1


def test_after_coaching_ends_the_plan_no_longer_names_the_coach(client, member, coach, relationship):
    plan = written_by_coach(client, coach, member)
    relationship_end(relationship=relationship)
    client.force_login(member)
    page = client.get(reverse("plans:detail", args=[plan.pk])).text
    assert "Written by a former coach" in page
    assert "carol" not in page


def test_nobody_can_pass_a_plan_off_as_someone_elses(member, coach, relationship):
    statement = "INSERT INTO workout_plans (user_id, name, created_by_id) VALUES (%s, 'Forged', %s)"
    with connection.cursor() as cursor:
        with rls.user_context(member), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(statement, [member.pk, coach.pk])
        with rls.user_context(coach), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(statement, [member.pk, member.pk])
        with rls.user_context(coach), transaction.atomic():
            cursor.execute(statement, [member.pk, coach.pk])  # a coach writing for their member
    assert WorkoutPlan.objects.get(name="Forged").created_by == coach
