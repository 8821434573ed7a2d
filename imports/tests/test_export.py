"""A member takes their whole history out: a CSV of every set (our own format, imports.parsed.
OWN_HEADER) and a JSON of everything they own, streamed, theirs only, at a cost in queries that
does not grow with the history."""

import csv
import datetime
import gzip
import io
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import assert_same_queries, queries_of
from gymtracker.units import KG_PER_LB, unit_to_kg
from imports import export
from imports.parsed import OWN_HEADER
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from progress.factories import BodyWeightFactory
from sessions.models import SetType
from sessions.services import (
    session_finish,
    session_soft_delete,
    session_start,
    set_log,
    set_remove,
    set_type_change,
)

pytestmark = pytest.mark.django_db

CSV_URL = reverse("imports:export_csv")
JSON_URL = reverse("imports:export_json")
DAY = datetime.date(2026, 11, 20)
ISO_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def plan_of(user, name, exercises):
    """A plan of `exercises`: (name, sets, reps) or (name, sets, reps, superset)."""
    plan = WorkoutPlanFactory(user=user, name=name)
    for position, (exercise, sets, reps, *superset) in enumerate(exercises):
        WorkoutTemplateFactory(
            plan=plan,
            exercise_name=exercise,
            sets=sets,
            repetitions=reps,
            position=position,
            superset=superset[0] if superset else None,
        )
    return plan


def started(user, plan, day=DAY, notes=None):
    """A session of `plan` and its sets by exercise name, in order."""
    session = session_start(user=user, plan=plan, date=day, notes=notes)
    sets = {}
    for workout_set in session.sets.select_related("template").order_by("position"):
        sets.setdefault(workout_set.template.exercise_name, []).append(workout_set)
    return session, sets


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode()


def rows_of(client):
    _, text = download(client, CSV_URL)
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == OWN_HEADER
    return [dict(zip(OWN_HEADER, row, strict=True)) for row in rows]


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_the_csv_starts_with_our_own_header_exactly(signed_in):
    _, text = download(signed_in, CSV_URL)
    assert text == ",".join(OWN_HEADER) + "\r\n"  # no sets yet, no byte-order mark


def test_the_answer_is_a_streamed_attachment_named_for_the_member_and_their_day(signed_in, member):
    member.time_zone = "Pacific/Kiritimati"  # UTC+14: their day is often not the server's
    member.save(update_fields=["time_zone"])
    today = datetime.datetime.now(datetime.UTC).astimezone(export.member_zone(member)).date()
    for url, extension, content_type in [
        (CSV_URL, "csv", "text/csv; charset=utf-8"),
        (JSON_URL, "json", "application/json; charset=utf-8"),
    ]:
        response = signed_in.get(url)
        assert response.streaming
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (
            f'attachment; filename="atomic-gym-tracker-alice-{today:%Y-%m-%d}.{extension}"'
        )
        assert "no-store" in response["Cache-Control"]
        b"".join(response.streaming_content)


def test_the_profile_page_links_to_both_downloads(signed_in):
    page = signed_in.get(reverse("accounts:profile")).text
    assert f'<a href="{CSV_URL}" download>CSV</a> (one row per set)' in page
    assert f'<a href="{JSON_URL}" download>JSON</a> (everything)' in page


def test_an_export_is_only_ever_read(signed_in):
    assert signed_in.post(CSV_URL).status_code == 405
    assert signed_in.post(JSON_URL).status_code == 405


