"""Writes drawn histories (`progress.generator.draw`) into the database, and has PostgreSQL derive
what logging the sets would have left: statistics, weekly volume and personal records.

Rows go in with COPY (psycopg's `Copy.write_row`, which formats each value by its type), never
through the ORM, in one of two ways:

- **Into tables that already hold training data** (`batch_insert`): each batch of members is one
  transaction as the app's role, in the named system context "generate_history". PostgreSQL
  refuses COPY FROM into a table whose policies bind the role, so the rows are COPYed into
  temporary tables (which have no policies) and moved with INSERT … SELECT, which the policies'
  WITH CHECK examines row by row. The foreign keys (deferred) are checked at commit.
- **Into empty workout tables** (`batch_copy` between `keys_drop` and `keys_restore`): what
  pg_restore does. The workout tables' foreign keys and the indexes that back no constraint are
  dropped, the rows COPYed straight into the tables, and the indexes and keys added back: each
  index built in one sort, each key validated in one pass over its table, instead of a look-up
  per row. Their definitions are read from the catalog just before (`pg_get_indexdef`,
  `pg_get_constraintdef`), so nothing here repeats the schema. This is schema work, done as the
  tables' owner like `migrate`, and only where that role may COPY into a table under row-level
  security (a superuser or BYPASSRLS role, as the development login is); elsewhere the first way
  is taken. Row-level security is left as it is: no policy, ENABLE or FORCE changes. With one job
  the whole load is one transaction; with more, as with `pg_restore --jobs`, each batch commits
  on its own connection, and the keys come back (in a `finally`) once the last batch is in.

Derived tables come from the database's own functions, never from a rule written here: the
statistics and weekly-volume triggers stand aside while a system job loads
(`progress_bulk_load_start`), `progress_bulk_load_finish(members)` rebuilds those members'
`exercise_stats` and `weekly_volume`, and `progress_records_rederive` derives each member's
records, one exercise at a time. `member_data_versions` is raised by its triggers as for any write.
History rows (django-simple-history) are not written: generated data has no edits to record.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.util
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from django.db import connection, connections, models, transaction
from psycopg import sql

from accounts.models import User
from gymtracker import rls
from gymtracker.db import staged_insert
from plans.models import WorkoutPlan, WorkoutTemplate
from progress.generator.draw import History, Ids, Span, history_draw
from sessions.models import WorkoutSession, WorkoutSet

CONTEXT = "generate_history"  # the system context the rows are written in


@dataclass(frozen=True)
class Lookup:
    """A column whose values the database gives: `find(cursor, keys)` answers, in one query for a
    whole batch, the value for each drawn value's `key` attribute."""

    column: str  # model field
    key: str  # attribute of the drawn value
    find: Callable[[Any, list[Any]], dict[Any, Any]]


@dataclass(frozen=True)
class Target:
    """A table and where each of its columns comes from: the attribute of a drawn value with that
    model field's value, or a constant. The COPY's column list and each row are made from this one
    mapping, so a row's values always line up with the columns they are sent for."""

    model: type[models.Model]
    sources: dict[str, str]  # model field -> attribute of the drawn value
    constants: tuple[tuple[str, Any], ...] = ()  # (model field, value) for every row
    lookup: Lookup | None = None  # a column the database gives (asked once per batch)

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def columns(self) -> list[str]:
        looked_up = [self.lookup.column] if self.lookup else []
        return [self._column(name) for name in [*self.sources, *looked_up, *(name for name, _ in self.constants)]]

    def _column(self, name: str) -> str:
        field = self.model._meta.get_field(name)
        if not isinstance(field, models.Field) or not field.column:
            raise ValueError(f"{self.model.__name__}.{name} is not a column")
        return field.column

    def rows(self, values: Sequence[Any], cursor: Any) -> Iterator[tuple[Any, ...]]:
        """Each value's row. A `lookup` column is asked of the database on `cursor` now, before
        the rows are taken (a cursor busy with a COPY can ask nothing)."""
        if len(self.sources) < 2:
            raise ValueError("a target of one column has no use here")  # attrgetter would give no tuple
        row = attrgetter(*self.sources.values())
        constant = tuple(value for _, value in self.constants)
        if self.lookup is None:
            return (row(value) + constant for value in values)
        key = attrgetter(self.lookup.key)
        found = self.lookup.find(cursor, sorted({key(value) for value in values}))
        return ((*row(value), found[key(value)], *constant) for value in values)


