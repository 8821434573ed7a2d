"""A superset from the plan form to the rack, in a real browser at phone size (Debian's Chromium,
Playwright): two exercises ticked together, shown as A1/A2, done round by round, with the rest
timer waiting for the end of each round."""

import os
import re

import pytest
from playwright.sync_api import expect

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

# Where the pages are photographed, for looking at them (unset: not photographed).
SCREENSHOTS = os.environ.get("SUPERSET_SCREENSHOTS", "")


def snap(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-{name}.png", full_page=True)


def test_a_superset_made_on_the_plan_form_is_done_round_by_round(browser, site):
    with rls.system_context("tests"):
        UserFactory(username="lifter")
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    log_in(page, site, "lifter")

    page.goto(f"{site}/plans/new/")
    page.fill("input[name=name]", "Upper A")
    exercises = [("Squat (Barbell)", 1, 5), ("Bench Press (Barbell)", 3, 8), ("Bent Over Row (Barbell)", 3, 10)]
    for row, (exercise, sets, reps) in enumerate(exercises):
        if row:
            page.get_by_role("button", name="Add exercise").click()
        page.fill(f"input[name$='-{row}-exercise_name']", exercise)
        page.fill(f"input[name$='-{row}-sets']", str(sets))
        page.fill(f"input[name$='-{row}-repetitions']", str(reps))
    # The first exercise has nothing above it: no tick is offered there.
    expect(page.locator("input[name$='-0-with_previous']")).to_be_hidden()
    page.get_by_label("Superset with the exercise above (exercise 3)").check()
    snap(page, "form")
    page.get_by_role("button", name="Create plan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Upper A")
    bracket = page.locator(".superset-group")
    expect(bracket).to_contain_text("Superset A")
    expect(bracket.get_by_role("listitem")).to_have_text([re.compile(r"\bA1 Bench"), re.compile(r"\bA2 Bent Over Row")])
    snap(page, "plan")

    page.get_by_role("button", name="Start a session").click()
    expect(page.get_by_role("heading", level=2, name="A1 Bench Press (Barbell)")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="A2 Bent Over Row (Barbell)")).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("Superset A"))).to_be_visible()

    squat, bench, row = (page.locator(".exercise").filter(has_text=name) for name, _, _ in exercises)
    current = page.locator(".set-row.current")
    timer = page.locator("#rest-timer")
    squat.locator(".tick").click()
    expect(timer).to_be_visible()  # the squat's own rest
    expect(current).to_have_count(1)
    expect(bench.locator(".set-row").nth(0)).to_have_class(re.compile("current"))

    # A1's set: straight on to A2's, no rest between them.
    bench.locator(".set-row").nth(0).locator(".tick").click()
    expect(row.locator(".set-row").nth(0)).to_have_class(re.compile("current"))
    expect(timer).to_be_hidden()
    snap(page, "session")

    # A2's set ends the round: the rest runs, and the next set is A1's second.
    row.locator(".set-row").nth(0).locator(".tick").click()
    expect(bench.locator(".set-row").nth(1)).to_have_class(re.compile("current"))
    expect(timer).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("3/7")

    # With no connection the page knows the rounds itself: A1's set waits, A2's is next (not A1's third).
    context.set_offline(True)
    bench.locator(".set-row").nth(1).locator(".tick").click()
    expect(bench.locator(".set-row").nth(1)).to_have_class(re.compile("pending"))
    expect(row.locator(".set-row").nth(1)).to_have_class(re.compile("current"))
    expect(timer).to_be_hidden()
    context.set_offline(False)
    page.evaluate("dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-state")).to_be_hidden()
    expect(page.locator(".set-row.done")).to_have_count(4)
    context.close()