def test_a_set_typed_in_pounds_is_exported_exactly_in_kilograms(signed_in, member):
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    _, sets = started(member, plan_of(member, "Push day", [("Bench press", 1, 5)]))
    set_log(workout_set=sets["Bench Press (Barbell)"][0], actual_reps=5, weight_kg=unit_to_kg(Decimal(135), "lb"))

    [row] = rows_of(signed_in)
    assert (row["Weight"], row["Weight Unit"], row["Reps"]) == ("61.23496995", "kg", "5")
    assert Decimal(row["Weight"]) == Decimal("61.2349699500")
    assert Decimal(row["Weight"]) / KG_PER_LB == 135


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        (Decimal("100.0000000000"), "100"),
        (Decimal("61.2349699500"), "61.23496995"),
        (Decimal("0E-10"), "0"),
        (Decimal("8.0"), "8"),
        (Decimal("2414.02"), "2414.02"),
        (None, None),
    ],
)
def test_decimals_are_written_exactly_without_trailing_zeros_or_exponents(stored, written):
    assert export.exact(stored) == written


def test_each_kind_of_set_exports_what_it_records(signed_in, member):
    plan = plan_of(
        member, "Mixed", [("Bench press", 2, 5), ("Plank", 1, 1), ("Rowing machine", 1, 1), ("Farmers walk", 1, 1)]
    )
    _, sets = started(member, plan)
    bench = sets["Bench Press (Barbell)"]
    set_log(workout_set=bench[0], actual_reps=10, weight_kg=Decimal("40"), rpe=Decimal("6.5"))
    set_type_change(workout_set=bench[0], set_type=SetType.WARMUP)
    set_log(workout_set=bench[1], actual_reps=5, weight_kg=Decimal("100"), rpe=Decimal("9"))
    set_type_change(workout_set=bench[1], set_type=SetType.FAILURE)
    set_log(workout_set=sets["Plank"][0], duration_seconds=90)
    set_log(workout_set=sets["Rowing, Stationary"][0], distance_m=Decimal("2414.02"), duration_seconds=425)
    [walk] = next(v for k, v in sets.items() if k.startswith("Farmer"))
    set_log(workout_set=walk, weight_kg=Decimal("32.5"), duration_seconds=60)

    rows = rows_of(signed_in)
    got = [
        (
            r["Set Order"],
            r["Set Type"],
            r["Weight"],
            r["Reps"],
            r["Distance"],
            r["Distance Unit"],
            r["Seconds"],
            r["RPE"],
        )
        for r in rows
    ]
    assert got == [
        ("1", "warmup", "40", "10", "", "", "", "6.5"),
        ("2", "failure", "100", "5", "", "", "", "9"),
        ("1", "normal", "", "", "", "", "90", ""),  # a plank records no reps (its plan's 1 is a target)
        ("1", "normal", "", "", "2414.02", "m", "425", ""),
        ("1", "normal", "32.5", "", "", "", "60", ""),
    ]
    assert {r["Weight Unit"] for r in rows} == {"kg"}
    assert {r["Done"] for r in rows} == {"yes"}
    assert all(ISO_SECONDS.match(r["Logged At"]) for r in rows)


def test_bodyweight_sets_give_the_added_load_and_the_body_weight_they_counted(signed_in, member):
    BodyWeightFactory(user=member, date=DAY - datetime.timedelta(days=1), weight_kg=Decimal("80.25"))
    plan = plan_of(member, "Pull day", [("Dips", 1, 10), ("Weighted pull ups", 1, 5), ("Band assisted pull-up", 1, 8)])
    _, sets = started(member, plan)
    set_log(workout_set=sets["Dips"][0], actual_reps=10)
    set_log(workout_set=sets["Weighted Pull Ups"][0], actual_reps=5, added_kg=Decimal("10"))
    set_log(workout_set=sets["Band Assisted Pull-Up"][0], actual_reps=8, added_kg=Decimal("25"))

    rows = {r["Exercise"]: (r["Weight"], r["Added Weight"], r["Body Weight"], r["Reps"]) for r in rows_of(signed_in)}
    assert rows == {
        "Dips": ("80.25", "", "80.25", "10"),
        "Weighted Pull Ups": ("90.25", "10", "80.25", "5"),  # the load moved: body + added
        "Band Assisted Pull-Up": ("55.25", "25", "80.25", "8"),  # body − assistance
    }


