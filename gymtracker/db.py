"""Building blocks shared by the workout models: timestamps, soft delete, optimistic locking,
and the migration SQL that puts referential actions into the database itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self

from django.contrib.postgres.functions import RandomUUID
from django.db import migrations, models, transaction
from django.utils import timezone
from psycopg import sql


class TransactionNow(models.Func):
    """PostgreSQL's now(): the transaction's start time, the design's default for created_at.
    (Django's Now() compiles to statement_timestamp() instead.)"""

    template = "now()"
    output_field = models.DateTimeField()


class EveryElementBetween(models.Func):
    """A condition for CHECKs on an array column: every element is above `above` and at most
    `at_most`, and none is NULL (a NULL element would make `ALL` unknown, which a CHECK lets
    through)."""

    output_field = models.BooleanField()

    def __init__(self, expression: Any, *, above: int, at_most: int) -> None:
        super().__init__(expression)
        self.above, self.at_most = int(above), int(at_most)

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        array, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"({self.above} < ALL({array}) AND {self.at_most} >= ALL({array}) "
            f"AND array_position({array}, NULL) IS NULL)"
        )
        return sql, [*params, *params, *params]


class _ReadBack:
    """A column the database may fill or rewrite on insert (a BEFORE trigger): Django reads it
    back in the INSERT's RETURNING, so the saved object holds what was stored at no extra query.
    (`db_returning` is how Django marks such columns; migrations see the plain field.)"""

    db_returning = True

    def deconstruct(self) -> Any:
        name, _, args, kwargs = super().deconstruct()  # type: ignore[misc]
        return name, f"django.db.models.{type(self).__mro__[2].__name__}", args, kwargs


class ReadBackForeignKey(_ReadBack, models.ForeignKey):
    pass


class ReadBackTextField(_ReadBack, models.TextField):
    pass


def uuid_primary_key() -> models.UUIDField:
    # Python fills the key for the ORM (so unsaved objects have one); the database default
    # serves rows inserted by plain SQL, as the design asks.
    return models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)


def created_at_field() -> models.DateTimeField:
    return models.DateTimeField(default=timezone.now, db_default=TransactionNow(), editable=False)


class StaleVersionError(Exception):
    """Raised when a row is saved from a version that is no longer the current one."""

    def __init__(self, instance: models.Model) -> None:
        self.instance = instance
        super().__init__(
            f"{instance._meta.verbose_name} {instance.pk} was changed elsewhere since version "
            f"{getattr(instance, 'version', '?')} was read; nothing was saved."
        )


class SoftDeleteQuerySet(models.QuerySet):
    def live(self) -> Self:
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> Self:
        return self.filter(deleted_at__isnull=False)


class LiveManager(models.Manager):
    """The default manager of soft-deletable models: deleted rows are out of sight."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class TimestampedModel(models.Model):
    created_at = created_at_field()
    updated_at = models.DateTimeField(auto_now=True, db_default=TransactionNow(), editable=False)

    class Meta:
        abstract = True


class SoftDeleteModel(TimestampedModel):
    """Ordinary deletes only stamp `deleted_at` (history records them); `hard_delete` really
    removes the row and, through the database's cascades, everything under it."""

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])

    def restore(self) -> None:
        self.deleted_at = None
        self.save(update_fields=["deleted_at", "updated_at"])

    def hard_delete(self) -> None:
        super().delete()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.soft_delete()
        return 1, {self._meta.label: 1}


class VersionedModel(models.Model):
    """Optimistic locking: every save of an existing row claims the version it was read at.

    The claim is a conditional UPDATE, so of two writers that read the same version, the second
    finds no row to claim (PostgreSQL re-checks the condition after the first commits), gets
    StaleVersionError and writes nothing.
    """

    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    version_field: ClassVar[str] = "version"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or kwargs.get("force_insert"):
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        read_version = self.version
        with transaction.atomic(using=kwargs.get("using")):
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=read_version)
                .update(version=models.F("version") + 1)
            )
            if not claimed:
                raise StaleVersionError(self)
            self.version = read_version + 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version = read_version
                raise


def write_once[M: models.Model](instance: M, *, reached: Callable[[M], bool], write: Callable[[M], None]) -> M:
    """Make the change `write` whose end state `reached` tells, at most once.

    Finishing, deleting or restoring asks for a state, not for a change: when the row is already
    there, or gets there by another request between our read and our write (a double click, a
    second tab), that request did what this one asks, and the row as saved now is the answer.
    StaleVersionError only when the row changed otherwise."""
    if reached(instance):
        return instance
    try:
        write(instance)
    except StaleVersionError:
        current = type(instance)._base_manager.get(pk=instance.pk)  # read after the other commit
        if not reached(current):
            raise
        return current
    return instance


