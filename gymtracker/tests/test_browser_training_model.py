"""The training model end to end, in a real browser at phone size (Debian's Chromium, Playwright):
a body weight logged, a plan picked from the library with a superset, a bodyweight and a timed
exercise, a session of it logged with a warm-up, and the totals, records and progress that follow,
every figure worked out here from what was typed."""

import os
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import log_in
from sessions.models import WorkoutSet

pytestmark = pytest.mark.django_db(transaction=True)

# Where the pages are photographed at phone size, for looking at them (unset: not photographed),
# e.g. TRAINING_SCREENSHOTS=/tmp/e2e gives /tmp/e2e-plan-form.png and so on.
SCREENSHOTS = os.environ.get("TRAINING_SCREENSHOTS", "")

BODY_WEIGHT = 80  # kg, logged before the session: what a set of dips moves
WARMUP = (40, 10)  # the bench's first set, made a warm-up: weight, reps
BENCH = [(80, 5), (80, 5)]  # its working sets
DIPS = [10, 8]  # reps of each set of dips
PLANK = "1:00"


def snap(page: Page, name: str, top: Locator | None = None) -> None:
    """The screen as the phone shows it (390 × 844), scrolled to `top` if given."""
    if not SCREENSHOTS:
        return
    if top is not None:
        top.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.screenshot(path=f"{SCREENSHOTS}-{name}.png")


def kg(value: Decimal | int) -> str:
    """A weight as the pages write it: no trailing zeros, two places at most."""
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f} kg"


def pick(page: Page, combobox: Locator, typed: str, option: re.Pattern[str]) -> None:
    """Types into an exercise's combobox and taps a suggestion."""
    combobox.press_sequentially(typed, delay=40)
    suggestions = page.locator(f"#{combobox.get_attribute('aria-controls')}")
    expect(suggestions).to_be_visible()
    suggestions.get_by_role("option", name=option).click()
    expect(suggestions).to_be_hidden()