def _same_names(*names: str, **renamed: str) -> dict[str, str]:
    return {name: name for name in names} | renamed


def set_kinds(cursor: Any, templates: list[str]) -> dict[str, str]:
    """The kind of set each of these exercises (written already) records, in one query, by the
    database's rule (`workout_sets_kind_of`)."""
    cursor.execute("SELECT id::text, workout_sets_kind_of(id) FROM unnest(%s::uuid[]) AS id", [templates])
    return dict(cursor.fetchall())


# Timestamps: a row was last updated when it was made, or, for sessions and sets, finished.
PLANS = Target(WorkoutPlan, _same_names("id", "user_id", "name", "description", "created_at", updated_at="created_at"))
TEMPLATES = Target(
    WorkoutTemplate,
    _same_names(
        "id", "plan_id", "exercise_name", "sets", "repetitions", "position", "created_at", updated_at="created_at"
    ),
)
SESSIONS = Target(
    WorkoutSession,
    _same_names("id", "user_id", "plan_id", "date", "notes", "finished_at", "created_at", updated_at="finished_at"),
)
SETS = Target(
    WorkoutSet,
    _same_names(
        "id",
        "session_id",
        "template_id",
        "actual_reps",
        "position",
        "target_reps",
        "weight_kg",
        "rpe",
        "created_at",
        "completed_at",
        updated_at="completed_at",
    ),
    # What a set records is its exercise's kind (sessions/sql/functions/workout_sets_kind.sql),
    # which the database found for each exercise as it went in (its library exercise, by name).
    # Given with each row, so that the trigger does not look it up row by row.
    lookup=Lookup("kind", "template_id", set_kinds),
)
MEMBER_FIELDS = ("id", "username", "email", "weight_unit", "time_zone", "created_at")


def members_target(password_hash: str) -> Target:
    """Members: usable accounts with one shared password, hashed once by the caller."""
    return Target(
        User,
        _same_names(*MEMBER_FIELDS, updated_at="created_at"),
        (("password", password_hash), ("is_superuser", False), ("is_staff", False), ("is_active", True)),
    )


@dataclass(frozen=True)
class Link:
    user_id: str
    group_id: int


GROUPS = Target(User.groups.through, _same_names("user_id", "group_id"))

# The tables whose keys and secondary indexes a load into empty tables drops and adds back: the
# ones that hold a member's training, the bulk of the rows. Members and their groups keep theirs
# (a database may hold other accounts; there are few members next to their sets).
WORKOUT_TABLES = [PLANS.table, TEMPLATES.table, SESSIONS.table, SETS.table]


@dataclass(frozen=True)
class Load:
    """What every batch needs to know, whichever process runs it."""

    seed: int
    prefix: str
    span: Span
    password_hash: str
    member_group: int
    fast: bool  # straight into workout tables emptied of their keys (see the module doc)


@dataclass
class Counts:
    users: int = 0
    plans: int = 0
    templates: int = 0
    sessions: int = 0
    sets: int = 0
    records: int = 0

    def add(self, other: Counts) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def rows(self) -> int:
        """Rows written or derived: members count twice (their group link)."""
        return 2 * self.users + self.plans + self.templates + self.sessions + self.sets + self.records

    @classmethod
    def of(cls, histories: Sequence[History]) -> Counts:
        return cls(
            users=len(histories),
            plans=sum(len(h.plans) for h in histories),
            templates=sum(len(h.templates) for h in histories),
            sessions=sum(len(h.sessions) for h in histories),
            sets=sum(len(h.sets) for h in histories),
        )


