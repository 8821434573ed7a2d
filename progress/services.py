"""Writes of the progress app: personal records, found when a set is logged.

The rules and both ways of applying them are database functions (migration 0008): each call
below is one statement whose plans PostgreSQL keeps for the connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from sessions.models import WorkoutSet


def records_update(*, workout_set: WorkoutSet, first_log: bool = True) -> bool:
    """Bring the records of the set's exercise up to date after the set was logged or edited, so
    a record is marked when logged, and an edit that takes one away (or hands it to an earlier
    set) is honoured too. When the set was just logged after every other set of its exercise and
    nothing else changed the exercise since, only the set's own records are added; otherwise the
    exercise's records are derived again from the member's sets. `first_log=False` (the set had
    been logged before) goes straight to the re-derivation. Returns whether the short path sufficed."""
    if not first_log:
        records_rederive(workout_set=workout_set)
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT progress_set_logged(%s)", [workout_set.pk])
        (short,) = cursor.fetchone()
    return bool(short)


def records_rederive(*, workout_set: WorkoutSet) -> None:
    """Re-derive the records of the set's exercise from the member's sets, whatever changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT progress_records_rederive(%s)", [workout_set.pk])
