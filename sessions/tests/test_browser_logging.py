"""Logging at the rack, in a real browser at phone size (Debian's Chromium, Playwright): a whole
workout by ticking rows with no page load, undo, the rest timer, sets logged with no connection,
and the same page without JavaScript."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import PHONE, log_in
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.models import WorkoutSession, WorkoutSet
from sessions.services import session_start

pytestmark = pytest.mark.django_db(transaction=True)


def workout(username, exercises=(("Squat", 3, 5), ("Bench press", 3, 8))):
    """A member with a plan and today's session of it started."""
    with rls.system_context("tests"):
        member = UserFactory(username=username)
        plan = WorkoutPlanFactory(user=member, name="Day A")
        for position, (name, sets, reps) in enumerate(exercises):
            WorkoutTemplateFactory(plan=plan, exercise_name=name, sets=sets, repetitions=reps, position=position)
        return session_start(user=member, plan=plan, date=timezone.localdate())


def logged(session) -> list[WorkoutSet]:
    with rls.system_context("tests"):
        return list(WorkoutSet.objects.filter(session=session, completed_at__isnull=False).order_by("position"))


def history_rows(session) -> int:
    with rls.system_context("tests"):
        return WorkoutSet.history.filter(session_id=session.pk).count()


def open_session(page: Page, site: str, session) -> list[str]:
    """Signs in, opens the session page and returns the list the page's loads are counted in."""
    log_in(page, site, session.user.username)
    page.goto(f"{site}/sessions/{session.pk}/")
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    return loads


def test_a_whole_workout_is_logged_by_ticking_rows_without_a_page_load(phone, site):
    session = workout("rack")
    page = phone.new_page()
    loads = open_session(page, site, session)
    posted = []
    page.on("request", lambda sent: sent.method == "POST" and posted.append(sent.headers.get("content-type")))
    page.locator("input[name$='-weight_kg']").first.fill("100")
    ticks = page.locator(".set-row:not(.done) .tick")
    expect(ticks).to_have_count(6)
    for remaining in range(6, 0, -1):
        expect(ticks).to_have_count(remaining)
        ticks.first.click()
        if remaining > 1:  # the next set's ✓ is ready for the next tap
            expect(page.locator(".set-row:not(.done) .tick").first).to_be_focused()
    expect(page.locator("#session-totals")).to_contain_text("6/6")
    assert loads == []
    # Sent as the form itself would post them (a multipart body costs the server more to read).
    assert len(posted) == 6
    assert all(kind and kind.startswith("application/x-www-form-urlencoded") for kind in posted), posted
    sets = logged(session)
    assert len(sets) == 6
    assert [s.weight_kg for s in sets[:1]] == [100]


def test_at_least_six_sets_show_below_the_header_on_a_phone(phone, site):
    session = workout("dense", exercises=(("Squat", 8, 5),))
    page = phone.new_page()
    open_session(page, site, session)
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 56  # one line
    visible = [
        box
        for row in page.locator(".set-row").all()
        if (box := row.bounding_box()) and box["y"] + box["height"] <= PHONE["viewport"]["height"]
    ]
    assert len(visible) >= 6
    remove = page.locator(".set-row .remove").first.bounding_box()
    tick = page.locator(".set-row .tick").first.bounding_box()
    assert remove is not None
    assert tick is not None
    assert min(remove["width"], remove["height"]) >= 44
    assert tick["x"] - (remove["x"] + remove["width"]) > 150  # far from the primary action


def test_a_removed_set_comes_back_with_undo(phone, site):
    session = workout("undo")
    page = phone.new_page()
    loads = open_session(page, site, session)
    page.locator(".tick").first.click()
    expect(page.locator("#session-totals")).to_contain_text("1/6")
    row = page.locator(".set-row").first
    row.get_by_role("button", name=re.compile("Remove set 1 of Squat")).click()
    expect(row).to_contain_text("Set removed.")
    expect(page.locator("#session-totals")).to_contain_text("0/5")
    row.get_by_role("button", name="Undo").click()
    expect(page.locator("#session-totals")).to_contain_text("1/6")
    expect(row.locator(".tick")).to_be_visible()
    assert loads == []
    assert len(logged(session)) == 1


