"""Body weights as the reader reads them."""

from decimal import Decimal
from typing import Any

from django import template

from gymtracker.units import EQUIPMENT_STEP, format_weight

register = template.Library()


@register.filter
def body_weight(kg: Decimal | None, user: Any) -> str:
    """`{{ entry.weight_kg|body_weight:user }}`: "81.5 kg", or "180.25 lb", to the hundredth of the
    reader's unit (body weights are kept in kilograms to four decimals), so that a weight shows as
    it was typed."""
    return format_weight(kg, getattr(user, "weight_unit", "kg"), step=EQUIPMENT_STEP)
