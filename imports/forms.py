from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms

from imports.mapping import Mapped
from imports.models import MAX_FILE_BYTES

if TYPE_CHECKING:
    from imports.preview import Preview

MAX_MB = MAX_FILE_BYTES // 1024 // 1024

UNITS = [("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)")]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Export file (CSV)",
        help_text=f"From Strong, Hevy, FitNotes, StrongLifts, Liftosaur or this app; at most {MAX_MB} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class PreviewForm(forms.Form):
    """The member's choices over a preview: the unit (when the file does not say), the time zone
    of its local times, and the exercise each name goes to (`m0`, `m1`, … in the names' order),
    typed with the library's names offered (a datalist), shown with the suggestion."""

    unit = forms.ChoiceField(
        choices=UNITS, required=False, label="Unit of the file's weights", widget=forms.RadioSelect
    )
    time_zone = forms.ChoiceField(label="Time zone of the file's times")

    def __init__(self, *args: Any, names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()  # type: ignore[attr-defined]
        self.names = names
        for index, name in enumerate(self.names):
            self.fields[f"m{index}"] = forms.CharField(
                label=name,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"list": "exercise-names", "autocomplete": "off"}),
            )

    def show(self, preview: Preview) -> None:
        """Fill an unbound form with what the preview suggests."""
        self.initial = {"unit": preview.unit, "time_zone": preview.zone} | {
            f"m{i}": preview.mapping[name].chosen.name for i, name in enumerate(self.names) if name in preview.mapping
        }

    def choices(self) -> dict[str, str]:
        """name in the file → the exercise's name as typed (empty: keep the suggestion)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(f"m{i}", "") for i, name in enumerate(self.names)}

    def mapping_rows(self, preview: Preview) -> list[tuple[Mapped, forms.BoundField]]:
        return [(preview.mapping[name], self[f"m{i}"]) for i, name in enumerate(self.names) if name in preview.mapping]
