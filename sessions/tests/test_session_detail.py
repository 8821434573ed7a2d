"""The session page (`session_detail`): exercises, targets and totals, last time's numbers, records,
and at the rack what a set still to do is filled in with (the plan's progression, with its
reason), its plates, the warm-up sets and the rest per exercise; the script and manifest it names."""

import datetime
import html.parser
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.selectors import session_for_logging
from sessions.services import session_start, set_log
from sessions.tests.helpers import costs_the_same_queries_with_more_data, first_set, make_plan

pytestmark = pytest.mark.django_db


def row_of(page: str, workout_set) -> str:
    """The markup of one set's row on the session page."""
    start = page.index('<li class="set-row')
    start = page.index(f'id="set-{workout_set.pk}"', start)
    return page[start : page.index("</li>", start)]


def squat_plan(member, **rules):
    plan = WorkoutPlanFactory(user=member, name="Strength")
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat (Barbell)", sets=3, repetitions=5, position=0, **rules)
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


class FormPlaces(html.parser.HTMLParser):
    """Each <form> of a page with the elements it sits in."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.forms: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms.append(list(self.open))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def test_no_form_of_the_page_sits_in_an_element_that_holds_only_text(signed_in, session):
    # HTML allows a form only where flow content may go: never in a span, a label or a paragraph
    # (the set's number, the button that changes its type, once sat in a span).
    set_log(workout_set=first_set(session), actual_reps=8, weight_kg=Decimal("60"))
    places = FormPlaces()
    places.feed(page_of(signed_in, session))
    assert len(places.forms) > 10
    phrasing = {"span", "a", "button", "label", "p", "em", "strong", "small", "output", "h1", "h2", "h3"}
    assert [inside for inside in places.forms if phrasing & set(inside)] == []


# --- What was done and what to do -----------------------------------------------------------------


def test_the_session_page_shows_exercises_targets_and_totals(signed_in, session):
    workout_set = first_set(session)
    set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal("60"))
    response = signed_in.get(reverse("sessions:detail", args=[session.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bench Press (Barbell)" in page
    assert "Dips" in page
    assert "target 8" in page
    assert "<strong>1/4</strong> sets" in page
    assert "<strong>8</strong> reps" in page
    assert "<strong>480 kg</strong> lifted" in page


def test_the_previous_sessions_numbers_are_shown_as_a_hint(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 13))
    for workout_set, weight in zip(earlier.sets.order_by("position")[:2], ["60", "62.5"], strict=True):
        set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal(weight))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).content.decode()

    assert "Last time Fri 13 Nov" in page
    # Each row shows its own set of last time: reps × weight in the member's unit.
    first, second = today.sets.order_by("position")[:2]
    assert "last time </span>8×<wbr>60</span>" in row_of(page, first)
    assert "last time </span>8×<wbr>62.5</span>" in row_of(page, second)
    # The planned sets are filled in with last time's working weight (the heaviest: the plan's
    # progression, plans.training.suggest, is "none"), and the page says why.
    assert f'name="set-{first_set(today).pk}-weight_kg" value="62.5"' in page
    assert '<span class="reason">Same weight: 1 of 2 sets hit 8 reps</span>' in page


def test_the_hint_finds_the_exercise_by_name_in_any_plan_and_skips_sessions_without_it(signed_in, member, plan):
    other_plan = make_plan(member, "Upper", [("bench PRESS", 1, 5), ("Rows", 1, 10)])
    older = session_start(user=member, plan=other_plan, date=datetime.date(2026, 11, 10))
    set_log(workout_set=first_set(older), actual_reps=5, weight_kg=Decimal("70"))
    later = session_start(user=member, plan=other_plan, date=datetime.date(2026, 11, 12))
    set_log(workout_set=later.sets.get(position=1), actual_reps=10, weight_kg=Decimal("40"))  # rows only
    deleted = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 14))
    set_log(workout_set=first_set(deleted), actual_reps=8, weight_kg=Decimal("99"))
    deleted.soft_delete()
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).content.decode()

    assert "Last time Tue 10 Nov" in page
    assert "last time </span>5×<wbr>70</span>" in row_of(page, first_set(today))
    assert "99 kg" not in page


def test_a_set_that_beats_the_members_best_is_marked_as_a_record(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 13))
    set_log(workout_set=first_set(earlier), actual_reps=8, weight_kg=Decimal("60"))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    heavier, lighter = today.sets.order_by("position")[:2]
    set_log(workout_set=heavier, actual_reps=8, weight_kg=Decimal("65"))
    set_log(workout_set=lighter, actual_reps=8, weight_kg=Decimal("55"))

    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).content.decode()

    heavier_row = page[page.index(f'id="set-{heavier.pk}"') : page.index(f'id="set-{lighter.pk}"')]
    lighter_row = page[page.index(f'id="set-{lighter.pk}"') :].split("</li>")[0]
    assert "Record!" in heavier_row
    assert "Record!" not in lighter_row


def test_a_session_without_comments_sends_no_query_for_them(signed_in, member, plan):
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    _, response, sent = queries_of(lambda: signed_in.get(reverse("sessions:detail", args=[session.pk])))

    assert response.status_code == 200
    reading_comments = [sql for sql in sent if "session_comments" in sql]
    assert len(reading_comments) == 1, "\n".join(sent)
    assert reading_comments[0].startswith('SELECT "workout_sessions"."created_at"'), reading_comments[0]


def test_the_sets_come_with_their_records_in_one_query(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 13))
    set_log(workout_set=first_set(earlier), actual_reps=8, weight_kg=Decimal("60"))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    set_log(workout_set=first_set(today), actual_reps=8, weight_kg=Decimal("65"))

    _, response, sent = queries_of(lambda: signed_in.get(reverse("sessions:detail", args=[today.pk])))

    assert "Record!" in response.content.decode()
    reading_records = [sql for sql in sent if "personal_records" in sql]
    assert len(reading_records) == 1, "\n".join(sent)
    assert reading_records[0].startswith('SELECT "workout_sets"."created_at"'), reading_records[0]


# --- At the rack: progression, plates, warm-ups, rest ---------------------------------------------


def test_after_every_set_hit_linear_progression_fills_in_more_weight_and_says_why(signed_in, member):
    plan = squat_plan(member, progression="linear")
    done_at(member, plan, 13, "100")
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = page_of(signed_in, today)

    for workout_set in today.sets.all():
        assert f'name="set-{workout_set.pk}-weight_kg" value="102.5"' in row_of(page, workout_set)
    assert '<span class="reason">+2.5 kg: 3×5 done last time</span>' in page


def test_after_sessions_short_of_target_the_deload_fills_in_less(signed_in, member):
    plan = squat_plan(member, progression="linear", deload_after=2, deload_percent=10)
    done_at(member, plan, 10, "100", reps=(5, 4, 3))
    done_at(member, plan, 13, "100", reps=(5, 5, 4))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = page_of(signed_in, today)

    assert f'name="set-{first_set(today).pk}-weight_kg" value="90"' in page
    assert "Deload −10 %: 2 sessions short of target" in page


def test_the_weight_just_lifted_fills_in_the_sets_after_it(signed_in, member):
    plan = squat_plan(member, progression="linear")
    done_at(member, plan, 13, "100")
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    first, second, _ = today.sets.order_by("position")
    set_log(workout_set=first, actual_reps=5, weight_kg=Decimal("97.5"))  # the member's own call
    assert f'name="set-{second.pk}-weight_kg" value="97.5"' in row_of(page_of(signed_in, today), second)


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
        {f"set-{first_set(earlier).pk}-actual_reps": "5", f"set-{first_set(earlier).pk}-weight_kg": typed},
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
    heavy = WorkoutTemplateFactory(plan=plan, exercise_name="Deadlift (Barbell)", sets=1, repetitions=3, position=0)
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


# --- Working offline ------------------------------------------------------------------------------


def test_the_session_page_names_the_manifest_and_its_script(signed_in, session):
    page = signed_in.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert 'rel="manifest"' in page
    assert "js/session." in page
    assert 'id="rest-timer"' in page
    manifest = json.loads((Path(settings.BASE_DIR) / "static" / "manifest.webmanifest").read_text())
    assert manifest["display"] == "standalone"


def test_the_service_worker_is_served_from_the_root_named_after_the_code(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "__VERSION__" not in body
    assert 'const VERSION = "' in body
    assert 'addEventListener("fetch"' in body


# --- Queries --------------------------------------------------------------------------------------


def test_the_session_page_costs_the_same_queries_with_more_data(signed_in, member):
    costs_the_same_queries_with_more_data(
        signed_in, member, lambda session: reverse("sessions:detail", args=[session.pk])
    )


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


def test_the_pages_totals_are_the_databases(member, session):
    sets = list(session.sets.order_by("position"))
    set_log(workout_set=sets[0], actual_reps=8, weight_kg=Decimal("82.5"))
    set_log(workout_set=sets[-1], actual_reps=12)  # body weight: no weight, no volume
    loaded = session_for_logging(member, session.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT planned_sets, done_sets, total_reps, tonnage FROM workouts_session_totals(%s)", [[session.pk]]
        )
        assert cursor.fetchone() == (loaded.planned_sets, loaded.done_sets, loaded.total_reps, loaded.tonnage)
    assert (loaded.done_sets, loaded.total_reps, loaded.tonnage) == (2, 20, Decimal("660.00"))
