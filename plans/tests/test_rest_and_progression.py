"""Rest and progression on the plan form: each exercise's rest, progression rule and deload, saved
as typed (weights in the editor's unit), refused with a message when they do not make sense, and
kept by the database's CHECKs."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.factories import UserFactory
from coaching.services import invite_accept, invite_create
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan, WorkoutTemplate
from plans.services import plan_duplicate
from plans.tests.helpers import edit_form_data, plan_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("plans:create")


def squat(**rules):
    return {"exercise_name": "Squat", "sets": 3, "repetitions": 8} | rules


@pytest.fixture
def plan(member):
    plan = WorkoutPlanFactory(user=member, name="Legs")
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat", sets=3, repetitions=5, position=0)
    return plan


def test_a_new_plan_takes_rest_and_progression_per_exercise(client, member):
    client.force_login(member)
    rules = {
        "rest_seconds": 150,
        "progression": "double",
        "repetitions_top": 12,
        "increment_kg": "5",
        "deload_after": 2,
        "deload_percent": 15,
    }
    response = client.post(CREATE, plan_form_data(exercises=[squat(**rules)]))

    assert response.status_code == 302
    template = WorkoutTemplate.objects.get(plan__user=member)
    saved = {name: getattr(template, name) for name in rules}
    assert saved == rules | {"increment_kg": Decimal(5)}
    assert template.rest == 150


def test_left_as_shown_an_exercise_has_the_defaults(client, member):
    client.force_login(member)
    client.post(CREATE, plan_form_data(exercises=[squat()]))

    template = WorkoutTemplate.objects.get(plan__user=member)
    assert (template.rest_seconds, template.progression, template.repetitions_top, template.increment_kg) == (
        None,
        "none",
        None,
        None,
    )
    assert (template.deload_after, template.deload_percent) == (3, 10)
    assert template.rest == 120  # the default for 8 reps


def test_the_form_offers_rest_and_progression_on_every_row_and_on_rows_the_script_adds(client, member):
    client.force_login(member)
    text = client.get(CREATE).content.decode()
    assert text.count("<summary>Rest and progression") == 4  # three rows and the template for more
    assert 'name="exercises-__prefix__-progression"' in text
    assert 'name="exercises-0-deload_percent" value="10"' in text
    assert '<details class="rules">' in text  # closed while at the defaults


def test_a_step_in_pounds_is_stored_in_kilograms_and_shown_in_pounds(client, member, plan):
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    client.force_login(member)
    data = edit_form_data(plan, changes={0: {"progression": "linear", "increment_kg": "5"}})
    assert client.post(reverse("plans:edit", args=[plan.pk]), data).status_code == 302

    template = WorkoutTemplate.objects.get(pk=plan.templates.get().pk)
    assert template.increment_kg == Decimal("2.2680")
    text = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert "Step (lb)" in text
    assert 'name="exercises-0-increment_kg" value="5"' in text
    assert '<details class="rules" open>' in text  # set to other than the defaults


def test_changing_only_the_rules_saves_them(client, member, plan):
    client.force_login(member)
    data = edit_form_data(plan, changes={0: {"rest_seconds": 240, "progression": "linear", "deload_after": ""}})
    client.post(reverse("plans:edit", args=[plan.pk]), data)

    template = plan.templates.get()
    assert (template.rest_seconds, template.progression, template.deload_after) == (240, "linear", None)
    assert template.history.count() == 2
    plan.refresh_from_db()
    assert plan.version == 2


def test_only_double_progression_keeps_a_rep_range(client, member, plan):
    client.force_login(member)
    data = edit_form_data(plan, changes={0: {"progression": "linear", "repetitions_top": 3}})
    assert client.post(reverse("plans:edit", args=[plan.pk]), data).status_code == 302
    assert plan.templates.get().repetitions_top is None


@pytest.mark.parametrize(
    ("rules", "field", "message"),
    [
        ({"progression": "double"}, "repetitions_top", "Double progression needs the top of the rep range."),
        (
            {"progression": "double", "repetitions_top": 8},
            "repetitions_top",
            "More than the reps (8): they are the bottom of the range.",
        ),
        (
            {"progression": "forever"},
            "progression",
            "Select a valid choice. forever is not one of the available choices.",
        ),
        ({"rest_seconds": 2000}, "rest_seconds", "At most 1800."),
        ({"rest_seconds": -5}, "rest_seconds", "At least 0."),
        ({"rest_seconds": "2 min"}, "rest_seconds", "Enter a whole number."),
        ({"increment_kg": "0"}, "increment_kg", "More than 0, or empty for the smallest step."),
        ({"increment_kg": "60"}, "increment_kg", "At most 50."),
        ({"increment_kg": "lots"}, "increment_kg", "Type a weight, like 2.5."),
        ({"deload_after": 0}, "deload_after", "At least 1."),
        ({"deload_after": 11}, "deload_after", "At most 10."),
        ({"deload_percent": 80}, "deload_percent", "At most 50."),
    ],
)
def test_rules_that_make_no_sense_are_refused_with_a_message_and_everything_kept(client, member, rules, field, message):
    client.force_login(member)
    response = client.post(CREATE, plan_form_data(name="Kept", exercises=[squat(**rules)]))

    assert response.status_code == 422
    assert response.context["formset"].forms[0].errors[field] == [message]
    text = response.content.decode()
    assert 'value="Kept"' in text
    assert 'value="Squat"' in text
    assert f'name="exercises-0-{field}"' in text
    assert '<details class="rules" open>' in text
    assert not WorkoutPlan.objects.filter(user=member).exists()


def test_a_blank_row_with_only_a_rule_typed_asks_for_the_exercise(client, member):
    client.force_login(member)
    data = plan_form_data(exercises=[squat(), {"rest_seconds": 90}])
    response = client.post(CREATE, data)

    assert response.status_code == 422
    assert response.context["formset"].forms[1].errors["exercise_name"]


def test_a_coach_sets_the_rules_of_a_members_plan(client, member, plan):
    coach = UserFactory(username="carol")
    coach.groups.add(Group.objects.get(name="coach"))
    invite_accept(member=member, code=invite_create(coach=coach).code)
    client.force_login(coach)
    data = edit_form_data(plan, changes={0: {"progression": "linear", "increment_kg": "2.5", "rest_seconds": 200}})

    assert client.post(reverse("plans:edit", args=[plan.pk]), data).status_code == 302
    template = plan.templates.get()
    assert (template.progression, template.increment_kg, template.rest_seconds) == ("linear", Decimal("2.5"), 200)
    assert template.history.latest().history_user == coach


def test_a_copy_keeps_the_rules(member, plan):
    plan.templates.update(progression="double", repetitions_top=8, rest_seconds=60, increment_kg=Decimal("1"))
    copy = plan_duplicate(plan=plan, user=member)
    template = copy.templates.get()
    assert (template.progression, template.repetitions_top, template.rest_seconds, template.increment_kg) == (
        "double",
        8,
        60,
        Decimal("1"),
    )


def test_the_default_rest_follows_the_reps_until_one_is_set():
    assert WorkoutTemplate(repetitions=5).rest == 180
    assert WorkoutTemplate(repetitions=10).rest == 120
    assert WorkoutTemplate(repetitions=15).rest == 90
    assert WorkoutTemplate(repetitions=5, rest_seconds=0).rest == 0


def refused(statement, params):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    ("assignments", "is_refused"),
    [
        ("rest_seconds = 0, deload_after = NULL", False),
        ("progression = 'double', repetitions_top = 6, increment_kg = 1.1340", False),
        ("rest_seconds = 1801", True),
        ("rest_seconds = -1", True),
        ("progression = 'wave'", True),
        ("progression = 'double'", True),  # without a top
        ("repetitions_top = 5", True),  # not above repetitions (5)
        ("increment_kg = 0", True),
        ("increment_kg = 51", True),
        ("deload_after = 0", True),
        ("deload_after = 11", True),
        ("deload_percent = 0", True),
        ("deload_percent = 51", True),
        ("deload_percent = NULL", True),
    ],
)
def test_the_database_checks_rest_and_progression(plan, assignments, is_refused):
    statement = f"UPDATE workout_templates SET {assignments} WHERE workout_plan_id = %s"
    assert refused(statement, [plan.pk]) is is_refused
