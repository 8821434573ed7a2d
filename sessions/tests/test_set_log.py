"""Logging a set (`set_log`): by a plain form post, in place from the page's script (its own
partials as JSON, a log sent again with its key writing nothing), and from a stale form (its
version, `read_at`: an older value never overwrites a newer one; the page shows both, 409)."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import assert_same_queries, at_once, queries_of
from sessions.forms import SetLogForm
from sessions.models import WorkoutSet
from sessions.services import session_start, set_log
from sessions.tests.helpers import JSON, first_set, grow_history, make_plan

pytestmark = pytest.mark.django_db


def log_data(workout_set, **values):
    return {f"set-{workout_set.pk}-{name}": value for name, value in values.items()}


def log(client, workout_set, key=None, **values):
    data = log_data(workout_set, **values)
    if key:
        data[f"set-{workout_set.pk}-key"] = str(key)
    url = reverse("sessions:set_log", args=[workout_set.session_id, workout_set.pk])
    return client.post(url, data, **JSON)


def without_tokens(html):
    """Markup with its CSRF tokens' values left out: each response masks the token anew."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def history_of(workout_set):
    return list(WorkoutSet.history.filter(id=workout_set.pk).order_by("history_date"))


def read_at_on_page(client, workout_set):
    page = client.get(reverse("sessions:detail", args=[workout_set.session_id])).content.decode()
    match = re.search(rf'name="set-{workout_set.pk}-read_at" value="([^"]+)"', page)
    assert match, "the set's form carries no version"
    return match.group(1)


def tick(client, workout_set, read_at, **values):
    url = reverse("sessions:set_log", args=[workout_set.session_id, workout_set.pk])
    return client.post(url, log_data(workout_set, read_at=read_at, **values))


def logs_of(workout_set):
    return workout_set.history.filter(completed_at__isnull=False).count()


# --- A plain form post ----------------------------------------------------------------------------


def test_logging_a_set_stores_it_and_returns_to_it(signed_in, session):
    workout_set = first_set(session)
    response = signed_in.post(
        reverse("sessions:set_log", args=[session.pk, workout_set.pk]),
        log_data(workout_set, actual_reps="7", weight_kg="82.5", rpe="8.5"),
    )
    assert response.status_code == 302
    second = session.sets.order_by("position")[1]
    assert response["Location"].endswith(f"#set-{second.pk}")  # on to the next set
    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg, workout_set.rpe) == (7, Decimal("82.5"), Decimal("8.5"))
    assert workout_set.completed_at is not None


@pytest.mark.parametrize("who", ["other_member", "staff"])
def test_a_well_formed_log_of_someone_elses_set_is_404_and_changes_nothing(client, request, session, who):
    # Staff can see every row, but the logging page is the member's own: a 404 for anyone else.
    client.force_login(request.getfixturevalue(who))
    workout_set = first_set(session)
    response = client.post(
        reverse("sessions:set_log", args=[session.pk, workout_set.pk]), log_data(workout_set, actual_reps="7")
    )
    assert response.status_code == 404
    workout_set.refresh_from_db()
    assert workout_set.completed_at is None
    assert workout_set.history.count() == 1  # the row of its creation only


def test_a_set_of_a_deleted_session_cannot_be_logged(signed_in, session):
    workout_set = first_set(session)
    session.soft_delete()
    url = reverse("sessions:set_log", args=[session.pk, workout_set.pk])
    assert signed_in.post(url, log_data(workout_set, actual_reps="7")).status_code == 404
    assert WorkoutSet.all_objects.get(pk=workout_set.pk).completed_at is None


def test_logging_a_set_records_the_change_as_the_history_of_a_save_would(signed_in, member, session):
    workout_set = first_set(session)
    for reps in ["7", "9"]:  # a first log, then an edit
        signed_in.post(
            reverse("sessions:set_log", args=[session.pk, workout_set.pk]),
            log_data(workout_set, actual_reps=reps, weight_kg="82.5", rpe="8.5"),
        )
        workout_set.refresh_from_db()
        latest = workout_set.history.latest("history_date")
        assert (latest.history_type, latest.history_user, latest.history_change_reason) == ("~", member, None)
        # Every field of the set, as it now is (a field added to the model must be written too).
        for field in WorkoutSet._meta.concrete_fields:
            assert getattr(latest, field.attname) == getattr(workout_set, field.attname), field.name
    assert workout_set.history.count() == 3
    assert [h.actual_reps for h in workout_set.history.order_by("history_date")][1:] == [7, 9]


