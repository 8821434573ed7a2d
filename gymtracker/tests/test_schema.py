"""The migrated database against the design document (shared/design/schema-design.md), table by
table: every column, type, NOT NULL, default, UNIQUE, CHECK, key, referential action and index."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

TIMESTAMP = "timestamp with time zone"  # the design's TIMESTAMP, kept with its time zone (README)

# table -> column -> (data type, nullable, database default). The design's columns only; columns
# we add beside them are checked where they matter, in the integrity tests.
DESIGN_COLUMNS = {
    "users": {
        "id": ("uuid", False, "gen_random_uuid()"),
        "username": ("text", False, None),
        "email": ("text", False, None),
        "created_at": (TIMESTAMP, False, "now()"),
    },
    "workout_plans": {
        "id": ("uuid", False, "gen_random_uuid()"),
        "user_id": ("uuid", False, None),
        "name": ("text", False, None),
        "description": ("text", True, None),
        "created_at": (TIMESTAMP, False, "now()"),
    },
    "workout_templates": {
        "id": ("uuid", False, "gen_random_uuid()"),
        "workout_plan_id": ("uuid", False, None),
        "exercise_name": ("text", False, None),
        # The design gives sets and repetitions a default and a CHECK but no NOT NULL; a NULL
        # would slip past the CHECK, so we also forbid it (README: tightened).
        "sets": ("integer", False, "3"),
        "repetitions": ("integer", False, "10"),
    },
    "workout_sessions": {
        "id": ("uuid", False, "gen_random_uuid()"),
        "user_id": ("uuid", False, None),
        "date": ("date", False, None),
        "notes": ("text", True, None),
    },
    "workout_sets": {
        "id": ("uuid", False, "gen_random_uuid()"),
        "workout_session_id": ("uuid", False, None),
        "workout_template_id": ("uuid", False, None),
        "actual_reps": ("integer", False, "0"),  # NOT NULL added, as for sets above
    },
}

DESIGN_CHECKS = {
    "workout_templates": ["CHECK ((sets > 0))", "CHECK ((repetitions > 0))"],
    "workout_sets": ["CHECK ((actual_reps >= 0))"],
}

DESIGN_UNIQUE = {"users": [["username"], ["email"]]}

# (table, column) -> referenced table; every one ON DELETE CASCADE and ON UPDATE CASCADE.
DESIGN_FOREIGN_KEYS = {
    ("workout_plans", "user_id"): "users",
    ("workout_templates", "workout_plan_id"): "workout_plans",
    ("workout_sessions", "user_id"): "users",
    ("workout_sets", "workout_session_id"): "workout_sessions",
    ("workout_sets", "workout_template_id"): "workout_templates",
}


def fetch(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.parametrize("table", DESIGN_COLUMNS)
def test_table_has_the_designs_columns_types_nullability_and_defaults(table):
    rows = fetch(
        "SELECT column_name, data_type, is_nullable = 'YES', column_default "
        "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s",
        [table],
    )
    actual = {name: (data_type, nullable, default) for name, data_type, nullable, default in rows}
    for column, expected in DESIGN_COLUMNS[table].items():
        assert actual.get(column) == expected, f"{table}.{column}"


@pytest.mark.parametrize("table", DESIGN_COLUMNS)
def test_table_has_a_uuid_primary_key_named_id(table):
    rows = fetch(
        "SELECT a.attname FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
        "WHERE c.conrelid = %s::regclass AND c.contype = 'p'",
        [table],
    )
    assert rows == [("id",)]


@pytest.mark.parametrize(("table", "definition"), [(t, d) for t, ds in DESIGN_CHECKS.items() for d in ds])
def test_designs_check_constraints_exist(table, definition):
    rows = fetch(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'",
        [table],
    )
    assert (definition,) in rows


@pytest.mark.parametrize(("table", "columns"), [(t, c) for t, cs in DESIGN_UNIQUE.items() for c in cs])
def test_designs_unique_constraints_exist(table, columns):
    rows = fetch(
        "SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
        "WHERE c.conrelid = %s::regclass AND c.contype = 'u' GROUP BY c.oid",
        [table],
    )
    assert (sorted(columns),) in rows


@pytest.mark.parametrize(("table", "column"), DESIGN_FOREIGN_KEYS)
def test_designs_foreign_keys_cascade_on_delete_and_update_in_the_database(table, column):
    rows = fetch(
        "SELECT c.confrelid::regclass::text, c.confdeltype, c.confupdtype FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND a.attname = %s",
        [table, column],
    )
    assert rows == [(DESIGN_FOREIGN_KEYS[(table, column)], "c", "c")]


def test_no_foreign_key_to_a_member_table_blocks_a_plain_sql_delete():
    """Any constraint pointing at users or the workout tables must cascade or set null; a new
    table whose foreign key was left at Django's NO ACTION fails here."""
    rows = fetch(
        "SELECT c.conrelid::regclass::text, c.conname, c.confdeltype, c.confupdtype FROM pg_constraint c "
        "WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY (%s)",
        [list(DESIGN_COLUMNS)],
    )
    assert rows
    blocking = [
        (table, name) for table, name, on_delete, on_update in rows if on_delete not in "cn" or on_update != "c"
    ]
    assert blocking == []


def index_definitions(table):
    return [definition for (definition,) in fetch("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])]


@pytest.mark.parametrize("column", ["username", "email"])
def test_users_have_btree_lookup_indexes_on_username_and_email(column):
    definitions = index_definitions("users")
    assert any(f"USING btree ({column})" in d for d in definitions)
    # Case-insensitive uniqueness (and lookups by lower(...)) beside the design's exact ones.
    assert any(f"CREATE UNIQUE INDEX users_{column}_ci_unique" in d and f"lower({column})" in d for d in definitions)


def test_sessions_have_the_partial_index_of_live_sessions_per_member_newest_first():
    assert (
        "CREATE INDEX workout_sessions_recent_live ON public.workout_sessions USING btree (user_id, date DESC) "
        "WHERE (deleted_at IS NULL)"
    ) in index_definitions("workout_sessions")


def test_sets_have_the_multi_column_session_template_index():
    assert (
        "CREATE INDEX workout_sets_session_template ON public.workout_sets "
        "USING btree (workout_session_id, workout_template_id)"
    ) in index_definitions("workout_sets")


def test_session_notes_have_a_stored_generated_tsvector_with_a_gin_index():
    rows = fetch(
        "SELECT data_type, is_generated, generation_expression FROM information_schema.columns "
        "WHERE table_name = 'workout_sessions' AND column_name = 'notes_search'"
    )
    assert rows == [("tsvector", "ALWAYS", "to_tsvector('english'::regconfig, COALESCE(notes, ''::text))")]
    assert (
        "CREATE INDEX workout_sessions_notes_search ON public.workout_sessions USING gin (notes_search)"
        in index_definitions("workout_sessions")
    )
