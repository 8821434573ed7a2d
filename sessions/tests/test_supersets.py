"""A session of a plan with supersets: its sets planned round by round (A1, A2, A1, A2, …), the page
labelling them A1/A2 in a bracket with the next set to do following the rounds, and the rest
coming after each round rather than between its exercises."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.services import exercise_add, session_start, set_log
from sessions.tests.helpers import JSON, grow_history

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


def plan_with(member, exercises, name="Upper"):
    """`exercises`: (name, sets, superset) in the plan's order."""
    plan = WorkoutPlanFactory(user=member, name=name)
    for position, (exercise, sets, superset) in enumerate(exercises):
        WorkoutTemplateFactory(
            plan=plan, exercise_name=exercise, sets=sets, repetitions=8, position=position, superset=superset
        )
    return plan


def done_in_order(session):
    return [
        (s.template.exercise_name, s.position) for s in session.sets.select_related("template").order_by("position")
    ]


def names_in_order(session):
    return [name for name, _ in done_in_order(session)]


BENCH, ROW, SQUAT, CURL = "Bench Press (Barbell)", "Bent Over Row (Barbell)", "Squat (Barbell)", "Lunge (Dumbbell)"


# --- Starting a session ---------------------------------------------------------------------------


def test_a_supersets_sets_are_planned_round_by_round(member):
    plan = plan_with(member, [(SQUAT, 2, None), (BENCH, 3, 1), (ROW, 3, 1), (CURL, 1, None)])

    session = session_start(user=member, plan=plan, date=DAY)

    assert done_in_order(session) == [
        (SQUAT, 0),
        (SQUAT, 1),
        (BENCH, 2),
        (ROW, 3),
        (BENCH, 4),
        (ROW, 5),
        (BENCH, 6),
        (ROW, 7),
        (CURL, 8),
    ]


def test_with_uneven_sets_the_longer_exercise_finishes_alone_and_a_circuit_goes_round_all(member):
    plan = plan_with(member, [(BENCH, 4, 1), (ROW, 2, 1), (SQUAT, 1, 2), (CURL, 2, 2), ("Plank", 2, 2)])

    session = session_start(user=member, plan=plan, date=DAY)

    assert names_in_order(session) == [BENCH, ROW, BENCH, ROW, BENCH, BENCH, SQUAT, CURL, "Plank", CURL, "Plank"]
    assert [s.target_reps for s in session.sets.all()] == [8] * 11


# --- The session page -----------------------------------------------------------------------------


@pytest.fixture
def superset_session(member):
    plan = plan_with(member, [(SQUAT, 1, None), (BENCH, 2, 1), (ROW, 2, 1)])
    return session_start(user=member, plan=plan, date=DAY)


def page_of(client, session):
    response = client.get(reverse("sessions:detail", args=[session.pk]))
    assert response.status_code == 200
    return response.text


def sets_of(session, name):
    return list(session.sets.filter(template__exercise_name=name).order_by("position"))


def current_set(page):
    return re.search(r'<li class="set-row current" id="set-([0-9a-f-]+)"', page).group(1)


def test_the_page_labels_the_superset_a1_a2_inside_its_bracket(signed_in, superset_session):
    page = page_of(signed_in, superset_session)

    start = page.index('<div class="superset"')
    bracket = page[start : page.index("</section>\n</div>", start)]
    assert 'role="group" aria-labelledby="superset-A"' in bracket
    assert "Superset A" in bracket
    assert f'<span class="superset-label">A1</span> {BENCH}</h2>' in bracket
    assert f'<span class="superset-label">A2</span> {ROW}</h2>' in bracket
    assert SQUAT not in bracket
    assert f">{SQUAT}</h2>" in page  # on its own: no label


