"""Every shape of every app's export (the fixtures of test_parse), imported end to end: what the
preview reports, what is written, and that importing the file again adds nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from accounts.factories import UserFactory
from gymtracker import rls
from imports.preview import import_preview
from imports.services import import_run, import_upload
from sessions.models import WorkoutSession, WorkoutSet

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"

# file: (app, shape, the file's unit (None: asked), workouts, sets, rows left out by reason)
SHAPES = {
    "atomic.csv": ("atomic", "v1", "kg", 1, 5, {}),
    "fitnotes_v1.csv": ("fitnotes", "v1", "kg", 2, 5, {}),
    "fitnotes_v2.csv": ("fitnotes", "v2", "mixed", 1, 3, {}),
    "hevy.csv": ("hevy", "v1", "kg", 3, 7, {}),
    "liftosaur.csv": ("liftosaur", "v1", "mixed", 2, 3, {"not done": 1}),
    "strong_a.csv": ("strong", "A", None, 3, 8, {"note": 1, "rest timer": 1}),
    "strong_a2025.csv": ("strong", "A2025", None, 2, 7, {}),
    "strong_a_de.csv": ("strong", "A-de", None, 1, 3, {"rest timer": 1}),
    "strong_b.csv": ("strong", "B", "mixed", 1, 4, {}),
    "strong_b_noduration.csv": ("strong", "B-noduration", "kg", 1, 4, {"note": 1, "rest timer": 1}),
    "strong_c.csv": ("strong", "C", "kg", 2, 4, {}),
    "strong_c_lb.csv": ("strong", "C", "lb", 1, 5, {}),
    "strong_legacy.csv": ("strong", "legacy", "kg", 1, 3, {"empty set": 1}),
    "stronglifts_kg.csv": ("stronglifts", "v1", "kg", 2, 13, {}),
    "stronglifts_lb.csv": ("stronglifts", "v1", "lb", 2, 10, {}),
}


def test_every_fixture_is_in_the_table():
    assert {path.name for path in DATA.glob("*.csv")} == set(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_shape_is_previewed_imported_and_not_imported_twice(name):
    app, shape, unit, workouts, sets, skipped = SHAPES[name]
    content = (DATA / name).read_bytes()
    user = UserFactory(time_zone="Europe/Berlin")
    with rls.user_context(user):
        imp = import_upload(user=user, file=io.BytesIO(content), file_name=name, size=len(content))
        preview = import_preview(imp, unit="kg")
        assert (imp.app, imp.shape, preview.parsed.unit) == (app, shape, unit)
        assert (len(preview.workouts), preview.sets_total, preview.skipped_by_reason) == (workouts, sets, skipped)
        outcome = import_run(imp, by=user, unit="kg", progress=lambda done, stage: None)
        assert (outcome.sessions_created, outcome.sets_created) == (workouts, sets)
        assert WorkoutSession.objects.filter(user=user, source=imp).count() == workouts
        assert WorkoutSet.objects.filter(session__user=user).count() == sets

        again = import_upload(user=user, file=io.BytesIO(content), file_name=name, size=len(content))
        preview = import_preview(again)
        assert (preview.workouts_present, len(preview.new_workouts), preview.sets_new) == (workouts, 0, 0)
