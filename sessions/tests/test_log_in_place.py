"""Logging, removing and bringing back a set from the session page's script: what the server
answers (the page's own partials as JSON), and a log sent again (its key) writing nothing."""

import datetime
import json
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import at_once, queries_of
from sessions.models import WorkoutSet
from sessions.services import session_start, set_log
from sessions.tests.test_views import first_set, grow_history, log_data, make_plan

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


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


def test_a_set_logged_in_place_answers_with_its_row_the_totals_and_the_next_set(signed_in, session):
    first, second = session.sets.order_by("position")[:2]
    response = log(signed_in, first, key=uuid.uuid4(), actual_reps="7", weight="82.5", rpe="8")

    assert response.status_code == 200
    answer = response.json()
    assert answer["logged"] is True
    assert answer["replayed"] is False
    assert answer["upcoming"] == str(second.pk)
    form = answer["html"][f"set-{first.pk}-form"]
    assert f'name="set-{first.pk}-weight" value="82.5"' in form
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
    answer = log(signed_in, workout_set, actual_reps="7", weight="82.5").json()
    page = without_tokens(signed_in.get(reverse("sessions:detail", args=[session.pk])).content.decode())
    assert without_tokens(answer["html"][f"set-{workout_set.pk}-form"]).strip() in page
    assert answer["html"][f"set-{workout_set.pk}-marks"].strip() in page


def test_a_log_sent_again_with_its_key_writes_nothing(signed_in, session):
    workout_set = first_set(session)
    key = uuid.uuid4()
    first = log(signed_in, workout_set, key=key, actual_reps="8", weight="60").json()
    # The same log again (a double tap, the offline queue sent twice), even with other numbers.
    again = log(signed_in, workout_set, key=key, actual_reps="3", weight="10")

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
    log(signed_in, workout_set, key=older, actual_reps="8", weight="60")
    log(signed_in, workout_set, key=newer, actual_reps="10", weight="60")
    assert log(signed_in, workout_set, key=older, actual_reps="8", weight="60").json()["replayed"] is True
    workout_set.refresh_from_db()
    assert workout_set.actual_reps == 10


def test_a_log_without_a_key_is_written_each_time(signed_in, session):
    # The page without its script sends no key: each post is a log, as before.
    workout_set = first_set(session)
    log(signed_in, workout_set, actual_reps="8", weight="60")
    log(signed_in, workout_set, actual_reps="9", weight="60")
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
    statuses = at_once(*[(member, lambda client: log(client, workout_set, key=key, actual_reps="8", weight="60"))] * 2)
    assert statuses == [200, 200]
    with rls.system_context("tests"):
        logs = [h for h in history_of(workout_set) if h.completed_at is not None]
    assert len(logs) == 1


def test_bad_numbers_in_place_answer_422_with_the_form_and_what_was_typed(signed_in, session):
    workout_set = first_set(session)
    response = log(signed_in, workout_set, actual_reps="-3", weight="70")
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
    assert log(client, workout_set, actual_reps="8", weight="60").status_code == 404
    assert log(client, workout_set, actual_reps="-1").status_code == 404
    workout_set.refresh_from_db()
    assert workout_set.completed_at is None


def test_logging_in_place_costs_one_statement_of_its_own_whatever_the_history(signed_in, member):
    def cost(workout_session):
        workout_set = first_set(workout_session)
        return queries_of(lambda: log(signed_in, workout_set, key=uuid.uuid4(), actual_reps="7", weight="80"))

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


def test_a_set_removed_in_place_comes_back_with_undo(signed_in, session):
    workout_set = first_set(session)
    set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal("60"))
    remove = reverse("sessions:set_remove", args=[session.pk, workout_set.pk])
    restore = reverse("sessions:set_restore", args=[session.pk, workout_set.pk])

    removed = signed_in.post(remove, **JSON)
    assert removed.status_code == 200
    assert "<strong>0/3</strong> sets" in removed.json()["html"]["session-totals"]
    assert not WorkoutSet.objects.filter(pk=workout_set.pk).exists()

    back = signed_in.post(restore, **JSON)
    assert back.status_code == 200
    assert "<strong>1/4</strong> sets" in back.json()["html"]["session-totals"]
    assert signed_in.post(restore, **JSON).status_code == 200  # again: nothing more to do
    workout_set.refresh_from_db()
    assert workout_set.deleted_at is None
    assert (workout_set.actual_reps, workout_set.weight_kg) == (8, Decimal("60"))


def test_without_the_script_a_removal_offers_undo_on_the_page(signed_in, session):
    workout_set = first_set(session)
    response = signed_in.post(reverse("sessions:set_remove", args=[session.pk, workout_set.pk]), follow=True)
    page = response.content.decode()
    restore = reverse("sessions:set_restore", args=[session.pk, workout_set.pk])
    assert f'action="{restore}"' in page
    assert "A set of Bench press was removed." in page
    response = signed_in.post(restore)
    assert response.status_code == 302
    assert WorkoutSet.objects.filter(pk=workout_set.pk).exists()


def test_another_members_removed_set_cannot_be_brought_back(client, other_member, session):
    workout_set = first_set(session)
    workout_set.soft_delete()
    client.force_login(other_member)
    assert client.post(reverse("sessions:set_restore", args=[session.pk, workout_set.pk])).status_code == 404
    assert not WorkoutSet.objects.filter(pk=workout_set.pk).exists()


def test_the_service_worker_is_served_from_the_root_named_after_the_code(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "__VERSION__" not in body
    assert 'const VERSION = "' in body
    assert 'addEventListener("fetch"' in body


def test_the_session_page_names_the_manifest_and_its_script(signed_in, session):
    page = signed_in.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert 'rel="manifest"' in page
    assert "js/session." in page
    assert 'id="rest-timer"' in page
    manifest = json.loads((Path(settings.BASE_DIR) / "static" / "manifest.webmanifest").read_text())
    assert manifest["display"] == "standalone"
