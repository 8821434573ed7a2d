"""The names of personal records, for pages of other apps that mark them (the session page):
those apps pass the kinds (`weight`, `reps`, `e1rm`) and their templates ask here for the words."""

from collections.abc import Iterable

from django import template

from progress.models import PersonalRecord

register = template.Library()


@register.filter
def record_names(kinds: Iterable[str]) -> str:
    """ "Best estimated 1RM, Heaviest weight" for ["e1rm", "weight"]."""
    return ", ".join(PersonalRecord.Kind(kind).label for kind in kinds)
