"""Which statements of a migration lock the hottest tables, `workout_sets` and
`workout_sessions`, so that logging a set waits behind them: an ALTER TABLE (ACCESS EXCLUSIVE,
all but VALIDATE CONSTRAINT), a CREATE INDEX without CONCURRENTLY (blocks writes), DROP, TRUNCATE,
LOCK, CLUSTER, REINDEX and VACUUM FULL. A migration with such a statement must say it was
reviewed: a `locks_reviewed` attribute on its Migration class, saying why the lock is acceptable
(gymtracker/tests/test_migration_locks.py holds every migration to it; README "Zero-downtime
migrations" has the conventions that avoid the lock).

Read from the SQL a migration reduces to (`sqlmigrate`): a step that cannot be written as SQL
(RunPython, the sql/ files' SyncSql) and SQL made inside a DO block are not seen.
"""

from __future__ import annotations

import re

HOT_TABLES = ("workout_sets", "workout_sessions")
_TABLE = r'(?:public\.)?"?(?P<table>' + "|".join(HOT_TABLES) + r')"?(?![\w"])'
_LOCKING = [
    (re.compile(r"^\s*ALTER\s+TABLE\s+(?:ONLY\s+|IF\s+EXISTS\s+)*" + _TABLE, re.I | re.S), "ALTER TABLE"),
    (
        re.compile(r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY).*?\bON\s+(?:ONLY\s+)?" + _TABLE, re.I | re.S),
        "CREATE INDEX without CONCURRENTLY",
    ),
    (
        re.compile(r"^\s*(?:DROP\s+TABLE|TRUNCATE|LOCK\s+TABLE|CLUSTER|REINDEX\s+TABLE)\b.*?" + _TABLE, re.I | re.S),
        "a table lock",
    ),
    (re.compile(r"^\s*VACUUM\s+(?:\(\s*)?FULL\b.*?" + _TABLE, re.I | re.S), "VACUUM FULL"),
]
_SHARE_UPDATE_EXCLUSIVE = re.compile(r"\bVALIDATE\s+CONSTRAINT\b", re.I)


def locking(statement: str) -> str | None:
    """What of `statement` locks a hot table out of writes ("ALTER TABLE on workout_sets"), or None."""
    for pattern, what in _LOCKING:
        found = pattern.search(statement)
        if found is None:
            continue
        if what == "ALTER TABLE" and _SHARE_UPDATE_EXCLUSIVE.search(statement) and "," not in statement:
            return None  # VALIDATE CONSTRAINT alone: reads and writes go on
        return f"{what} on {found.group('table')}"
    return None
