"""The main flows in a real browser: Debian's Chromium driven by Playwright, at phone size,
against the app served on 127.0.0.1 by the test server."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import PHONE, log_in
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from sessions.models import WorkoutSession
from sessions.services import session_start

# Chromium comes from Debian (`make browser`, which `make test` runs); without it these fail.
pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_plan_log_a_whole_workout_and_find_it_again(phone, site):
    page = phone.new_page()
    page.goto(site)
    page.get_by_role("link", name="Sign up", exact=False).first.click()

    page.fill("input[name=username]", "newcomer")
    page.fill("input[name=email]", "newcomer@example.com")
    page.fill("input[name=password1]", "squat-rack-at-dawn-47")
    page.fill("input[name=password2]", "squat-rack-at-dawn-47")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Make your first plan")).to_be_visible()

    page.get_by_role("link", name="Create a plan").click()
    page.fill("input[name=name]", "Full body")
    for row, (exercise, sets, reps) in enumerate([("Goblet squat", 2, 10), ("Push-up", 2, 12), ("Barbell row", 1, 8)]):
        if row:  # the script shows one empty row, and another on "Add exercise"
            page.get_by_role("button", name="Add exercise").click()
        page.fill(f"input[name$='-{row}-exercise_name']", exercise)
        page.fill(f"input[name$='-{row}-sets']", str(sets))
        page.fill(f"input[name$='-{row}-repetitions']", str(reps))
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Full body")

    page.get_by_role("button", name=re.compile("Start")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Full body")
    done = page.get_by_role("button", name="Done", exact=True)
    expect(done).to_have_count(5)
    for remaining in range(5, 0, -1):
        expect(done).to_have_count(remaining)
        done.first.click()
    expect(page.locator(".stats")).to_contain_text("5/5")
    page.get_by_role("button", name="Finish workout").click()
    expect(page.get_by_text("Workout finished")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sessions").click()
    card = page.locator(".card").filter(has_text="Full body")
    expect(card).to_contain_text("5/5 sets")
    expect(card).to_contain_text("Finished")


def test_an_edit_in_a_stale_tab_shows_both_versions_and_keeps_what_was_typed(browser, site):
    with rls.system_context("tests"):
        member = UserFactory(username="ann")
        plan = WorkoutPlanFactory(user=member, name="Push day")
        WorkoutTemplateFactory(plan=plan)
        session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    context = browser.new_context(**PHONE)
    phone_tab, laptop_tab = context.new_page(), context.new_page()
    log_in(phone_tab, site, "ann")
    edit = f"{site}/sessions/{session.pk}/edit/"
    phone_tab.goto(edit)
    laptop_tab.goto(edit)

    phone_tab.fill("textarea[name=notes]", "Typed on the phone")
    phone_tab.get_by_role("button", name="Save").click()
    expect(phone_tab.get_by_text("Session saved")).to_be_visible()

    laptop_tab.fill("textarea[name=notes]", "Typed on the laptop")
    laptop_tab.get_by_role("button", name="Save").click()
    conflict = laptop_tab.locator(".conflict")
    expect(conflict).to_contain_text("changed in another tab")
    expect(conflict).to_contain_text("Typed on the phone")
    expect(conflict).to_contain_text("Typed on the laptop")
    expect(laptop_tab.locator("textarea[name=notes]")).to_have_value("Typed on the laptop")

    laptop_tab.get_by_role("button", name="Save").click()
    expect(laptop_tab.get_by_text("Session saved")).to_be_visible()
    with rls.system_context("tests"):
        assert WorkoutSession.objects.get(pk=session.pk).notes == "Typed on the laptop"
    context.close()


def test_a_coach_invites_writes_a_plan_follows_the_session_and_loses_access_when_it_ends(browser, site):
    with rls.system_context("tests"):
        carol = UserFactory(username="carol")
        carol.groups.add(Group.objects.get(name="coach"))
        UserFactory(username="ann")
    coach_page = browser.new_context(**PHONE).new_page()
    member_page = browser.new_context(**PHONE).new_page()
    log_in(coach_page, site, "carol")
    log_in(member_page, site, "ann")

    coach_page.get_by_role("navigation", name="Main").get_by_role("link", name="Coaching").click()
    coach_page.get_by_role("button", name="Create an invite link").click()
    link = coach_page.locator("code").first.inner_text()
    member_page.goto(link)
    expect(member_page.get_by_text("carol invites you")).to_be_visible()
    member_page.get_by_role("button", name=re.compile("Accept")).click()
    expect(member_page.get_by_text("carol now coaches you")).to_be_visible()

    coach_page.reload()
    coach_page.get_by_role("link", name="ann").click()
    with coach_page.expect_navigation():  # until the page's load: its scripts have set up the form
        coach_page.get_by_role("link", name=re.compile("Write a plan for ann")).click()
    coach_page.fill("input[name=name]", "Coach's block")
    coach_page.fill("input[name$='-0-exercise_name']", "Deadlift")
    coach_page.fill("input[name$='-0-sets']", "1")
    coach_page.fill("input[name$='-0-repetitions']", "5")
    coach_page.get_by_role("button", name="Create plan").click()
    expect(coach_page.get_by_text("A plan of your member")).to_be_visible()

    member_page.goto(f"{site}/plans/")
    expect(member_page.locator(".card").filter(has_text="Coach's block")).to_contain_text("Written by your coach carol")
    member_page.get_by_role("link", name="Coach's block").click()
    member_page.get_by_role("button", name="Start a session").click()
    member_page.get_by_role("button", name="Done", exact=True).click()
    expect(member_page.locator(".stats")).to_contain_text("1/1")

    coach_page.get_by_role("link", name=re.compile("ann")).first.click()
    coach_page.locator("a[href*='/coaching/members/'][href*='/sessions/']").first.click()
    coach_page.fill("textarea[name=body]", "Solid pull, keep the bar close.")
    coach_page.get_by_role("button", name="Add comment").click()
    expect(coach_page.get_by_text("Comment added")).to_be_visible()

    member_page.reload()
    expect(member_page.get_by_text("Solid pull, keep the bar close.")).to_be_visible()
    member_page.goto(f"{site}/")
    news = member_page.get_by_role("region", name="New from your coach")
    expect(news).to_contain_text("Solid pull, keep the bar close.")
    news.get_by_role("button", name=re.compile("Mark as read")).click()
    expect(member_page.get_by_role("heading", name=re.compile("here is today"))).to_be_visible()
    expect(member_page.get_by_text("New from your coach")).to_have_count(0)

    coach_page.get_by_role("link", name=re.compile("ann")).first.click()
    coach_page.get_by_role("link", name="Progress and records").click()
    expect(coach_page.get_by_role("heading", name="ann's progress")).to_be_visible()
    coach_page.get_by_role("link", name="Deadlift").click()
    expect(coach_page.get_by_role("heading", name=re.compile("Deadlift"))).to_be_visible()
    expect(coach_page.locator(".stats")).to_contain_text("1 set")
    progress_url = coach_page.url

    member_page.goto(f"{site}/coaching/")
    member_page.get_by_role("link", name=re.compile("Stop being coached by carol")).click()
    expect(member_page.get_by_role("heading", name="Stop being coached by carol?")).to_be_visible()
    member_page.get_by_role("button", name="Yes, end coaching").click()
    expect(member_page.get_by_text("carol no longer coaches you")).to_be_visible()
    member_url = coach_page.url.split("/progress/")[0] + "/"
    for url in (member_url, progress_url):
        response = coach_page.goto(url)
        assert response is not None
        assert response.status == 404

    with rls.system_context("tests"):
        plan = WorkoutPlan.objects.get(name="Coach's block")
        assert {record.history_user.username for record in plan.history.all()} == {"carol"}


def test_a_set_logged_shows_at_once_on_a_page_with_a_cached_fragment(phone, site):
    """The progress dashboard's body is kept in the cache from the first visit; a set logged from
    the session page (whose forms carry working CSRF tokens) shows on it at once, and on the
    session list."""
    with rls.system_context("tests"):
        member = UserFactory(username="cached")
        plan = WorkoutPlanFactory(user=member, name="Pull day")
        WorkoutTemplateFactory(plan=plan, exercise_name="Chin-up", sets=2, repetitions=6)
        session = session_start(user=member, plan=plan, date=timezone.localdate())
    page = phone.new_page()
    log_in(page, site, "cached")
    progress = f"{site}/progress/"
    page.goto(progress)
    expect(page.locator(".card").filter(has_text="Pull day")).to_contain_text("0 working sets done")
    url = f"{site}/sessions/{session.pk}/"
    page.goto(url)
    done = page.get_by_role("button", name="Done", exact=True)
    expect(done).to_have_count(2)
    page.locator("input[name$='-actual_reps']").first.fill("5")
    done.first.click()
    expect(page.locator(".stats")).to_contain_text("1/2")
    expect(done).to_have_count(1)
    page.goto(progress)
    expect(page.locator(".card").filter(has_text="Pull day")).to_contain_text("1 working set done")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sessions").click()
    expect(page.locator(".card").filter(has_text="Pull day")).to_contain_text("1/2 sets")


def test_a_deleted_session_comes_back_with_undo_and_from_the_trash(phone, site):
    """Without JavaScript: the Undo beside the message after a delete is a form, and so is Restore."""
    with rls.system_context("tests"):
        member = UserFactory(username="undoer")
        plan = WorkoutPlanFactory(user=member, name="Leg day")
        WorkoutTemplateFactory(plan=plan, exercise_name="Squat", sets=1)
        session = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 2))
    page = phone.new_page()
    log_in(page, site, "undoer")

    page.goto(f"{site}/sessions/{session.pk}/delete/")
    page.get_by_role("button", name="Delete session").click()
    expect(page.get_by_text("The session of 2 March 2026 is in the trash.")).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("The session of 2 March 2026 is back in your sessions.")).to_be_visible()

    page.goto(f"{site}/sessions/{session.pk}/delete/")
    page.get_by_role("button", name="Delete session").click()
    page.get_by_role("link", name="Deleted sessions").click()
    page.get_by_role("button", name=re.compile("Restore")).click()
    expect(page.get_by_text("is back in your sessions")).to_be_visible()
    with rls.system_context("tests"):
        assert WorkoutSession.objects.filter(pk=session.pk).exists()
