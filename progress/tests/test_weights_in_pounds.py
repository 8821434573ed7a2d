"""A member who uses pounds reads back what they typed: every set weight, total and best on the
session page and the progress pages is the figure added up in Decimal from the pounds typed,
logged through the session page as the page's script logs (gymtracker.units: a set's weight is
stored exactly, and so is every sum and best of it)."""

import datetime
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from gymtracker.units import format_weight
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress import charts
from progress.models import PersonalRecord
from progress.selectors import RECENT_LIMIT
from sessions.services import session_start, set_add

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
EXERCISES = ("Bench Press (Barbell)", "Squat (Barbell)")


def shown(pounds):
    """A figure in pounds as the pages write it: "6775 lb", "137.5 lb", "135.25 lb"."""
    normal = pounds.normalize()
    return f"{normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal:f} lb"


class Member:
    """A member in pounds with a plan of EXERCISES, signed in, logging sets through the session
    page: `log` adds a set to the day's session (started when first needed) and logs it."""

    def __init__(self, username="paula"):
        self.user = UserFactory(username=username, email=f"{username}@example.com", weight_unit="lb")
        self.plan = WorkoutPlanFactory(user=self.user, name="Strength")
        self.templates = {
            name: WorkoutTemplateFactory(plan=self.plan, exercise_name=name, sets=1, repetitions=5, position=position)
            for position, name in enumerate(EXERCISES)
        }
        self.client = Client()
        self.client.force_login(self.user)
        self.sessions = {}
        self.totals = defaultdict(Decimal)

    def log(self, day, exercise, reps, pounds):
        session = self.sessions.get(day)
        if session is None:
            session = self.sessions[day] = session_start(user=self.user, plan=self.plan, date=day)
        # Each set its own: the planned ones are left undone, which counts for nothing.
        workout_set = set_add(session=session, template=self.templates[exercise])
        url = reverse("sessions:set_log", args=[session.pk, workout_set.pk])
        data = {f"set-{workout_set.pk}-actual_reps": str(reps), f"set-{workout_set.pk}-weight_kg": f"{pounds}"}
        answer = self.client.post(url, data, **JSON)
        assert answer.status_code == 200, answer.content
        # The set's row, in place, shows the weight as typed, and the session's totals (from the
        # log's own database call, workouts_set_log) what was typed so far.
        html = answer.json()["html"]
        typed = shown(pounds).removesuffix(" lb")
        assert f'name="set-{workout_set.pk}-weight_kg" value="{typed}"' in html[f"set-{workout_set.pk}-form"]
        self.totals[day] += reps * pounds
        assert figure(r"<strong>([^<]+)</strong> lifted", html["session-totals"]) == shown(self.totals[day])

    def page(self, url):
        cache.clear()  # the page as made now, not a fragment kept from before
        response = self.client.get(url)
        assert response.status_code == 200
        return response.content.decode()


def monday(day):
    return day - datetime.timedelta(days=day.weekday())


def figure(pattern, page):
    """The one figure `pattern` (a regular expression with one group) finds on the page."""
    found = re.findall(pattern, page)
    assert len(found) == 1, (pattern, found)
    return found[0]


def expect_pages_to_show(member, logged):
    """Every total and best on the pages is its figure added up from `logged` (day, exercise,
    reps, pounds typed), in Decimal."""
    today = timezone.localdate()
    by_session = defaultdict(Decimal)
    for day, _exercise, reps, pounds in logged:
        by_session[day] += reps * pounds
    for day, total in by_session.items():
        page = member.page(reverse("sessions:detail", args=[member.sessions[day].pk]))
        assert figure(r"<strong>([^<]+)</strong> lifted", page) == shown(total), day
    listed_sessions = member.page(reverse("sessions:list"))
    newest_first = [shown(by_session[day]) for day in sorted(by_session, reverse=True)]
    assert re.findall(r"reps · ([0-9.]+ lb)", listed_sessions) == newest_first

    dashboard = member.page(reverse("progress:dashboard"))
    this_week = sum((reps * pounds for day, _, reps, pounds in logged if monday(day) == monday(today)), Decimal(0))
    assert figure(r"<strong>([^<]+)</strong> this week", dashboard) == shown(this_week)
    recent = [shown(by_session[day]) for day in sorted(by_session, reverse=True) if (today - day).days < 30]
    assert re.findall(r"done · ([0-9.]+ lb)", dashboard) == recent[:RECENT_LIMIT]

    exercises = member.page(reverse("progress:exercises"))
    for exercise in {exercise for _, exercise, _, _ in logged}:
        sets = [(day, reps, pounds) for day, name, reps, pounds in logged if name == exercise]
        best = max(pounds for _, _, pounds in sets)
        listed = rf'{re.escape(exercise)}</a></th>\s*<td class="num">{len(sets)}</td>\s*<td class="num">([^<]+)</td>'
        assert figure(listed, exercises) == shown(best), exercise

        page = member.page(reverse("progress:exercise", args=[exercise.lower()]))
        volume = sum((reps * pounds for _, reps, pounds in sets), Decimal(0))
        assert figure(r"<strong>([^<]+)</strong> heaviest", page) == shown(best), exercise
        reps_done = sum(reps for _, reps, _ in sets)
        assert figure(rf"{reps_done} reps and ([^<]+) lifted in all", page) == shown(volume), exercise
        weeks = defaultdict(list)
        for day, reps, pounds in sets:
            weeks[monday(day)].append((reps, pounds))
        rows = {
            head: (best_set, volume_cell)
            for head, best_set, volume_cell in re.findall(
                r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td>'
                r'<td class="num">[^<]+</td><td class="num">[^<]+</td><td class="num">([^<]+)</td></tr>',
                page,
            )
        }
        assert rows == {
            charts.day_label(week): (
                shown(max(pounds for _, pounds in done)),
                shown(sum((reps * pounds for reps, pounds in done), Decimal(0))),
            )
            for week, done in weeks.items()
        }, exercise
        # Every record's set is shown as typed.
        for weight in re.findall(r"× ([0-9.]+ lb)", page):
            assert weight in {shown(pounds) for _, _, pounds in sets}, (exercise, weight)


