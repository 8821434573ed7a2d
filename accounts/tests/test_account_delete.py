"""Deleting one's account erases every row of the member, history included, and nothing else."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import AuditEvent, FormSubmission, HealthProfile, User
from accounts.services import account_erase
from accounts.tests.helpers import add_lots_of_data, page_text
from coaching.models import CoachInvite
from coaching.services import comment_add, invite_accept
from gymtracker.testing import TEST_PASSWORD, assert_same_queries, queries_of
from imports.models import Import
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from progress.factories import BodyWeightFactory
from sessions.factories import WorkoutSessionFactory, WorkoutSetFactory
from sessions.services import set_log

pytestmark = pytest.mark.django_db

URL = reverse("accounts:delete")

# Every table that holds a member's rows, and how to find them from the ids that were ever theirs
# (live, soft-deleted or purged: history remembers ids the live tables have forgotten).
PLANS = "user_id = %(user)s OR id = ANY(%(plans)s)"
TEMPLATES = "id = ANY(%(templates)s) OR workout_plan_id = ANY(%(plans)s)"
SESSIONS = "user_id = %(user)s OR id = ANY(%(sessions)s)"
SETS = "id = ANY(%(sets)s) OR workout_session_id = ANY(%(sessions)s)"
MEMBER_ROWS = {
    "users": "id = %(user)s",
    "users_history": "id = %(user)s",
    "health_profiles": "user_id = %(user)s",
    "audit_events": "user_id = %(user)s",
    "users_groups": "user_id = %(user)s",
    "workout_plans": PLANS,
    "workout_plans_history": PLANS,
    "workout_templates": TEMPLATES,
    "workout_templates_history": TEMPLATES,
    "workout_sessions": SESSIONS,
    "workout_sessions_history": SESSIONS,
    "workout_sets": SETS,
    "workout_sets_history": SETS,
    "exercise_stats": "user_id = %(user)s",
    "personal_records": "user_id = %(user)s",
    "weekly_volume": "user_id = %(user)s",
    "member_data_versions": "user_id = %(user)s",
    "form_submissions": "user_id = %(user)s",
    "exercises": "owner_id = %(user)s",
    "exercises_history": "owner_id = %(user)s",
    "body_weights": "user_id = %(user)s",
    "body_weights_history": "user_id = %(user)s",
    "imports": "user_id = %(user)s",
    "imports_history": "user_id = %(user)s",
    "coach_relationships": "coach_id = %(user)s OR member_id = %(user)s",
    "coach_relationships_history": "coach_id = %(user)s OR member_id = %(user)s",
    "coach_invites": "coach_id = %(user)s OR accepted_by_id = %(user)s",
    "session_comments": "author_id = %(user)s OR workout_session_id = ANY(%(sessions)s)",
    "session_comments_history": "author_id = %(user)s OR workout_session_id = ANY(%(sessions)s)",
}


def sql(query, params=None):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def ids_ever_of(user):
    """By plain SQL, every id that is or was the member's (the test runs as a system job)."""

    def ids(query):
        return [row[0] for row in sql(query, ids_)]

    ids_ = {"user": user.pk}
    ids_["plans"] = ids(
        "SELECT id FROM workout_plans WHERE user_id = %(user)s "
        "UNION SELECT id FROM workout_plans_history WHERE user_id = %(user)s"
    )
    ids_["sessions"] = ids(
        "SELECT id FROM workout_sessions WHERE user_id = %(user)s "
        "UNION SELECT id FROM workout_sessions_history WHERE user_id = %(user)s"
    )
    ids_["templates"] = ids(
        "SELECT id FROM workout_templates WHERE workout_plan_id = ANY(%(plans)s) "
        "UNION SELECT id FROM workout_templates_history WHERE workout_plan_id = ANY(%(plans)s)"
    )
    ids_["sets"] = ids(
        "SELECT id FROM workout_sets WHERE workout_session_id = ANY(%(sessions)s) "
        "UNION SELECT id FROM workout_sets_history WHERE workout_session_id = ANY(%(sessions)s)"
    )
    return ids_


def rows_of(ids):
    return {table: sql(f"SELECT * FROM {table} WHERE {where} ORDER BY 1", ids) for table, where in MEMBER_ROWS.items()}


