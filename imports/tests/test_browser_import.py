"""Importing history from another app end to end, in a real browser at phone size (Debian's
Chromium, Playwright): a Strong export uploaded from the profile, its preview, two of its names sent
elsewhere by typing, the unit chosen, the import, the progress it gives, every figure worked out
here from the file, and the import undone and restored."""

import datetime
import os
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import log_in
from plans.models import Exercise
from sessions.models import WorkoutSession, WorkoutSet

pytestmark = pytest.mark.django_db(transaction=True)

# Where the pages are photographed at phone size, for looking at them (unset: not photographed),
# e.g. IMPORT_SCREENSHOTS=/tmp/import-e2e gives /tmp/import-e2e-preview.png and so on.
SCREENSHOTS = os.environ.get("IMPORT_SCREENSHOTS", "")

ZONE = "America/New_York"  # the member's, which the preview offers for the file's local times

# Two workouts, a week and a bit ago (the progress page's recent sessions are the last 30 days).
PUSH_DAY = datetime.datetime.now(zoneinfo.ZoneInfo(ZONE)).date() - datetime.timedelta(days=9)
LEG_DAY = PUSH_DAY + datetime.timedelta(days=2)

# The file's sets (in pounds, which the file does not say): exercise → [(weight, reps), …].
BENCH = [(185, 5), (185, 5)]  # after a warm-up of 95 × 10
ZOTTMAN = [(30, 12), (35, 10)]  # a name that matches nothing: sent to the library's Hammer Curls
SQUAT = [(225, 5), (235, 3)]
BOX = [(135, 8), (135, 8)]  # a near library name, made an exercise of the member's own
OWN_NAME = "Banded Box Squat (Home)"


def strong_csv() -> str:
    """Strong's classic export (shape A): no unit, local times, a warm-up marker and a rest timer."""
    push = f"{PUSH_DAY:%Y-%m-%d} 18:02:11,Push Day,1h 5m"
    legs = f"{LEG_DAY:%Y-%m-%d} 07:30:00,Leg Day,48m"
    rows = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
        f"{push},Bench Press (Barbell),W,95,10,0,0,,Felt strong,",
        *(f"{push},Bench Press (Barbell),{i},{w},{r},0,0,,Felt strong,8" for i, (w, r) in enumerate(BENCH, 1)),
        f"{push},Bench Press (Barbell),Rest Timer,0,0,0,90,,Felt strong,",  # line 5
        *(f"{push},Zottman Hammer Thing,{i},{w},{r},0,0,,Felt strong," for i, (w, r) in enumerate(ZOTTMAN, 1)),
        *(f"{legs},Squat (Barbell),{i},{w},{r},0,0,,," for i, (w, r) in enumerate(SQUAT, 1)),
        *(f"{legs},Box Squat w Bands,{i},{w},{r},0,0,,," for i, (w, r) in enumerate(BOX, 1)),
    ]
    return "\n".join(rows) + "\n"


def snap(page: Page, name: str, top: Locator | None = None) -> None:
    """The screen as the phone shows it (390 × 844), scrolled to `top` if given; the whole page
    when not."""
    if not SCREENSHOTS:
        return
    if top is not None:
        top.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.screenshot(path=f"{SCREENSHOTS}-{name}.png", full_page=top is None)


def lb(value: Decimal | int) -> str:
    """A weight as the pages write it for a member who uses pounds."""
    return f"{Decimal(value).quantize(Decimal('0.1')).normalize():f} lb"


def fact(area: Page | Locator, term: str) -> Locator:
    """The value a list of facts (on the page, or in a part of it) gives for `term`."""
    page = area if isinstance(area, Page) else area.page
    return area.locator("dl div").filter(has=page.locator("dt", has_text=re.compile(f"^{term}$"))).locator("dd")


def expect_mapping(page: Page, rows: list[tuple[str, int, str, str]]) -> None:
    """The preview's exercises: each name of the file, its sets, what its input holds and where
    the preview says it goes."""
    table = page.locator(".mapping-table tbody tr")
    expect(table.locator("th")).to_have_text([name for name, *_ in rows])
    expect(table.locator("td.num")).to_have_text([re.compile(rf"^{sets}\b") for _, sets, *_ in rows])
    expect(table.locator(".match")).to_have_text([goes for *_, goes in rows])
    for name, _, typed, _ in rows:
        expect(page.get_by_label(name, exact=True)).to_have_value(typed)


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone


