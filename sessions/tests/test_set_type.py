"""A set's type on the session page (`set_type`): one tap on a set's number makes it the next type
(working → warm-up → drop → failure → working), by a plain form post or in place from the page's
script (its own partials as JSON). The page marks each type (W, D, F) in letters, named in full.
A warm-up counts for nothing: not in the session's reps and volume, the statistics or the records,
which are right in the very answer that changed the type."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from progress.models import ExerciseStat, PersonalRecord
from sessions.models import SetType
from sessions.services import session_start, set_log, set_type_change
from sessions.tests.helpers import JSON, grow_history, make_plan

pytestmark = pytest.mark.django_db

ONE_EXERCISE = (("Bench Press (Barbell)", 3, 5),)


@pytest.fixture
def plan(member):
    return make_plan(member, "Sled day", ONE_EXERCISE)


def sets_of(session):
    return list(session.sets.order_by("position"))


def type_url(workout_set):
    return reverse("sessions:set_type", args=[workout_set.session_id, workout_set.pk])


def change(client, workout_set, set_type, **headers):
    return client.post(type_url(workout_set), {"set_type": set_type}, **headers)


def page_of(client, session):
    response = client.get(reverse("sessions:detail", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def type_form(html, workout_set):
    """The markup of one set's type control (its number's button) on a page or in an answer."""
    start = html.index(f'id="set-{workout_set.pk}-type"')
    return html[html.rindex("<form", 0, start) : html.index("</form>", start) + len("</form>")]


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def totals_on(html):
    """(sets done, planned, reps, lifted) as the totals' partial shows them."""
    found = re.search(
        r"<strong>(\d+)/(\d+)</strong> sets</li>\s*<li><strong>(\d+)</strong> reps</li>\s*"
        r"<li><strong>([^<]+)</strong> lifted",
        html,
    )
    assert found, html
    return found.groups()


def marks_on(page, workout_set):
    """The markup of one set's record marks on the page."""
    start = page.index(f'id="set-{workout_set.pk}-marks"')
    return page[start : page.index('<span class="set-prev">', start)]


def records_of(workout_set):
    return sorted(PersonalRecord.objects.filter(workout_set=workout_set).values_list("kind", flat=True))


def stats_of(member):
    stat = ExerciseStat.objects.get(user=member)
    return (stat.sets, stat.reps, stat.volume_kg, stat.best_weight_kg, stat.best_e1rm_kg)


# --- One tap, without the script and with it -----------------------------------------------------


def test_a_plain_form_post_changes_the_type_and_returns_to_the_set(signed_in, session):
    workout_set = sets_of(session)[0]
    response = change(signed_in, workout_set, "warmup")
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions:detail", args=[session.pk]) + f"#set-{workout_set.pk}"
    workout_set.refresh_from_db()
    assert workout_set.set_type == SetType.WARMUP
    # Written through the model: the set's history has the change, by the member who made it.
    latest = workout_set.history.order_by("-history_date").first()
    assert (latest.set_type, latest.history_user) == ("warmup", session.user)


def test_each_tap_offers_the_next_type_in_turn(signed_in, session):
    workout_set = sets_of(session)[0]
    seen = []
    for _ in range(4):
        form = type_form(page_of(signed_in, session), workout_set)
        wanted = re.search(r'name="set_type" value="(\w+)"', form).group(1)
        seen.append(wanted)
        assert change(signed_in, workout_set, wanted).status_code == 302
    assert seen == ["warmup", "drop", "failure", "normal"]
    workout_set.refresh_from_db()
    assert workout_set.set_type == SetType.NORMAL