def test_a_tap_on_a_sets_number_makes_it_a_warmup_the_totals_leave_out(phone, site):
    session = workout("ramp")
    page = phone.new_page()
    loads = open_session(page, site, session)
    row, after = page.locator(".set-row").nth(0), page.locator(".set-row").nth(1)
    row.get_by_role("button", name="Set 1, target 5 reps: make it a warm-up set").click()
    expect(row.locator(".type-mark")).to_have_text("W")
    expect(row.get_by_role("button", name="Set 1 (warm-up set), target 5 reps: make it a drop set")).to_be_focused()
    row.locator("input[name$='-weight_kg']").fill("60")
    row.locator("input[name$='-actual_reps']").fill("10")
    row.locator(".tick").click()
    totals = page.locator("#session-totals")
    expect(totals).to_contain_text("1/6")
    expect(totals).to_contain_text("0 reps")
    expect(totals).to_contain_text("0 kg lifted")
    expect(after.locator("input[name$='-weight_kg']")).not_to_have_value("60")  # a warm-up's is not carried
    after.locator("input[name$='-weight_kg']").fill("100")
    after.locator(".tick").click()
    expect(totals).to_contain_text("2/6")
    expect(totals).to_contain_text("5 reps")
    expect(totals).to_contain_text("500 kg lifted")
    assert loads == []
    assert [s.set_type for s in logged(session)] == ["warmup", "normal"]


def test_the_rest_timer_starts_with_a_set_and_survives_a_reload(phone, site):
    session = workout("rest")
    page = phone.new_page()
    open_session(page, site, session)
    timer = page.locator("#rest-timer")
    expect(timer).to_be_hidden()
    page.locator(".tick").first.click()
    expect(timer).to_be_visible()
    expect(timer.locator("output")).to_have_text(re.compile(r"^[0-3]:\d\d$"))
    timer.get_by_role("button", name="+15 seconds").click()
    before = seconds_left(page)
    page.reload()
    expect(timer).to_be_visible()
    after = seconds_left(page)
    assert before - 5 <= after <= before  # the same rest, +15 s kept
    timer.get_by_role("button", name="Skip").click()
    expect(timer).to_be_hidden()


def seconds_left(page: Page) -> int:
    minutes, seconds = page.locator("#rest-timer output").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


@pytest.fixture
def offline_phone(browser):
    """A phone whose browser runs the site's service worker."""
    context = browser.new_context(**PHONE, service_workers="allow")
    yield context
    for page in context.pages:
        page.wait_for_load_state("networkidle")
    context.close()


def test_sets_logged_with_no_connection_wait_and_go_once_each(offline_phone, site):
    phone = offline_phone
    session = workout("offline")
    page = phone.new_page()
    open_session(page, site, session)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now under the service worker, which keeps the page
    sent = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" and "/sets/" in r.url else None)

    phone.set_offline(True)
    page.wait_for_function("!navigator.onLine")
    ticks = page.locator(".set-row:not(.done):not(.pending) .tick")
    for waiting in range(1, 4):
        ticks.first.click()
        expect(page.locator(".set-row.pending")).to_have_count(waiting)
    expect(page.locator("#sync-state")).to_have_text("Offline — 3 sets waiting")
    assert sent == []  # queued without a request: the phone knows it is offline
    page.reload()  # the kept page, with the sets still waiting
    expect(page.locator(".set-row.pending")).to_have_count(3)
    assert logged(session) == []

    phone.set_offline(False)
    page.evaluate("dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-state")).to_be_hidden()
    expect(page.locator(".set-row.done")).to_have_count(3)
    assert len(logged(session)) == 3
    rows = history_rows(session)

    # The same three logs sent again, twice (a queue replayed): nothing more is written.
    keys = {re.search(r"-key=([0-9a-f-]{36})", r.post_data or "") for r in sent}
    assert len({key.group(1) for key in keys if key}) == 3  # one key a set, however often it was sent
    for _ in range(2):
        for request in {r.url: r for r in sent}.values():
            answer = page.request.post(
                request.url,
                data=request.post_data_buffer,
                headers={"Accept": "application/json", "Content-Type": request.headers["content-type"]},
            )
            assert answer.ok
            assert answer.json()["replayed"] is True
    assert len(logged(session)) == 3
    assert history_rows(session) == rows