def test_after_a1s_set_the_next_set_is_a2s_and_then_a1s_again(signed_in, member, superset_session):
    squat, (bench_1, bench_2), (row_1, _) = (
        sets_of(superset_session, SQUAT)[0],
        sets_of(superset_session, BENCH),
        sets_of(superset_session, ROW),
    )
    set_log(workout_set=squat, actual_reps=5, weight_kg=Decimal("100"))
    assert current_set(page_of(signed_in, superset_session)) == str(bench_1.pk)

    # The plain form goes on to the next set; the page's script is told it too.
    response = signed_in.post(
        reverse("sessions:set_log", args=[superset_session.pk, bench_1.pk]),
        {f"set-{bench_1.pk}-actual_reps": "8", f"set-{bench_1.pk}-weight_kg": "60"},
    )
    assert response["Location"].endswith(f"#set-{row_1.pk}")
    assert current_set(page_of(signed_in, superset_session)) == str(row_1.pk)

    answer = signed_in.post(
        reverse("sessions:set_log", args=[superset_session.pk, row_1.pk]),
        {f"set-{row_1.pk}-actual_reps": "8", f"set-{row_1.pk}-weight_kg": "50"},
        **JSON,
    ).json()
    assert answer["upcoming"] == str(bench_2.pk)
    assert current_set(page_of(signed_in, superset_session)) == str(bench_2.pk)


def test_the_script_gets_the_rounds_order_and_where_no_rest_comes(signed_in, superset_session):
    squat, (bench_1, bench_2), (row_1, row_2) = (
        sets_of(superset_session, SQUAT)[0],
        sets_of(superset_session, BENCH),
        sets_of(superset_session, ROW),
    )

    page = page_of(signed_in, superset_session)

    flow = json.loads(re.search(r'<script id="superset-flow" type="application/json">(.*?)</script>', page).group(1))
    assert flow["order"] == [str(s.pk) for s in (squat, bench_1, row_1, bench_2, row_2)]
    # Straight on from A1 to A2; the rest (A2's own) after each round.
    assert flow["straight_on"] == [str(bench_1.pk), str(bench_2.pk)]


def test_a_session_without_supersets_gives_the_script_no_rounds(signed_in, session):
    page = page_of(signed_in, session)
    assert 'id="superset-flow"' not in page
    assert 'class="superset"' not in page


def test_an_exercise_added_from_another_plan_never_joins_the_sessions_superset(signed_in, member, superset_session):
    # Added after A2, from the member's "Extra exercises" plan, where it is in a superset 1 too.
    template = exercise_add(
        session=superset_session, exercise_name="Face pull", sets=1, repetitions=15, add_to_plan=False
    )
    template.superset = 1
    template.save(update_fields=["superset", "updated_at"])

    page = page_of(signed_in, superset_session)

    assert page.count('<div class="superset"') == 1
    assert f">{template.exercise_name}</h2>" in page


def test_a_set_added_to_a1_comes_in_a_round_of_its_own_after_the_others(signed_in, member, superset_session):
    bench = sets_of(superset_session, BENCH)
    for workout_set in superset_session.sets.all():
        set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal("50"))
    response = signed_in.post(reverse("sessions:set_add", args=[superset_session.pk, bench[0].template_id]))
    assert response.status_code == 302
    added = sets_of(superset_session, BENCH)[-1]

    page = page_of(signed_in, superset_session)

    assert current_set(page) == str(added.pk)
    flow = json.loads(re.search(r'<script id="superset-flow" type="application/json">(.*?)</script>', page).group(1))
    assert flow["order"][-1] == str(added.pk)


def test_the_session_page_costs_the_same_queries_with_supersets(signed_in, member):
    def cost(plan, history):
        grow_history(member, plan, history)
        today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20 + history))
        return queries_of(lambda: signed_in.get(reverse("sessions:detail", args=[today.pk])))

    small = cost(plan_with(member, [(SQUAT, 1, None)], name="Small"), 1)
    exercises = [(f"Lift {n}", 4, n // 2 + 1) for n in range(8)]
    large = cost(plan_with(member, exercises, name="Big"), 6)
    assert large[1].status_code == 200
    assert_same_queries(small, large)
