"""What PostgreSQL lets a coach do, by raw SQL whatever the app sends: read exactly their
current members' rows, write their plans but never their sessions, comment on their sessions;
and nothing the moment coaching ends. Only the member starts coaching, with an invite."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import HealthProfile
from coaching.models import CoachRelationship
from coaching.services import comment_add, invite_accept, invite_create, relationship_end
from gymtracker import rls

pytestmark = pytest.mark.django_db


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


READS = {
    "users": "id",
    "workout_plans": "user_id",
    "workout_sessions": "user_id",
    "health_profiles": "user_id",
    # Progress: the statistics, records and weekly volume tables.
    "exercise_stats": "user_id",
    "personal_records": "user_id",
    "weekly_volume": "user_id",
    # The body-weight log.
    "body_weights": "user_id",
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


def test_a_coach_writes_their_members_plans_but_never_their_sessions_or_weights(world, member, other_member, coach):
    plan, session = world["alice"]
    bobs_plan, _bobs_session = world["bob"]
    with rls.user_context(coach):
        assert sql("UPDATE workout_plans SET name = 'Coached' WHERE id = %s", [plan.pk]) == 1
        assert sql("UPDATE workout_plans SET name = 'Hijacked' WHERE id = %s", [bobs_plan.pk]) == 0
        assert sql("UPDATE workout_sessions SET notes = 'x' WHERE id = %s", [session.pk]) == 0
        assert sql("UPDATE workout_sets SET actual_reps = 99") == 0
        assert sql("DELETE FROM workout_sessions") == 0
        assert sql("UPDATE body_weights SET weight_kg = 1") == 0
        assert sql("DELETE FROM body_weights") == 0
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO workout_plans (user_id, name) VALUES (%s, 'Planted')", [other_member.pk])
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO body_weights (user_id, date, weight_kg) VALUES (%s, '2026-11-21', 81)", [member.pk])


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
