"""Row-level security: PostgreSQL itself keeps each member to their own rows, whatever SQL the
app's connection sends."""

import datetime
import importlib
import threading
import uuid
from decimal import Decimal

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.audit import audit_record
from accounts.factories import UserFactory
from accounts.models import AuditEvent, FormSubmission, HealthProfile
from accounts.services import account_create
from coaching.services import invite_accept, invite_create
from gymtracker import rls
from imports.models import Import
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from progress.models import BodyWeight
from sessions.models import WorkoutSet
from sessions.services import session_start, set_log

pytestmark = pytest.mark.django_db

# Every member-owned table: its key, and which of its rows belong to the member %(owner)s.
MEMBER_TABLES = {
    "users": ("id", "id = %(owner)s"),
    "users_history": ("history_id", "id = %(owner)s"),
    "health_profiles": ("user_id", "user_id = %(owner)s"),
    "audit_events": ("id", "user_id = %(owner)s"),
    "workout_plans": ("id", "user_id = %(owner)s"),
    "workout_plans_history": ("history_id", "user_id = %(owner)s"),
    "workout_templates": ("id", "workout_plan_id IN (SELECT id FROM workout_plans WHERE user_id = %(owner)s)"),
    "workout_templates_history": (
        "history_id",
        "workout_plan_id IN (SELECT id FROM workout_plans WHERE user_id = %(owner)s)",
    ),
    "workout_sessions": ("id", "user_id = %(owner)s"),
    "workout_sessions_history": ("history_id", "user_id = %(owner)s"),
    "workout_sets": ("id", "workout_session_id IN (SELECT id FROM workout_sessions WHERE user_id = %(owner)s)"),
    "workout_sets_history": (
        "history_id",
        "workout_session_id IN (SELECT id FROM workout_sessions WHERE user_id = %(owner)s)",
    ),
    "exercise_stats": ("id", "user_id = %(owner)s"),
    "personal_records": ("id", "user_id = %(owner)s"),
    "weekly_volume": ("user_id", "user_id = %(owner)s"),
    "member_data_versions": ("user_id", "user_id = %(owner)s"),
    "body_weights": ("id", "user_id = %(owner)s"),
    "body_weights_history": ("history_id", "user_id = %(owner)s"),
    "imports": ("id", "user_id = %(owner)s"),
    "imports_history": ("history_id", "user_id = %(owner)s"),
    "form_submissions": ("id", "user_id = %(owner)s"),
    "exercises": ("id", "owner_id = %(owner)s"),
    "exercises_history": ("history_id", "owner_id = %(owner)s"),
}

# Rows every member reads besides their own: the exercise library.
SHARED_ROWS = {"exercises": "owner_id IS NULL", "exercises_history": "owner_id IS NULL"}

# Member data whose policies involve two people (a coach and a member), proven with both in
# coaching/tests/test_row_level_security.py.
COACHING_TABLES = {
    "coach_relationships",
    "coach_relationships_history",
    "coach_invites",
    "session_comments",
    "session_comments_history",
}

# Tables that hold no member's data: Django's own, permissions and groups, login throttling.
NOT_MEMBER_DATA = {
    "django_migrations",
    "django_content_type",
    "django_session",
    "django_admin_log",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "users_groups",
    "users_user_permissions",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accesslog",
    "axes_accessfailurelog",
    # The library's other names, curated by staff (row-level security lets only them write).
    "exercise_aliases",
    "exercise_aliases_history",
}


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def a_members_world(username):
    """A member with a plan, a session from it with a logged set, a body weight, health notes and an
    audit event."""
    user = UserFactory(username=username)
    plan = WorkoutPlanFactory(user=user)
    WorkoutTemplateFactory(plan=plan, sets=2)
    session = session_start(user=user, plan=plan, date=datetime.date(2026, 11, 20))
    # One set logged, so the member has statistics and a personal record too.
    set_log(workout_set=WorkoutSet.objects.filter(session=session).first(), actual_reps=5, weight_kg=Decimal(60))
    BodyWeight.objects.create(user=user, date=datetime.date(2026, 11, 20), weight_kg=Decimal("70.5"))
    HealthProfile.objects.create(user=user, notes=f"{username}'s knee")
    ExerciseFactory(owner=user, name=f"{username}'s sled push")
    audit_record(AuditEvent.Kind.LOGIN, user=user)
    FormSubmission.objects.create(user=user, token=uuid.uuid4(), result_url=f"/plans/{plan.pk}/")
    Import.objects.create(user=user, file_name="strong.csv", file_size=1, app="strong", shape="A", time_zone="UTC")
    return user


