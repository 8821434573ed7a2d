"""The member-data version (sessions/sql/functions/member_data_changed.sql): every statement that
changes a member's plans, exercises, sessions, sets, body weights or the comments on them raises
that member's version by one, and nobody else's, in the same transaction."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from accounts.factories import UserFactory
from coaching.models import SessionComment
from progress.models import BodyWeight
from sessions.factories import WorkoutSetFactory


def execute(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def version(user):
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(version), 0) FROM member_data_versions WHERE user_id = %s", [user.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def training(member, other_member):
    """A set of the member's and one of the other member's, and a coach's comment on the member's
    session."""
    mine = WorkoutSetFactory(session__user=member)
    theirs = WorkoutSetFactory(session__user=other_member)
    coach = UserFactory(username="carol")
    comment = SessionComment.objects.create(session=mine.session, author=coach, body="Good depth.")
    weight = BodyWeight.objects.create(user=member, date=datetime.date(2026, 3, 1), weight_kg=Decimal("80"))
    return {"set": mine, "other_set": theirs, "coach": coach, "comment": comment, "body_weight": weight}


def writes(training):
    """(name, statement, parameters): one statement on each member-data table for each event."""
    workout_set, comment, weight = training["set"], training["comment"], training["body_weight"]
    session, template = workout_set.session, workout_set.template
    plan = template.plan
    new_plan = "INSERT INTO workout_plans (id, user_id, name, description) VALUES (gen_random_uuid(), %s, 'B', '')"
    new_exercise = (
        "INSERT INTO workout_templates (id, workout_plan_id, exercise_name, sets, repetitions, position) "
        "VALUES (gen_random_uuid(), %s, 'Dips', 3, 8, 99)"
    )
    new_session = (
        "INSERT INTO workout_sessions (id, user_id, date, notes) VALUES (gen_random_uuid(), %s, '2026-03-01', '')"
    )
    new_set = (
        "INSERT INTO workout_sets (id, workout_session_id, workout_template_id, position, target_reps) "
        "VALUES (gen_random_uuid(), %s, %s, 98, 5)"
    )
    new_comment = (
        "INSERT INTO session_comments (id, workout_session_id, author_id, body) "
        "VALUES (gen_random_uuid(), %s, %s, 'Again')"
    )
    new_weight = "INSERT INTO body_weights (user_id, date, weight_kg) VALUES (%s, '2026-03-02', 79.5)"
    return [
        ("plan inserted", new_plan, [plan.user_id]),
        ("plan updated", "UPDATE workout_plans SET name = 'Renamed' WHERE id = %s", [plan.pk]),
        ("exercise inserted", new_exercise, [plan.pk]),
        ("exercise updated", "UPDATE workout_templates SET exercise_name = 'Dips' WHERE id = %s", [template.pk]),
        ("session inserted", new_session, [session.user_id]),
        ("session updated", "UPDATE workout_sessions SET notes = 'Heavy' WHERE id = %s", [session.pk]),
        ("set inserted", new_set, [session.pk, template.pk]),
        ("set updated", "UPDATE workout_sets SET actual_reps = 3 WHERE id = %s", [workout_set.pk]),
        ("comment inserted", new_comment, [session.pk, comment.author_id]),
        ("comment updated", "UPDATE session_comments SET body = 'Better' WHERE id = %s", [comment.pk]),
        ("comment deleted", "DELETE FROM session_comments WHERE id = %s", [comment.pk]),
        ("body weight inserted", new_weight, [weight.user_id]),
        ("body weight updated", "UPDATE body_weights SET weight_kg = 81 WHERE id = %s", [weight.pk]),
        ("body weight soft-deleted", "UPDATE body_weights SET deleted_at = now() WHERE id = %s", [weight.pk]),
        ("body weight deleted", "DELETE FROM body_weights WHERE id = %s", [weight.pk]),
        ("set deleted", "DELETE FROM workout_sets WHERE id = %s", [workout_set.pk]),
        ("session deleted", "DELETE FROM workout_sessions WHERE id = %s", [session.pk]),
        ("exercise deleted", "DELETE FROM workout_templates WHERE id = %s", [template.pk]),
        ("plan deleted", "DELETE FROM workout_plans WHERE id = %s", [plan.pk]),
    ]


def test_each_write_raises_its_members_version_by_one_and_no_one_elses(member, other_member, training):
    for name, statement, params in writes(training):
        mine, theirs = version(member), version(other_member)
        execute(statement, params)
        assert (version(member), version(other_member)) == (mine + 1, theirs), name


def test_a_statement_raises_the_version_once_however_many_rows_it_writes(member, training):
    for _ in range(3):
        WorkoutSetFactory(session=training["set"].session, template=training["set"].template)
    before = version(member)
    execute("UPDATE workout_sets SET actual_reps = 5 WHERE workout_session_id = %s", [training["set"].session_id])
    assert version(member) == before + 1


def test_a_set_moved_to_another_members_session_raises_both(member, other_member, training):
    mine, theirs = version(member), version(other_member)
    execute(
        "UPDATE workout_sets SET workout_session_id = %s WHERE id = %s",
        [training["other_set"].session_id, training["set"].pk],
    )
    assert (version(member), version(other_member)) == (mine + 1, theirs + 1)


def test_a_coach_renamed_raises_the_versions_of_the_members_they_commented_for(member, other_member, training):
    coach = training["coach"]
    mine, theirs, own = version(member), version(other_member), version(coach)
    execute("UPDATE users SET last_login = now() WHERE id = %s", [coach.pk])
    assert (version(member), version(other_member), version(coach)) == (mine, theirs, own)
    execute("UPDATE users SET username = 'carol_coach' WHERE id = %s", [coach.pk])
    assert (version(member), version(other_member), version(coach)) == (mine + 1, theirs, own)


def test_a_body_weight_moved_to_another_member_raises_both(member, other_member, training):
    mine, theirs = version(member), version(other_member)
    execute("UPDATE body_weights SET user_id = %s WHERE id = %s", [other_member.pk, training["body_weight"].pk])
    assert (version(member), version(other_member)) == (mine + 1, theirs + 1)
