"""On five years of history (4 sessions a week x 20 sets, about 21,000 sets) for one member
beside forty members' year each (about 190,000 sets in all), every query of the progress pages
reads through an index or an aggregate: none scans the tables that grow with history. Plans are
PostgreSQL's own (EXPLAIN ANALYZE, FORMAT JSON), taken as the member, under row-level security,
after ANALYZE."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import queries_of
from progress.tests.history import NOTES, generate_histories
from sessions.factories import WorkoutSessionFactory

pytestmark = pytest.mark.django_db

# The tables that grow with history (plans and exercises do not).
BIG_TABLES = {"workout_sets", "workout_sessions"}


def nodes(plan):
    """The plan's nodes that ran. Policies are OR'd, so a subplan of a policy that a row never
    needs (a coach's clause, for a member's own row) is planned but never executed (0 loops)."""
    if plan.get("Actual Loops", 1) == 0:
        return
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        return cursor.fetchone()[0][0]["Plan"]


CROWD = 40  # other members, a year each: so that one member's rows are a small part of each table


@pytest.fixture
def history(member):
    crowd = {UserFactory(username=f"crowd{n}"): 52 for n in range(CROWD)}
    generate_histories({member: 5 * 52} | crowd)
    WorkoutSessionFactory(user=member, notes="Tried the safety bar for front squats")
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    yield member
    # ANALYZE writes table sizes into pg_class in place, and the test's rollback does not undo
    # that: later tests would be planned for 200,000 sets that are gone. Empty the tables inside
    # the transaction and analyze again, so what stays behind describes empty tables.
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the tables
        cursor.execute("TRUNCATE workout_plans, workout_sessions, exercise_stats, weekly_volume CASCADE")
        cursor.execute("ANALYZE")


def page_plans(client, member, url):
    cache.clear()  # the page's own queries, not a cached copy of its parts
    client.force_login(member)
    _count, response, queries = queries_of(lambda: client.get(url))
    assert response.status_code == 200
    plans = {}
    with rls.user_context(member):
        for sql in queries:
            if re.search(
                r"\b(workout_|exercise_stats|personal_records|weekly_volume)", sql
            ) and sql.lstrip().upper().startswith(("SELECT", "WITH")):
                plans[sql] = explain(sql)
    return plans


def describe(plan, depth=0):
    line = "  " * depth + f"{plan['Node Type']} {plan.get('Relation Name', '')} {plan.get('Index Name', '')} "
    line += f"{plan.get('Parent Relationship', '')} {plan.get('Subplan Name', '')} "
    line += f"rows={plan.get('Actual Rows')} loops={plan.get('Actual Loops')}"
    return "\n".join([line, *(describe(child, depth + 1) for child in plan.get("Plans", []))])


def own_nodes(plan):
    """The nodes of the query itself, without the subplans that row-level security adds: those
    are the policies of the workout tables (a member's own sessions, a coach's clients), the
    same for every query, and reported separately."""
    yield plan
    for child in plan.get("Plans", []):
        if child.get("Parent Relationship") != "SubPlan" and child.get("Actual Loops", 1):
            yield from own_nodes(child)


def scans(plan):
    return {(node["Node Type"], node.get("Relation Name")) for node in own_nodes(plan) if "Relation Name" in node}


PAGES = [
    reverse("progress:dashboard"),
    reverse("progress:exercises"),
    reverse("progress:exercise", args=["bench press (barbell)"]),
    reverse("progress:search") + "?q=record",
    reverse("progress:search") + "?q=safety+bars",
]


def test_the_progress_pages_read_indexes_and_aggregates_only(client, history):
    """One history for every check: building it is the expensive part."""
    for url in PAGES:
        plans = page_plans(client, history, url)
        assert plans, url
        for sql, plan in plans.items():
            sequential = {relation for kind, relation in scans(plan) if kind == "Seq Scan"} & BIG_TABLES
            assert not sequential, f"{sequential} scanned by:\n{sql}\n{describe(plan)}"
    _the_years_sessions_use_the_partial_index(client, history)
    _search_reads_the_members_own_sessions_by_index(client, history)
    _the_exercise_page_reads_the_weekly_aggregate_by_its_index(client, history)


def _the_years_sessions_use_the_partial_index(client, history):
    """The dashboard's sessions of the year (progress.selectors.YEAR_SESSIONS) come from the
    partial index of live sessions, and their sets from the sets' session index."""
    plans = page_plans(client, history, reverse("progress:dashboard"))
    year = next(plan for sql, plan in plans.items() if "LATERAL" in sql)
    assert any(node.get("Index Name") == "workout_sessions_recent_live" for node in nodes(year)), describe(year)
    assert ("Seq Scan", "workout_sets") not in scans(year)


def _search_reads_the_members_own_sessions_by_index(client, history):
    plans = page_plans(client, history, reverse("progress:search") + "?q=safety+bars")
    notes_queries = [sql for sql in plans if "notes_search" in sql]
    assert notes_queries
    for sql in notes_queries:
        assert ("Seq Scan", "workout_sessions") not in scans(plans[sql])
        assert any(node.get("Index Name") for node in own_nodes(plans[sql])), describe(plans[sql])


@pytest.fixture
def crowded_notes(member):
    """Forty members' sessions, a thousand each, stored day by day as they would be logged (each
    member's rows spread over the whole table), and one session of the member's about a safety
    bar."""
    members = [member, *(UserFactory(username=f"crowd{n}") for n in range(39))]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO workout_sessions (user_id, date, notes)
            SELECT u, date '2023-01-01' + n, (%(notes)s::text[])[1 + (n + i) %% 5]
            FROM generate_series(0, 999) AS n, unnest(%(users)s::uuid[]) WITH ORDINALITY AS x(u, i)
            ORDER BY n, i
            """,
            {"notes": NOTES, "users": [m.pk for m in members]},
        )
    WorkoutSessionFactory(user=member, notes="Tried the safety bar for front squats")
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('workout_sessions_notes_search')")
        cursor.execute("ANALYZE workout_sessions")
    yield member
    with rls.owner_role(), connection.cursor() as cursor:  # as for `history`
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE workout_sessions CASCADE")
        cursor.execute("ANALYZE workout_sessions")


def test_a_rare_word_is_found_through_the_gin_index(client, crowded_notes):
    """Where the member's sessions lie all over the table, matching a rare word through the GIN
    index beats reading each of the member's thousand sessions, and PostgreSQL does that even
    under row-level security: the policies then check the one row the index finds."""
    plans = page_plans(client, crowded_notes, reverse("progress:search") + "?q=safety+bars")
    notes_queries = [sql for sql in plans if "notes_search" in sql]
    assert notes_queries
    for sql in notes_queries:
        used = {node.get("Index Name") for node in own_nodes(plans[sql])}
        assert "workout_sessions_notes_search" in used, describe(plans[sql])


def test_the_full_text_match_may_run_before_the_policies():
    """`@@` (ts_match_vq) is marked LEAKPROOF by migration workouts 0006, or PostgreSQL would
    apply the row-level security policies first and never match through the GIN index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT proleakproof FROM pg_proc WHERE oid = 'ts_match_vq'::regproc")
        assert cursor.fetchone() == (True,)


def _the_exercise_page_reads_the_weekly_aggregate_by_its_index(client, history):
    plans = page_plans(client, history, reverse("progress:exercise", args=["bench press (barbell)"]))
    weekly = next(plan for sql, plan in plans.items() if "FROM weekly_volume" in sql)
    assert any(node.get("Index Name", "").startswith("weekly_volume_") for node in nodes(weekly))