@pytest.fixture
def ann():
    return a_members_world("ann")


@pytest.fixture
def ben():
    return a_members_world("ben")


def rows_of(user):
    """{table: [keys of the user's rows]}, read as the system."""
    rows = {}
    for table, (key, owned) in MEMBER_TABLES.items():
        rows[table] = [row[0] for row in sql(f"SELECT {key} FROM {table} WHERE {owned}", {"owner": user.pk})]
        assert rows[table], f"the fixture made no {table} rows"
    return rows


def test_queries_run_as_a_role_without_privileges_over_the_tables():
    assert sql("SELECT current_user") == [("gymtracker_app",)]
    assert sql("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user") == [(False, False)]
    assert sql("SELECT count(*) FROM pg_tables WHERE tableowner = current_user") == [(0,)]


def test_the_role_is_checked_once_per_server_connection_and_again_after_owner_work():
    connection.ensure_connection()
    with CaptureQueriesContext(connection) as again:
        rls._set_role(connection)  # what every request's "connect" runs with the pool on
    assert again.captured_queries == [], "the server connection's role is known already"

    with rls.owner_role():
        assert sql("SELECT current_user") != [("gymtracker_app",)]
    # owner_role gave the connection back as the app role, and that is known again.
    assert sql("SELECT current_user") == [("gymtracker_app",)]
    with CaptureQueriesContext(connection) as after:
        rls._set_role(connection)
    assert after.captured_queries == []


def test_every_table_is_either_member_data_under_forced_security_or_known_to_hold_none():
    tables = dict(
        sql(
            "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')"
        )
    )
    unclassified = set(tables) - set(MEMBER_TABLES) - COACHING_TABLES - NOT_MEMBER_DATA
    assert unclassified == set(), "classify new tables here: member data gets row-level security"
    assert {table for table in {*MEMBER_TABLES, *COACHING_TABLES} if not tables[table]} == set()


def test_a_member_reads_only_their_own_rows_from_every_member_table(ann, ben):
    anns, bens = rows_of(ann), rows_of(ben)
    with rls.user_context(ann):
        for table, (key, _owned) in MEMBER_TABLES.items():
            shared = SHARED_ROWS.get(table, "false")
            visible = {row[0] for row in sql(f"SELECT {key} FROM {table} WHERE NOT ({shared})")}
            assert visible == set(anns[table]), table
            assert not visible & set(bens[table]), table


def test_a_member_can_neither_change_nor_delete_another_members_rows(ann, ben):
    bens = rows_of(ben)
    with rls.user_context(ann):
        for table, (key, _owned) in MEMBER_TABLES.items():
            assert sql(f"UPDATE {table} SET {key} = {key} WHERE {key} = ANY (%s)", [bens[table]]) == 0, table
            assert sql(f"DELETE FROM {table} WHERE {key} = ANY (%s)", [bens[table]]) == 0, table
    assert rows_of(ben) == bens


def test_a_member_cannot_write_rows_for_someone_else(ann, ben):
    with rls.user_context(ann), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        sql("INSERT INTO workout_plans (user_id, name) VALUES (%s, 'Planted')", [ben.pk])


def test_a_member_cannot_hang_a_set_on_another_members_exercise(ann, ben):
    anns_session = sql("SELECT id FROM workout_sessions WHERE user_id = %s", [ann.pk])[0][0]
    bens_template = sql(
        "SELECT t.id FROM workout_templates t JOIN workout_plans p ON p.id = t.workout_plan_id WHERE p.user_id = %s",
        [ben.pk],
    )[0][0]
    with rls.user_context(ann), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        sql(
            "INSERT INTO workout_sets (workout_session_id, workout_template_id) VALUES (%s, %s)",
            [anns_session, bens_template],
        )