def give_a_training_history(user):
    """Plans and sessions of every kind: edited, soft-deleted, purged; body weights; health notes; a role."""
    user.groups.add(Group.objects.get(name="member"))
    plan = WorkoutPlanFactory(user=user, name="Push day")
    squat = WorkoutTemplateFactory(plan=plan, exercise_name="Back squat")
    WorkoutTemplateFactory(plan=plan, exercise_name="Bench press")
    ExerciseFactory(owner=user, name="Sled push (own)")
    plan.name = "Push day, heavier"
    plan.save()
    squat.sets = 5
    squat.save()
    for _ in range(2):
        logged = WorkoutSetFactory(session__user=user, template=squat, actual_reps=5)
    logged.actual_reps = 6
    logged.save()
    # Logged through the app, so statistics and a personal record exist too.
    set_log(workout_set=logged, actual_reps=6, weight_kg=Decimal("80"))
    WorkoutSetFactory(session=logged.session, template=squat).soft_delete()
    WorkoutPlanFactory(user=user, name="Old plan").soft_delete()
    purged = WorkoutPlanFactory(user=user, name="Purged plan")
    WorkoutTemplateFactory(plan=purged)
    purged.hard_delete()
    FormSubmission.objects.create(user=user, token=uuid.uuid4(), result_url=f"/plans/{plan.pk}/")
    WorkoutSetFactory(session=WorkoutSessionFactory(user=user), template=squat).session.hard_delete()
    HealthProfile.objects.create(user=user, notes=f"{user.username}'s knee", shared_with_coach=True)
    weight = BodyWeightFactory(user=user, date=datetime.date(2026, 11, 20))
    weight.note = "Morning"
    weight.save()
    BodyWeightFactory(user=user, date=datetime.date(2026, 11, 21)).soft_delete()
    Import.objects.create(user=user, file_name="strong.csv", file_size=1, app="strong", shape="A", time_zone="UTC")
    # A coach who invited the member, coaches them and commented on a session.
    coach = UserFactory(username=f"coach-of-{user.username}")
    invite = CoachInvite.objects.create(coach=coach, expires_at=timezone.now() + datetime.timedelta(days=1))
    invite_accept(member=user, code=invite.code)
    comment_add(session=logged.session, author=coach, body="Nice depth on the squats.")


@pytest.fixture
def alice_and_bob(member, other_member):
    for user in (member, other_member):
        give_a_training_history(user)
    return member, other_member


def test_anonymous_visitors_are_sent_to_log_in(client):
    for method in ("get", "post"):
        response = getattr(client, method)(URL)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_the_page_says_what_is_erased_and_erases_nothing(signed_in, alice_and_bob):
    response = signed_in.get(URL)

    assert response.status_code == 200
    text = page_text(response)
    assert "(1 plan)" in text  # the live ones: soft-deleted and purged ones go too, unseen
    assert "(2 sessions)" in text
    assert "health and injury notes" in text
    assert 'name="password"' in text
    assert User.objects.filter(username="alice").exists()


def test_a_wrong_password_deletes_nothing(signed_in, alice_and_bob):
    alice, _ = alice_and_bob
    before = rows_of(ids_ever_of(alice))
    response = signed_in.post(URL, {"password": "not my password"})

    assert response.status_code == 422
    assert response.context["form"].errors["password"] == ["That is not your password."]
    assert 'aria-invalid="true"' in page_text(response)
    assert rows_of(ids_ever_of(alice)) == before
    assert signed_in.get(reverse("accounts:profile")).status_code == 200


def test_an_empty_password_deletes_nothing(signed_in, member):
    response = signed_in.post(URL, {})
    assert response.status_code == 422
    assert User.objects.filter(pk=member.pk).exists()


def test_deleting_erases_every_row_of_the_member_and_leaves_other_members_alone(client, alice_and_bob):
    alice, bob = alice_and_bob
    alices, bobs = ids_ever_of(alice), ids_ever_of(bob)
    alices_rows, bobs_rows = rows_of(alices), rows_of(bobs)
    client.force_login(alice)
    # The test would prove nothing if the member had nothing to erase: every table has rows.
    # (Her audit events come from a real login.)
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "alice", "password": TEST_PASSWORD})
    alices_rows = rows_of(alices)
    assert [table for table, rows in alices_rows.items() if not rows] == []

    response = client.post(URL, {"password": TEST_PASSWORD}, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert not response.wsgi_request.user.is_authenticated
    assert "Your account and everything in it are deleted." in page_text(response)
    assert {table: rows for table, rows in rows_of(alices).items() if rows} == {}
    assert rows_of(bobs) == bobs_rows


def test_the_erasure_is_recorded_and_past_events_keep_only_the_name(client, member):
    client.force_login(member)
    client.post(URL, {"password": TEST_PASSWORD})

    erased = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCOUNT_DELETED)
    assert (erased.user, erased.username) == (None, "alice")
    logout = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGOUT)
    assert (logout.user, logout.username) == (None, "alice")


def test_other_members_history_keeps_their_changes_but_forgets_who_made_them(alice_and_bob):
    alice, bob = alice_and_bob
    # As if alice (a coach, later) had edited one of bob's plans.
    sql("UPDATE workout_plans_history SET history_user_id = %s WHERE user_id = %s", [alice.pk, bob.pk])
    bobs_history = sql("SELECT history_id FROM workout_plans_history WHERE user_id = %s ORDER BY 1", [bob.pk])

    account_erase(user=alice)

    after = sql("SELECT history_id, history_user_id FROM workout_plans_history WHERE user_id = %s ORDER BY 1", [bob.pk])
    assert [(history_id,) for history_id, _ in after] == bobs_history
    assert {who for _, who in after} == {None}


def test_every_table_under_row_level_security_is_covered_by_the_erasure_test():
    # A new table of member data must be added to account_erase and to MEMBER_ROWS above. (Member
    # data is under forced security; the group and permission links have theirs unforced.)
    secured = {
        row[0]
        for row in sql(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind IN ('r', 'p') AND relrowsecurity AND relforcerowsecurity"
        )
    }
    assert secured <= set(MEMBER_ROWS)


def test_the_delete_page_costs_the_same_queries_with_more_data(signed_in, member):
    small = queries_of(lambda: signed_in.get(URL))
    add_lots_of_data(member)
    large = queries_of(lambda: signed_in.get(URL))
    assert small[1].status_code == 200
    assert_same_queries(small, large)
