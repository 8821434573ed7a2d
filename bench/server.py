"""The server under load: gunicorn with production settings on 127.0.0.1 (a free port), the
static files it serves pages with, the cache it runs with, and the CPU time the server side has
used."""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import socket
import subprocess  # nosec B404
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from client import request
from common import HOST, ROOT
from databases import database_env, manage

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
REDIS = "redis://127.0.0.1:6379/3"  # a database number of the benchmark's own, emptied per run


@dataclass
class Server:
    """A running gunicorn: where it listens, and its master process."""

    port: int
    pid: int
    # Servers counted besides the embedded PostgreSQL and Redis: a replica's and PgBouncer's.
    others: tuple[int, ...] = ()

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server side: gunicorn (master and workers), the embedded
        PostgreSQL of this work tree (its postmaster and the processes it started; other work
        trees' clusters run as the same user on a shared machine), Redis, and a cluster's replica
        and PgBouncer (with their processes) when it runs on one. Unlike latency, it
        does not count time spent waiting for a core, so it holds steady while the machine's speed
        drifts."""
        postmaster = int((ROOT / ".pgdata" / "postmaster.pid").read_text().split()[0])
        ticks = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2 :].split()
            pid, parent, user, system = int(entry.name), int(fields[1]), int(fields[11]), int(fields[12])
            counted = (self.pid, postmaster, *self.others)
            if pid in counted or parent in counted or name == "redis-server":
                ticks += user + system
        return ticks / os.sysconf("SC_CLK_TCK")


def production_env() -> dict[str, str]:
    """Production settings on 127.0.0.1: DEBUG off, fresh random secrets, plain HTTP."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }


def collect_static() -> None:
    """The static files with their manifest, which production settings serve pages with."""
    manage("small", "collectstatic", "--noinput", extra=production_env())


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def cache_env(cache: str) -> dict[str, str]:
    """`redis`: the production cache, emptied first so every run starts cold; `none`: no cache."""
    if cache == "none":
        return {"CACHE_DISABLED": "true"}
    import redis

    redis.Redis.from_url(REDIS, socket_connect_timeout=2).flushdb()
    return {"REDIS_URL": REDIS}


@contextlib.contextmanager
def gunicorn(
    size: str,
    *,
    workers: int,
    threads: int,
    pool: bool,
    cache: str = "redis",
    databases: dict[str, str] | None = None,
    others: tuple[int, ...] = (),
) -> Iterator[Server]:
    """gunicorn on the size's database, or on the `databases` given (a cluster's settings)."""
    port = free_port()
    env = (
        database_env(size)
        | cache_env(cache)
        | production_env()
        | {
            "ALLOWED_HOSTS": HOST,
            "DATABASE_POOL": "true" if pool else "false",
            "LOG_LEVEL": "WARNING",
            # gunicorn.conf.py, as the image runs it, but without what would be measured with
            # every page: a line per request, and workers replaced every ~2,000 requests
            # (seconds apart at the trivial view's rate).
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_MAX_REQUESTS": "0",
        }
        | (databases or {})
    )
    env.pop("GYMTRACKER_SYSTEM_CONTEXT", None)
    argv = [
        GUNICORN,
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "gymtracker.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    process = subprocess.Popen(argv, cwd=ROOT, env=env)  # noqa: S603  # nosec B603
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        yield Server(port=port, pid=process.pid, others=others)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