def test_with_nobody_set_every_member_table_reads_empty(ann, ben):
    with rls.database_context(rls.NOBODY):
        for table in MEMBER_TABLES:
            shared = SHARED_ROWS.get(table, "false")
            assert sql(f"SELECT count(*) FROM {table} WHERE NOT ({shared})") == [(0,)], table


def test_staff_reach_every_members_rows(ann, ben):
    staff = UserFactory(username="sam", is_staff=True)
    everything = {table: len(ann_rows) + len(rows_of(ben)[table]) for table, ann_rows in rows_of(ann).items()}
    with rls.user_context(staff):
        for table in MEMBER_TABLES:
            assert sql(f"SELECT count(*) FROM {table}")[0][0] >= everything[table], table


def test_an_inactive_staff_account_is_only_a_member():
    staff = UserFactory(username="sam", is_staff=True, is_active=False)
    assert rls.member_context(staff) == rls.Context(user_id=str(staff.pk))


def test_the_app_role_cannot_switch_row_security_off(ann):
    def count_with_row_security_off():
        with transaction.atomic():
            sql("SET LOCAL row_security = off")
            return sql("SELECT count(*) FROM workout_plans")

    with rls.user_context(ann), pytest.raises(DatabaseError, match="row-level security"):
        count_with_row_security_off()


def test_two_databases_migrated_at_once_both_make_the_app_role():
    """The suite migrates one test database per process at once on one server: the role, which
    belongs to the server, is created by whichever comes first, and the other goes on."""
    name = f"gymtracker_race_{uuid.uuid4().hex[:8]}"
    create = importlib.import_module("accounts.migrations.0002_database_objects").CREATE_ROLE
    create = create.replace(settings.DATABASE_APP_ROLE, name)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as first, psycopg.connect(**params) as second:
        first.execute(create)  # made, not yet committed
        outcome = []

        def run_second():
            try:
                second.execute(create)  # waits for the first to end
                second.commit()
                outcome.append("made")
            except psycopg.Error as error:
                outcome.append(error)

        thread = threading.Thread(target=run_second)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive(), "the second did not wait for the first"
        first.commit()
        thread.join(10)
        first.execute(f"DROP ROLE {name}")
        first.commit()
    assert outcome == ["made"]


