"""What a set records follows its exercise's kind (WorkoutSet.KIND_FIELDS, the CHECKs by kind on
workout_sets, sessions/sql/functions/workout_sets_kind.sql): planks take a time, a row on the erg
a distance and a time, dips their reps at the member's body weight, a weighted pull-up the load
added to it, an assisted one the load taken off."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from progress.factories import BodyWeightFactory
from progress.models import ExerciseStat, PersonalRecord
from sessions.services import session_start, set_log
from sessions.tests.helpers import JSON, make_plan

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def sets_of(member, *exercises):
    """A session of a plan of `exercises` (name, sets, reps), its sets by exercise name."""
    plan = make_plan(member, "Mixed", exercises)
    session = session_start(user=member, plan=plan, date=DAY)
    by_name = {}
    for workout_set in session.sets.select_related("template").order_by("position"):
        by_name.setdefault(workout_set.template.exercise_name, []).append(workout_set)
    return session, by_name


def log_url(session, workout_set):
    return reverse("sessions:set_log", args=[session.pk, workout_set.pk])


def test_a_new_set_takes_its_exercises_kind(member):
    _, sets = sets_of(member, ("Plank", 1, 1), ("Dips", 1, 10), ("Rowing machine", 1, 1), ("Bench press", 1, 5))
    kinds = {name: each[0].kind for name, each in sets.items()}
    assert kinds == {
        "Plank": "duration",
        "Dips": "bodyweight_reps",
        "Rowing, Stationary": "distance_duration",
        "Bench Press (Barbell)": "weight_reps",
    }


@pytest.mark.parametrize(
    ("kind", "columns", "constraint"),
    [
        ("duration", "completed_at = now()", "workout_sets_timed_has_time"),
        ("distance_duration", "completed_at = now(), duration_seconds = 600", "workout_sets_distance_has_distance"),
        ("duration", "weight_kg = 20", "workout_sets_unloaded_has_no_weight"),
        ("weight_reps", "added_kg = 10", "workout_sets_added_kg_by_kind"),
        ("weight_reps", "duration_seconds = 0", "workout_sets_duration_check"),
        ("weight_reps", "distance_m = -1", "workout_sets_distance_check"),
        ("weight_reps", "kind = 'yoga'", "workout_sets_kind_valid"),
    ],
)
def test_the_database_refuses_a_set_that_does_not_fit_its_kind(member, kind, columns, constraint):
    session, _ = sets_of(member, ("Bench press", 1, 5))
    set_id = sql("SELECT id FROM workout_sets WHERE workout_session_id = %s", [session.pk])[0][0]
    sql("UPDATE workout_sets SET kind = %s WHERE id = %s", [kind, set_id])
    with pytest.raises(DatabaseError, match=constraint), transaction.atomic():
        sql(f"UPDATE workout_sets SET {columns} WHERE id = %s", [set_id])  # nosec B608 - the test's own literals


def test_a_plank_is_logged_with_its_time_on_a_clock(signed_in, member):
    session, sets = sets_of(member, ("Plank", 2, 1))
    first, second = sets["Plank"]
    page = signed_in.get(reverse("sessions:detail", args=[session.pk])).text
    assert f'name="set-{first.pk}-duration_seconds"' in page
    assert f'name="set-{first.pk}-weight_kg"' not in page
    assert f'name="set-{first.pk}-kind" value="duration"' in page

    response = signed_in.post(
        log_url(session, first),
        {f"set-{first.pk}-duration_seconds": "1:30", f"set-{first.pk}-kind": "duration"},
        **JSON,
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert (first.duration_seconds, first.weight_kg, first.completed_at is not None) == (90, None, True)
    assert 'value="1:30"' in response.json()["html"][f"set-{first.pk}-form"]

    bad = signed_in.post(
        log_url(session, second), {f"set-{second.pk}-duration_seconds": "a minute", f"set-{second.pk}-kind": "duration"}
    )
    assert bad.status_code == 422
    assert "Type the time as seconds (90) or minutes and seconds (1:30)." in bad.text
    assert 'value="a minute"' in bad.text
    empty = signed_in.post(log_url(session, second), {f"set-{second.pk}-kind": "duration"})
    assert empty.status_code == 422
    second.refresh_from_db()
    assert second.completed_at is None


def test_a_row_on_the_erg_takes_a_distance_in_the_members_unit(signed_in, member):
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    session, sets = sets_of(member, ("Rowing machine", 1, 1))
    row = sets["Rowing, Stationary"][0]
    response = signed_in.post(
        log_url(session, row),
        {
            f"set-{row.pk}-distance_m": "1.5",
            f"set-{row.pk}-duration_seconds": "7:05",
            f"set-{row.pk}-kind": "distance_duration",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.distance_m, row.duration_seconds) == (Decimal("2414.02"), 425)  # 1.5 mi


def test_a_form_for_another_kind_of_set_logs_nothing(signed_in, member):
    session, sets = sets_of(member, ("Plank", 1, 1))
    plank = sets["Plank"][0]
    # As a set of weights and reps (a tampered form, or one without its kind): not this set.
    response = signed_in.post(
        log_url(session, plank), {f"set-{plank.pk}-weight_kg": "20", f"set-{plank.pk}-actual_reps": "5"}
    )
    assert response.status_code == 404
    plank.refresh_from_db()
    assert plank.completed_at is None


def test_bodyweight_sets_count_the_body_weight_of_their_day(member):
    BodyWeightFactory(user=member, date=DAY - datetime.timedelta(days=30), weight_kg=Decimal("84"))
    BodyWeightFactory(user=member, date=DAY - datetime.timedelta(days=2), weight_kg=Decimal("80"))
    BodyWeightFactory(user=member, date=DAY + datetime.timedelta(days=3), weight_kg=Decimal("79"))  # after: not used
    _, sets = sets_of(member, ("Dips", 1, 10), ("Weighted pull ups", 1, 5), ("Band assisted pull-up", 1, 8))
    dips = set_log(workout_set=sets["Dips"][0], actual_reps=10)
    weighted = set_log(workout_set=sets["Weighted Pull Ups"][0], actual_reps=5, added_kg=Decimal("10"))
    assisted = set_log(workout_set=sets["Band Assisted Pull-Up"][0], actual_reps=8, added_kg=Decimal("25"))
    for each in (dips, weighted, assisted):
        each.refresh_from_db()
    assert (dips.body_weight_kg, dips.weight_kg) == (Decimal("80"), Decimal("80"))
    assert weighted.weight_kg == Decimal("90")  # 80 + 10
    assert assisted.weight_kg == Decimal("55")  # 80 - 25
    stats = {stat.display_name: stat for stat in ExerciseStat.objects.filter(user=member)}
    assert stats["Dips"].volume_kg == Decimal("800")
    assert stats["Weighted Pull Ups"].best_weight_kg == Decimal("90")
    # An edit keeps the body weight of the day it was first logged.
    BodyWeightFactory(user=member, date=DAY - datetime.timedelta(days=1), weight_kg=Decimal("82"))
    set_log(workout_set=dips, actual_reps=12)
    dips.refresh_from_db()
    assert (dips.weight_kg, ExerciseStat.objects.get(user=member, display_name="Dips").volume_kg) == (
        Decimal("80"),
        Decimal("960"),
    )


def test_without_a_body_weight_a_bodyweight_set_counts_only_what_was_added(member):
    _, sets = sets_of(member, ("Dips", 1, 10), ("Weighted pull ups", 1, 5))
    dips = set_log(workout_set=sets["Dips"][0], actual_reps=10)
    weighted = set_log(workout_set=sets["Weighted Pull Ups"][0], actual_reps=5, added_kg=Decimal("10"))
    dips.refresh_from_db()
    weighted.refresh_from_db()
    assert (dips.weight_kg, weighted.weight_kg) == (None, Decimal("10"))


def test_the_session_page_asks_each_kind_for_what_it_records(signed_in, member):
    session, sets = sets_of(member, ("Dips", 1, 10), ("Weighted pull ups", 1, 5), ("Band assisted pull-up", 1, 8))
    page = signed_in.get(reverse("sessions:detail", args=[session.pk])).text
    dips, weighted, assisted = sets["Dips"][0], sets["Weighted Pull Ups"][0], sets["Band Assisted Pull-Up"][0]
    assert f'name="set-{dips.pk}-actual_reps"' in page
    assert f'name="set-{dips.pk}-weight_kg"' not in page
    assert f'name="set-{dips.pk}-added_kg"' not in page
    assert f'<label for="id_set-{weighted.pk}-added_kg">Added (kg) (optional)</label>' in page
    assert f'<label for="id_set-{assisted.pk}-added_kg">Assistance (kg) (optional)</label>' in page
    assert "<span>+kg</span>" in page
    assert "<span>−kg</span>" in page


def test_last_time_reads_as_each_kind_records(signed_in, member):
    plan = make_plan(member, "Mixed", (("Plank", 1, 1), ("Dips", 1, 10), ("Weighted pull ups", 1, 5)))
    before = session_start(user=member, plan=plan, date=DAY - datetime.timedelta(days=7))
    done = {s.template.exercise_name: s for s in before.sets.select_related("template")}
    set_log(workout_set=done["Plank"], duration_seconds=75)
    set_log(workout_set=done["Dips"], actual_reps=10)
    set_log(workout_set=done["Weighted Pull Ups"], actual_reps=5, added_kg=Decimal("10"))
    today = session_start(user=member, plan=plan, date=DAY)
    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).text
    for shown in ("1:15", "10×BW", "5×BW+10"):
        written = shown.replace("×", "×<wbr>")  # a break after the ×, for a narrow column
        assert f'<span class="visually-hidden">last time </span>{written}</span>' in page, shown
    # Filled in with what each did last time; no progression of weights for them.
    plank = today.sets.get(template__exercise_name="Plank")
    pull_up = today.sets.get(template__exercise_name="Weighted Pull Ups")
    assert f'name="set-{plank.pk}-duration_seconds" value="1:15"' in page
    assert f'name="set-{pull_up.pk}-added_kg" value="10"' in page
    assert "Same weight" not in page


def test_a_longer_hold_and_a_longer_row_are_records_shown_in_their_measure(signed_in, member):
    plan = make_plan(member, "Conditioning", (("Plank", 3, 1), ("Rowing machine", 2, 1)))
    session = session_start(user=member, plan=plan, date=DAY)
    sets = {}
    for each in session.sets.select_related("template").order_by("position"):
        sets.setdefault(each.template.exercise_name, []).append(each)
    planks, rows = sets["Plank"], sets["Rowing, Stationary"]
    set_log(workout_set=planks[0], duration_seconds=60)
    set_log(workout_set=planks[1], duration_seconds=45)  # shorter: no record
    set_log(workout_set=planks[2], duration_seconds=75)
    set_log(workout_set=rows[0], distance_m=Decimal("2000"), duration_seconds=480)
    set_log(workout_set=rows[1], distance_m=Decimal("2000"), duration_seconds=470)  # as far: faster
    records = sorted(
        (r.workout_set_id, r.kind, r.value)
        for r in PersonalRecord.objects.filter(user=member, kind__in=["duration", "distance", "pace"])
    )
    assert records == sorted(
        [
            (planks[0].pk, "duration", Decimal(60)),
            (planks[2].pk, "duration", Decimal(75)),
            (rows[0].pk, "distance", Decimal(2000)),
            (rows[0].pk, "pace", Decimal(240)),  # 480 s for 2 km: 4:00 a km
            (rows[1].pk, "pace", Decimal(235)),
        ]
    )
    page = signed_in.get(reverse("progress:exercise", args=["plank"])).text
    assert "<strong>1:15</strong> Longest time" in page
    page = signed_in.get(reverse("progress:exercise", args=["rowing, stationary"])).text
    assert "<strong>2 km</strong> Longest distance" in page
    assert "<strong>3:55 /km</strong> Fastest pace" in page
