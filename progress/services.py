"""Writes of the member's own progress data: the body-weight log. Keyword-only and atomic. (The
statistics, records and weekly volume are written by PostgreSQL's triggers alone.)"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts.models import User
from gymtracker.db import write_once
from progress.models import BodyWeight

ONE_A_DAY = "body_weights_one_a_day"


class DayTaken(Exception):
    """The member has a live body weight for that day already (one a day, body_weights_one_a_day)."""

    def __init__(self, date: datetime.date) -> None:
        self.date = date
        super().__init__(f"There is a body weight for {date:%-d %B %Y} already.")


def _violates_one_a_day(error: IntegrityError) -> bool:
    return getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) == ONE_A_DAY


@transaction.atomic
def body_weight_create(*, user: User, date: datetime.date, weight_kg: Decimal, note: str = "") -> BodyWeight:
    """Raises DayTaken when the member logged that day already. The unique index decides, so two
    entries sent for one day at once (two tabs) make one and a DayTaken."""
    try:
        with transaction.atomic():
            return BodyWeight.objects.create(user=user, date=date, weight_kg=weight_kg, note=note)
    except IntegrityError as error:
        if _violates_one_a_day(error):
            raise DayTaken(date) from error
        raise


@transaction.atomic
def body_weight_update(
    *, entry: BodyWeight, version: int, date: datetime.date, weight_kg: Decimal, note: str = ""
) -> BodyWeight:
    """Raises StaleVersionError if the entry changed since `version` was read, and DayTaken when it
    would move to a day that has an entry already."""
    entry.version = version
    entry.date, entry.weight_kg, entry.note = date, weight_kg, note
    try:
        with transaction.atomic():
            entry.save(update_fields=["date", "weight_kg", "note", "updated_at"])
    except IntegrityError as error:
        if _violates_one_a_day(error):
            raise DayTaken(date) from error
        raise
    return entry


@transaction.atomic
def body_weight_soft_delete(*, entry: BodyWeight) -> BodyWeight:
    """Deleting a deleted entry (a double click) changes nothing."""
    return write_once(entry, reached=lambda e: e.is_deleted, write=BodyWeight.soft_delete)
