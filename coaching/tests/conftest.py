"""The coaching tests' world, built from the shared personas (the root conftest)."""

import pytest

from coaching.tests.helpers import coach_member, training


@pytest.fixture
def world(member, other_member, relationship, other_coach):
    """carol coaches alice; dave coaches bob; both members train."""
    coach_member(other_coach, other_member)
    alices = training(member)
    bobs = training(other_member, "Pull day")
    return {"relationship": relationship, "alice": alices, "bob": bobs}
