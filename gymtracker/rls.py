"""Row-level security: who the database thinks is asking.

Every member-owned table has policies (`<app>/sql/tables/<table>.sql`, read through the functions in
`accounts/sql/functions/app_*.sql`) that read three transaction-local settings:

- `app.user_id`: the member's UUID. Alone, it reaches that member's own rows.
- `app.staff`:   'on' for an active staff account; reaches every row.
- `app.system`:  the name of a server-side job ("authentication", "demo_data", …); every row.

Only the server sets them, always with `set_config(…, true)` inside a transaction, so they end
with it and never reach the next request on a pooled connection. With none set, the policies
return nothing: the database fails closed.

The app's queries run as DATABASE_APP_ROLE, which owns no table and has no BYPASSRLS; migrations
run as the owner (see `owner_role`).
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import NO_DB_ALIAS, BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from psycopg.pq import TransactionStatus

from gymtracker import replica

# Set by manage.py for management commands (not for the servers): the job's name.
SYSTEM_CONTEXT_ENV = "GYMTRACKER_SYSTEM_CONTEXT"


@dataclass(frozen=True)
class Context:
    user_id: str = ""
    staff: bool = False
    system: str = ""


NOBODY = Context()

_READ_AND_SET = (
    "SELECT current_setting('app.user_id', true), current_setting('app.staff', true), "
    "current_setting('app.system', true), "
    "set_config('app.user_id', %s, true), set_config('app.staff', %s, true), set_config('app.system', %s, true)"
)
_SET = (
    "SELECT set_config('app.user_id', %s, true), set_config('app.staff', %s, true), set_config('app.system', %s, true)"
)


def _params(context: Context) -> list[str]:
    return [context.user_id, "on" if context.staff else "", context.system]


def apply(context: Context, *, using: str = "default") -> Context:
    """Set the context for the rest of the current transaction; return the one it replaces.
    Set on the primary, it is set on the replica the request reads from too (`_also`)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        # Outside a transaction the setting would end with this very statement.
        raise RuntimeError("A database context can only be set inside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute(_READ_AND_SET, _params(context))
        user_id, staff, system, *_ = cursor.fetchone()
    for alias in _also(using)[1:]:
        with connections[alias].cursor() as cursor:
            cursor.execute(_SET, _params(context))
    return Context(user_id=user_id or "", staff=staff == "on", system=system or "")


def _also(using: str) -> list[str]:
    """The databases a context set on `using` must reach: with the primary, the replica the
    request reads from (gymtracker.replica, whose transaction the middleware opened), where the
    same context must bind the same reads."""
    reading = replica.reads()
    if using != replica.PRIMARY or reading == replica.PRIMARY or not connections[reading].in_atomic_block:
        return [using]
    return [using, reading]


@contextlib.contextmanager
def database_context(context: Context, *, using: str = "default") -> Iterator[None]:
    """Run the block with `context`. Inside a caller's transaction the previous context comes
    back afterwards; otherwise the block gets a transaction of its own, which ends the context."""
    connection = connections[using]
    if not connection.in_atomic_block:
        with transaction.atomic(using=using):
            apply(context, using=using)
            yield
        return
    previous = apply(context, using=using)
    try:
        yield
    finally:
        _restore(previous, using)


def _restore(context: Context, using: str) -> None:
    connection = connections[using]
    # A failed transaction can only roll back, which drops the settings anyway; a live one must
    # not keep the context of a block it has left.
    if connection.needs_rollback or connection.connection is None:
        return
    if connection.connection.info.transaction_status == TransactionStatus.INERROR:
        return
    for alias in _also(using):
        with connections[alias].cursor() as cursor:
            cursor.execute(_SET, _params(context))


def member_context(user: Any) -> Context:
    """The context of a signed-in person (anonymous visitors get NOBODY)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    return Context(user_id=str(user.pk), staff=bool(user.is_staff and user.is_active))


def user_context(user: Any, *, using: str = "default") -> contextlib.AbstractContextManager[None]:
    return database_context(member_context(user), using=using)


def act_for_member(member_id: Any, *, using: str = "default") -> None:
    """The signed-in coach acts as `member_id` for the rest of the transaction, if that member is
    theirs and consented (coaching_act_for checks both; DatabaseError otherwise, and nothing
    changed). The request's context is put back at its end, as always."""
    for alias in _also(using):
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT coaching_act_for(%s)", [str(member_id)])


def system_context(name: str, *, using: str = "default") -> contextlib.AbstractContextManager[None]:
    """Server-side work that is not done on behalf of one member: authentication lookups,
    management commands, background jobs. The name says which, for logs and reviews."""
    if not name:
        raise ValueError("A system context needs a name.")
    return database_context(Context(system=name), using=using)


def claimed_user_context(user_id: Any) -> Context:
    """The context for reading the account a session names, before Django verifies it (the
    session's auth hash). Sessions are stored server-side, so the id is ours, not the client's."""
    try:
        return Context(user_id=str(uuid.UUID(str(user_id))))
    except ValueError:
        return NOBODY


# --- Roles -------------------------------------------------------------------------------------

_owner_mode = threading.local()

# Server connections whose role is known to be the app role. With the connection pool, Django
# "connects" at every request, handing out a server connection that may have served many; the
# role is a setting of that server connection, so it is checked once, not at every request.
_app_role_set: weakref.WeakSet[Any] = weakref.WeakSet()


def app_role() -> str:
    return settings.DATABASE_APP_ROLE


def _set_role(connection: BaseDatabaseWrapper) -> None:
    role = app_role()
    if not role or getattr(_owner_mode, "active", False) or connection.connection in _app_role_set:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user = %s, EXISTS (SELECT 1 FROM pg_roles "
            "WHERE rolname = %s AND pg_has_role(session_user, oid, 'MEMBER'))",
            [role, role],
        )
        already, can_switch = cursor.fetchone()
        # Production logs in as the app role itself; before the first migration the role may
        # not exist yet. Otherwise (development: a superuser login) switch for the connection's
        # lifetime: the connection's identity is the same for every request it serves, unlike
        # the per-request settings above, so a session-level setting is right here.
        if can_switch and not already:
            cursor.execute("SELECT set_config('role', %s, false)", [role])
        if already or can_switch:
            _app_role_set.add(connection.connection)


@receiver(connection_created)
def _connection_identity(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.alias == NO_DB_ALIAS:
        return  # creating and dropping databases is the login role's business
    _set_role(connection)
    job = os.environ.get(SYSTEM_CONTEXT_ENV)
    if job:
        # A management command's own connection, never shared with requests (see manage.py).
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.system', %s, false)", [job])


@contextlib.contextmanager
def owner_role(using: str = "default") -> Iterator[None]:
    """Schema work (migrate, flush) runs as the role that owns the tables: the login role in
    development, or the one DATABASE_OWNER_URL names where production logs in as the app role."""
    connection = connections[using]
    owner = getattr(settings, "DATABASE_OWNER", None)
    saved = dict(connection.settings_dict)
    _owner_mode.active = True
    try:
        if owner:
            connection.close()
            connection.settings_dict.update({k: owner[k] for k in ("USER", "PASSWORD", "HOST", "PORT") if k in owner})
        elif connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")
            _app_role_set.discard(connection.connection)
        yield
    finally:
        _owner_mode.active = False
        if owner:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
        elif connection.connection is not None:
            _set_role(connection)