def _tables(load: Load, histories: Sequence[History]) -> list[tuple[Target, Sequence[Any]]]:
    """Each table with its drawn values, parents before children."""
    return [
        (members_target(load.password_hash), [h.member for h in histories]),
        (GROUPS, [Link(user_id=h.member.id, group_id=load.member_group) for h in histories]),
        (PLANS, [plan for h in histories for plan in h.plans]),
        (TEMPLATES, [template for h in histories for template in h.templates]),
        (SESSIONS, [session for h in histories for session in h.sessions]),
        (SETS, [s for h in histories for s in h.sets]),
    ]


def _names(columns: Iterable[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(c) for c in columns)


def rows_copy(cursor: Any, target: Target, values: Sequence[Any]) -> None:
    """COPY the rows of `values` straight into the target's table (its owner, the fast way)."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(target.table), _names(target.columns))
    rows = target.rows(values, cursor)
    with cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            write(row)


def _staged_insert(cursor: Any, target: Target, values: Sequence[Any]) -> None:
    """Through the policies' WITH CHECK, row by row (gymtracker.db.staged_insert)."""
    staged_insert(cursor, target.table, target.columns, target.rows(values, cursor), staged=f"gen_{target.table}")


def _load_settings(cursor: Any) -> None:
    # Generated rows can be generated again: a crash may lose the last committed batches (never
    # part of one), so a commit need not wait for the disk.
    cursor.execute("SET LOCAL synchronous_commit = off")
    # The statement triggers' transition tables hold a batch's sets: in memory, not a temp file.
    cursor.execute("SET LOCAL work_mem = '64MB'")


def derived_rebuild(cursor: Any, members: list[str]) -> int:
    """The members' statistics, weekly volume and personal records, by the database's functions;
    returns how many records they have. Runs in a named system context."""
    # Rebuilds exercise_stats and weekly_volume and ends the bulk load (progress 0005, 0011).
    cursor.execute("SELECT progress_bulk_load_finish(%s::uuid[])", [members])
    # Each (member, exercise) once: progress_records_rederive derives the records of the exercise
    # of the set it is given, from all of the member's counted sets.
    cursor.execute(
        """
        WITH one_set AS MATERIALIZED (
            SELECT DISTINCT ON (p.user_id, lower(t.exercise_name)) ws.id
            FROM workout_plans p
            JOIN workout_templates t ON t.workout_plan_id = p.id
            CROSS JOIN LATERAL (SELECT id FROM workout_sets WHERE workout_template_id = t.id LIMIT 1) ws
            WHERE p.user_id = ANY (%s::uuid[])
            ORDER BY p.user_id, lower(t.exercise_name)
        )
        SELECT count(progress_records_rederive(id)) FROM one_set
        """,
        [members],
    )
    cursor.execute("SELECT count(*) FROM personal_records WHERE user_id = ANY (%s::uuid[])", [members])
    return cursor.fetchone()[0]


def _draw(load: Load, numbers: range) -> list[History]:
    return [history_draw(n, seed=load.seed, prefix=load.prefix, span=load.span) for n in numbers]


@contextlib.contextmanager
def _load_transaction(*, owner: bool) -> Iterator[Any]:
    """A transaction in the system context, with the bulk load started (the statistics and
    weekly-volume triggers stand aside until `derived_rebuild`): psycopg's own cursor, for its
    copy support. As the app's role, or as the tables' owner for schema work."""
    with contextlib.ExitStack() as stack:
        if owner:
            stack.enter_context(rls.owner_role())
        stack.enter_context(transaction.atomic())
        stack.enter_context(rls.system_context(CONTEXT))
        cursor = stack.enter_context(connection.cursor()).cursor
        _load_settings(cursor)
        cursor.execute("SELECT progress_bulk_load_start()")
        yield cursor


def batch_insert(load: Load, numbers: range) -> Counts:
    """One transaction into tables that may hold data: members `numbers`, with everything they
    own, through the policies, and what the database derives from them."""
    histories = _draw(load, numbers)
    counts = Counts.of(histories)
    with _load_transaction(owner=False) as cursor:
        for target, values in _tables(load, histories):
            _staged_insert(cursor, target, values)
        counts.records = derived_rebuild(cursor, [h.member.id for h in histories])
    return counts


def _copy_straight(cursor: Any, load: Load, numbers: range) -> Counts:
    """Members `numbers` COPYed straight into the tables (a load into empty tables, as their
    owner); what is derived from them comes once the keys are back."""
    histories = _draw(load, numbers)
    for target, values in _tables(load, histories):
        rows_copy(cursor, target, values)
    return Counts.of(histories)


def batch_copy(load: Load, numbers: range) -> Counts:
    """`_copy_straight` on a worker's connection, committed alone (one job of several)."""
    with _load_transaction(owner=True) as cursor:
        return _copy_straight(cursor, load, numbers)


def _derived_of(cursor: Any, load: Load, numbers: range) -> Counts:
    ids = Ids(load.seed, load.prefix)
    return Counts(records=derived_rebuild(cursor, [ids.member_id(n) for n in numbers]))


def batch_derive(load: Load, numbers: range) -> Counts:
    """What the database derives from members `numbers`, on a worker's connection (one job of several)."""
    with _load_transaction(owner=False) as cursor:
        return _derived_of(cursor, load, numbers)


# --- Keys and indexes, as pg_restore puts them back ----------------------------------------------

KEYS_AND_INDEXES = """
    SELECT n.nspname, t.relname, c.conname, 'foreign key', pg_get_constraintdef(c.oid),
           obj_description(c.oid, 'pg_constraint')
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND c.conrelid = ANY (%(tables)s::regclass[])
    UNION ALL
    SELECT n.nspname, t.relname, ic.relname, 'index', pg_get_indexdef(i.indexrelid),
           obj_description(i.indexrelid, 'pg_class')
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE i.indrelid = ANY (%(tables)s::regclass[])
      -- Indexes that back a primary key or a unique constraint stay.
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
    ORDER BY 4 DESC, 1, 2, 3
"""


@dataclass(frozen=True)
class Definition:
    """A foreign key or an index as the catalog states it."""

    schema: str
    table: str
    name: str
    kind: str  # "index" or "foreign key"
    text: str  # pg_get_indexdef's CREATE INDEX, or pg_get_constraintdef's FOREIGN KEY … clause
    comment: str | None


def keys_and_indexes(cursor: Any, tables: list[str]) -> list[Definition]:
    """The foreign keys of `tables`, and their indexes that back no constraint."""
    cursor.execute(KEYS_AND_INDEXES, {"tables": tables})
    return [Definition(*row) for row in cursor.fetchall()]


def keys_drop(cursor: Any, tables: list[str]) -> list[Definition]:
    """Drops the foreign keys and secondary indexes of `tables`; returns what `keys_restore` needs."""
    definitions = keys_and_indexes(cursor, tables)
    for d in definitions:
        if d.kind == "foreign key":
            cursor.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.Identifier(d.schema, d.table), sql.Identifier(d.name)
                )
            )
        else:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(d.schema, d.name)))
    return definitions