@pytest.mark.parametrize(
    ("set_type", "mark", "named"),
    [("warmup", "W", "Warm-up set"), ("drop", "D", "Drop set"), ("failure", "F", "Set to failure")],
)
def test_each_type_is_marked_in_letters_and_named_in_full(signed_in, session, set_type, mark, named):
    workout_set, other = sets_of(session)[:2]
    set_type_change(workout_set=workout_set, set_type=SetType(set_type))
    page = page_of(signed_in, session)
    form = type_form(page, workout_set)
    assert f'<span aria-hidden="true">1<span class="type-mark" title="{named}">{mark}</span></span>' in form
    assert f'<span class="visually-hidden">Set 1 ({named.lower()}), target 5 reps: make it a ' in form
    assert f"type-{set_type}" in form
    # A working set carries no mark.
    assert "type-mark" not in type_form(page, other)
    assert '<span class="visually-hidden">Set 2, target 5 reps: make it a warm-up set</span>' in type_form(page, other)


def test_a_timed_set_is_named_without_the_target_reps_of_its_plan_row(signed_in, member):
    # The plan form asks reps of every exercise; a plank's set keeps them but has no reps to hit.
    plan = make_plan(member, "Core", (("Plank", 1, 10),))
    core = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 2))
    plank = sets_of(core)[0]
    assert (plank.kind, plank.target_reps) == ("duration", 10)
    form = type_form(page_of(signed_in, core), plank)
    assert '<span class="visually-hidden">Set 1: make it a warm-up set</span>' in form


def test_in_place_the_answer_is_the_pages_own_partials(signed_in, session):
    workout_set = sets_of(session)[1]
    set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("100"))
    response = change(signed_in, workout_set, "drop", **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["set_type"] == "drop"
    html = answer["html"]
    assert set(html) == {f"set-{workout_set.pk}-type", f"set-{workout_set.pk}-marks", "session-totals"}
    page = page_of(signed_in, session)
    assert without_tokens(html[f"set-{workout_set.pk}-type"]) == without_tokens(type_form(page, workout_set))
    assert ">D</span>" in html[f"set-{workout_set.pk}-type"]
    assert ">Set 2 (drop set)" in html[f"set-{workout_set.pk}-type"]  # its number among its exercise's sets
    assert html[f"set-{workout_set.pk}-marks"] in page
    assert html["session-totals"].strip() in page


def test_a_set_not_yet_logged_changes_type_in_place_too(signed_in, session):
    workout_set = sets_of(session)[2]
    response = change(signed_in, workout_set, "warmup", **JSON)
    assert response.status_code == 200
    assert ">W</span>" in response.json()["html"][f"set-{workout_set.pk}-type"]
    workout_set.refresh_from_db()
    assert (workout_set.set_type, workout_set.completed_at) == ("warmup", None)


def test_the_same_type_again_writes_nothing(signed_in, session):
    workout_set = sets_of(session)[0]
    change(signed_in, workout_set, "warmup", **JSON)
    changes = workout_set.history.count()
    assert change(signed_in, workout_set, "warmup", **JSON).status_code == 200
    assert workout_set.history.count() == changes


# --- A warm-up counts for nothing ----------------------------------------------------------------


def test_the_totals_leave_a_warmup_out_of_reps_and_volume_but_count_it_done(signed_in, session):
    first, second, _ = sets_of(session)
    set_log(workout_set=first, actual_reps=10, weight_kg=Decimal("40"))
    set_log(workout_set=second, actual_reps=5, weight_kg=Decimal("100"))
    assert totals_on(page_of(signed_in, session)) == ("2", "3", "15", "900 kg")
    answer = change(signed_in, first, "warmup", **JSON).json()
    assert totals_on(answer["html"]["session-totals"]) == ("2", "3", "5", "500 kg")
    assert totals_on(page_of(signed_in, session)) == ("2", "3", "5", "500 kg")
    # Drop sets and sets to failure are work like any other.
    answer = change(signed_in, first, "failure", **JSON).json()
    assert totals_on(answer["html"]["session-totals"]) == ("2", "3", "15", "900 kg")


@pytest.mark.parametrize("scripted", [True, False])
def test_a_set_marked_warmup_before_it_is_logged_stays_a_warmup(signed_in, session, scripted):
    workout_set = sets_of(session)[0]
    change(signed_in, workout_set, "warmup")
    url = reverse("sessions:set_log", args=[session.pk, workout_set.pk])
    data = {f"set-{workout_set.pk}-actual_reps": "10", f"set-{workout_set.pk}-weight_kg": "60"}
    if scripted:
        data[f"set-{workout_set.pk}-key"] = str(uuid.uuid4())
    response = signed_in.post(url, data, **(JSON if scripted else {}))
    assert response.status_code == (200 if scripted else 302)
    workout_set.refresh_from_db()
    assert (workout_set.set_type, workout_set.actual_reps, workout_set.completed_at is not None) == ("warmup", 10, True)
    if scripted:
        assert totals_on(response.json()["html"]["session-totals"]) == ("1", "3", "0", "0 kg")
    assert ">W</span>" in type_form(page_of(signed_in, session), workout_set)
    assert not ExerciseStat.objects.filter(user=session.user).exists()
    assert records_of(workout_set) == []


def test_a_warmup_that_would_be_a_record_is_none_and_the_stats_do_not_see_it(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 19))
    set_log(workout_set=sets_of(earlier)[0], actual_reps=5, weight_kg=Decimal("100"))
    before = stats_of(member)
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    warmup = sets_of(today)[0]
    change(signed_in, warmup, "warmup", **JSON)
    response = signed_in.post(
        reverse("sessions:set_log", args=[today.pk, warmup.pk]),
        {f"set-{warmup.pk}-actual_reps": "5", f"set-{warmup.pk}-weight_kg": "140"},
        **JSON,
    )
    assert response.status_code == 200
    assert "PR" not in response.json()["html"][f"set-{warmup.pk}-marks"]
    assert records_of(warmup) == []
    assert stats_of(member) == before
    # Made a working set, it is the record it would have been, at once.
    answer = change(signed_in, warmup, "normal", **JSON).json()
    assert records_of(warmup) == ["e1rm", "weight"]
    assert "Record!" in answer["html"][f"set-{warmup.pk}-marks"]
    assert stats_of(member) == (2, 10, Decimal("1200.00"), Decimal("140.00"), Decimal("163.33"))