def test_a_member_who_uses_pounds_types_and_reads_pounds(signed_in, member, session):
    member.weight_unit = "lb"
    member.save()
    workout_set = first_set(session)
    signed_in.post(
        reverse("sessions:set_log", args=[session.pk, workout_set.pk]),
        log_data(workout_set, actual_reps="5", weight_kg="225"),
    )
    workout_set.refresh_from_db()
    assert workout_set.weight_kg == Decimal("102.0582832500")  # 225 lb, exactly
    assert workout_set.history.latest("history_date").weight_kg == workout_set.weight_kg
    page = signed_in.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert f'name="set-{workout_set.pk}-weight_kg" value="225"' in page
    assert "Weight (lb)" in page


@pytest.mark.parametrize("unit", ["kg", "lb"])
def test_each_sets_inputs_are_the_ones_the_set_form_renders(signed_in, member, plan, unit):
    # The page writes the inputs out itself (one form per set cost most of its rendering time);
    # they must stay exactly what SetLogForm renders: labels, names, ids, values and limits.
    member.weight_unit = unit
    member.save()
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    logged, pending, dips, _ = today.sets.order_by("position")
    set_log(workout_set=logged, actual_reps=7, weight_kg=Decimal("82.5"), rpe=Decimal("8.5"))

    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).content.decode()

    shown = {
        logged: {"actual_reps": 7, "weight_kg": Decimal("82.5"), "rpe": Decimal("8.5")},
        pending: {"actual_reps": 8, "weight_kg": Decimal("82.5")},  # the weight just lifted
        dips: {"actual_reps": 10},  # never done: no weight to suggest
    }
    for workout_set, initial in shown.items():
        form = SetLogForm(unit=unit, kind=workout_set.kind, prefix=f"set-{workout_set.pk}", initial=initial)
        for name in WorkoutSet.KIND_FIELDS[workout_set.kind]:
            field = form[name]
            assert str(field) in page, name
            assert f'<label for="{field.id_for_label}">' in page, name
    assert dips.kind == "bodyweight_reps"  # the library's Dips: reps and RPE, no weight typed
    form = SetLogForm(unit=unit, prefix=f"set-{logged.pk}")
    assert f'<label for="{form["weight_kg"].id_for_label}">Weight ({unit}) (optional)</label>' in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"actual_reps": "-1", "weight_kg": "60"}, "actual_reps", "greater than or equal to 0"),
        ({"actual_reps": "", "weight_kg": "60"}, "actual_reps", "This field is required"),
        ({"actual_reps": "8", "weight_kg": "-5"}, "weight_kg", "greater than or equal to 0"),
        ({"actual_reps": "8", "weight_kg": "abc"}, "weight_kg", "Enter a number"),
        ({"actual_reps": "8", "rpe": "11"}, "rpe", "less than or equal to 10"),
    ],
)
def test_bad_set_input_is_explained_and_kept(signed_in, session, values, field, message):
    workout_set = first_set(session)
    response = signed_in.post(
        reverse("sessions:set_log", args=[session.pk, workout_set.pk]), log_data(workout_set, **values)
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    for name, value in values.items():
        if value:
            assert f'name="set-{workout_set.pk}-{name}" value="{value}"' in page
    workout_set.refresh_from_db()
    assert workout_set.completed_at is None


def test_logging_a_set_costs_one_statement_of_its_own_whatever_the_history(signed_in, member):
    def log(session):
        workout_set = first_set(session)
        url = reverse("sessions:set_log", args=[session.pk, workout_set.pk])
        return queries_of(lambda: signed_in.post(url, log_data(workout_set, actual_reps="7", weight_kg="80")))

    small_plan = make_plan(member, "Small", [("Squat", 1, 5)])
    small = log(session_start(user=member, plan=small_plan, date=datetime.date(2026, 11, 20)))
    assert small[1].status_code == 302

    big_plan = make_plan(member, "Big", [(f"Exercise {i}", 5, 8) for i in range(8)])
    grow_history(member, big_plan, 12)
    large = log(session_start(user=member, plan=big_plan, date=datetime.date(2026, 11, 21)))
    assert large[1].status_code == 302
    assert_same_queries(small, large)
    # The request's own (session, member, context) and one call for the set, with no savepoint
    # of the view's around it: the view runs straight in the request's transaction. (Here the
    # request's transaction is itself a savepoint: the test holds a transaction open.)
    about_sets = [q for q in large[2] if any(t in q for t in ("workout_sets", "workouts_set_log", "personal_records"))]
    assert len(about_sets) == 1, "\n".join(large[2])
    assert "workouts_set_log(" in about_sets[0]
    assert len([q for q in large[2] if q.upper().startswith("SAVEPOINT")]) == 1, "\n".join(large[2])


# --- In place, from the page's script -------------------------------------------------------------


def test_a_set_logged_in_place_answers_with_its_row_the_totals_and_the_next_set(signed_in, session):
    first, second = session.sets.order_by("position")[:2]
    response = log(signed_in, first, key=uuid.uuid4(), actual_reps="7", weight_kg="82.5", rpe="8")

    assert response.status_code == 200
    answer = response.json()
    assert answer["logged"] is True
    assert answer["replayed"] is False
    assert answer["upcoming"] == str(second.pk)
    form = answer["html"][f"set-{first.pk}-form"]
    assert f'name="set-{first.pk}-weight_kg" value="82.5"' in form
    assert f'name="set-{first.pk}-actual_reps" value="7"' in form
    assert f'name="set-{first.pk}-rpe" value="8.0"' in form
    assert "Update" in form  # a logged set's button updates it
    assert "<strong>1/4</strong> sets" in answer["html"]["session-totals"]
    assert "<strong>577.5 kg</strong> lifted" in answer["html"]["session-totals"]
    assert "Record!" in answer["html"][f"set-{first.pk}-marks"]  # the member's first bench press
    first.refresh_from_db()
    assert (first.actual_reps, first.weight_kg, first.rpe) == (7, Decimal("82.5"), Decimal("8.0"))
    assert first.completed_at is not None


def test_the_answer_is_what_the_page_shows_for_that_set(signed_in, session):
    # The partials are the page's own: the row the page renders after a reload is the same markup.
    workout_set = first_set(session)
    answer = log(signed_in, workout_set, actual_reps="7", weight_kg="82.5").json()
    page = without_tokens(signed_in.get(reverse("sessions:detail", args=[session.pk])).content.decode())
    assert without_tokens(answer["html"][f"set-{workout_set.pk}-form"]).strip() in page
    assert answer["html"][f"set-{workout_set.pk}-marks"].strip() in page


def test_a_log_sent_again_with_its_key_writes_nothing(signed_in, session):
    workout_set = first_set(session)
    key = uuid.uuid4()
    first = log(signed_in, workout_set, key=key, actual_reps="8", weight_kg="60").json()
    # The same log again (a double tap, the offline queue sent twice), even with other numbers.
    again = log(signed_in, workout_set, key=key, actual_reps="3", weight_kg="10")

    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert f'name="set-{workout_set.pk}-actual_reps" value="8"' in again.json()["html"][f"set-{workout_set.pk}-form"]
    assert again.json()["logged_at"] == first["logged_at"]
    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg) == (8, Decimal("60"))
    logs = [h for h in history_of(workout_set) if h.completed_at is not None]
    assert [(h.actual_reps, h.log_key) for h in logs] == [(8, key)]


