from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from gymtracker.units import format_weight, kg_to_unit

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
