"""The session page at the rack: what a set still to do is filled in with (the plan's
progression, with its reason), the plates for it, the warm-up sets, and the rest per exercise."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.services import session_start, set_log
from sessions.tests.test_views import first_set, row_of

pytestmark = pytest.mark.django_db


def squat_plan(member, **rules):
    plan = WorkoutPlanFactory(user=member, name="Strength")
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat", sets=3, repetitions=5, position=0, **rules)
    return plan


def done_at(member, plan, day, weight, reps=(5, 5, 5)):
    workout = session_start(user=member, plan=plan, date=datetime.date(2026, 11, day))
    for workout_set, done in zip(workout.sets.order_by("position"), reps, strict=True):
        set_log(workout_set=workout_set, actual_reps=done, weight_kg=Decimal(weight))
    return workout


def page_of(client, workout):
    response = client.get(reverse("sessions:detail", args=[workout.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_after_every_set_hit_linear_progression_fills_in_more_weight_and_says_why(signed_in, member):
    plan = squat_plan(member, progression="linear")
    done_at(member, plan, 13, "100")
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = page_of(signed_in, today)

    for workout_set in today.sets.all():
        assert f'name="set-{workout_set.pk}-weight" value="102.5"' in row_of(page, workout_set)
    assert '<span class="reason">+2.5 kg: 3×5 done last time</span>' in page


def test_after_sessions_short_of_target_the_deload_fills_in_less(signed_in, member):
    plan = squat_plan(member, progression="linear", deload_after=2, deload_percent=10)
    done_at(member, plan, 10, "100", reps=(5, 4, 3))
    done_at(member, plan, 13, "100", reps=(5, 5, 4))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = page_of(signed_in, today)

    assert f'name="set-{first_set(today).pk}-weight" value="90"' in page
    assert "Deload −10 %: 2 sessions short of target" in page


def test_the_weight_just_lifted_fills_in_the_sets_after_it(signed_in, member):
    plan = squat_plan(member, progression="linear")
    done_at(member, plan, 13, "100")
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    first, second, _ = today.sets.order_by("position")
    set_log(workout_set=first, actual_reps=5, weight_kg=Decimal("97.5"))  # the member's own call
    assert f'name="set-{second.pk}-weight" value="97.5"' in row_of(page_of(signed_in, today), second)


@pytest.mark.parametrize(
    ("unit", "typed", "plates"),
    [("kg", "102.5", "25 · 15 · 1.25"), ("lb", "225", "45 · 45"), ("kg", "20", "bar")],
)
def test_the_next_set_shows_its_plates_and_the_page_has_every_loadable_weight(signed_in, member, unit, typed, plates):
    member.weight_unit = unit
    member.save()
    plan = squat_plan(member)
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 13))
    weight = signed_in.post(
        reverse("sessions:set_log", args=[earlier.pk, first_set(earlier).pk]),
        {f"set-{first_set(earlier).pk}-actual_reps": "5", f"set-{first_set(earlier).pk}-weight": typed},
    )
    assert weight.status_code == 302
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = page_of(signed_in, today)

    current = row_of(page, first_set(today))
    assert 'class="set-row current"' in page
    shown = "The bar alone" if plates == "bar" else f"{plates} a side"
    assert f'<span class="plates" id="plates" aria-live="polite">{shown}</span>' in current
    table = json.loads(re.search(r'<script id="plate-table" type="application/json">(.*?)</script>', page).group(1))
    assert table[typed] == plates
    assert len(table) > 100  # every loadable weight up to the heaviest a set may hold


def test_warm_ups_climb_to_the_first_working_weight_in_loadable_steps(signed_in, member):
    plan = squat_plan(member, progression="none")
    done_at(member, plan, 13, "100")
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = page_of(signed_in, today)

    warmup = page[page.index('<details class="warmup"') : page.index("</details>")]
    assert "Warm-up: 4 sets to 100 kg" in warmup
    shown = re.findall(r"> ([\d.]+ kg) × (\d+)</label>", warmup)
    assert shown == [("20 kg", "10"), ("40 kg", "5"), ("60 kg", "3"), ("80 kg", "2")]
    assert "the bar" in warmup
    assert "20 a side" in warmup  # 60 kg


def test_no_warm_ups_once_the_exercise_has_a_set_logged(signed_in, member):
    plan = squat_plan(member)
    done_at(member, plan, 13, "100")
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    set_log(workout_set=first_set(today), actual_reps=5, weight_kg=Decimal("100"))
    assert 'class="warmup"' not in page_of(signed_in, today)


def test_each_exercise_rests_its_own_time_and_the_timer_can_be_switched_off(signed_in, member):
    plan = WorkoutPlanFactory(user=member)
    heavy = WorkoutTemplateFactory(plan=plan, exercise_name="Deadlift", sets=1, repetitions=3, position=0)
    light = WorkoutTemplateFactory(plan=plan, exercise_name="Curl", sets=1, repetitions=12, position=1, rest_seconds=45)
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = page_of(signed_in, today)
    assert f'id="exercise-{heavy.pk}" aria-labelledby="exercise-{heavy.pk}-name" data-rest="180"' in page
    assert f'id="exercise-{light.pk}" aria-labelledby="exercise-{light.pk}-name" data-rest="45"' in page
    assert 'id="rest-timer"' in page

    member.rest_timer = False
    member.save()
    assert 'id="rest-timer"' not in page_of(signed_in, today)


def test_the_rest_timer_picks_up_from_the_latest_set_logged(signed_in, member):
    plan = squat_plan(member)
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    first, second, _ = today.sets.order_by("position")
    set_log(workout_set=first, actual_reps=5, weight_kg=Decimal("100"))
    set_log(workout_set=second, actual_reps=5, weight_kg=Decimal("100"))
    second.refresh_from_db()
    page = page_of(signed_in, today)
    assert f'data-from="{second.completed_at.isoformat()}" data-set="{second.pk}"' in page


def test_the_session_page_costs_the_same_queries_with_progression_and_more_history(signed_in, member):
    def cost(days):
        plan = squat_plan(member, progression="linear", deload_after=3)
        for day in days:
            done_at(member, plan, day, "100")
        today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 25))
        return queries_of(lambda: signed_in.get(reverse("sessions:detail", args=[today.pk])))

    small = cost([1])
    member.refresh_from_db()
    large = cost(range(2, 20))
    assert large[1].status_code == 200
    assert_same_queries(small, large)
