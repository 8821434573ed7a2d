"""Backups: a dump made by the backup role restores into a new database with every row, and the
restore puts back what a dump does not carry (gymtracker/backup.py)."""

import io
import os
import subprocess  # nosec B404

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from accounts.factories import UserFactory
from coaching.services import invite_accept, invite_create
from gymtracker import backup, rls

pytestmark = pytest.mark.django_db(transaction=True)

LEAKPROOF = "SELECT proleakproof FROM pg_proc WHERE oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'::regprocedure"


def login(**changes):
    params = {**connection.settings_dict, **changes}
    return {key: params[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}


def superuser_sql(statement, database="postgres"):
    with backup._connect(login(), database) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else None


def per_table(name):
    """{table: (rows, checksum)} of every table in `name`, read by the superuser (past every policy)."""
    with backup._connect(login(), name) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM {table} t"  # nosec B608
            ).fetchone()
            for table in sorted(tables)
        }


@pytest.fixture
def history(monkeypatch):
    monkeypatch.setenv("GENERATE_HISTORY_PASSWORD", "backup-test-password")
    call_command("generate_history", quiet=True, members=2, years=0.2, stdout=io.StringIO())
    with rls.system_context("tests"):
        coach = UserFactory(username="cora")
        coach.groups.add(Group.objects.get(name="coach"))
        member = UserFactory(username="mo")
        invite_accept(member=member, code=invite_create(coach=coach).code)


@pytest.fixture
def restored():
    name = f"{connection.settings_dict['NAME']}_restored"
    superuser_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield name
    superuser_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def role(name, *attributes):
    superuser_sql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
        f"THEN CREATE ROLE {name} LOGIN {' '.join(attributes)} IN ROLE pg_read_all_data; END IF; END $$"
    )
    return name


def test_a_dump_by_the_backup_role_restores_every_row_and_the_search_mark(history, restored, tmp_path):
    path = tmp_path / "gymtracker.dump"
    backup.dump(path, database=login(USER=role("gymtracker_backup_test", "BYPASSRLS"), PASSWORD=""))
    # A new database does not have the mark: only the post-restore step can give it back.
    assert superuser_sql(LEAKPROOF, "template1") == [(False,)]

    warnings = backup.restore(path, database=login(), into=restored)

    assert warnings == []
    source = per_table(connection.settings_dict["NAME"])
    assert source["coach_relationships"][0] == 1
    assert source["workout_sets"][0] > 100
    assert per_table(restored) == source
    assert superuser_sql(LEAKPROOF, restored) == [(True,)]
    assert superuser_sql("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'workout_sets'", restored) == [
        (True,)
    ]


def test_a_role_without_bypass_cannot_make_a_partial_dump(history, tmp_path):
    reader = login(USER=role("gymtracker_reader_test"), PASSWORD="")
    with pytest.raises(subprocess.CalledProcessError):
        backup.dump(tmp_path / "partial.dump", database=reader)


def test_pg_dump_through_the_policies_works_with_its_empty_search_path(history):
    # --enable-row-security evaluates the policies, whose functions pg_dump calls with an empty
    # search path: each function sets its own. Without a context the policies show nothing (and
    # must not fail); in a system context they show every row.
    reader = login(USER=role("gymtracker_reader_test"), PASSWORD="")
    for options, relationships in [("", 0), ("-c app.system=backup", 1)]:
        result = subprocess.run(  # noqa: S603  # nosec B603
            [backup.pg_tool("pg_dump", major=connection.pg_version // 10000), "--enable-row-security", "--data-only"],
            env={**backup._environment(reader), "PGOPTIONS": options},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        copied = result.stdout.split("COPY public.coach_relationships ")[1].split("\\.")[0]
        assert len(copied.splitlines()) - 1 == relationships


def test_every_function_names_its_own_search_path():
    # The progress rules and a session's totals are plain SQL, inlined into the queries that use
    # them (a SET clause would stop that); they name nothing outside pg_catalog, which is always
    # searched, but each other and tables named with their schema.
    unset = {
        row[0]
        for row in superuser_sql(
            "SELECT proname FROM pg_proc p WHERE pronamespace = 'public'::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM unnest(proconfig) c WHERE c LIKE 'search\\_path=%%') "
            # pg_trgm's own functions (an extension's objects are its own business)
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
            connection.settings_dict["NAME"],
        )
    }
    assert unset == {
        "exercise_name_key",
        "progress_e1rm",
        "progress_records_earned",
        "progress_set_changed",
        "progress_set_counts",
        "progress_set_lifted",
        "progress_set_live",
        "progress_set_pace",
        "progress_set_volume",
        "progress_set_working",
        "progress_week",
        "workouts_session_totals",
    }


def test_the_tools_are_found():
    assert os.path.basename(backup.pg_tool("pg_restore")) == "pg_restore"
    with pytest.raises(FileNotFoundError):
        backup.pg_tool("no_such_postgres_tool")