@pytest.fixture
def app_login():
    """A connection the way production makes it: logged in as a role of the app's, not as a
    superuser that switched (development). Made through a separate owner connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as owner:
        owner.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gymtracker_app_login') "
            "THEN CREATE ROLE gymtracker_app_login LOGIN IN ROLE gymtracker_app; END IF; END $$"
        )
    with psycopg.connect(**{**params, "user": "gymtracker_app_login", "password": ""}) as login:
        yield login


@pytest.mark.django_db(transaction=True)
def test_logged_in_as_the_app_role_a_connection_cannot_become_anyone_else(app_login):
    with rls.system_context("tests"):
        a_members_world("ann")
    assert app_login.execute("SELECT count(*) FROM workout_plans").fetchone() == (0,)
    for escape in ["SET ROLE postgres", "RESET ROLE; SET row_security = off; SELECT count(*) FROM workout_plans"]:
        with pytest.raises(psycopg.Error, match=r"permission denied|row-level security"):
            app_login.execute(escape).fetchall()
        app_login.rollback()


def test_a_forged_user_id_fails_closed_instead_of_widening_access(ann):
    forged = rls.Context(user_id="x'; SELECT set_config('app.staff', 'on', false); --")
    with pytest.raises(DatabaseError, match="uuid"), transaction.atomic(), rls.database_context(forged):
        sql("SELECT count(*) FROM workout_plans")
    assert sql("SELECT coalesce(current_setting('app.staff', true), '')") == [("",)]


@pytest.mark.django_db(transaction=True)
def test_the_context_ends_with_its_transaction_on_the_same_connection():
    with rls.system_context("tests"):
        ann = a_members_world("ann")
    pid = sql("SELECT pg_backend_pid()")[0][0]

    with transaction.atomic():
        rls.apply(rls.member_context(ann))
        assert sql("SELECT count(*) FROM workout_plans") == [(1,)]

    with transaction.atomic():
        assert sql("SELECT pg_backend_pid()") == [(pid,)]  # the same pooled connection
        setting = sql("SELECT coalesce(current_setting('app.user_id', true), '')")[0][0]
        assert setting == ""
        assert sql("SELECT count(*) FROM workout_plans") == [(0,)]


@pytest.mark.django_db(transaction=True)
def test_a_request_leaves_nothing_behind_on_its_connection(client):
    with rls.system_context("tests"):
        ann = a_members_world("ann")
    client.force_login(ann)
    assert client.get("/healthz").status_code == 200
    with transaction.atomic():
        assert sql("SELECT coalesce(current_setting('app.user_id', true), '')") == [("",)]
        assert sql("SELECT count(*) FROM workout_plans") == [(0,)]


def test_context_settings_cannot_be_set_outside_a_transaction():
    # Tests run inside a transaction, so pretend for a moment that this one is not.
    connection.in_atomic_block, saved = False, connection.in_atomic_block
    try:
        with pytest.raises(RuntimeError, match="inside a transaction"):
            rls.apply(rls.NOBODY)
    finally:
        connection.in_atomic_block = saved


@pytest.mark.urls("gymtracker.tests.rls_urls")
class TestRequests:
    def test_lazy_querysets_rendered_after_the_view_still_see_the_members_rows(self, client, ann, ben):
        client.force_login(ann)
        response = client.get("/lazy-plans")
        assert response.status_code == 200
        assert response.content.decode() == "".join(f"[{p.name}]" for p in ann.workout_plans.order_by("name"))

    def test_a_rolled_back_savepoint_does_not_undo_the_context(self, client, ann, ben):
        client.force_login(ann)
        response = client.get("/savepoint")
        assert response.content.decode() == "".join(f"[{p.name}]" for p in ann.workout_plans.order_by("name"))

    def test_the_request_context_is_the_signed_in_member(self, client, ann):
        client.force_login(ann)
        assert client.get("/setting").content.decode() == f"{ann.pk}|"

    def test_staff_requests_carry_the_staff_flag(self, client):
        staff = UserFactory(username="sam", is_staff=True)
        client.force_login(staff)
        assert client.get("/setting").content.decode() == f"{staff.pk}|on"

    def test_input_cannot_set_the_context(self, client, ann, ben):
        client.force_login(ann)
        response = client.get(
            "/setting",
            {"app.user_id": str(ben.pk), "app.staff": "on"},
            headers={"X-App-User-Id": str(ben.pk)},
            COOKIES={"app.staff": "on"},
        )
        assert response.content.decode() == f"{ann.pk}|"

    def test_anonymous_visitors_have_no_context(self, client):
        assert client.get("/setting").content.decode() == "|"

    def test_a_failing_view_keeps_none_of_its_writes(self, client, ann):
        client.raise_request_exception = False
        client.force_login(ann)
        before = ann.workout_plans.count()
        assert client.get("/failing-write").status_code == 500
        assert ann.workout_plans.count() == before


# --- The database's rules as strict as the views -----------------------------------------------
# Each attack below is SQL a view with a bug could send in a member's or a coach's context; the
# database refuses it, and the legitimate action beside it still works.


@pytest.fixture
def coaching(ann):
    """carl coaches ann (through a real invite); ann trains."""
    carl = UserFactory(username="carl")
    carl.groups.add(Group.objects.get(name="coach"))
    relationship = invite_accept(member=ann, code=invite_create(coach=carl).code)
    return carl, relationship


def coach_reads_sessions(coach, member):
    with rls.user_context(coach):
        return sql("SELECT count(*) FROM workout_sessions WHERE user_id = %s", [member.pk])[0][0]


@pytest.fixture
def coached_members_calls():
    """How many times this transaction has asked whom the signed-in person coaches (the coach
    policies' `app_coached_members`), counted by PostgreSQL (track_functions, a superuser's
    setting, made as the tables' owner and undone with the test's transaction)."""
    with rls.owner_role():
        sql("SET LOCAL track_functions = 'all'")
    return lambda: sql("SELECT coalesce(pg_stat_get_xact_function_calls('app_coached_members'::regproc), 0)")[0][0]


def test_a_member_reading_their_own_rows_never_asks_whom_they_coach(ann, ben, coaching, coached_members_calls):
    """Each table's own policy (`<table>_owner`) is tried before its coach policy, so a member's
    rows pass on the first arm and the coach arm's sub-plan is never built (PostgreSQL ORs a
    table's permissive policies in reverse order of their names: docs/architecture.md)."""
    carl, _ = coaching
    owned = rows_of(ann)
    with rls.user_context(ann):
        for table, keys in owned.items():
            key = MEMBER_TABLES[table][0]
            before = coached_members_calls()
            assert len(sql(f"SELECT {key} FROM {table} WHERE {key} = ANY (%s)", [keys])) == len(keys), table
            assert coached_members_calls() == before, f"reading their own {table}, a member paid the coach arm"
    # The count is real: a coach's reads of their member's rows do ask it.
    before = coached_members_calls()
    assert coach_reads_sessions(carl, ann) == 1
    assert coached_members_calls() > before


