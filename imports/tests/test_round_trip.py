"""Export → import into an empty account gives the same history: the CSV of the second account
is the CSV of the first, byte for byte; and random files of our own format come back as written."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from accounts.models import User
from gymtracker import rls
from imports import export
from imports.parse import parse
from imports.parsed import OWN_HEADER
from imports.services import import_run, import_upload

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
_names = itertools.count()


def imported(text: bytes, *, unit: str | None = None) -> tuple[User, str]:
    """A new member with `text` imported (every name to its suggestion), and their CSV export."""
    with rls.system_context("tests"):
        user: User = UserFactory(username=f"trip{next(_names)}", time_zone="Europe/Berlin")  # type: ignore[assignment]
    with rls.user_context(user):
        imp = import_upload(user=user, file=io.BytesIO(text), file_name="history.csv", size=len(text))
        import_run(imp, by=user, unit=unit, progress=lambda done, stage: None)
        return user, "".join(export.csv_stream(user))


def test_an_export_imported_into_an_empty_account_exports_the_same():
    _, first = imported((DATA / "atomic.csv").read_bytes())
    assert first.count("\n") > 5
    _, second = imported(first.encode())
    assert second == first


def test_a_strong_history_survives_export_and_import_exactly():
    _, first = imported((DATA / "strong_a.csv").read_bytes(), unit="lb")
    _, second = imported(first.encode())
    assert second == first


def same_sets(text: str) -> list[tuple]:
    parsed = parse(io.BytesIO(text.encode()))
    return [
        (
            w.start.astimezone(datetime.UTC),
            w.name,
            w.note,
            s.exercise,
            s.set_type,
            None if s.weight is None else s.weight.normalize(),
            s.reps,
            s.rpe,
            s.done,
        )
        for w in parsed.workouts
        for s in w.sets
    ]


EXERCISES = ["Bench Press (Barbell)", "Squat (Barbell)", "Deadlift (Barbell)", "Sled drag, heavy 🛷"]
weights = st.decimals(min_value=Decimal("0.5"), max_value=Decimal(400), places=2)
sets = st.tuples(
    st.sampled_from(["normal", "warmup", "drop", "failure"]),
    weights,
    st.integers(min_value=1, max_value=30),
    st.one_of(st.none(), st.sampled_from([Decimal(n) / 2 for n in range(12, 21)])),
)
workouts = st.tuples(
    # Naive bounds, as hypothesis wants them; the file's times get a zone below.
    st.datetimes(min_value=datetime.datetime(2019, 1, 1), max_value=datetime.datetime(2026, 1, 1)),  # noqa: DTZ001
    st.sampled_from(["Push", "Pull", "Legs, heavy", "Fünf × fünf"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40),
    st.lists(st.tuples(st.sampled_from(EXERCISES), st.lists(sets, min_size=1, max_size=4)), min_size=1, max_size=3),
)


def own_file(drawn: list) -> str:
    """Our CSV format, as the export writes it, of the drawn workouts."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(OWN_HEADER)
    seen = set()
    for start, name, note, exercises in drawn:
        start = start.replace(second=0, microsecond=0, tzinfo=datetime.UTC)
        if (start, name) in seen:
            continue
        seen.add((start, name))
        for exercise, rows in exercises:
            for order, (set_type, weight, reps, rpe) in enumerate(rows, 1):
                workout = [start.date(), start.isoformat(), "", name, note.strip(), exercise, "", order, set_type]
                logged = [f"{weight.normalize():f}", "", "", "kg", reps, "", "", "", "" if rpe is None else f"{rpe}"]
                writer.writerow([*workout, *logged, "yes", ""])
    return out.getvalue()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(workouts, min_size=1, max_size=4))
def test_random_files_of_our_own_format_come_back_as_written(drawn):
    text = own_file(drawn)
    _, exported = imported(text.encode())
    assert sorted(same_sets(exported)) == sorted(same_sets(text))
