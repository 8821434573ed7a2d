"""What the history generator draws, without a database: repeatability, ids, calendar, and a
training that looks like one. What the database makes of it: test_generate_history.py."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from progress.generator.draw import (
    MEMBERS_PER_SEED,
    NOTE_PHRASES,
    POOLS,
    Ids,
    Span,
    history_draw,
    username,
)

YEAR = Span.of_years(1, end=datetime.date(2026, 6, 30))
STEPS = {name: step for pool in POOLS.values() for name, _, step in pool}


def draw(number=0, *, seed=1, prefix="gen1_", span=YEAR):
    return history_draw(number, seed=seed, prefix=prefix, span=span)


def ids_in_order(history):
    """Every id in the order the draw hands them out."""
    sets_of = {}
    for s in history.sets:
        sets_of.setdefault(s.session_id, []).append(s.id)
    ids = [history.member.id]
    ids += [i for plan in history.plans for i in [plan.id, *(t.id for t in history.templates if t.plan_id == plan.id)]]
    ids += [i for session in history.sessions for i in [session.id, *sets_of.get(session.id, [])]]
    return ids


def test_the_same_seed_draws_the_same_history():
    assert draw(3) == draw(3)


def test_another_seed_or_member_draws_another_history():
    assert draw(3).sets != draw(3, seed=2).sets
    assert draw(3).sets != draw(4).sets


def test_the_prefix_names_the_member_and_changes_only_the_ids():
    first, second = draw(7, prefix="a_"), draw(7, prefix="b_")
    assert (first.member.username, second.member.username) == ("a_00007", "b_00007")
    assert first.member.email == "a_00007@example.com"
    assert [s[3:] for s in first.sets] == [s[3:] for s in second.sets]
    assert first.member.id != second.member.id


def test_ids_are_unique_and_count_up_in_the_order_rows_are_made():
    history = draw()
    ids = ids_in_order(history)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert history.member.id == Ids(1, "gen1_").member_id(0)


def test_members_ids_do_not_overlap_and_follow_their_numbers():
    first, second = draw(0), draw(1)
    assert max(ids_in_order(first)) < min(ids_in_order(second))


def test_a_seed_has_room_for_a_limited_number_of_members():
    with pytest.raises(ValueError, match="members per seed"):
        draw(MEMBERS_PER_SEED)
    assert username("gen1_", 42) == "gen1_00042"


def test_sessions_fill_the_span_three_to_five_times_a_week_one_a_day_at_most():
    span = Span.of_years(2, end=datetime.date(2026, 6, 30))
    dates = [s.date for s in draw(span=span).sessions]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    assert span.start <= dates[0]
    assert dates[-1] <= span.end
    per_week = Counter((d - span.start).days // 7 for d in dates)
    assert max(per_week.values()) <= 5
    assert 3 * 104 * 0.85 <= len(dates) <= 5 * 105


def test_each_session_logs_its_plans_exercises_in_order_during_the_session():
    history = draw()
    plan_of = {t.id: t.plan_id for t in history.templates}
    sessions = {s.id: s for s in history.sessions}
    by_session = {}
    for s in history.sets:
        by_session.setdefault(s.session_id, []).append(s)
    assert by_session.keys() == sessions.keys()
    for session_id, sets in by_session.items():
        session = sessions[session_id]
        assert [s.position for s in sets] == list(range(len(sets)))
        assert {plan_of[s.template_id] for s in sets} == {session.plan_id}
        assert all(s.created_at == session.created_at for s in sets)
        times = [s.completed_at for s in sets]
        assert times == sorted(times)
        assert session.created_at < times[0]
        assert times[-1] < session.finished_at
        assert {t.date() for t in times} == {session.date}


def test_sets_are_done_near_their_target_with_plate_weights_and_an_rpe_now_and_then():
    history = draw()
    name_of = {t.id: t.exercise_name for t in history.templates}
    for s in history.sets:
        assert s.target_reps - 2 <= s.actual_reps <= s.target_reps
        assert s.rpe is None or Decimal(7) <= s.rpe <= Decimal(9)
        step = STEPS[name_of[s.template_id]]
        if step:
            assert s.weight_kg > 0
            assert s.weight_kg % Decimal(str(step)) == 0
        else:
            assert s.weight_kg is None  # body weight
    assert 0.15 < sum(s.rpe is None for s in history.sets) / len(history.sets) < 0.35


def test_weights_rise_over_a_year_and_body_weight_exercises_add_reps():
    history = draw()
    by_template = {}
    for s in history.sets:
        by_template.setdefault(s.template_id, []).append(s)
    weighted = [sets for sets in by_template.values() if sets[0].weight_kg is not None]
    assert all(sets[-1].weight_kg > sets[0].weight_kg for sets in weighted)
    body_weight = [sets for sets in by_template.values() if sets[0].weight_kg is None]
    assert body_weight, "the first member of seed 1 does push-ups or pull-ups"
    assert all(sets[-1].target_reps > sets[0].target_reps for sets in body_weight)


def test_plans_hold_four_to_eight_exercises_of_their_programme():
    history = draw()
    assert 2 <= len(history.plans) <= 3
    for plan in history.plans:
        exercises = [t for t in history.templates if t.plan_id == plan.id]
        assert 4 <= len(exercises) <= 8
        assert [t.position for t in exercises] == list(range(len(exercises)))
        assert len({t.exercise_name for t in exercises}) == len(exercises)


def test_most_sessions_have_notes_made_of_gym_phrases():
    sessions = draw().sessions
    notes = [s.notes for s in sessions if s.notes]
    assert 0.5 < len(notes) / len(sessions) < 0.7
    phrases = {phrase.lower() for phrase in NOTE_PHRASES}
    for note in notes:
        assert note.endswith(".")
        assert {part.lower() for part in note[:-1].split(". ")} <= phrases


def test_the_history_is_the_one_benchmarks_were_measured_on():
    # Benchmarks compare runs over time: a change that draws other rows for the same seed must
    # show here, and say so in docs/benchmarks.md.
    history = draw(span=Span.of_years(3, end=datetime.date(2026, 11, 1)))
    assert (len(history.sessions), len(history.sets)) == (565, 11117)
    first = history.sets[0]
    assert first[3:8] == (6, 0, 6, Decimal("32.50"), Decimal("7"))
    assert first.completed_at == datetime.datetime(2023, 11, 4, 7, 24, tzinfo=datetime.UTC)
