"""`--cluster`: the same pages on a cluster (gymtracker/cluster.py): a streaming replica of the
embedded PostgreSQL the single-server run used, and PgBouncer in transaction mode in front of it,
so both runs read the same rows from the same primary. The app writes through PgBouncer and reads
pages from the replica; the replica and PgBouncer are made for the run and removed after it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from common import ROOT, log

sys.path.insert(1, str(ROOT))  # gymtracker.cluster
from gymtracker import cluster

FOLDER = ROOT / ".cluster-bench"


@dataclass
class Replicated:
    databases: dict[str, str]  # the app's database settings
    others: tuple[int, ...]  # the replica's postmaster and PgBouncer, for the CPU count


def _embedded() -> tuple[str, int]:
    """The embedded PostgreSQL's socket folder and port (postmaster.pid's 5th and 4th lines)."""
    lines = (ROOT / ".pgdata" / "postmaster.pid").read_text().splitlines()
    return lines[4], int(lines[3])


@contextlib.contextmanager
def replicated(size: str) -> Iterator[Replicated]:
    database = f"gymtracker_bench_{size}"
    cluster.destroy(FOLDER)  # a replica left by an interrupted run may follow another primary
    host, port = _embedded()
    log(f"{size}: a replica of the embedded PostgreSQL (pg_basebackup) and PgBouncer")
    found = cluster.follow(FOLDER, host=host, port=port, bouncer_pool_size=4)
    try:
        # The app logs in as its role, as production does (a development server's role has no LOGIN).
        found.sql("primary", f"ALTER ROLE {cluster.APP_ROLE} LOGIN", database="postgres")
        found.caught_up()
        yield Replicated(found.app_environment(database), tuple(cluster.pids(found)))
    finally:
        cluster.destroy(FOLDER)