def test_an_older_log_sent_again_never_overwrites_a_newer_one(signed_in, session):
    workout_set = first_set(session)
    older, newer = uuid.uuid4(), uuid.uuid4()
    log(signed_in, workout_set, key=older, actual_reps="8", weight_kg="60")
    log(signed_in, workout_set, key=newer, actual_reps="10", weight_kg="60")
    assert log(signed_in, workout_set, key=older, actual_reps="8", weight_kg="60").json()["replayed"] is True
    workout_set.refresh_from_db()
    assert workout_set.actual_reps == 10


def test_a_log_without_a_key_is_written_each_time(signed_in, session):
    # The page without its script sends no key: each post is a log, as before.
    workout_set = first_set(session)
    log(signed_in, workout_set, actual_reps="8", weight_kg="60")
    log(signed_in, workout_set, actual_reps="9", weight_kg="60")
    workout_set.refresh_from_db()
    assert workout_set.actual_reps == 9
    assert len([h for h in history_of(workout_set) if h.completed_at is not None]) == 2


@pytest.mark.django_db(transaction=True)
def test_two_identical_logs_at_once_write_one():
    with rls.system_context("tests"):
        member = UserFactory(username="carol")
        workout_plan = make_plan(member)
        workout_session = session_start(user=member, plan=workout_plan, date=datetime.date(2026, 11, 20))
        workout_set = first_set(workout_session)
    key = uuid.uuid4()
    statuses = at_once(
        *[(member, lambda client: log(client, workout_set, key=key, actual_reps="8", weight_kg="60"))] * 2
    )
    assert statuses == [200, 200]
    with rls.system_context("tests"):
        logs = [h for h in history_of(workout_set) if h.completed_at is not None]
    assert len(logs) == 1


def test_bad_numbers_in_place_answer_422_with_the_form_and_what_was_typed(signed_in, session):
    workout_set = first_set(session)
    response = log(signed_in, workout_set, actual_reps="-3", weight_kg="70")
    assert response.status_code == 422
    form = response.json()["html"][f"set-{workout_set.pk}-form"]
    assert "greater than or equal to 0" in form
    assert 'value="-3"' in form
    assert 'value="70"' in form
    workout_set.refresh_from_db()
    assert workout_set.completed_at is None