def test_a_coach_cannot_reopen_a_relationship_the_member_ended(ann, coaching):
    carl, relationship = coaching
    assert coach_reads_sessions(carl, ann) == 1
    with rls.user_context(ann):
        assert sql("UPDATE coach_relationships SET ended_at = clock_timestamp() WHERE id = %s", [relationship.pk]) == 1
    with rls.user_context(carl):
        assert sql("UPDATE coach_relationships SET ended_at = NULL WHERE id = %s", [relationship.pk]) == 0
    assert coach_reads_sessions(carl, ann) == 0


def test_a_coach_cannot_keep_a_current_relationship_open_by_writing_it(ann, coaching):
    carl, relationship = coaching
    with rls.user_context(carl), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        sql("UPDATE coach_relationships SET ended_at = NULL WHERE id = %s", [relationship.pk])


def test_a_coach_cannot_point_a_relationship_at_another_member(ann, ben, coaching):
    carl, relationship = coaching
    for statement in [
        "UPDATE coach_relationships SET member_id = %s WHERE id = %s",
        "UPDATE coach_relationships SET member_id = %s, ended_at = clock_timestamp() WHERE id = %s",
    ]:
        with rls.user_context(carl), pytest.raises(DatabaseError, match="only be ended"), transaction.atomic():
            sql(statement, [ben.pk, relationship.pk])
    assert coach_reads_sessions(carl, ben) == 0
    # Ending it is what the coach may do.
    with rls.user_context(carl):
        assert sql("UPDATE coach_relationships SET ended_at = clock_timestamp() WHERE id = %s", [relationship.pk]) == 1
    assert coach_reads_sessions(carl, ann) == 0


def test_a_member_cannot_point_their_relationship_at_another_coach(ann, ben, coaching):
    _carl, relationship = coaching
    with rls.user_context(ann), pytest.raises(DatabaseError, match="only be ended"), transaction.atomic():
        sql("UPDATE coach_relationships SET coach_id = %s WHERE id = %s", [ben.pk, relationship.pk])
    assert coach_reads_sessions(ben, ann) == 0


def test_a_member_cannot_start_a_relationship_without_an_invite(ann, ben):
    with rls.user_context(ann), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        sql("INSERT INTO coach_relationships (coach_id, member_id) VALUES (%s, %s)", [ben.pk, ann.pk])
    assert coach_reads_sessions(ben, ann) == 0
    # With an invite (accepting it reads the invite as the server), it starts.
    ben.groups.add(Group.objects.get(name="coach"))
    code = invite_create(coach=ben).code
    with rls.user_context(ann):
        invite_accept(member=ann, code=code)
    assert coach_reads_sessions(ben, ann) == 1


