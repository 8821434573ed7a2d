"""The member's session pages: start, log, adjust, finish, find again."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gymtracker.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from gymtracker.testing import assert_same_queries, queries_of
from plans.models import WorkoutPlan, WorkoutTemplate
from sessions.forms import SetLogForm
from sessions.models import EXTRA_EXERCISES_PLAN, WorkoutSession, WorkoutSet
from sessions.services import session_start, set_log

pytestmark = pytest.mark.django_db


def make_plan(user, name="Push day", exercises=(("Bench press", 2, 8), ("Dips", 2, 10))):
    plan = WorkoutPlanFactory(user=user, name=name)
    for position, (exercise, sets, reps) in enumerate(exercises):
        WorkoutTemplateFactory(plan=plan, exercise_name=exercise, sets=sets, repetitions=reps, position=position)
    return plan


def first_set(session):
    return session.sets.order_by("position").first()


def log_data(workout_set, **values):
    return {f"set-{workout_set.pk}-{name}": value for name, value in values.items()}


# Every URL with its methods, for the anonymous and other-member checks.
def urls(session, plan):
    workout_set = first_set(session)
    return [
        ("GET", reverse("sessions:list")),
        ("POST", reverse("sessions:start", args=[plan.pk])),
        ("GET", reverse("sessions:detail", args=[session.pk])),
        ("GET", reverse("sessions:edit", args=[session.pk])),
        ("POST", reverse("sessions:edit", args=[session.pk])),
        ("POST", reverse("sessions:finish", args=[session.pk])),
        ("GET", reverse("sessions:delete", args=[session.pk])),
        ("POST", reverse("sessions:delete", args=[session.pk])),
        ("GET", reverse("sessions:exercise_add", args=[session.pk])),
        ("POST", reverse("sessions:exercise_add", args=[session.pk])),
        ("POST", reverse("sessions:set_add", args=[session.pk, workout_set.template_id])),
        ("POST", reverse("sessions:set_log", args=[session.pk, workout_set.pk])),
        ("POST", reverse("sessions:set_remove", args=[session.pk, workout_set.pk])),
    ]


def test_anonymous_visitors_are_sent_to_log_in_from_every_session_url(client, session, plan):
    for method, url in urls(session, plan):
        response = client.generic(method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_another_members_sessions_sets_and_plans_are_404_for_every_url_and_method(client, other_member, session, plan):
    client.force_login(other_member)
    for method, url in urls(session, plan):
        if url == reverse("sessions:list"):
            continue
        assert client.generic(method, url).status_code == 404, (method, url)
    assert session.sets.filter(completed_at__isnull=False).count() == 0
    assert WorkoutSession.objects.get(pk=session.pk).deleted_at is None


def test_starting_a_session_plans_every_set_for_today(signed_in, member, plan):
    response = signed_in.post(reverse("sessions:start", args=[plan.pk]))
    session = WorkoutSession.objects.get(user=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions:detail", args=[session.pk])
    assert session.date == timezone.localdate()
    assert session.plan == plan
    assert [s.target_reps for s in session.sets.order_by("position")] == [8, 8, 10, 10]


def test_starting_a_session_is_never_done_by_a_get(signed_in, member, plan):
    assert signed_in.get(reverse("sessions:start", args=[plan.pk])).status_code == 405
    assert not WorkoutSession.objects.exists()


def test_the_session_page_shows_exercises_targets_and_totals(signed_in, session):
    workout_set = first_set(session)
    set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal("60"))
    response = signed_in.get(reverse("sessions:detail", args=[session.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bench press" in page
    assert "Dips" in page
    assert "target 8" in page
    assert "<strong>1/4</strong> sets" in page
    assert "<strong>8</strong> reps" in page
    assert "<strong>480 kg</strong> lifted" in page


def row_of(page: str, workout_set) -> str:
    """The markup of one set's row on the session page."""
    start = page.index('<li class="set-row')
    start = page.index(f'id="set-{workout_set.pk}"', start)
    return page[start : page.index("</li>", start)]


