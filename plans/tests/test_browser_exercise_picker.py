"""The exercise picker in a real browser at phone size (Debian's Chromium, Playwright): suggestions
as the member types in the plan form, one taken with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import log_in
from plans.models import WorkoutPlan

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_bench_and_taking_the_barbell_bench_press_with_the_keyboard(phone, site):
    with rls.system_context("tests"):
        UserFactory(username="ann")
    page = phone.new_page()
    log_in(page, site, "ann")
    page.goto(f"{site}/plans/new/")
    page.fill("input[name=name]", "Push day")

    exercise = page.get_by_role("combobox", name="Name of exercise 1")
    expect(exercise).to_have_attribute("aria-expanded", "false")
    exercise.press_sequentially("bench", delay=40)
    suggestions = page.get_by_role("listbox", name="Suggested exercises")
    expect(suggestions).to_be_visible()
    expect(exercise).to_have_attribute("aria-expanded", "true")
    expect(exercise).to_have_attribute("aria-controls", suggestions.get_attribute("id"))
    wanted = suggestions.get_by_role("option", name=re.compile(r"^Bench Press \(Barbell\) Weight × reps"))
    expect(wanted).to_be_visible()
    # Large enough for a thumb.
    assert wanted.bounding_box()["height"] >= 44

    options = suggestions.get_by_role("option")
    for _ in range(options.count()):
        exercise.press("ArrowDown")
        if wanted.get_attribute("aria-selected") == "true":
            break
    expect(wanted).to_have_attribute("aria-selected", "true")
    expect(exercise).to_have_attribute("aria-activedescendant", wanted.get_attribute("id"))
    exercise.press("Enter")

    expect(exercise).to_have_value("Bench Press (Barbell)")
    expect(suggestions).to_be_hidden()
    expect(exercise).to_have_attribute("aria-expanded", "false")
    expect(page).to_have_url(re.compile(r"/plans/new/$"))  # Enter took the suggestion, it sent nothing
    page.get_by_role("button", name="Create plan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Push day")
    expect(page.locator(".exercise-list")).to_contain_text("Bench Press (Barbell)")
    with rls.system_context("tests"):
        template = WorkoutPlan.objects.get(name="Push day").templates.get()
        assert (template.exercise.name, template.exercise.owner_id) == ("Bench Press (Barbell)", None)