def keys_restore(cursor: Any, definitions: list[Definition]) -> None:
    """Adds back what `keys_drop` dropped: the indexes first, then the keys, each validated in one
    pass over its table (a join, not a look-up per row)."""
    # One sort per index in memory, and the keys' validating joins in memory: this load's only.
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    cursor.execute("SET LOCAL work_mem = '256MB'")
    for d in sorted(definitions, key=lambda d: d.kind != "index"):
        if d.kind == "index":
            cursor.execute(d.text)
            on = sql.SQL("INDEX {}").format(sql.Identifier(d.schema, d.name))
        else:
            cursor.execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                    sql.Identifier(d.schema, d.table), sql.Identifier(d.name), sql.SQL(d.text)
                )
            )
            on = sql.SQL("CONSTRAINT {} ON {}").format(sql.Identifier(d.name), sql.Identifier(d.schema, d.table))
        if d.comment is not None:
            cursor.execute(sql.SQL("COMMENT ON {} IS {}").format(on, sql.Literal(d.comment)))


def fast_load_possible(tables: list[str]) -> bool:
    """Whether a load may take the fast way: the tables are empty, and their owner may COPY into
    them (row-level security does not bind it)."""
    with rls.owner_role(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        for table in tables:
            cursor.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table)))
            if cursor.fetchone()[0]:
                return False
    return True


