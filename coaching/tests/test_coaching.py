"""Coaches and their members: consent, reach (enforced by PostgreSQL too), and the workspace."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import HealthProfile
from coaching.models import CoachInvite, CoachRelationship, SessionComment
from coaching.services import comment_add, invite_accept, invite_create, relationship_end
from gymtracker import rls
from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from sessions.services import session_start, set_log

pytestmark = pytest.mark.django_db


def make_coach(username):
    coach = UserFactory(username=username)
    coach.groups.add(Group.objects.get(name="coach"))
    return coach


def coach_member(coach, member):
    return invite_accept(member=member, code=invite_create(coach=coach).code)


def training(member, name="Push day"):
    plan = WorkoutPlanFactory(user=member, name=name)
    WorkoutTemplateFactory(plan=plan, exercise_name="Bench press", sets=2)
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 11, 20))
    set_log(workout_set=session.sets.first(), actual_reps=8, weight_kg=Decimal("60"))
    HealthProfile.objects.create(user=member, notes=f"{member.username}'s shoulder", shared_with_coach=True)
    return plan, session


@pytest.fixture
def coach():
    return make_coach("carol")


@pytest.fixture
def other_coach():
    return make_coach("dave")


@pytest.fixture
def world(member, other_member, coach, other_coach):
    """carol coaches alice; dave coaches bob; both members train."""
    relationship = coach_member(coach, member)
    coach_member(other_coach, other_member)
    alices = training(member)
    bobs = training(other_member, "Pull day")
    return {"relationship": relationship, "alice": alices, "bob": bobs}


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


# --- Row-level security for coaches, by raw SQL -------------------------------------------------

READS = {
    "users": "id",
    "workout_plans": "user_id",
    "workout_sessions": "user_id",
    "health_profiles": "user_id",
    # Progress: the statistics, records and weekly volume tables.
    "exercise_stats": "user_id",
    "personal_records": "user_id",
    "weekly_volume": "user_id",
    # The data version that keys the member's cached page parts.
    "member_data_versions": "user_id",
}


def test_a_coach_reads_exactly_their_current_members_rows(world, member, other_member, coach):
    with rls.user_context(coach):
        for table, owner in READS.items():
            owners = {row[0] for row in sql(f"SELECT {owner} FROM {table}")} - {coach.pk}
            assert owners == {member.pk}, table
        assert sql("SELECT count(*) FROM workout_templates") == [(1,)]
        assert sql("SELECT count(*) FROM workout_sets") == [(2,)]


def test_a_coach_writes_their_members_plans_but_never_their_sessions(world, member, other_member, coach):
    plan, session = world["alice"]
    bobs_plan, _bobs_session = world["bob"]
    with rls.user_context(coach):
        assert sql("UPDATE workout_plans SET name = 'Coached' WHERE id = %s", [plan.pk]) == 1
        assert sql("UPDATE workout_plans SET name = 'Hijacked' WHERE id = %s", [bobs_plan.pk]) == 0
        assert sql("UPDATE workout_sessions SET notes = 'x' WHERE id = %s", [session.pk]) == 0
        assert sql("UPDATE workout_sets SET actual_reps = 99") == 0
        assert sql("DELETE FROM workout_sessions") == 0
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO workout_plans (user_id, name) VALUES (%s, 'Planted')", [other_member.pk])


def test_health_notes_reach_the_coach_only_when_shared(world, member, coach):
    HealthProfile.objects.filter(user=member).update(shared_with_coach=False)
    with rls.user_context(coach):
        assert sql("SELECT count(*) FROM health_profiles") == [(0,)]


def test_the_coach_loses_every_row_the_moment_the_relationship_ends(world, member, coach):
    relationship_end(relationship=world["relationship"])
    with rls.user_context(coach):
        for table, owner in READS.items():
            assert sql(f"SELECT count(*) FROM {table} WHERE {owner} <> %s", [coach.pk]) == [(0,)], table
        assert sql("SELECT count(*) FROM workout_templates") == [(0,)]
        assert sql("SELECT count(*) FROM workout_sets") == [(0,)]
        assert sql("UPDATE workout_plans SET name = 'Late edit'") == 0


def test_only_the_member_starts_a_relationship_and_only_with_an_invite(member, coach, other_member):
    for who in (coach, member):
        with rls.user_context(who), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO coach_relationships (coach_id, member_id) VALUES (%s, %s)", [coach.pk, member.pk])
    code = invite_create(coach=coach).code
    with rls.user_context(member):
        invite_accept(member=member, code=code)
    assert CoachRelationship.objects.current().filter(coach=coach, member=member).exists()


def test_comments_are_written_by_the_coach_and_read_by_the_member(world, member, other_member, coach, other_coach):
    _plan, session = world["alice"]
    comment_add(session=session, author=coach, body="Great depth!")
    with rls.user_context(member):
        assert sql("SELECT body FROM session_comments") == [("Great depth!",)]
    with rls.user_context(other_member):
        assert sql("SELECT count(*) FROM session_comments") == [(0,)]
    with rls.user_context(other_coach), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        sql(
            "INSERT INTO session_comments (workout_session_id, author_id, body) VALUES (%s, %s, 'Sneaky')",
            [session.pk, other_coach.pk],
        )


# --- The flows ------------------------------------------------------------------------------------


def test_a_member_accepts_an_invite_link_and_sees_their_coach(client, member, coach):
    invite = invite_create(coach=coach)
    client.force_login(member)
    link = reverse("coaching:join", args=[invite.code])
    assert "carol" in client.get(link).content.decode()
    response = client.post(reverse("coaching:join_form"), {"code": f"https://gym.example{link}"})
    assert response.status_code == 302
    assert CoachRelationship.objects.current().filter(coach=coach, member=member).exists()
    assert "carol" in client.get(reverse("coaching:mine")).content.decode()


@pytest.mark.parametrize("problem", ["unknown", "expired", "used", "self"])
def test_a_bad_invite_is_explained_and_starts_nothing(client, member, coach, other_member, problem):
    invite = invite_create(coach=coach)
    user = member
    if problem == "expired":
        long_ago = timezone.now() - datetime.timedelta(days=15)
        CoachInvite.objects.filter(pk=invite.pk).update(
            created_at=long_ago, expires_at=long_ago + datetime.timedelta(days=14)
        )
    elif problem == "used":
        invite_accept(member=other_member, code=invite.code)
    elif problem == "self":
        user = coach
    code = "no-such-code" if problem == "unknown" else invite.code
    client.force_login(user)
    response = client.post(reverse("coaching:join_form"), {"code": code})
    assert response.status_code == 422
    assert ("does not work" in response.content.decode()) or ("yourself" in response.content.decode())
    assert f'value="{code}"' in response.content.decode()
    assert not CoachRelationship.objects.filter(member=user).exists()


def test_either_side_ends_it_and_the_member_stops_being_visible(client, world, member, coach):
    client.force_login(member)
    response = client.post(reverse("coaching:end", args=[world["relationship"].pk]))
    assert response.status_code == 302
    client.force_login(coach)
    assert client.get(reverse("coaching:member", args=[member.pk])).status_code == 404
    plan, _session = world["alice"]
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 404


def test_a_coach_writes_a_plan_for_a_member_and_history_names_the_coach(client, world, member, coach):
    client.force_login(coach)
    url = reverse("plans:create") + f"?for={member.pk}"
    assert "For your member" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Coach's strength block",
            "description": "",
            "exercises-TOTAL_FORMS": "1",
            "exercises-INITIAL_FORMS": "0",
            "exercises-MIN_NUM_FORMS": "0",
            "exercises-MAX_NUM_FORMS": "1000",
            "exercises-0-exercise_name": "Deadlift",
            "exercises-0-sets": "5",
            "exercises-0-repetitions": "3",
            "exercises-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = WorkoutPlan.objects.get(name="Coach's strength block")
    assert plan.user == member
    assert plan.history.get().history_user == coach


def test_a_coach_edits_a_members_plan_but_not_another_members(client, world, coach):
    plan, _ = world["alice"]
    bobs_plan, _ = world["bob"]
    client.force_login(coach)
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[bobs_plan.pk])).status_code == 404
    assert client.get(reverse("plans:create") + f"?for={bobs_plan.user_id}").status_code == 404


def test_a_coach_gives_a_member_a_copy_of_a_library_plan(client, world, member, coach):
    library = WorkoutPlanFactory(user=coach, name="5x5 basics")
    WorkoutTemplateFactory(plan=library, exercise_name="Squat", sets=5, repetitions=5)
    client.force_login(coach)
    response = client.post(reverse("coaching:assign", args=[member.pk]), {"plan": library.pk})
    assert response.status_code == 302
    copy = WorkoutPlan.objects.get(user=member, name="5x5 basics")
    assert [t.exercise_name for t in copy.templates.all()] == ["Squat"]


def test_assigning_someone_elses_plan_is_refused(client, world, member, coach, other_member):
    WorkoutPlanFactory(user=coach, name="Library plan")
    client.force_login(coach)
    bobs_plan, _ = world["bob"]
    response = client.post(reverse("coaching:assign", args=[member.pk]), {"plan": bobs_plan.pk})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_a_coach_comments_on_a_session_and_the_member_sees_it(client, world, member, coach):
    _plan, session = world["alice"]
    client.force_login(coach)
    page = client.get(reverse("coaching:session", args=[member.pk, session.pk]))
    assert page.status_code == 200
    assert "Bench press" in page.content.decode()
    response = client.post(reverse("coaching:comment", args=[member.pk, session.pk]), {"body": "Lock the elbows"})
    assert response.status_code == 302
    assert client.post(reverse("coaching:comment", args=[member.pk, session.pk]), {"body": "  "}).status_code == 422
    client.force_login(member)
    assert "Lock the elbows" in client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert SessionComment.objects.get().author == coach


def test_a_coach_follows_a_members_progress_in_the_coachs_unit(client, world, member, coach):
    coach.weight_unit = "lb"
    coach.save()
    plan, _session = world["alice"]
    session = session_start(user=member, plan=plan, date=timezone.localdate())
    set_log(workout_set=session.sets.first(), actual_reps=5, weight_kg=Decimal("50"))
    client.force_login(coach)
    board = client.get(reverse("coaching:progress", args=[member.pk]))
    assert board.status_code == 200
    page = board.content.decode()
    assert f"{member.username}'s progress" in page
    exercise_url = reverse("coaching:exercise", args=[member.pk, "bench press"])
    assert exercise_url in page
    assert reverse("coaching:session", args=[member.pk, session.pk]) in page
    assert f'href="{reverse("sessions:detail", args=[session.pk])}"' not in page
    exercise = client.get(exercise_url)
    assert exercise.status_code == 200
    content = exercise.content.decode()
    assert "Bench press" in content
    assert "132.3 lb" in content  # 60 kg, the best set, in the coach's unit
    assert "Epley" in content
    assert client.get(reverse("coaching:exercise", args=[member.pk, "deadlift"])).status_code == 404


def test_a_members_progress_is_out_of_reach_for_other_coaches_and_after_the_end(
    client, world, member, coach, other_coach
):
    client.force_login(other_coach)
    assert client.get(reverse("coaching:progress", args=[member.pk])).status_code == 404
    assert client.get(reverse("coaching:exercise", args=[member.pk, "bench press"])).status_code == 404
    relationship_end(relationship=world["relationship"])
    client.force_login(coach)
    assert client.get(reverse("coaching:progress", args=[member.pk])).status_code == 404
    assert client.get(reverse("coaching:exercise", args=[member.pk, "bench press"])).status_code == 404


def test_a_members_progress_page_costs_the_same_queries_as_the_history_grows(client, world, member, coach):
    client.force_login(coach)
    url = reverse("coaching:progress", args=[member.pk])
    small = queries_of(lambda: client.get(url))
    plan, _session = world["alice"]
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat", sets=3)
    for day in range(1, 6):
        later = session_start(
            user=member, plan=plan, date=datetime.date(2026, 11, 20) - datetime.timedelta(days=7 * day)
        )
        for workout_set in later.sets.all():
            set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("80"))
    large = queries_of(lambda: client.get(url))
    assert large[1].status_code == 200
    assert "Squat" in large[1].content.decode()
    assert_same_queries(small, large)


def test_the_workspace_is_for_coaches(client, member):
    client.force_login(member)
    assert client.get(reverse("coaching:members")).status_code == 403


def test_the_member_list_costs_the_same_queries_for_any_number_of_members(client, coach):
    client.force_login(coach)
    first = UserFactory(username="m0")
    coach_member(coach, first)
    training(first)
    small = queries_of(lambda: client.get(reverse("coaching:members")))
    for i in range(1, 8):
        member = UserFactory(username=f"m{i}")
        coach_member(coach, member)
        training(member, f"Plan {i}")
    large = queries_of(lambda: client.get(reverse("coaching:members")))
    assert large[1].status_code == 200
    assert large[1].content.decode().count("/coaching/members/") >= 8
    assert_same_queries(small, large)


def test_staff_assign_and_end_coaching_in_the_admin(client, staff, member, coach):
    client.force_login(staff)
    response = client.post(reverse("admin:coaching_coachrelationship_add"), {"coach": coach.pk, "member": member.pk})
    assert response.status_code == 302
    relationship = CoachRelationship.objects.get()
    changelist = reverse("admin:coaching_coachrelationship_changelist")
    client.post(changelist, {"action": "end_selected", "_selected_action": [relationship.pk]})
    relationship.refresh_from_db()
    assert relationship.ended_at is not None
    assert [r.history_user for r in relationship.history.order_by("history_date")] == [staff, staff]
