"""Helpers for the account page tests."""

from accounts.factories import UserFactory
from sessions.factories import WorkoutSetFactory


def page_text(response) -> str:
    return response.content.decode()


def add_lots_of_data(user, *, others: int = 5) -> None:
    """Plans, exercises, sessions and sets for `user`, and more accounts beside theirs: a page
    must cost as many queries with all this as without it."""
    for _ in range(6):
        WorkoutSetFactory(session__user=user)
    for _ in range(others):
        WorkoutSetFactory(session__user=UserFactory())