def test_the_previous_sessions_numbers_are_shown_as_a_hint(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 13))
    for workout_set, weight in zip(earlier.sets.order_by("position")[:2], ["60", "62.5"], strict=True):
        set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal(weight))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).content.decode()

    assert "Last time Fri 13 Nov" in page
    # Each row shows its own set of last time: reps × weight in the member's unit.
    first, second = today.sets.order_by("position")[:2]
    assert "last time </span>8×60</span>" in row_of(page, first)
    assert "last time </span>8×62.5</span>" in row_of(page, second)
    # The planned sets are filled in with last time's working weight (the heaviest: the plan's
    # progression, plans.training.suggest, is "none"), and the page says why.
    assert f'name="set-{first_set(today).pk}-weight" value="62.5"' in page
    assert '<span class="reason">Same weight: 1 of 2 sets hit 8 reps</span>' in page


def test_the_hint_finds_the_exercise_by_name_in_any_plan_and_skips_sessions_without_it(signed_in, member, plan):
    other_plan = make_plan(member, "Upper", [("bench PRESS", 1, 5), ("Rows", 1, 10)])
    older = session_start(user=member, plan=other_plan, date=datetime.date(2026, 11, 10))
    set_log(workout_set=first_set(older), actual_reps=5, weight_kg=Decimal("70"))
    later = session_start(user=member, plan=other_plan, date=datetime.date(2026, 11, 12))
    set_log(workout_set=later.sets.get(position=1), actual_reps=10, weight_kg=Decimal("40"))  # rows only
    deleted = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 14))
    set_log(workout_set=first_set(deleted), actual_reps=8, weight_kg=Decimal("99"))
    deleted.soft_delete()
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))

    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).content.decode()

    assert "Last time Tue 10 Nov" in page
    assert "last time </span>5×70</span>" in row_of(page, first_set(today))
    assert "99 kg" not in page


def test_logging_a_set_stores_it_and_returns_to_it(signed_in, session):
    workout_set = first_set(session)
    response = signed_in.post(
        reverse("sessions:set_log", args=[session.pk, workout_set.pk]),
        log_data(workout_set, actual_reps="7", weight="82.5", rpe="8.5"),
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
            log_data(workout_set, actual_reps=reps, weight="82.5", rpe="8.5"),
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
        log_data(workout_set, actual_reps="5", weight="225"),
    )
    workout_set.refresh_from_db()
    assert workout_set.weight_kg == Decimal("102.06")
    page = signed_in.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert f'name="set-{workout_set.pk}-weight" value="225"' in page
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
        logged: {"actual_reps": 7, "weight": Decimal("82.5"), "rpe": Decimal("8.5")},
        pending: {"actual_reps": 8, "weight": Decimal("82.5")},  # the weight just lifted
        dips: {"actual_reps": 10},  # never done: no weight to suggest
    }
    for workout_set, initial in shown.items():
        form = SetLogForm(unit=unit, prefix=f"set-{workout_set.pk}", initial=initial)
        for name in ["actual_reps", "weight", "rpe"]:
            field = form[name]
            assert str(field) in page, name
            assert f'<label for="{field.id_for_label}">' in page, name
        assert f'<label for="{form["weight"].id_for_label}">Weight ({unit})</label>' in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"actual_reps": "-1", "weight": "60"}, "actual_reps", "greater than or equal to 0"),
        ({"actual_reps": "", "weight": "60"}, "actual_reps", "This field is required"),
        ({"actual_reps": "8", "weight": "-5"}, "weight", "greater than or equal to 0"),
        ({"actual_reps": "8", "weight": "abc"}, "weight", "Enter a number"),
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


def test_adding_a_set_appends_one_more_of_that_exercise(signed_in, session):
    dips = session.sets.get(position=3).template
    response = signed_in.post(reverse("sessions:set_add", args=[session.pk, dips.pk]))
    assert response.status_code == 302
    added = session.sets.order_by("-position").first()
    assert (added.template, added.target_reps, added.position) == (dips, 10, 4)