def test_a_library_plan_with_a_superset_bodyweight_and_timed_exercise_logged_with_a_warmup(phone, site):
    with rls.system_context("tests"):
        UserFactory(username="lifter")
    page = phone.new_page()
    log_in(page, site, "lifter")

    # A body weight first: a set of dips moves it.
    page.goto(f"{site}/progress/body-weight/")
    page.get_by_role("spinbutton", name="Body weight (kg)").fill(str(BODY_WEIGHT))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(r"Body weight for .+ saved"))
    expect(page.locator(".progress-table tbody tr")).to_have_count(1)
    expect(page.locator(".progress-table tbody td.num")).to_have_text(kg(BODY_WEIGHT))

    # The plan, every exercise taken from the library's suggestions.
    page.goto(f"{site}/plans/new/")
    page.fill("input[name=name]", "Push A")
    bench_name = page.get_by_role("combobox", name="Name of exercise 1")
    bench_name.press_sequentially("bench", delay=40)
    suggestions = page.get_by_role("listbox", name="Suggested exercises")
    expect(suggestions).to_be_visible()
    barbell = suggestions.get_by_role("option", name=re.compile(r"^Bench Press \(Barbell\) Weight × reps"))
    expect(barbell).to_be_visible()
    snap(page, "plan-form")
    bench_name.press("ArrowDown")
    expect(barbell).to_have_attribute("aria-selected", "true")  # the best match comes first
    bench_name.press("Enter")
    expect(bench_name).to_have_value("Bench Press (Barbell)")
    page.fill("input[name$='-0-sets']", "3")
    page.fill("input[name$='-0-repetitions']", "5")

    page.get_by_role("button", name="Add exercise").click()
    dips_name = page.get_by_role("combobox", name="Name of exercise 2")
    pick(page, dips_name, "dips", re.compile(r"^Dips Bodyweight reps"))
    expect(dips_name).to_have_value("Dips")
    page.fill("input[name$='-1-sets']", str(len(DIPS)))
    page.fill("input[name$='-1-repetitions']", str(DIPS[0]))
    page.get_by_label("Superset with the exercise above (exercise 2)").check()

    page.get_by_role("button", name="Add exercise").click()
    plank_name = page.get_by_role("combobox", name="Name of exercise 3")
    pick(page, plank_name, "plank", re.compile(r"^Plank Duration"))
    expect(plank_name).to_have_value("Plank")
    page.fill("input[name$='-2-sets']", "1")
    page.get_by_role("button", name="Create plan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Push A")
    bracket = page.locator(".superset-group")
    expect(bracket).to_contain_text("Superset A")
    expect(bracket.get_by_role("listitem")).to_have_text(
        [
            re.compile(r"\bA1 Bench Press \(Barbell\)\s+3 sets of 5 reps"),
            re.compile(rf"\bA2 Dips\s+{len(DIPS)} sets of {DIPS[0]} reps"),
        ]
    )
    expect(page.locator(".exercise-list > li").last).to_contain_text("Plank")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    snap(page, "plan")

    # The session: A1 and A2 in a bracket, done in turn.
    page.get_by_role("button", name="Start a session").click()
    expect(page.get_by_role("group", name=re.compile(r"^Superset A"))).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="A1 Bench Press (Barbell)")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="A2 Dips")).to_be_visible()
    bench, dips, plank = (
        page.locator(".exercise").filter(has=page.get_by_role("heading", level=2, name=name))
        for name in ("A1 Bench Press (Barbell)", "A2 Dips", "Plank")
    )
    bench_sets, dips_sets, plank_sets = (exercise.locator(".set-row") for exercise in (bench, dips, plank))
    # Each set asks what its exercise's kind records.
    expect(bench.locator(".set-head")).to_have_text(re.compile(r"Set\s*Last\s*kg\s*Reps\s*RPE"))
    expect(dips.locator(".set-head")).to_have_text(re.compile(r"Set\s*Last\s*Reps\s*RPE"))
    expect(plank.locator(".set-head")).to_have_text(re.compile(r"Set\s*Last\s*Time\s*RPE"))
    expect(dips_sets.locator("input[name$='-weight_kg']")).to_have_count(0)
    # A timed set has no target reps, whatever the plan's row held.
    expect(plank_sets.get_by_role("button", name="Set 1: make it a warm-up set")).to_be_visible()

    current = page.locator(".set-row.current")
    totals = page.locator("#session-totals")
    steps = page.locator("#set-extra")
    expect(current).to_have_id(str(bench_sets.nth(0).get_attribute("id")))
    expect(steps).to_be_visible()  # the ± plate steps for a weight on the bar

    # The bench's first set made a warm-up with one tap on its number.
    warmup = bench_sets.nth(0)
    warmup.get_by_role("button", name="Set 1, target 5 reps: make it a warm-up set").click()
    expect(warmup.locator(".type-mark")).to_have_text("W")
    warmup.locator("input[name$='-weight_kg']").fill(str(WARMUP[0]))
    warmup.locator("input[name$='-actual_reps']").fill(str(WARMUP[1]))

    def log(row: Locator, done: int) -> None:
        row.locator(".tick").click()
        expect(row).to_have_class(re.compile(r"\bdone\b"))
        expect(totals).to_contain_text(f"{done}/6")

    log(warmup, 1)
    expect(totals).to_have_text(re.compile(r"1/6\s*sets\s*0\s*reps\s*0 kg\s*lifted"))  # a warm-up counts for nothing
    # Then A2's first set, not the bench's second: a round is a set of each.
    expect(current).to_have_id(str(dips_sets.nth(0).get_attribute("id")))
    expect(steps).to_be_hidden()  # no weight to step on a set of dips
    dips_sets.nth(0).locator("input[name$='-actual_reps']").fill(str(DIPS[0]))
    log(dips_sets.nth(0), 2)

    expect(current).to_have_id(str(bench_sets.nth(1).get_attribute("id")))
    expect(steps).to_be_visible()
    bench_sets.nth(1).locator("input[name$='-weight_kg']").fill(str(BENCH[0][0]))
    bench_sets.nth(1).locator("input[name$='-actual_reps']").fill(str(BENCH[0][1]))
    log(bench_sets.nth(1), 3)
    so_far = BENCH[0][0] * BENCH[0][1] + BODY_WEIGHT * DIPS[0]
    expect(totals).to_have_text(re.compile(rf"3/6\s*sets\s*{BENCH[0][1] + DIPS[0]}\s*reps\s*{kg(so_far)}\s*lifted"))

    expect(current).to_have_id(str(dips_sets.nth(1).get_attribute("id")))
    dips_sets.nth(1).locator("input[name$='-actual_reps']").fill(str(DIPS[1]))
    log(dips_sets.nth(1), 4)

    expect(current).to_have_id(str(bench_sets.nth(2).get_attribute("id")))
    # The weight just lifted is filled in (the warm-up's was not carried).
    expect(bench_sets.nth(2).locator("input[name$='-weight_kg']")).to_have_value(str(BENCH[1][0]))
    bench_sets.nth(2).locator("input[name$='-actual_reps']").fill(str(BENCH[1][1]))
    log(bench_sets.nth(2), 5)

    expect(current).to_have_id(str(plank_sets.nth(0).get_attribute("id")))
    time = plank_sets.nth(0).get_by_label("Time")
    time.fill(PLANK)
    snap(page, "session", top=page.locator(".superset"))
    log(plank_sets.nth(0), 6)
    expect(time).to_have_value(PLANK)

    # The records: the first working bench set only, not the warm-up (lighter, but the first
    # bench set logged) nor the second working set (no better than the first).
    record = page.locator(".badge.record")
    expect(warmup.locator(".badge.record")).to_have_count(0)
    expect(bench_sets.nth(1).locator(".badge.record")).to_have_text(re.compile(r"^PR"))
    expect(bench_sets.nth(1).locator(".badge.record")).to_have_attribute("title", re.compile("Heaviest weight"))
    expect(bench_sets.nth(2).locator(".badge.record")).to_have_count(0)
    expect(dips_sets.nth(0).locator(".badge.record")).to_have_count(1)  # the first set of dips
    # The plank's first hold is its longest so far.
    expect(plank_sets.nth(0).locator(".badge.record")).to_have_attribute("title", re.compile("Longest time"))
    expect(record).to_have_count(3)

    # The totals: reps and volume of the working sets, dips at body weight × reps.
    volume = sum(weight * reps for weight, reps in BENCH) + BODY_WEIGHT * sum(DIPS)
    reps = sum(reps for _, reps in BENCH) + sum(DIPS)
    assert (volume, reps) == (2240, 28)
    expect(totals).to_have_text(re.compile(rf"6/6\s*sets\s*{reps}\s*reps\s*{kg(volume)}\s*lifted"))
    page.reload()  # the same from the server
    expect(totals).to_have_text(re.compile(rf"6/6\s*sets\s*{reps}\s*reps\s*{kg(volume)}\s*lifted"))
    expect(warmup.locator(".type-mark")).to_have_text("W")
    expect(plank_sets.nth(0).get_by_label("Time")).to_have_value(PLANK)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with rls.system_context("tests"):
        logged = {
            (s.template.exercise_name, s.position): s
            for s in WorkoutSet.objects.filter(completed_at__isnull=False).select_related("template")
        }
        assert [s.set_type for (name, _), s in sorted(logged.items()) if name == "Bench Press (Barbell)"] == [
            "warmup",
            "normal",
            "normal",
        ]
        assert [(s.actual_reps, s.weight_kg) for (name, _), s in sorted(logged.items()) if name == "Dips"] == [
            (reps, BODY_WEIGHT) for reps in DIPS
        ]
        assert [s.duration_seconds for (name, _), s in logged.items() if name == "Plank"] == [60]

    # Progress: this week's volume and the session's, with the warm-up left out.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    this_week = page.get_by_role("list", name="This week")
    expect(this_week.get_by_role("listitem").first).to_have_text(re.compile(rf"^{kg(volume)} this week"))
    working_sets = len(BENCH) + len(DIPS) + 1  # and the plank's
    session_card = page.locator(".card").filter(has_text="Push A")
    expect(session_card).to_contain_text(f"{working_sets} working sets done · {kg(volume)}")
    snap(page, "progress")

    best_weight, best_reps = max(BENCH)
    e1rm = Decimal(best_weight) * (1 + Decimal(best_reps) / 30)
    bench_row = page.locator(".progress-table tbody tr").filter(has_text="Bench Press (Barbell)")
    expect(bench_row.locator("td")).to_have_text([str(len(BENCH)), kg(best_weight), kg(e1rm), re.compile(r"\d")])
    snap(page, "progress-exercises", top=page.get_by_role("heading", name="Exercises"))

    # The bench's own page: its best and its volume, the warm-up in neither.
    bench_row.get_by_role("link", name="Bench Press (Barbell)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bench Press (Barbell)")
    stats = page.get_by_role("list", name="Totals")
    expect(stats.get_by_role("listitem")).to_have_text(
        [f"{kg(best_weight)} heaviest", f"{kg(e1rm)} est. 1RM", f"{len(BENCH)} sets"]
    )
    bench_volume = sum(weight * reps for weight, reps in BENCH)
    expect(
        page.get_by_text(re.compile(rf"^{sum(r for _, r in BENCH)} reps and {kg(bench_volume)} lifted in all"))
    ).to_be_visible()
    records = page.get_by_role("list", name="Current records")
    expect(records).to_contain_text(f"{kg(best_weight)} Heaviest weight ({best_reps} × {kg(best_weight)}")
    expect(records).not_to_contain_text(kg(WARMUP[0]))
    snap(page, "bench")
