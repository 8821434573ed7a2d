"""The names of personal records, for pages of other apps that mark them (the session page):
those apps pass the kinds (`weight`, `reps`, `e1rm`, `duration`, `distance`) and their templates
ask here for the words; and a record's value in its own measure."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

from gymtracker.units import DISTANCE_UNIT, METRES_PER_MILE, format_distance, format_duration, format_weight
from progress.models import PersonalRecord

register = template.Library()


@register.filter
def record_names(kinds: Iterable[str]) -> str:
    """ "Best estimated 1RM, Heaviest weight" for ["e1rm", "weight"]."""
    return ", ".join(PersonalRecord.Kind(kind).label for kind in kinds)


@register.filter
def record_value(record: PersonalRecord, user: Any) -> str:
    """ "102.5 kg", "12 reps", "1:30", "5 km" or "4:50 /km": a record's value as its kind measures it."""
    unit = getattr(user, "weight_unit", "kg")
    if record.kind == PersonalRecord.Kind.REPS:
        return f"{record.reps} reps"
    if record.kind == PersonalRecord.Kind.DURATION:
        return format_duration(int(record.value))
    if record.kind == PersonalRecord.Kind.DISTANCE:
        return format_distance(record.value, unit)
    if record.kind == PersonalRecord.Kind.PACE:  # seconds a kilometre, read a mile for pounds
        seconds = record.value if unit == "kg" else record.value * METRES_PER_MILE / 1000
        return f"{format_duration(int(seconds.quantize(Decimal(1), rounding=ROUND_HALF_UP)))} /{DISTANCE_UNIT[unit]}"
    return format_weight(record.value, unit)