def test_a_planned_set_not_done_is_exported_as_not_done(signed_in, member):
    _, sets = started(member, plan_of(member, "Legs", [("Back squat", 2, 5)]))
    set_log(workout_set=sets["Squat (Barbell)"][0], actual_reps=5, weight_kg=Decimal("100"))

    done, planned = rows_of(signed_in)
    assert (done["Done"], planned["Done"]) == ("yes", "no")
    assert (planned["Logged At"], planned["Weight"], planned["Set Order"]) == ("", "", "2")


def test_a_browser_that_accepts_gzip_gets_the_same_download_compressed(signed_in, member):
    _, sets = started(member, plan_of(member, "Legs", [("Back squat", 5, 5)]))
    for workout_set in sets["Squat (Barbell)"]:
        set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("100"))
    for url in (CSV_URL, JSON_URL):
        _, plain = download(signed_in, url)
        response = signed_in.get(url, headers={"accept-encoding": "gzip"})
        assert response.streaming
        assert response["Content-Encoding"] == "gzip"
        assert "attachment" in response["Content-Disposition"]
        assert gzip.decompress(b"".join(response.streaming_content)).decode() == plain


def test_workout_fields_carry_text_exactly_and_times_in_the_members_zone(signed_in, member):
    member.time_zone = "Europe/Paris"
    member.save(update_fields=["time_zone"])
    notes = 'Heavy, "grindy" day;\nelbow = fine 💪\r\n=SUM(A1) -5 kg next time'
    plan = plan_of(member, "Push, pull & legs 🏋️", [("Bench press", 1, 5)])
    session, sets = started(member, plan, notes=notes)
    set_log(workout_set=sets["Bench Press (Barbell)"][0], actual_reps=5, weight_kg=Decimal("60"))
    session = session_finish(session=session)

    [row] = rows_of(signed_in)
    paris = export.member_zone(member)
    assert row["Date"] == "2026-11-20"
    assert row["Workout Notes"] == notes  # quoted by the CSV, not escaped: read back as written
    assert row["Workout Name"] == "Push, pull & legs 🏋️"
    assert row["Workout Start"] == session.created_at.astimezone(paris).isoformat(timespec="seconds")
    assert row["Workout End"] == session.finished_at.astimezone(paris).isoformat(timespec="seconds")
    assert row["Workout Start"].endswith("+01:00")  # Paris in November
    assert ISO_SECONDS.match(row["Logged At"])


def test_a_superset_keeps_its_number_and_each_exercise_its_own_set_order(signed_in, member):
    plan = plan_of(
        member, "Arms", [("Curl", 2, 10, 1), ("Triceps pushdown", 2, 10, 1), ("Plank", 1, 1)]
    )  # A1, A2, then alone
    _, sets = started(member, plan)

    rows = [(r["Exercise"], r["Superset"], r["Set Order"]) for r in rows_of(signed_in)]
    curl, pushdown = (name for name in sets if name != "Plank")
    # The sets are done round by round (A1, A2, A1, A2), and written exercise by exercise.
    assert rows == [(curl, "1", "1"), (curl, "1", "2"), (pushdown, "1", "1"), (pushdown, "1", "2"), ("Plank", "", "1")]


def test_sessions_oldest_first_and_nothing_from_the_trash(signed_in, member):
    plan = plan_of(member, "Legs", [("Back squat", 2, 5)])
    started(member, plan, day=DAY, notes="later")
    started(member, plan, day=DAY - datetime.timedelta(days=7), notes="earlier")
    trashed, _ = started(member, plan, day=DAY - datetime.timedelta(days=3), notes="deleted")
    session_soft_delete(session=trashed)
    _, sets = started(member, plan, day=DAY + datetime.timedelta(days=1), notes="one set removed")
    set_remove(workout_set=sets["Squat (Barbell)"][1])

    notes = [r["Workout Notes"] for r in rows_of(signed_in)]
    assert notes == ["earlier", "earlier", "later", "later", "one set removed"]

    sessions = json.loads(download(signed_in, JSON_URL)[1])["sessions"]
    assert [(s["notes"], len(s["sets"])) for s in sessions] == [("earlier", 2), ("later", 2), ("one set removed", 1)]


