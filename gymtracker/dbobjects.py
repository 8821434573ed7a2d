"""The database's functions, triggers and row-level security policies, each defined once, in a
file of its own app: `<app>/sql/functions/<name>.sql` holds a function with the triggers that call
it and who may execute it; `<app>/sql/tables/<table>.sql` holds a table's row-level security and
policies. Those files are what runs; nothing else in the repository says what a function does.

Two paths make the database equal the files:
- `SyncSql(app_label)`, a migration operation: the app's `0002_database_objects` migration
  creates its objects (and drops them when reversed). A later migration that needs a changed
  function before it can go on (a rebuild of derived data under a new rule) runs it again, and so
  does the migration that makes a table the files name: a migration applies the files as they are
  now, so a table's file (`sql/tables/`) waits for the migration that makes its table, and a
  function's triggers on such a table are left out until then.
- After every `migrate` that ends with all migrations applied, `sync()` applies each file whose
  text changed since it was last applied. A changed file therefore needs no migration of its own,
  even to rename or remove a policy: a table's policies that its file does not name are dropped.

Each object applied from a file carries as its comment the file's digest and the digest of its
definition as then made, so `sync()` leaves alone the objects that neither the file nor a hand in
psql changed since (re-creating a policy locks its table). The comments decide nothing else:
`gymtracker/tests/test_database_objects.py` compares what runs (`pg_get_functiondef`,
`pg_get_triggerdef`, `pg_policies`) with the files themselves.

Files are plain SQL, as `pg_get_functiondef` prints them, with one substitution: `:"app_role"`
(psql's quoted-variable syntax) is the app's database role, `settings.DATABASE_APP_ROLE`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.operations.base import Operation
from psycopg import sql

ROLE_VARIABLE = ':"app_role"'
KINDS = ("functions", "tables")  # applied in this order: policies and triggers call functions

_FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (?:public\.)?(\w+)\(", re.IGNORECASE)
_TRIGGER = re.compile(r"CREATE OR REPLACE TRIGGER (\w+) .*? ON (?:public\.)?(\w+) ", re.IGNORECASE | re.DOTALL)
_TRIGGER_STATEMENT = re.compile(r"CREATE OR REPLACE TRIGGER \w+ [^;]*? ON (?:public\.)?(\w+) [^;]*;\n?", re.IGNORECASE)
_POLICY = re.compile(r"CREATE POLICY (\w+) ON (?:public\.)?(\w+)", re.IGNORECASE)
_SECURED = re.compile(r"ALTER TABLE (?:public\.)?(\w+) ENABLE ROW LEVEL SECURITY", re.IGNORECASE)
_FORCED = re.compile(r"ALTER TABLE (?:public\.)?(\w+) FORCE ROW LEVEL SECURITY", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One file under `<app>/sql/`."""

    app_label: str
    name: str  # the path from the app's folder, e.g. "sql/functions/progress_e1rm.sql"
    text: str

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def functions(self) -> list[str]:
        return _FUNCTION.findall(self.text)

    @property
    def triggers(self) -> list[tuple[str, str]]:
        return [(match[1], match[2]) for match in _TRIGGER.finditer(self.text)]

    @property
    def policies(self) -> list[tuple[str, str]]:
        return _POLICY.findall(self.text)

    @property
    def tables(self) -> set[str]:
        """The tables the file's triggers, policies and switches are on."""
        found = {table for _, table in self.triggers} | {table for _, table in self.policies}
        return found | set(_SECURED.findall(self.text)) | set(_FORCED.findall(self.text))

    def sql(self, *, missing: Iterable[str] = ()) -> str:
        """The file as statements to run: the role named, and each policy dropped before it is
        made again (PostgreSQL has no CREATE OR REPLACE POLICY). Triggers on the `missing`
        tables (made by a later migration, whose own step applies the file again) are left out."""
        role = settings.DATABASE_APP_ROLE
        text = self.text.replace(ROLE_VARIABLE, _identifier(role))
        gone = set(missing)
        text = _TRIGGER_STATEMENT.sub(lambda m: "" if m[1] in gone else m[0], text)
        return _POLICY.sub(lambda m: f"DROP POLICY IF EXISTS {m[1]} ON {m[2]};\n{m[0]}", text)

    def drops(self) -> list[str]:
        """Statements that remove what the file makes (a migration's reverse)."""
        return [
            *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in self.triggers),
            *(f"DROP POLICY IF EXISTS {name} ON {table}" for name, table in self.policies),
            *(f"ALTER TABLE IF EXISTS {table} NO FORCE ROW LEVEL SECURITY" for table in _FORCED.findall(self.text)),
            *(f"ALTER TABLE IF EXISTS {table} DISABLE ROW LEVEL SECURITY" for table in _SECURED.findall(self.text)),
            *(f"DROP FUNCTION IF EXISTS {name}" for name in self.functions),
        ]


