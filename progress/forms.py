from typing import Any

from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search notes and exercises",
        max_length=200,
        required=False,
        help_text='Words are matched in any form ("squats" finds "squat"); use "quotes" for a phrase, - to exclude.',
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return cleaned