def test_a_set_can_only_be_added_for_an_exercise_of_this_session(signed_in, member, session):
    elsewhere = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member))
    assert signed_in.post(reverse("sessions:set_add", args=[session.pk, elsewhere.pk])).status_code == 404


def test_removing_a_set_keeps_it_restorable(signed_in, session):
    workout_set = first_set(session)
    signed_in.post(reverse("sessions:set_remove", args=[session.pk, workout_set.pk]))
    assert not WorkoutSet.objects.filter(pk=workout_set.pk).exists()
    assert WorkoutSet.all_objects.get(pk=workout_set.pk).deleted_at is not None


def test_an_exercise_outside_the_plan_goes_to_the_extra_exercises_plan(signed_in, member, session, plan):
    response = signed_in.post(
        reverse("sessions:exercise_add", args=[session.pk]),
        {"exercise_name": "Face pull", "sets": "3", "repetitions": "15"},
    )
    assert response.status_code == 302
    template = WorkoutTemplate.objects.get(exercise_name="Face pull")
    assert template.plan.name == EXTRA_EXERCISES_PLAN
    assert template.plan.user == member
    assert session.sets.filter(template=template).count() == 3
    assert not plan.templates.filter(exercise_name="Face pull").exists()


def test_an_exercise_can_join_the_plan_for_next_time(signed_in, session, plan):
    signed_in.post(
        reverse("sessions:exercise_add", args=[session.pk]),
        {"exercise_name": "Face pull", "sets": "2", "repetitions": "15", "add_to_plan": "on"},
    )
    template = plan.templates.get(exercise_name="Face pull")
    assert template.position == 2
    assert WorkoutPlan.objects.get(pk=plan.pk).version == plan.version + 1


