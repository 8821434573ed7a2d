"""Weights are stored in kilograms; members see and type them in their own unit."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from django import forms

KG_PER_LB = Decimal("0.45359237")
# Weights are typed to the hundredth of the member's unit (WeightField). A pound is exactly
# 0.45359237 kg, so a weight typed to 0.01 lb is exact in kilograms with ten decimals, and a set's
# weight is stored so (workout_sets.weight_kg, numeric(14, 10)): 135 lb is 61.2349699500 kg, not
# 61.23. Rounding each set to 0.01 kg instead lost up to 0.011 lb a set, which totals multiplied
# by the reps (a history of 6775 lb showed as 6774.9 lb). Stored exactly, every sum of sets is
# exact, comes back in pounds as typed and needs no unit stored beside it: records and bests
# compare kilograms whatever unit each set was typed in.
KG_STEP = Decimal("1E-10")
# Shown: exactly, when the weight in the unit has at most two decimals (whatever was typed, and
# any sum or best of it); otherwise rounded to the unit's step (an estimated 1RM, a set typed in
# the other unit, a set stored before weights were exact). A hundredth of a kilogram is 0.022 lb,
# so pounds read from kilograms rounded to it are shown to the tenth.
TYPED_STEP = Decimal("0.01")
STEP = {"kg": Decimal("0.01"), "lb": Decimal("0.1")}
# Bars, plates and weight steps are kept to four decimals of a kilogram (users.bar_kg,
# plates_kg): within 0.0002 lb of any size typed to the hundredth, which then rounds back
# exactly. A size is read back alone, never added up, so it needs no more.
EQUIPMENT_STEP = Decimal("0.01")
EQUIPMENT_KG_STEP = Decimal("0.0001")


def kg_to_unit(kg: Decimal | None, unit: str, *, step: Decimal | None = None) -> Decimal | None:
    if kg is None:
        return None
    value = kg if unit == "kg" else kg / KG_PER_LB
    typed = value.quantize(TYPED_STEP, rounding=ROUND_HALF_UP)
    shown = typed if typed == value else value.quantize(step or STEP[unit], rounding=ROUND_HALF_UP)
    return shown.normalize() + 0  # "+ 0" drops "-0"


def unit_to_kg(value: Decimal | None, unit: str, *, step: Decimal = KG_STEP) -> Decimal | None:
    if value is None:
        return None
    kg = value if unit == "kg" else value * KG_PER_LB
    return kg.quantize(step, rounding=ROUND_HALF_UP)


def whole_limit(kg: int, unit: str) -> Decimal:
    """A bound in kilograms as a whole number in `unit`, never above it: 100 kg is 220 lb."""
    return kg_to_unit(Decimal(kg), unit, step=EQUIPMENT_STEP).to_integral_value(ROUND_FLOOR)  # type: ignore[union-attr]


def format_weight(kg: Decimal | None, unit: str, *, step: Decimal | None = None) -> str:
    value = kg_to_unit(kg, unit, step=step)
    if value is None:
        return "—"
    return f"{value:f} {unit}"


class WeightField(forms.DecimalField):
    """A weight typed in the member's unit; `cleaned_data` holds kilograms."""

    def __init__(self, *, unit: str = "kg", equipment: bool = False, **kwargs: Any) -> None:
        self.unit = unit
        # Sizes of bars, plates and steps: shown and kept to the precision of EQUIPMENT_STEP.
        self.unit_step: Decimal | None = EQUIPMENT_STEP if equipment else None
        self.kg_step = EQUIPMENT_KG_STEP if equipment else KG_STEP
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", Decimal("2000") if unit == "lb" else Decimal("1000"))
        kwargs.setdefault("decimal_places", 2)  # TYPED_STEP: exact in kilograms to ten decimals
        kwargs.setdefault("label", f"Weight ({unit})")
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "step": "any"})

    def prepare_value(self, value: Any) -> Any:
        # Initial values come in kilograms (from the model); typed values are shown as typed.
        if isinstance(value, Decimal):
            return kg_to_unit(value, self.unit, step=self.unit_step)
        return value

    def clean(self, value: Any) -> Decimal | None:
        return unit_to_kg(super().clean(value), self.unit, step=self.kg_step)


# Distances are stored in metres; members see and type them in kilometres or, when they weigh in
# pounds, in miles.
METRES_PER_MILE = Decimal("1609.344")
DISTANCE_UNIT = {"kg": "km", "lb": "mi"}


def metres_to_unit(metres: Decimal | None, unit: str) -> Decimal | None:
    """Metres as the member reads them: km or mi (by their weight unit), to the hundredth."""
    if metres is None:
        return None
    value = metres / 1000 if unit == "kg" else metres / METRES_PER_MILE
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize() + 0


def format_distance(metres: Decimal | None, unit: str) -> str:
    value = metres_to_unit(metres, unit)
    return "—" if value is None else f"{value:f} {DISTANCE_UNIT[unit]}"


class DistanceField(forms.DecimalField):
    """A distance typed in km or mi (by the member's weight unit); `cleaned_data` holds metres."""

    def __init__(self, *, unit: str = "kg", **kwargs: Any) -> None:
        self.unit = unit
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("max_value", Decimal(1000) if unit == "kg" else Decimal(600))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("label", f"Distance ({DISTANCE_UNIT[unit]})")
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "step": "any"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return metres_to_unit(value, self.unit)
        return value

    def clean(self, value: Any) -> Decimal | None:
        typed = super().clean(value)
        if typed is None:
            return None
        metres = typed * 1000 if self.unit == "kg" else typed * METRES_PER_MILE
        return metres.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_duration(seconds: int | None) -> str:
    """Seconds as a clock reads them: 45 → "0:45", 90 → "1:30", 3725 → "1:02:05"."""
    if seconds is None:
        return "—"
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class DurationField(forms.Field):
    """A time typed as seconds ("90") or on a clock ("1:30", "1:02:05"); `cleaned_data` holds
    whole seconds."""

    default_error_messages = {
        "invalid": "Type the time as seconds (90) or minutes and seconds (1:30).",
        "min_value": "At least 1 second.",
        "max_value": "At most 24 hours.",
    }

    def __init__(self, *, max_seconds: int = 24 * 3600, **kwargs: Any) -> None:
        self.max_seconds = max_seconds
        kwargs.setdefault("label", "Time")
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"[0-9:]*"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_duration(value) if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        parts = text.split(":")
        if len(parts) > 3 or not all(part.isdigit() for part in parts):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        seconds = 0
        for part in parts:
            seconds = seconds * 60 + int(part)
        if seconds < 1:
            raise forms.ValidationError(self.error_messages["min_value"], code="min_value")
        if seconds > self.max_seconds:
            raise forms.ValidationError(self.error_messages["max_value"], code="max_value")
        return seconds