def test_a_member_cannot_make_themselves_staff_or_superuser(ann):
    for change in ["is_staff = true", "is_superuser = true", "is_staff = true, is_superuser = true"]:
        with rls.user_context(ann), pytest.raises(DatabaseError, match="is_staff"), transaction.atomic():
            sql(f"UPDATE users SET {change} WHERE id = %s", [ann.pk])
    # The rest of their own row is theirs to change, flags written back unchanged included.
    with rls.user_context(ann):
        assert sql("UPDATE users SET last_login = now(), is_staff = false WHERE id = %s", [ann.pk]) == 1
    assert sql("SELECT is_staff, is_superuser FROM users WHERE id = %s", [ann.pk]) == [(False, False)]


def test_a_newcomer_cannot_sign_up_as_staff():
    newcomer = rls.Context(user_id=str(uuid.uuid4()))
    with rls.database_context(newcomer), pytest.raises(DatabaseError, match="staff"), transaction.atomic():
        sql(
            "INSERT INTO users (id, username, email, password, is_staff) "
            "VALUES (%s, 'eve', 'eve@example.com', '', true)",
            [newcomer.user_id],
        )


def test_a_member_cannot_join_the_staff_group_or_grant_themselves_permissions(ann):
    ann.groups.add(Group.objects.get(name="member"))
    staff_group = Group.objects.get(name="staff")
    any_permission = Permission.objects.get(codename="change_user")
    attacks = [
        ("INSERT INTO users_groups (user_id, group_id) VALUES (%s, %s)", [ann.pk, staff_group.pk]),
        ("INSERT INTO users_user_permissions (user_id, permission_id) VALUES (%s, %s)", [ann.pk, any_permission.pk]),
        (
            "INSERT INTO auth_group_permissions (group_id, permission_id) VALUES (%s, %s)",
            [Group.objects.get(name="member").pk, any_permission.pk],
        ),
    ]
    for statement, params in attacks:
        with rls.user_context(ann), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql(statement, params)
    with rls.user_context(ann):
        assert sql("UPDATE users_groups SET group_id = %s WHERE user_id = %s", [staff_group.pk, ann.pk]) == 0
        assert sql("DELETE FROM users_groups WHERE user_id = %s", [ann.pk]) == 0
    assert set(ann.groups.values_list("name", flat=True)) == {"member"}
    assert not ann.user_permissions.exists()


def test_signing_up_joins_the_member_group_and_no_other():
    user = account_create(username="newbie", email="newbie@example.com", password="a long passphrase")
    assert list(user.groups.values_list("name", flat=True)) == ["member"]


def test_a_member_cannot_change_or_delete_their_history(ann):
    tables = [table for table in MEMBER_TABLES if table.endswith("_history")]
    mine = rows_of(ann)
    with rls.user_context(ann):
        for table in tables:
            key = MEMBER_TABLES[table][0]
            assert sql(f"SELECT count(*) FROM {table}")[0][0] == len(mine[table]), table  # still read
            assert sql(f"UPDATE {table} SET history_date = history_date") == 0, table
            assert sql(f"DELETE FROM {table} WHERE {key} = ANY (%s)", [mine[table]]) == 0, table
        # Writing adds history as before.
        plan = sql("SELECT id FROM workout_plans WHERE user_id = %s", [ann.pk])[0][0]
        WorkoutPlan.objects.filter(pk=plan).get().save()
    after = rows_of(ann)
    assert all(set(mine[table]) <= set(after[table]) for table in tables)
    assert len(after["workout_plans_history"]) == len(mine["workout_plans_history"]) + 1


def test_every_history_table_is_append_only_outside_the_privileged_context():
    tables = {row[0] for row in sql("SELECT tablename FROM pg_tables WHERE tablename LIKE '%%\\_history'")}
    guarded = {
        row[0]
        for row in sql(
            "SELECT tablename FROM pg_policies WHERE permissive = 'RESTRICTIVE' AND cmd = 'DELETE' "
            "AND tablename LIKE '%%\\_history' AND policyname LIKE '%%append_only%%'"
        )
    }
    assert tables == guarded