def test_a_strong_export_previewed_mapped_imported_undone_and_restored(phone, site, tmp_path: Path):
    with rls.system_context("tests"):
        UserFactory(username="lifter", weight_unit="lb", time_zone=ZONE)
    export = tmp_path / "strong_workouts.csv"
    export.write_text(strong_csv())
    page = phone.new_page()
    log_in(page, site, "lifter")

    # From the profile to the import page, and the file uploaded.
    page.goto(f"{site}/accounts/profile/")
    page.get_by_role("link", name="Import history from another app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import your history")
    fits(page)
    snap(page, "start")
    page.get_by_label("Export file (CSV)").set_input_files(export)
    page.get_by_role("button", name="Upload and preview").click()

    # The preview: what was found, what was left out, and where each name goes.
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of strong_workouts.csv")
    found = page.get_by_role("region", name="Found")
    sets = len(BENCH) + 1 + len(ZOTTMAN) + len(SQUAT) + len(BOX)  # the warm-up is a set; the rest timer not
    expect(fact(found, "Workouts")).to_have_text(f"2, {PUSH_DAY:%-d %b %Y} to {LEG_DAY:%-d %b %Y}")
    expect(fact(found, "Sets")).to_have_text(str(sets))
    expect(fact(found, "Exercises")).to_have_text("4")
    expect(fact(found, "Already here")).to_have_text("0 workouts already here, 2 new")
    expect(fact(found, "Rows left out")).to_have_text("1 rest timer")
    found.get_by_text("Which rows were left out, and why").click()
    expect(found.get_by_role("listitem")).to_have_text(["Line 5: rest timer"])
    expect(page.get_by_label("Time zone of the file's times")).to_have_value(ZONE)
    unit = page.get_by_role("group", name="Unit of the file's weights")
    expect(unit).to_contain_text("Likely lb")
    expect(unit.get_by_label("Pounds (lb)")).not_to_be_checked()
    expect(unit.get_by_label("Kilograms (kg)")).not_to_be_checked()
    expect_mapping(
        page,
        [
            ("Bench Press (Barbell)", 3, "Bench Press (Barbell)", "Bench Press (Barbell) · library name"),
            ("Box Squat w Bands", 2, "Box Squat with Bands", "Box Squat with Bands · similar name, 92% alike"),
            ("Squat (Barbell)", 2, "Squat (Barbell)", "Squat (Barbell) · library name"),
            ("Zottman Hammer Thing", 2, "Zottman Hammer Thing", "New exercise of yours"),
        ],
    )
    # A name without a match offers the nearest library names to type instead.
    expect(page.locator(".mapping-table .nearest")).to_have_text([re.compile(r"^Nearest in the library: .+ \(\d+ %\)")])
    fits(page)
    # Each name's input spans the phone's width, below its name, not squeezed into a column.
    for name in ("Bench Press (Barbell)", "Zottman Hammer Thing"):
        box = page.get_by_label(name, exact=True).bounding_box()
        assert box is not None
        assert box["width"] >= 300
        assert box["x"] + box["width"] <= 390
    snap(page, "preview")
    snap(page, "preview-mapping", top=page.get_by_role("heading", name="Exercises"))

    # Two names sent elsewhere by typing: one to a library exercise, one to a new exercise of the
    # member's own. "Update the preview" shows it and writes nothing.
    zottman = page.get_by_label("Zottman Hammer Thing", exact=True)
    zottman.fill("")
    zottman.press_sequentially("Hammer Curls", delay=20)
    box = page.get_by_label("Box Squat w Bands", exact=True)
    box.fill("")
    box.press_sequentially(OWN_NAME, delay=20)
    page.get_by_role("button", name="Update the preview").click()
    expect_mapping(
        page,
        [
            ("Bench Press (Barbell)", 3, "Bench Press (Barbell)", "Bench Press (Barbell) · library name"),
            ("Box Squat w Bands", 2, OWN_NAME, "New exercise of yours"),
            ("Squat (Barbell)", 2, "Squat (Barbell)", "Squat (Barbell) · library name"),
            ("Zottman Hammer Thing", 2, "Hammer Curls", "Hammer Curls · library name"),
        ],
    )
    with rls.system_context("tests"):
        assert not WorkoutSession.objects.exists()
        assert not Exercise.objects.filter(owner__isnull=False).exists()

    # Pounds, as the preview guessed; Enter in a field updates the preview too, it does not import.
    unit.get_by_label("Pounds (lb)").check()
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith("/preview/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of strong_workouts.csv")
    expect(unit.get_by_label("Pounds (lb)")).to_be_checked()
    expect(box).to_have_value(OWN_NAME)
    with rls.system_context("tests"):
        assert not WorkoutSession.objects.exists()
    fits(page)
    snap(page, "preview-updated", top=page.get_by_role("heading", name="Exercises"))

    page.get_by_role("button", name="Import 2 workouts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("strong_workouts.csv")
    result_url = page.url
    assert re.search(r"/imports/[0-9a-f-]{36}/$", result_url)
    expect(page.locator(".messages")).to_contain_text(f"Imported 2 workouts and {sets} sets.")
    expect(fact(page, "Status")).to_have_text(re.compile(r"^Imported, "))
    expect(fact(page, "Workouts imported")).to_have_text("2")
    expect(fact(page, "Sets imported")).to_have_text(str(sets))
    expect(fact(page, "Already here")).to_have_text("0 workouts")
    expect(fact(page, "Rows left out")).to_have_text("1 rest timer")
    expect(fact(page, "Weights")).to_have_text("lb")
    expect(fact(page, "Time zone")).to_have_text(ZONE.replace("_", " "))
    fits(page)
    snap(page, "result")

    # The progress it gives, in pounds: the working sets only (not the warm-up), each exercise
    # under the name chosen for it.
    page.get_by_role("link", name="See your progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress")
    push_volume = sum(w * r for w, r in BENCH + ZOTTMAN)
    leg_volume = sum(w * r for w, r in SQUAT + BOX)
    for day, plan, volume in ((PUSH_DAY, "Push Day", push_volume), (LEG_DAY, "Leg Day", leg_volume)):
        card = page.locator(".card").filter(has_text=f"{day:%a %-d %b} · {plan}")
        expect(card).to_contain_text(f"4 working sets done · {lb(volume)}")

    def e1rm(sets: list[tuple[int, int]]) -> Decimal:
        return max(Decimal(w) * (1 + Decimal(r) / 30) for w, r in sets)

    exercises = page.locator(".progress-table tbody tr")
    for name, done in (
        ("Bench Press (Barbell)", BENCH),
        ("Hammer Curls", ZOTTMAN),
        ("Squat (Barbell)", SQUAT),
        (OWN_NAME, BOX),
    ):
        row = exercises.filter(has=page.get_by_role("link", name=name, exact=True))
        best = max(w for w, _ in done)
        expect(row.locator("td")).to_have_text([str(len(done)), lb(best), lb(e1rm(done)), re.compile(r"\d")])
    expect(exercises).to_have_count(4)
    expect(page.get_by_text("Zottman Hammer Thing")).to_have_count(0)
    expect(page.get_by_text("Box Squat with Bands")).to_have_count(0)
    fits(page)
    snap(page, "progress-exercises", top=page.get_by_role("heading", name="Exercises"))

    exercises.get_by_role("link", name="Squat (Barbell)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Squat (Barbell)")
    expect(page.get_by_role("list", name="Totals").get_by_role("listitem")).to_have_text(
        [f"{lb(max(w for w, _ in SQUAT))} heaviest", f"{lb(e1rm(SQUAT))} est. 1RM", f"{len(SQUAT)} sets"]
    )
    squat_reps = sum(r for _, r in SQUAT)
    squat_volume = sum(w * r for w, r in SQUAT)
    expect(page.get_by_text(f"{squat_reps} reps and {lb(squat_volume)} lifted in all")).to_be_visible()
    # The charts, drawn from the imported sets: the squat's one week, at its best weight and 1RM.
    for chart, value in (("best-weight", max(w for w, _ in SQUAT)), ("e1rm", e1rm(SQUAT))):
        figure = page.locator("figure.chart").filter(has=page.locator(f"#{chart}-title"))
        shown = f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"
        expect(figure.locator("svg circle.chart-dot title")).to_have_text([re.compile(rf": {shown} lb$")])
    expect(page.locator("figure.chart svg")).to_have_count(3)

    # Undone: the workouts go to the trash and the progress with them; restored: back again.
    page.goto(result_url)
    page.get_by_role("button", name="Undo this import").click()
    expect(page.locator(".messages")).to_contain_text(
        "Moved the 2 imported workouts to the trash. You can restore them here."
    )
    expect(fact(page, "Status")).to_have_text(re.compile(r"^Undone"))
    expect(page.get_by_role("button", name="Undo this import")).to_have_count(0)
    fits(page)
    snap(page, "undone")
    with rls.system_context("tests"):
        assert not WorkoutSession.objects.exists()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page.get_by_text("No sessions in the last 30 days.")).to_be_visible()

    page.goto(result_url)
    page.get_by_role("button", name="Restore this import").click()
    expect(page.locator(".messages")).to_contain_text("Restored the 2 imported workouts.")
    expect(fact(page, "Status")).to_have_text(re.compile(r"^Imported"))
    expect(page.get_by_role("button", name="Undo this import")).to_be_visible()
    page.get_by_role("link", name="See your progress").click()
    squat = page.locator(".progress-table tbody tr").filter(has=page.get_by_role("link", name="Squat (Barbell)"))
    expect(squat.locator("td").nth(1)).to_have_text(lb(max(w for w, _ in SQUAT)))
    with rls.system_context("tests"):
        assert WorkoutSession.objects.count() == 2
        assert WorkoutSet.objects.count() == sets

    # The import page lists it, with what it brought.
    page.goto(f"{site}/imports/")
    listed = page.get_by_role("table", name="Files you uploaded, newest first").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.locator("th, td")).to_have_text(
        ["strong_workouts.csv", "Strong", re.compile(r"\d{4}, \d\d:\d\d$"), "Imported", "2 workouts", ""]
    )
    fits(page)
    snap(page, "start-listed")