def _identifier(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {name!r}")
    return name


def sources(app_label: str | None = None, *, apps: Any = global_apps) -> list[Source]:
    """The files of one app (or of every app), functions first."""
    found = []
    for config in apps.get_app_configs():
        if app_label not in (None, config.label):
            continue
        root = Path(config.path)
        for kind in KINDS:
            for path in sorted((root / "sql" / kind).glob("*.sql")):
                found.append(Source(config.label, str(path.relative_to(root)), path.read_text()))
    return found


def _states(cursor: Any, source: Source) -> list[tuple[str, str | None, str | None]]:
    """(COMMENT ON target, comment, digest of the running definition) of each object of the file;
    None where the object does not exist."""
    found = []
    for name in source.functions:
        cursor.execute(
            "SELECT obj_description(p.oid, 'pg_proc'), md5(pg_get_functiondef(p.oid)) FROM pg_proc p "
            "WHERE p.oid = to_regproc(%s)",
            [name],
        )
        found.append((f"FUNCTION {name}", *(cursor.fetchone() or (None, None))))
    for name, table in source.triggers:
        cursor.execute(
            "SELECT obj_description(t.oid, 'pg_trigger'), md5(pg_get_triggerdef(t.oid)) FROM pg_trigger t "
            "WHERE t.tgname = %s AND t.tgrelid = to_regclass(%s)",
            [name, table],
        )
        found.append((f"TRIGGER {name} ON {table}", *(cursor.fetchone() or (None, None))))
    for name, table in source.policies:
        cursor.execute(
            "SELECT obj_description(p.oid, 'pg_policy'), md5(concat_ws('|', p.polcmd, p.polpermissive, "
            "p.polroles::text, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))) "
            "FROM pg_policy p WHERE p.polname = %s AND p.polrelid = to_regclass(%s)",
            [name, table],
        )
        found.append((f"POLICY {name} ON {table}", *(cursor.fetchone() or (None, None))))
    return found


def _applied(cursor: Any, source: Source) -> bool:
    """Whether every object of the file was made from the file's present text and is unchanged
    since (its comment holds both digests)."""
    states = _states(cursor, source)
    return bool(states) and all(
        comment == f"{source.name} {source.digest} md5:{running}" for _, comment, running in states
    )


def _signatures(cursor: Any, source: Source) -> dict[str, set[str]]:
    """{function name: {its signatures in the database}} for the file's functions."""
    cursor.execute(
        "SELECT proname, oid::regprocedure::text FROM pg_proc "
        "WHERE pronamespace = 'public'::regnamespace AND proname = ANY (%s)",
        [source.functions],
    )
    found: dict[str, set[str]] = {}
    for name, signature in cursor.fetchall():
        found.setdefault(name, set()).add(signature)
    return found


def _missing_tables(cursor: Any, source: Source) -> set[str]:
    tables = sorted(source.tables)
    cursor.execute(
        "SELECT t FROM unnest(%s::text[]) AS t WHERE to_regclass('public.' || quote_ident(t)) IS NULL", [tables]
    )
    return {row[0] for row in cursor.fetchall()}


def _stamp(cursor: Any, source: Source) -> None:
    for target, _, running in _states(cursor, source):
        if running is None:  # a trigger on a table a later migration makes
            continue
        note = sql.Literal(f"{source.name} {source.digest} md5:{running}")
        cursor.execute(sql.SQL("COMMENT ON {} IS {}").format(sql.SQL(target), note).as_string(cursor.connection))


def apply(connection: BaseDatabaseWrapper, chosen: Iterable[Source], *, changed_only: bool = False) -> list[Source]:
    """Run the files (all, or those whose objects do not carry their digest); return those run.

    Function bodies are checked when called, not when made (as pg_dump restores them), so files
    may refer to each other in any order."""
    done = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL check_function_bodies = off")
        for source in chosen:
            missing = _missing_tables(cursor, source)
            waits = bool(missing) and source.name.startswith("sql/tables/")
            if waits or (changed_only and not missing and _applied(cursor, source)):
                # A table's file waits for the migration that makes the table.
                continue
            before = _signatures(cursor, source)
            _drop_other_policies(cursor, source)
            cursor.execute(source.sql(missing=missing))
            # A file whose function takes other arguments now made a second function of the same
            # name: the file is its one definition, so the one it replaces goes.
            for name, now in _signatures(cursor, source).items():
                replaced = before.get(name, set())
                if now - replaced:
                    for signature in replaced:
                        cursor.execute(f"DROP FUNCTION {signature}")
            _stamp(cursor, source)
            done.append(source)
    return done


def _drop_other_policies(cursor: Any, source: Source) -> None:
    """A table's file names all its policies: one the file no longer names (renamed, or gone)
    is dropped, so that the table runs what the file says and nothing more."""
    named = source.policies
    if not named:
        return
    cursor.execute(
        "SELECT p.polname, c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
        "WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY (%s) "
        "AND c.relname || '.' || p.polname <> ALL (%s)",
        [sorted({table for _, table in named}), [f"{table}.{name}" for name, table in named]],
    )
    for name, table in cursor.fetchall():
        cursor.execute(sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(name), sql.Identifier(table)))


