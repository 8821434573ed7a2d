from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from gymtracker.units import format_distance, format_duration, format_weight, kg_to_unit

register = template.Library()


@register.filter
def weight(kg: Decimal | None, user: Any) -> str:
    """`{{ set.weight_kg|weight:user }}`: "102.5 kg", or "226 lb" for a member who uses pounds."""
    return format_weight(kg, getattr(user, "weight_unit", "kg"))


@register.filter
def weight_number(kg: Decimal | None, user: Any) -> str:
    """`{{ set.weight_kg|weight_number:user }}`: "102.5", the weight in the member's unit without it
    (a bodyweight set, NULL, is "BW")."""
    value = kg_to_unit(kg, getattr(user, "weight_unit", "kg"))
    return "BW" if value is None else f"{value:f}"


@register.filter
def undo_url(message: Any) -> str | None:
    """`{{ message|undo_url }}`: where the message's Undo button posts, if it has one
    (`gymtracker.messages`)."""
    from gymtracker.messages import undo_url as url_of

    return url_of(message)


@register.simple_tag
def form_token() -> SafeString:
    """`{% form_token %}` in a form whose view is `once_per_form`: a new one-time token for this
    rendering of the form (gymtracker.idempotency)."""
    from gymtracker.idempotency import FIELD, new_token

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.filter
def duration_words(value: Any) -> str:
    """`{{ cooloff_timedelta|duration_words }}`: "15 minutes", "1 hour 30 minutes" (not "PT15M")."""
    import datetime

    if not isinstance(value, datetime.timedelta):
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


_BODYWEIGHT = {"bodyweight_reps": "", "weighted_bodyweight": "+", "assisted_bodyweight": "−"}


@register.filter
def set_done(logged: Any, user: Any) -> str:
    """`{{ set|set_done:user }}`: what a set did, in short, by what its kind records (a set or a
    plans.training.LoggedSet): "8×100", "10×BW", "5×BW+10", "8×BW−25", "1:30", "2 km in 7:05"."""
    unit = getattr(user, "weight_unit", "kg")
    kind = getattr(logged, "kind", "weight_reps")
    reps = logged.reps if hasattr(logged, "reps") else logged.actual_reps
    if kind == "duration":
        return format_duration(logged.duration_seconds)
    if kind == "distance_duration":
        return f"{format_distance(logged.distance_m, unit)} in {format_duration(logged.duration_seconds)}"
    if kind == "weight_duration":
        return f"{weight_number(logged.weight_kg, user)}×{format_duration(logged.duration_seconds)}"
    if kind in _BODYWEIGHT:
        added = kg_to_unit(getattr(logged, "added_kg", None), unit)
        load = f"BW{_BODYWEIGHT[kind]}{added:f}" if added else "BW"
        return f"{reps}×{load}"
    return f"{reps}×{weight_number(logged.weight_kg, user)}"