def test_without_javascript_sets_are_still_logged(browser, site):
    session = workout("plain")
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    open_session(page, site, session)
    done = page.get_by_role("button", name="Done", exact=True)
    for remaining in range(6, 3, -1):
        expect(done).to_have_count(remaining)
        done.first.click()
    expect(page.locator("#session-totals")).to_contain_text("3/6")
    page.get_by_role("button", name=re.compile("Remove set 1 of Squat")).click()
    expect(page.get_by_text("A set of Squat (Barbell) was removed.")).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#session-totals")).to_contain_text("3/6")
    assert len(logged(session)) == 3
    context.close()


def test_a_session_from_an_earlier_day_is_not_resting(phone, site):
    # A set logged days ago starts no timer when the page is opened today.
    session = workout("yesterday")
    with rls.system_context("tests"):
        first = WorkoutSet.objects.filter(session=session).order_by("position").first()
        first.completed_at = timezone.now() - datetime.timedelta(days=2)
        first.save()
    page = phone.new_page()
    open_session(page, site, session)
    expect(page.locator("#rest-timer")).to_be_hidden()


@pytest.mark.parametrize(
    ("unit", "typed", "plates", "heavier"), [("kg", "102.5", "25 · 15 · 1.25", "105"), ("lb", "225", "45 · 45", "230")]
)
def test_the_plates_for_a_typed_weight_and_steps_to_the_next_loadable_one(phone, site, unit, typed, plates, heavier):
    session = workout(f"plates{unit}")
    with rls.system_context("tests"):
        session.user.weight_unit = unit
        session.user.save()
    page = phone.new_page()
    open_session(page, site, session)
    weight = page.locator(".set-row input[name$='-weight_kg']").nth(1)
    weight.fill(typed)
    extra = page.locator("#set-extra")
    expect(extra.locator("#plates")).to_have_text(f"{plates} a side")
    assert weight.evaluate("input => input.closest('li') === document.getElementById('set-extra').parentElement")
    extra.get_by_role("button", name=re.compile("heavier")).click()
    expect(weight).to_have_value(heavier)
    extra.get_by_role("button", name=re.compile("lighter")).click()
    expect(weight).to_have_value(typed)


def test_after_a_finished_workout_the_next_one_suggests_more_weight(phone, site):
    session = workout("progress", exercises=(("Squat", 3, 5),))
    with rls.system_context("tests"):
        squat = session.plan.templates.get()
        squat.progression = "linear"
        squat.save()
    page = phone.new_page()
    open_session(page, site, session)
    page.locator("input[name$='-weight_kg']").first.fill("102.5")
    ticks = page.locator(".set-row:not(.done) .tick")
    for remaining in range(3, 0, -1):
        expect(ticks).to_have_count(remaining)
        ticks.first.click()
    expect(page.locator("#session-totals")).to_contain_text("3/3")
    page.get_by_role("button", name="Finish workout").click()
    with rls.system_context("tests"):
        WorkoutSession.objects.filter(pk=session.pk).update(date=timezone.localdate() - datetime.timedelta(days=2))
    page.goto(f"{site}/plans/{session.plan_id}/")
    page.get_by_role("button", name=re.compile("Start")).first.click()
    expect(page.locator(".reason")).to_have_text("+2.5 kg: 3×5 done last time")
    for weight in page.locator("input[name$='-weight_kg']").all():
        expect(weight).to_have_value("105")
    # Last time's set, whole in its narrow column on a phone (on two lines), never cut short.
    for last in page.locator(".set-prev").all():
        expect(last).to_have_text("last time 5×102.5")
        assert last.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight")