def drop(connection: BaseDatabaseWrapper, chosen: Iterable[Source]) -> None:
    with connection.cursor() as cursor:
        for source in reversed(list(chosen)):
            for statement in source.drops():
                cursor.execute(statement)


def sync(using: str = DEFAULT_DB_ALIAS) -> list[Source]:
    """Make the database's functions, triggers and policies equal the files."""
    return apply(connections[using], sources(), changed_only=True)


class SyncSql(Operation):
    """A migration step: the app's database objects as its `sql/` files define them now.

    The step that first makes them (`creates=True`, the app's `0002_database_objects`) drops them
    when reversed. A later step leaves them when reversed: what it changed, it undoes with a
    frozen copy of its own (see workouts 0003)."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, app_label: str, *, creates: bool = False) -> None:
        self.app_label = app_label
        self.creates = creates

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [self.app_label], {"creates": self.creates} if self.creates else {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        apply(schema_editor.connection, sources(self.app_label))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if self.creates:
            drop(schema_editor.connection, sources(self.app_label))

    def describe(self) -> str:
        return f"Make {self.app_label}'s database functions, triggers and policies equal its sql/ files"


def sync_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, plan: Any = None, **kwargs: Any) -> None:
    """post_migrate: once a `migrate` leaves nothing unapplied, apply the files that changed.

    Django sends the signal once for each app with models, in order; this acts on the last one's.
    (A flush sends it without a plan, and a migrate backwards leaves the files' objects to the
    migrations: both are left alone. A migrate with nothing to apply still syncs: that is how a
    changed file reaches a database.)"""
    with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if not with_models or sender is not with_models[-1]:
        return
    if plan is None or any(backwards for _, backwards in plan):
        return
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    sync(using)


def objects(connection: BaseDatabaseWrapper) -> Iterator[tuple[str, str, str]]:
    """What runs: (kind, name, definition as PostgreSQL prints it) for every function, trigger,
    policy and row-level-security switch in the public schema that no extension owns."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT 'function', p.proname::text, pg_get_functiondef(p.oid)
                   || coalesce(array_to_string(p.proacl, ','), '')
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
            WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            UNION ALL
            SELECT 'trigger', c.relname::text || '.' || t.tgname::text, pg_get_triggerdef(t.oid)
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            WHERE NOT t.tgisinternal
            UNION ALL
            SELECT 'policy', tablename::text || '.' || policyname::text,
                   concat_ws(' | ', permissive, roles::text, cmd, qual, with_check)
            FROM pg_policies WHERE schemaname = 'public'
            UNION ALL
            SELECT 'row level security', c.relname::text, concat_ws(' ', c.relrowsecurity, c.relforcerowsecurity)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            WHERE c.relkind = 'r' AND c.relrowsecurity
            ORDER BY 1, 2
            """
        )
        yield from cursor.fetchall()