# --- The whole load --------------------------------------------------------------------------------

Done = Callable[[str, range, Counts], None]  # (stage, members, their counts) after each batch


def histories_load(load: Load, batches: list[range], *, jobs: int, done: Done) -> Counts:
    """Every batch of members, the way `load.fast` says; `done` hears of each batch when it is
    "written" (and derived, the regular way) and, the fast way, again when "derived"."""
    counts = Counts()

    def each(stage: str) -> Callable[[range, Counts], None]:
        def batch_done(numbers: range, batch: Counts) -> None:
            counts.add(batch)
            done(stage, numbers, batch)

        return batch_done

    if not load.fast:
        _batches_run(batch_insert, load, batches, jobs=jobs, done=each("written"))
    elif jobs == 1:
        # One transaction, as pg_restore --single-transaction: nobody sees the tables without
        # their keys, and a failure leaves nothing behind.
        with _load_transaction(owner=True) as cursor:
            definitions = keys_drop(cursor, WORKOUT_TABLES)
            for numbers in batches:
                each("written")(numbers, _copy_straight(cursor, load, numbers))
            _keys_back(cursor, definitions)
            for numbers in batches:
                each("derived")(numbers, _derived_of(cursor, load, numbers))
    else:
        # As pg_restore --jobs: the keys go in one transaction, each batch commits on a worker's
        # connection, and the keys come back in one more, whatever happened in between.
        with rls.owner_role(), transaction.atomic(), connection.cursor() as cursor:
            definitions = keys_drop(cursor.cursor, WORKOUT_TABLES)
        try:
            _batches_run(batch_copy, load, batches, jobs=jobs, done=each("written"))
        finally:
            with rls.owner_role(), transaction.atomic(), connection.cursor() as cursor:
                _keys_back(cursor.cursor, definitions)
        _batches_run(batch_derive, load, batches, jobs=jobs, done=each("derived"))
    return counts


def _keys_back(cursor: Any, definitions: list[Definition]) -> None:
    keys_restore(cursor, definitions)
    # The planner knows nothing yet of the rows just loaded, and the rebuilds plan by what it knows.
    cursor.execute(sql.SQL("ANALYZE {}").format(_names(WORKOUT_TABLES)))


def _batches_run(
    run: Callable[[Load, range], Counts],
    load: Load,
    batches: list[range],
    *,
    jobs: int,
    done: Callable[[range, Counts], None],
) -> None:
    if jobs == 1:
        for numbers in batches:
            done(numbers, run(load, numbers))
        return
    # Each member draws from their own generator, so the rows do not depend on which process
    # makes them. Workers open connections of their own (forked after closing ours).
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start) as pool:
        futures = {pool.submit(run, load, numbers): numbers for numbers in batches}
        for future in as_completed(futures):
            done(futures[future], future.result())


def _worker_start() -> None:
    # A worker keeps its connection for all its batches (a new one per batch would cost a server
    # process, cold caches and freshly prepared foreign-key checks each time) and closes it on
    # the way out: multiprocessing runs its finalizers, not atexit, when a worker ends.
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=0)