def _referential_action_sql(table: str, column: str, target: str, on_delete: str, on_update: str) -> str:
    # Django names foreign key constraints itself; find the one on this column and re-create it
    # under the same name with the wanted actions. Cascades are never deferred by PostgreSQL;
    # DEFERRABLE INITIALLY DEFERRED is kept because Django expects it of its constraints.
    # A key that has the wanted actions already is left alone (re-creating it would lock the
    # table and check every row). Every value comes from a migration file's literals, never
    # from input.
    codes = {"CASCADE": "c", "SET NULL": "n", "NO ACTION": "a"}
    return f"""
DO $$
DECLARE constraint_name text;
DECLARE actions text;
BEGIN
    SELECT c.conname, c.confdeltype::text || c.confupdtype::text INTO STRICT constraint_name, actions
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.conrelid = '{table}'::regclass AND a.attname = '{column}'
      AND cardinality(c.conkey) = 1;
    IF actions = '{codes[on_delete]}{codes[on_update]}' THEN
        RETURN;
    END IF;
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', '{table}', constraint_name);
    EXECUTE format(
        'ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (%I) REFERENCES %I (id) '
        'ON DELETE {on_delete} ON UPDATE {on_update} DEFERRABLE INITIALLY DEFERRED',
        '{table}', constraint_name, '{column}', '{target}'
    );
END
$$;
"""  # noqa: S608  # nosec B608


def database_cascades(*foreign_keys: tuple[str, str, str], on_delete: str = "CASCADE") -> migrations.RunSQL:
    """A reversible migration step that makes PostgreSQL itself cascade deletes and updates
    along the given (table, column, referenced table) foreign keys."""
    return migrations.RunSQL(
        sql=[_referential_action_sql(t, c, r, on_delete, "CASCADE") for t, c, r in foreign_keys],
        reverse_sql=[_referential_action_sql(t, c, r, "NO ACTION", "NO ACTION") for t, c, r in foreign_keys],
    )


# The full-text match `tsvector @@ tsquery` is `ts_match_vq`, which ships without the LEAKPROOF
# mark: PostgreSQL then applies a table's policies before the match and never scans the GIN index
# `workout_sessions_notes_search` with it, so a member's search reads every one of their sessions.
# `ts_match_vq` only says whether the document matches; it raises no error that depends on the
# document (its only failures are the query's nesting depth and running out of memory), so the
# mark is safe. It is on this database's catalogue only, needs a superuser, and pg_dump does not
# carry it: the workouts migration 0002 and a restore (gymtracker.backup) set it.
SEARCH_MATCH_LEAKPROOF = "ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF"


def _leakproof_step(mark: str) -> str:
    statement = SEARCH_MATCH_LEAKPROOF.replace("LEAKPROOF", mark)
    return f"""
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        {statement};
    ELSE
        RAISE WARNING 'Not a superuser: ts_match_vq left as it is; run as a superuser: {statement};';
    END IF;
END
$$;
"""  # noqa: S608  # nosec B608 - constant text


def mark_search_match_leakproof() -> migrations.RunSQL:
    """A migration step that marks `ts_match_vq` (above) where the migrating role is a superuser,
    and otherwise says what a superuser should run; search stays correct either way, only slower."""
    return migrations.RunSQL(sql=_leakproof_step("LEAKPROOF"), reverse_sql=_leakproof_step("NOT LEAKPROOF"))


def staged_insert(
    cursor: Any, table: str, columns: Iterable[str], rows: Iterable[tuple[Any, ...]], *, staged: str
) -> None:
    """Many rows into `table` through the policies that bind the app's role: COPYed into the
    temporary table `staged` (shaped like `table`'s `columns`; PostgreSQL refuses COPY FROM into a
    table whose policies bind the role), then moved with one INSERT … SELECT, which checks each row
    against them and runs each statement trigger once. `staged` keeps the rows until the next call
    or the session's end (an import writes its history rows from it). `cursor` is psycopg's own."""
    names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    cursor.execute(
        sql.SQL("CREATE TEMPORARY TABLE IF NOT EXISTS {} AS SELECT {} FROM {} WITH NO DATA").format(
            sql.Identifier(staged), names, sql.Identifier(table)
        )
    )
    cursor.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(staged)))
    with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(staged), names)) as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(
            sql.Identifier(table), names, names, sql.Identifier(staged)
        )
    )
