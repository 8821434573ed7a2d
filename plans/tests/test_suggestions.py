"""What to try next, read from the member's earlier sessions in PostgreSQL as the session page
reads it (sessions.selectors.exercise_blocks), under the member's own row-level security."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from accounts.equipment import Equipment
from accounts.factories import UserFactory
from coaching.services import invite_accept, invite_create
from gymtracker import rls
from gymtracker.testing import assert_same_queries, queries_of
from gymtracker.units import KG_PER_LB
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.training import Step
from sessions.selectors import exercise_blocks, session_for_logging
from sessions.services import session_soft_delete, session_start, set_log

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def legs(user, name="Legs", exercise="Squat", **rules):
    plan = WorkoutPlanFactory(user=user, name=name)
    rules = {"progression": "linear", "deload_after": 3} | rules
    template = WorkoutTemplateFactory(plan=plan, exercise_name=exercise, sets=3, repetitions=5, **rules)
    return plan, template


def train(user, plan, day, reps, weight):
    """A session of `plan` on day `day` with its first sets logged: `reps` at `weight` kg."""
    session = session_start(user=user, plan=plan, date=DAY + datetime.timedelta(days=day))
    for workout_set, done in zip(session.sets.order_by("position"), reps, strict=False):
        set_log(workout_set=workout_set, actual_reps=done, weight_kg=Decimal(weight))
    return session


def suggestions_for(viewer, session):
    """Each exercise's suggestion on the session's page, as `viewer` (the member or their coach)."""
    with rls.user_context(viewer):
        loaded = session_for_logging(session.user, session.pk)
        return {block.template.pk: block.suggestion for block in exercise_blocks(loaded, Equipment.of(session.user))}


def suggestion_for(user, session, template):
    return suggestions_for(user, session)[template.pk]


def test_after_every_set_of_3x5_at_100_kg_was_done_the_next_session_suggests_102_5(member):
    plan, template = legs(member)
    train(member, plan, 0, [5, 5, 5], "100")
    today = train(member, plan, 2, [], "0")

    suggestion = suggestion_for(member, today, template)
    assert (suggestion.step, suggestion.weight_kg, suggestion.reps) == (Step.INCREASE, Decimal("102.5"), 5)
    assert suggestion.reason("kg") == "+2.5 kg: 3×5 done last time"


def test_after_three_sessions_short_of_target_the_next_suggests_a_deload_rounded_to_loadable(member):
    plan, template = legs(member)
    for day, reps in enumerate([[5, 5, 4], [5, 4, 4], [4, 4, 3]]):
        train(member, plan, day, reps, "102.5")
    today = train(member, plan, 5, [], "0")

    suggestion = suggestion_for(member, today, template)
    assert (suggestion.step, suggestion.weight_kg) == (Step.DELOAD, Decimal("92.5"))  # 92.25, rounded
    assert suggestion.reason("kg") == "Deload −10 %: 3 sessions short of target"


def test_two_sessions_short_are_not_yet_a_deload(member):
    plan, template = legs(member)
    train(member, plan, 0, [5, 5, 5], "100")
    train(member, plan, 1, [5, 5, 4], "102.5")
    train(member, plan, 2, [5, 4, 4], "102.5")
    today = train(member, plan, 3, [], "0")

    suggestion = suggestion_for(member, today, template)
    assert (suggestion.step, suggestion.weight_kg) == (Step.SAME, Decimal("102.5"))
    assert suggestion.reason("kg") == "Same weight: 1 of 3 sets hit 5 reps"


def test_the_exercise_counts_by_name_in_any_plan_and_case(member):
    plan, template = legs(member)
    other, _ = legs(member, name="Full body", exercise="squat")
    train(member, other, 0, [5, 5, 5], "80")
    today = train(member, plan, 1, [], "0")

    assert suggestion_for(member, today, template).weight_kg == Decimal("82.5")


def test_only_the_members_own_earlier_live_completed_sets_count(member, other_member):
    plan, template = legs(member)
    train(member, plan, 0, [5, 5, 5], "100")
    today = train(member, plan, 3, [], "0")
    # Another member's squats, a deleted session, a later one, and planned sets never done.
    bobs_plan, _ = legs(other_member)
    train(other_member, bobs_plan, 1, [5, 5, 5], "200")
    session_soft_delete(session=train(member, plan, 1, [5, 5, 5], "150"))
    train(member, plan, 5, [5, 5, 5], "170")
    train(member, plan, 2, [], "0")

    assert suggestion_for(member, today, template).weight_kg == Decimal("102.5")


def test_a_session_on_the_same_day_reads_the_one_started_before_it(member):
    plan, template = legs(member)
    train(member, plan, 0, [5, 5, 5], "100")
    morning = train(member, plan, 1, [5, 5, 5], "60")
    evening = train(member, plan, 1, [], "0")

    assert suggestion_for(member, evening, template).last_weight_kg == Decimal(60)
    assert suggestion_for(member, morning, template).last_weight_kg == Decimal(100)


def test_a_first_session_has_nothing_to_go_by(member):
    plan, template = legs(member)
    today = train(member, plan, 0, [], "0")

    suggestion = suggestion_for(member, today, template)
    assert (suggestion.step, suggestion.weight_kg) == (Step.FIRST, None)


def test_a_member_in_pounds_with_pound_plates_goes_up_five_pounds(member):
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    plan, template = legs(member)
    train(member, plan, 0, [5, 5, 5], "102.06")  # 225 lb
    today = train(member, plan, 1, [], "0")

    suggestion = suggestion_for(member, today, template)
    assert suggestion.weight_kg == 230 * KG_PER_LB  # 230 lb, exactly
    assert suggestion.reason("lb") == "+5 lb: 3×5 done last time"
    assert Equipment.of(member).per_side(suggestion.weight_kg) == (Decimal(45), Decimal(45), Decimal("2.5"))


def test_every_exercise_of_the_session_gets_its_own_suggestion(member):
    plan, squat = legs(member)
    press = WorkoutTemplateFactory(
        plan=plan, exercise_name="Press", sets=2, repetitions=8, progression="double", repetitions_top=10, position=1
    )
    session = session_start(user=member, plan=plan, date=DAY)
    for workout_set in session.sets.all():
        weight = "100" if workout_set.template_id == squat.pk else "40"
        set_log(workout_set=workout_set, actual_reps=workout_set.target_reps, weight_kg=Decimal(weight))
    today = train(member, plan, 1, [], "0")

    suggestions = suggestions_for(member, today)
    assert set(suggestions) == {squat.pk, press.pk}
    assert suggestions[press.pk].reason("kg") == "Same weight, 9 reps: 2×8 done last time"


def test_a_coach_reads_the_suggestions_of_a_members_session(member):
    coach = UserFactory(username="carol")
    coach.groups.add(Group.objects.get(name="coach"))
    invite_accept(member=member, code=invite_create(coach=coach).code)
    plan, template = legs(member)
    train(member, plan, 0, [5, 5, 5], "100")
    today = train(member, plan, 1, [], "0")

    assert suggestions_for(coach, today)[template.pk].weight_kg == Decimal("102.5")


def test_the_suggestions_cost_one_query_with_the_sets_loaded_however_long_the_history(member):
    plan, _template = legs(member)
    WorkoutTemplateFactory(plan=plan, exercise_name="Deadlift", sets=1, repetitions=5, position=1)
    equipment = Equipment.of(member)

    def cost(today):
        with rls.user_context(member):
            session = session_for_logging(member, today.pk)
            return queries_of(lambda: exercise_blocks(session, equipment))

    train(member, plan, 0, [5, 5, 5], "100")
    small = cost(train(member, plan, 1, [], "0"))
    for day in range(2, 14):
        train(member, plan, day, [5, 5, 4, 5], "100")
    large = cost(train(member, plan, 20, [], "0"))

    assert small[0] == 1
    assert_same_queries(small, large)