def expect_weight_records(member, logged):
    """The weight records are the sets heavier than every set before them (by day, then order of
    logging), in pounds: a set as heavy as an earlier one is a tie, no record."""
    expected = []
    for exercise in EXERCISES:
        best = Decimal(0)
        # sorted() is stable: a day's sets stay in the order they were logged.
        for day, _name, _reps, pounds in sorted((e for e in logged if e[1] == exercise), key=lambda e: e[0]):
            if pounds > best:
                expected.append((exercise.lower(), day, shown(pounds)))
                best = pounds
    records = PersonalRecord.objects.for_user(member.user).filter(kind="weight")
    assert sorted((r.exercise, r.date, format_weight(r.value, "lb")) for r in records) == sorted(expected)


# --- The example ---------------------------------------------------------------------------


def test_a_history_of_6775_lb_shows_as_6775_lb():
    """185 lb × 5 × 3 and 200 lb × 5 × 4. Kept to 0.01 kg a set, 185 lb was 83.91 kg and 200 lb
    90.72 kg: 3073.05 kg in all, shown as 6774.9 lb."""
    member = Member()
    today = timezone.localdate()
    logged = [(monday(today), EXERCISES[0], 5, Decimal(185))] * 3 + [(today, EXERCISES[0], 5, Decimal(200))] * 4
    for day, exercise, reps, pounds in logged:
        member.log(day, exercise, reps, pounds)
    expect_pages_to_show(member, logged)
    exercise_page = member.page(reverse("progress:exercise", args=[EXERCISES[0].lower()]))
    assert "35 reps and 6775 lb lifted in all" in exercise_page


def test_an_exercises_total_kept_set_by_set_stays_exact():
    """Each log adds its set to the exercise's statistics (progress_sets_changed): kept to 0.01 kg,
    each addition of 135 lb × 5 (306.17484975 kg) would round again, and ten of them drift to
    6749.9 lb."""
    member = Member()
    today = timezone.localdate()
    logged = [(today, EXERCISES[0], 5, Decimal(135))] * 10
    for entry in logged:
        member.log(*entry)
    expect_pages_to_show(member, logged)
    assert "50 reps and 6750 lb lifted in all" in member.page(reverse("progress:exercise", args=[EXERCISES[0].lower()]))


def test_a_set_as_heavy_as_an_earlier_one_is_no_record_in_pounds():
    """135 lb twice is a tie: stored exactly both times, and so is the record it is compared with."""
    member = Member()
    today = timezone.localdate()
    logged = [(today - datetime.timedelta(days=2), EXERCISES[0], 5, Decimal(135))]
    logged += [(today - datetime.timedelta(days=1), EXERCISES[0], 5, Decimal(135))]
    logged += [(today, EXERCISES[0], 5, Decimal("135.5"))]
    for entry in logged:
        member.log(*entry)
    expect_weight_records(member, logged)


# --- Any history -----------------------------------------------------------------------------------

POUNDS = st.one_of(
    st.decimals(min_value=1, max_value=1000, places=1),  # to the tenth: what most racks load
    st.decimals(min_value=1, max_value=1000, places=2),  # to the hundredth, which a set may be typed to
    st.integers(min_value=4, max_value=4000).map(lambda quarters: Decimal(quarters) / 4),  # fractional plates
)
HISTORY = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=20),  # days ago: this week, the last and the one before
        st.sampled_from(EXERCISES),
        st.integers(min_value=1, max_value=30),
        POUNDS,
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=HISTORY)
def test_every_total_and_best_in_pounds_is_the_sum_of_what_was_typed(db, history):
    sid = transaction.savepoint_create()
    try:
        member = Member()
        today = timezone.localdate()
        logged = [
            (today - datetime.timedelta(days=ago), exercise, reps, pounds) for ago, exercise, reps, pounds in history
        ]
        for entry in logged:
            member.log(*entry)
        expect_pages_to_show(member, logged)
        expect_weight_records(member, logged)
    finally:
        transaction.savepoint_rollback(sid)