def test_making_a_record_set_a_warmup_takes_its_record_and_mark_and_hands_it_on(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 19))
    set_log(workout_set=sets_of(earlier)[0], actual_reps=5, weight_kg=Decimal("100"))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    heavy, lighter, _ = sets_of(today)
    set_log(workout_set=heavy, actual_reps=5, weight_kg=Decimal("120"))
    set_log(workout_set=lighter, actual_reps=5, weight_kg=Decimal("110"))
    assert (records_of(heavy), records_of(lighter)) == (["e1rm", "weight"], [])
    assert "Record!" in marks_on(page_of(signed_in, today), heavy)

    answer = change(signed_in, heavy, "warmup", **JSON).json()
    assert "PR" not in answer["html"][f"set-{heavy.pk}-marks"]
    assert records_of(heavy) == []
    assert not PersonalRecord.objects.filter(workout_set=heavy).exists()
    # The set after it is now the heaviest working set since 100 kg: the records followed.
    assert records_of(lighter) == ["e1rm", "weight"]
    page = page_of(signed_in, today)
    assert "Record!" not in marks_on(page, heavy)
    assert "Record!" in marks_on(page, lighter)


def test_statistics_leave_a_logged_set_made_warmup_out_and_take_it_back(signed_in, member, session):
    first, second, _ = sets_of(session)
    set_log(workout_set=first, actual_reps=5, weight_kg=Decimal("100"))
    set_log(workout_set=second, actual_reps=3, weight_kg=Decimal("110"))
    both = stats_of(member)
    change(signed_in, second, "warmup", **JSON)
    assert stats_of(member) == (1, 5, Decimal("500.00"), Decimal("100.00"), Decimal("116.67"))
    change(signed_in, second, "drop", **JSON)
    assert stats_of(member) == both


def row_of(page, workout_set):
    """The markup of one set's row on the page."""
    start = page.rindex("<li", 0, page.index(f'id="set-{workout_set.pk}"'))
    return page[start : page.index("</li>", start)]