def test_bad_exercise_input_is_explained_and_kept(signed_in, session):
    response = signed_in.post(
        reverse("sessions:exercise_add", args=[session.pk]),
        {"exercise_name": "Face pull", "sets": "0", "repetitions": ""},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Face pull"' in page
    assert "greater than or equal to 1" in page
    assert "This field is required" in page


def test_editing_date_and_notes(signed_in, session):
    response = signed_in.post(
        reverse("sessions:edit", args=[session.pk]),
        {"date": "2026-11-19", "notes": "Heavy bench, felt good", "version": session.version},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.date, session.notes) == (datetime.date(2026, 11, 19), "Heavy bench, felt good")


def test_a_session_in_the_future_is_refused_and_the_notes_kept(signed_in, session):
    response = signed_in.post(
        reverse("sessions:edit", args=[session.pk]),
        {"date": "2999-01-01", "notes": "typed", "version": session.version},
    )
    assert response.status_code == 422
    assert "cannot be in the future" in response.content.decode()
    assert "typed" in response.content.decode()


def test_an_edit_from_a_stale_tab_shows_both_versions_and_saves_nothing(signed_in, session):
    url = reverse("sessions:edit", args=[session.pk])
    stale_version = session.version
    signed_in.post(url, {"date": "2026-11-20", "notes": "From the phone", "version": stale_version})

    response = signed_in.post(url, {"date": "2026-11-20", "notes": "From the laptop", "version": stale_version})

    assert response.status_code == 409
    page = response.content.decode()
    assert "changed in another tab" in page
    assert "From the phone" in page
    assert "From the laptop" in page
    session.refresh_from_db()
    assert session.notes == "From the phone"
    # Saving again from the conflict page keeps the member's version, deliberately.
    again = signed_in.post(url, {"date": "2026-11-20", "notes": "From the laptop", "version": session.version})
    assert again.status_code == 302
    session.refresh_from_db()
    assert session.notes == "From the laptop"


def test_finishing_a_session(signed_in, session):
    assert signed_in.post(reverse("sessions:finish", args=[session.pk])).status_code == 302
    session.refresh_from_db()
    assert session.finished_at is not None


def test_deleting_a_session_asks_first_then_hides_it(signed_in, session):
    url = reverse("sessions:delete", args=[session.pk])
    assert signed_in.get(url).status_code == 200
    assert WorkoutSession.objects.filter(pk=session.pk).exists()
    assert signed_in.post(url).status_code == 302
    assert not WorkoutSession.objects.filter(pk=session.pk).exists()
    assert WorkoutSession.all_objects.get(pk=session.pk).deleted_at is not None
    # No longer linked from the list (the message's Undo button posts to its restore URL instead).
    listed = signed_in.get(reverse("sessions:list")).content.decode()
    assert f'href="{reverse("sessions:detail", args=[session.pk])}"' not in listed


def test_the_list_filters_by_date_and_pages(signed_in, member, plan):
    for day in range(1, 26):
        WorkoutSession.objects.create(user=member, plan=plan, date=datetime.date(2026, 10, day))
    everything = signed_in.get(reverse("sessions:list"))
    assert len(everything.context["page_obj"].object_list) == 20
    assert everything.context["page_obj"].paginator.num_pages == 2

    week = signed_in.get(reverse("sessions:list"), {"date_from": "2026-10-05", "date_to": "2026-10-11"})
    assert [s.date.day for s in week.context["page_obj"]] == [11, 10, 9, 8, 7, 6, 5]


def test_a_bad_date_filter_is_explained(signed_in):
    response = signed_in.get(reverse("sessions:list"), {"date_from": "not a date"})
    assert response.status_code == 422
    assert "Enter a valid date" in response.content.decode()


def grow_history(member, plan, sessions, sets_logged=True):
    for day in range(sessions):
        past = session_start(user=member, plan=plan, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
        if sets_logged:
            for workout_set in past.sets.all():
                set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal("50"))


@pytest.mark.parametrize("page", ["detail", "list", "home"])
def test_each_page_costs_the_same_queries_with_more_data(signed_in, member, page):
    small_plan = make_plan(member, "Small", [("Squat", 1, 5)])
    grow_history(member, small_plan, 1)
    small_session = session_start(user=member, plan=small_plan, date=datetime.date(2026, 11, 20))
    url = {
        "detail": reverse("sessions:detail", args=[small_session.pk]),
        "list": reverse("sessions:list"),
        "home": reverse("home"),
    }[page]
    small = queries_of(lambda: signed_in.get(url))
    assert small[1].status_code == 200

    big_plan = make_plan(member, "Big", [(f"Exercise {i}", 5, 8) for i in range(8)])
    grow_history(member, big_plan, 12)
    big_session = session_start(user=member, plan=big_plan, date=datetime.date(2026, 11, 21))
    if page == "detail":
        url = reverse("sessions:detail", args=[big_session.pk])
    large = queries_of(lambda: signed_in.get(url))
    assert large[1].status_code == 200
    assert_same_queries(small, large)


def test_logging_a_set_costs_one_statement_of_its_own_whatever_the_history(signed_in, member):
    def log(session):
        workout_set = first_set(session)
        url = reverse("sessions:set_log", args=[session.pk, workout_set.pk])
        return queries_of(lambda: signed_in.post(url, log_data(workout_set, actual_reps="7", weight="80")))

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


def test_a_set_that_beats_the_members_best_is_marked_as_a_record(signed_in, member, plan):
    earlier = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 13))
    set_log(workout_set=first_set(earlier), actual_reps=8, weight_kg=Decimal("60"))
    today = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    heavier, lighter = today.sets.order_by("position")[:2]
    set_log(workout_set=heavier, actual_reps=8, weight_kg=Decimal("65"))
    set_log(workout_set=lighter, actual_reps=8, weight_kg=Decimal("55"))

    page = signed_in.get(reverse("sessions:detail", args=[today.pk])).content.decode()

    heavier_row = page[page.index(f'id="set-{heavier.pk}"') : page.index(f'id="set-{lighter.pk}"')]
    lighter_row = page[page.index(f'id="set-{lighter.pk}"') :].split("</li>")[0]
    assert "Record!" in heavier_row
    assert "Record!" not in lighter_row