def test_another_members_history_is_never_in_the_export(client, member, other_member, coach, relationship):
    for user, word in ((member, "alice"), (other_member, "bob")):
        BodyWeightFactory(user=user, date=DAY, weight_kg=Decimal("70.5") if user == member else Decimal("99.9"))
        ExerciseFactory(owner=user, name=f"Zercher carry of {word}")
        plan = plan_of(user, f"Plan of {word}", [(f"Lift of {word}", 2, 5)])
        _, sets = started(user, plan, notes=f"Notes of {word}")
        set_log(workout_set=next(iter(sets.values()))[0], actual_reps=5, weight_kg=Decimal("77.7"))

    client.force_login(member)
    rows = rows_of(client)
    assert {r["Workout Notes"] for r in rows} == {"Notes of alice"}
    assert "bob" not in download(client, CSV_URL)[1]
    alice = download(client, JSON_URL)[1]
    assert "bob" not in alice
    assert "99.9" not in alice

    # Her coach exporting gets the coach's own history, which is empty.
    client.force_login(coach)
    assert rows_of(client) == []
    coach_json = json.loads(download(client, JSON_URL)[1])
    assert coach_json["member"]["username"] == "carol"
    assert (coach_json["plans"], coach_json["sessions"], coach_json["body_weights"]) == ([], [], [])


def test_the_json_holds_everything_the_member_owns(signed_in, member):
    member.weight_unit = "lb"
    member.time_zone = "America/New_York"
    member.save(update_fields=["weight_unit", "time_zone"])
    ExerciseFactory(owner=member, name="Zercher carry", kind="weight_duration", category="strongman", equipment="bar")
    BodyWeightFactory(user=member, date=DAY - datetime.timedelta(days=1), weight_kg=unit_to_kg(Decimal("180.25"), "lb"))
    gone = BodyWeightFactory(user=member, date=DAY - datetime.timedelta(days=2))
    gone.soft_delete()
    plan = plan_of(member, "Arms", [("Curl", 2, 10, 1), ("Triceps pushdown", 2, 10, 1), ("Dips", 1, 10)])
    plan.templates.filter(exercise_name="Dips").update(rest_seconds=90, increment_kg=Decimal("1.1340"))
    session, sets = started(member, plan, notes="Pump 💪")
    set_log(workout_set=sets["Dips"][0], actual_reps=12, rpe=Decimal("8.5"))
    WorkoutPlanFactory(user=member, name="Empty plan", description=None)
    started(member, WorkoutPlanFactory(user=member, name="Nothing in it"), day=DAY)  # no sets: still a session

    _, text = download(signed_in, JSON_URL)
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("atomic-gym-tracker", 1)
    assert ISO_SECONDS.match(data["exported_at"])
    assert data["member"] == {"username": "alice", "weight_unit": "lb", "time_zone": "America/New_York"}
    # Names the library does not know became the member's own exercises too (Curl, …).
    assert [e for e in data["exercises"] if e["name"] == "Zercher carry"] == [
        {
            "name": "Zercher carry",
            "kind": "weight_duration",
            "category": "strongman",
            "equipment": "bar",
            "muscles": {"primary": [], "secondary": []},
        }
    ]
    assert data["body_weights"] == [{"date": "2026-11-19", "weight_kg": "81.76", "note": ""}]

    plans = {p["name"]: p for p in data["plans"]}
    assert set(plans) == {"Arms", "Empty plan", "Nothing in it"}
    assert plans["Empty plan"]["exercises"] == []
    arms = plans["Arms"]["exercises"]
    assert [(e["position"], e["superset"], e["sets"], e["repetitions"]) for e in arms] == [
        (0, 1, 2, 10),
        (1, 1, 2, 10),
        (2, None, 1, 10),
    ]
    assert arms[2] == {
        "exercise": "Dips",
        "kind": "bodyweight_reps",
        "position": 2,
        "sets": 1,
        "repetitions": 10,
        "repetitions_top": None,
        "superset": None,
        "rest_seconds": 90,
        "progression": "none",
        "increment_kg": "1.134",
        "deload_after": 3,
        "deload_percent": 10,
    }

    first, second = data["sessions"]
    assert (first["date"], first["plan"], first["notes"], len(first["sets"])) == ("2026-11-20", "Arms", "Pump 💪", 5)
    assert first["start"] == session.created_at.astimezone(export.member_zone(member)).isoformat(timespec="seconds")
    assert first["end"] is None
    assert (second["plan"], second["sets"]) == ("Nothing in it", [])
    dips = first["sets"][-1]
    assert {k: dips[k] for k in ("exercise", "set_order", "kind", "reps", "rpe", "done", "weight_kg")} == {
        "exercise": "Dips",
        "set_order": 1,
        "kind": "bodyweight_reps",
        "reps": 12,
        "rpe": "8.5",
        "done": True,
        "weight_kg": "81.76",  # the body weight of the day (180.25 lb, kept to 4 decimals)
    }
    assert [s["done"] for s in first["sets"][:4]] == [False] * 4