def test_a_warmups_weight_is_not_carried_to_the_sets_after_it(signed_in, session):
    warmup, first, second = sets_of(session)
    set_type_change(workout_set=warmup, set_type=SetType.WARMUP)
    set_log(workout_set=warmup, actual_reps=10, weight_kg=Decimal("60"))
    assert 'value="60"' not in row_of(page_of(signed_in, session), first)
    set_log(workout_set=first, actual_reps=5, weight_kg=Decimal("100"))
    assert f'name="set-{second.pk}-weight_kg" value="100"' in row_of(page_of(signed_in, session), second)


def test_last_times_working_sets_are_matched_to_this_times_working_sets(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 13))
    ramp, *work = sets_of(earlier)
    set_type_change(workout_set=ramp, set_type=SetType.WARMUP)
    for workout_set, weight in zip([ramp, *work], ["40", "100", "105"], strict=True):
        set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal(weight))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    warmup, first, second = sets_of(today)
    set_type_change(workout_set=warmup, set_type=SetType.WARMUP)
    page = page_of(signed_in, today)
    assert "last time" not in row_of(page, warmup)
    assert "last time </span>5×<wbr>100</span>" in row_of(page, first)
    assert "last time </span>5×<wbr>105</span>" in row_of(page, second)


# --- Who may, and what is refused ----------------------------------------------------------------


@pytest.mark.parametrize("scripted", [True, False])
def test_another_members_set_is_404_and_unchanged(client, other_member, session, scripted):
    workout_set = sets_of(session)[0]
    client.force_login(other_member)
    assert change(client, workout_set, "warmup", **(JSON if scripted else {})).status_code == 404
    workout_set.refresh_from_db()
    assert workout_set.set_type == SetType.NORMAL


def test_a_removed_set_or_one_of_another_session_is_404(signed_in, member, session, plan):
    removed, kept, _ = sets_of(session)
    removed.soft_delete()
    assert change(signed_in, removed, "warmup").status_code == 404
    elsewhere = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 21))
    url = reverse("sessions:set_type", args=[elsewhere.pk, kept.pk])
    assert signed_in.post(url, {"set_type": "warmup"}).status_code == 404


@pytest.mark.parametrize("sent", [{"set_type": "cooldown"}, {"set_type": ""}, {}])
def test_an_unknown_type_is_refused_with_a_reason(signed_in, session, sent):
    workout_set = sets_of(session)[0]
    answer = signed_in.post(type_url(workout_set), sent, **JSON)
    assert answer.status_code == 422
    assert "type" in answer.json()["error"]
    page = signed_in.post(type_url(workout_set), sent)
    assert page.status_code == 422
    assert answer.json()["error"].split(":")[0] in page.content.decode()  # the page's message
    workout_set.refresh_from_db()
    assert workout_set.set_type == SetType.NORMAL


def test_the_reason_names_what_was_sent(signed_in, session):
    answer = signed_in.post(type_url(sets_of(session)[0]), {"set_type": "cooldown"}, **JSON)
    assert answer.json()["error"].startswith("“cooldown” is no type of set")


def test_a_get_is_refused(signed_in, session):
    assert signed_in.get(type_url(sets_of(session)[0])).status_code == 405


# --- Cost ----------------------------------------------------------------------------------------

# The request's own (the signed-in session and user, the member's row-level security context set
# and put back, the transaction's savepoints), the set (one query, with its session and exercise),
# the change and its history row in the service's savepoint, then for a logged set its exercise's
# records derived again, and the answer's number, record marks and totals.
QUERIES_LOGGED = 17
QUERIES_PLANNED = QUERIES_LOGGED - 2  # no records to derive again, and none to mark


def test_a_change_in_place_costs_a_fixed_number_of_queries(signed_in, member, plan, django_assert_num_queries):
    grow_history(member, plan, 3)
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    logged, planned, _ = sets_of(today)
    set_log(workout_set=logged, actual_reps=5, weight_kg=Decimal("100"))
    with django_assert_num_queries(QUERIES_LOGGED):
        assert change(signed_in, logged, "warmup", **JSON).status_code == 200
    with django_assert_num_queries(QUERIES_PLANNED):
        assert change(signed_in, planned, "warmup", **JSON).status_code == 200
