"""Showing an optimistic-locking conflict: what the member typed beside what is saved now."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models


@dataclass
class Conflict:
    noun: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def describe_conflict(form: forms.BaseForm, current: models.Model, *, noun: str) -> Conflict:
    """The fields of `form` whose typed value differs from `current` (the saved row).

    Call it with a bound form after StaleVersionError; then `keep_typed_values(form, current)` so
    that saving again (deliberately) overwrites the newer version.
    """
    conflict = Conflict(noun=noun)
    for name, bound_field in form._bound_items():  # type: ignore[attr-defined]
        if name == "version" or not hasattr(current, name):
            continue
        typed = form.cleaned_data.get(name, bound_field.value()) if hasattr(form, "cleaned_data") else None
        saved = getattr(current, name)
        if _text(typed) != _text(saved):
            conflict.rows.append({"label": bound_field.label, "yours": _text(typed), "theirs": _text(saved)})
    return conflict


def keep_typed_values(form: forms.BaseForm, current: models.Model) -> None:
    """Re-arm the form: everything as typed, but claiming the version that is saved now."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix("version")] = str(current.version)  # type: ignore[attr-defined]
    form.data = data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    return str(value).strip()