def test_another_members_set_in_place_is_a_404(client, other_member, session):
    client.force_login(other_member)
    workout_set = first_set(session)
    assert log(client, workout_set, actual_reps="8", weight_kg="60").status_code == 404
    assert log(client, workout_set, actual_reps="-1").status_code == 404
    workout_set.refresh_from_db()
    assert workout_set.completed_at is None


def test_logging_in_place_costs_one_statement_of_its_own_whatever_the_history(signed_in, member):
    def cost(workout_session):
        workout_set = first_set(workout_session)
        return queries_of(lambda: log(signed_in, workout_set, key=uuid.uuid4(), actual_reps="7", weight_kg="80"))

    small = cost(
        session_start(user=member, plan=make_plan(member, "Small", [("Squat", 1, 5)]), date=datetime.date(2026, 11, 20))
    )
    big_plan = make_plan(member, "Big", [(f"Exercise {i}", 5, 8) for i in range(8)])
    grow_history(member, big_plan, 12)
    large = cost(session_start(user=member, plan=big_plan, date=datetime.date(2026, 11, 21)))
    assert large[1].status_code == 200
    assert small[0] == large[0], "\n".join(large[2])
    about_sets = [q for q in large[2] if any(t in q for t in ("workout_sets", "workouts_set_log", "personal_records"))]
    assert len(about_sets) == 1, "\n".join(large[2])


# --- From a form of an older version (read_at) ----------------------------------------------------


def test_an_older_value_sent_again_after_a_newer_one_is_a_409_with_both(signed_in, session):
    workout_set = first_set(session)
    shown_first = read_at_on_page(signed_in, workout_set)
    assert tick(signed_in, workout_set, shown_first, actual_reps="8", weight_kg="60").status_code == 302
    assert (
        tick(
            signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="6", weight_kg="70"
        ).status_code
        == 302
    )

    stale = tick(signed_in, workout_set, shown_first, actual_reps="8", weight_kg="60")  # Back, and send again

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "This set was changed in another tab or device" in page
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    assert ("Weight (kg)", "60", "70") in rows
    assert ("Reps", "8", "6") in rows
    assert f'name="set-{workout_set.pk}-actual_reps" value="8"' in page  # what was typed is kept
    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg) == (6, 70)
    assert logs_of(workout_set) == 2


def test_sending_the_conflicting_form_again_saves_it_on_purpose(signed_in, session):
    workout_set = first_set(session)
    shown_first = read_at_on_page(signed_in, workout_set)
    tick(signed_in, workout_set, shown_first, actual_reps="8", weight_kg="60")
    tick(signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="6", weight_kg="70")
    page = tick(signed_in, workout_set, shown_first, actual_reps="8", weight_kg="60").content.decode()
    rearmed = re.search(rf'name="set-{workout_set.pk}-read_at" value="([^"]+)"', page).group(1)
    assert rearmed != shown_first
    assert tick(signed_in, workout_set, rearmed, actual_reps="8", weight_kg="60").status_code == 302
    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg) == (8, 60)


def test_a_tick_sent_twice_without_the_script_logs_once(signed_in, session):
    workout_set = first_set(session)
    shown = read_at_on_page(signed_in, workout_set)
    first = tick(signed_in, workout_set, shown, actual_reps="8", weight_kg="60", rpe="8")
    second = tick(signed_in, workout_set, shown, actual_reps="8", weight_kg="60", rpe="8")
    assert (first.status_code, second.status_code) == (302, 302)
    assert logs_of(workout_set) == 1


def test_a_logged_set_edited_from_its_current_version_is_saved(signed_in, session):
    workout_set = first_set(session)
    tick(signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="8", weight_kg="60")
    assert tick(signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="9").status_code == 302
    workout_set.refresh_from_db()
    assert workout_set.actual_reps == 9
    assert logs_of(workout_set) == 2


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_without_the_script_log_once():
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
        workout_session = session_start(user=member, plan=make_plan(member), date=datetime.date(2026, 12, 1))
        workout_set = first_set(workout_session)
    viewer = Client()
    viewer.force_login(member)
    shown = read_at_on_page(viewer, workout_set)
    statuses = at_once(
        *[(member, lambda client: tick(client, workout_set, shown, actual_reps="8", weight_kg="60"))] * 2
    )
    assert statuses == [302, 302]
    with rls.system_context("tests"):
        assert logs_of(WorkoutSet.objects.get(pk=workout_set.pk)) == 1