def make_history(user, sessions, *, exercises=2, sets=2):
    plan = plan_of(user, f"Plan {sessions}", [(f"Lift {i}", sets, 5) for i in range(exercises)])
    for day in range(sessions):
        _, by_name = started(user, plan, day=DAY - datetime.timedelta(days=day), notes=f"Session {day}")
        for workout_set in [s for each in by_name.values() for s in each][:-1]:
            set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("60"))
    BodyWeightFactory.create_batch(sessions, user=user)
    ExerciseFactory.create_batch(sessions, owner=user)


def cost(client, url):
    def fetch():
        response = client.get(url)
        return response, b"".join(response.streaming_content)

    client.get(url)  # warm up: the first request of a test may fill caches
    count, (response, content), sql = queries_of(fetch)
    assert response.status_code == 200
    return count, content, sql


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_the_export_costs_the_same_queries_for_2_sessions_as_for_20(client, member, other_member, url, monkeypatch):
    # Small chunks, so that the larger history is read in many of them.
    monkeypatch.setattr(export, "CHUNK_SIZE", 5)
    make_history(member, 2, exercises=1)
    make_history(other_member, 20, exercises=4, sets=3)

    client.force_login(member)
    small = cost(client, url)
    client.force_login(other_member)
    large = cost(client, url)

    assert_same_queries(small, large)
    assert len(large[1]) > 5 * len(small[1])
    assert "Session 19" in large[1].decode()


@pytest.mark.django_db(transaction=True)
def test_the_stream_reads_the_members_rows_after_the_requests_transaction_has_ended():
    # As in production: no transaction around the test, so the response is iterated after the
    # request's own transaction (and its row-level security context) has ended.
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
        other = UserFactory(username="bob")
        for user in (member, other):
            _, sets = started(user, plan_of(user, f"Plan of {user.username}", [("Bench press", 1, 5)]))
            set_log(workout_set=sets["Bench Press (Barbell)"][0], actual_reps=5, weight_kg=Decimal("50"))
    client = Client()
    client.force_login(member)

    rows = rows_of(client)
    assert [(r["Workout Name"], r["Weight"]) for r in rows] == [("Plan of alice", "50")]
    assert [p["name"] for p in json.loads(download(client, JSON_URL)[1])["plans"]] == ["Plan of alice"]
