"""Reads of the progress pages, always scoped to one member (and bound by row-level security as
well). Each reads a fixed number of queries from the aggregates (`exercise_stats`,
`personal_records`, `weekly_volume`) or from a bounded window of recent sessions through the
partial index `workout_sessions_recent_live`, so page cost does not grow with history. The
aggregates are kept exact by PostgreSQL in the transaction of every change (the triggers of
progress/sql/functions/), so every figure on a page agrees with every other, right after a set is
logged."""

from __future__ import annotations

import collections
import datetime
import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import DateField, F, Func, QuerySet, Subquery, Value
from django.db.models.functions import Least
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from gymtracker.replica import reading_connection
from progress.models import BodyWeight, ExerciseStat, PersonalRecord
from sessions.models import WorkoutSession


def _fetch(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    with reading_connection().cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# --- Exercises ---------------------------------------------------------------------------------


def exercise_summaries(user: User) -> QuerySet[ExerciseStat]:
    """The member's exercises with their totals, most recently done first."""
    return ExerciseStat.objects.for_user(user).order_by("-last_performed", "exercise")


@dataclass
class ExerciseProgress:
    stat: ExerciseStat
    weeks: list[dict[str, Any]]
    best: dict[str, PersonalRecord]
    records: list[PersonalRecord]


WEEKS_OF = """
    SELECT week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg
    FROM weekly_volume
    WHERE user_id = %(user)s AND exercise = %(exercise)s
    ORDER BY week
"""


def exercise_progress(
    user: User, exercise: str, *, records: int = 12, stat: ExerciseStat | None = None
) -> ExerciseProgress:
    """One exercise's totals (unless given as `stat`), weekly points for its charts and its
    records; DoesNotExist when the member has no logged set of it. Three queries (or two)."""
    if stat is None:
        stat = ExerciseStat.objects.for_user(user).get(exercise=exercise)
    weeks = _fetch(WEEKS_OF, {"user": user.pk, "exercise": exercise})
    history = list(
        PersonalRecord.objects.for_user(user)
        .live()
        .filter(exercise=exercise)
        .order_by("-date", F("workout_set__completed_at").desc(), "kind")[:records]
    )
    best: dict[str, PersonalRecord] = {}
    for record in history:
        if record.kind != PersonalRecord.Kind.REPS:
            best.setdefault(record.kind, record)
    return ExerciseProgress(stat=stat, weeks=weeks, best=best, records=history)


# --- Dashboard ---------------------------------------------------------------------------------

# The member's live sessions since the first week of the heat map (and any dated later), newest
# first: the partial index workout_sessions_recent_live serves the range in order. Each comes with
# its plan's name and the totals of the working sets done in it (progress_set_working, progress_set_volume:
# SQL that PostgreSQL inlines here), added up per session by a lateral aggregate over that
# session's sets (by their session index): no sort or hash of the year's sets. Everything on the
# dashboard that reads sessions or sets (the heat map, the weeks, the recent sessions) is added up
# from these rows, so every figure agrees with every other.
YEAR_SESSIONS = """
    SELECT s.id, s.date, p.name AS plan_name, s.finished_at, s.created_at,
           done.sets AS done_sets, done.volume_kg
    FROM workout_sessions s
    LEFT JOIN workout_plans p ON p.id = s.workout_plan_id
    CROSS JOIN LATERAL (
        SELECT count(*) AS sets, coalesce(sum(progress_set_volume(ws.actual_reps, ws.weight_kg)), 0) AS volume_kg
        FROM workout_sets ws
        WHERE ws.workout_session_id = s.id AND progress_set_working(ws)
    ) done
    WHERE s.user_id = %(user)s AND s.deleted_at IS NULL AND s.date >= %(start)s
    ORDER BY s.date DESC, s.created_at DESC
"""
RECENT_DAYS = 30  # "recent sessions": the last 30 days'
RECENT_LIMIT = 5


@dataclass(slots=True)
class HeatCell:
    date: datetime.date
    sessions: int
    sets: int
    volume_kg: Decimal
    level: int
    x: int
    y: int


@dataclass
class Dashboard:
    today: datetime.date
    recent: list[dict[str, Any]]
    weeks: list[dict[str, Any]]
    streak: int
    per_week: Decimal
    this_week_kg: Decimal
    last_week_kg: Decimal
    cells: list[HeatCell]
    months: list[dict[str, Any]]
    sessions_in_year: int
    weekly_volume: list[dict[str, Any]]
    exercises: list[ExerciseStat] = field(default_factory=list)

    @property
    def heat_width(self) -> int:
        return (self.cells[-1].x + CELL) if self.cells else 0


HEAT_WEEKS = 53
VOLUME_WEEKS = 12


def dashboard(user: User, *, today: datetime.date, exercise_limit: int | None = 8) -> Dashboard:
    """Two queries, one bounded by the last year, the other by the aggregates: the year's sessions
    with their totals (YEAR_SESSIONS), and the `exercise_limit` most recent exercises (None: all
    of them). The days, the weeks (streak and sessions a week), the weekly volume and the recent
    sessions are all added up here from the year's sessions."""
    this_week = today - datetime.timedelta(days=today.weekday())
    first_week = this_week - datetime.timedelta(weeks=HEAT_WEEKS - 1)
    sessions = _fetch(YEAR_SESSIONS, {"user": user.pk, "start": first_week})
    exercises = list(exercise_summaries(user)[:exercise_limit])

    recent_since = today - datetime.timedelta(days=RECENT_DAYS)
    recent = [session for session in sessions if session["date"] > recent_since][:RECENT_LIMIT]
    days: dict[datetime.date, dict[str, Any]] = {}
    for session in sessions:
        if session["date"] <= today:
            day = days.setdefault(
                session["date"], {"date": session["date"], "sessions": 0, "sets": 0, "volume_kg": Decimal(0)}
            )
            day["sessions"] += 1
            day["sets"] += session["done_sets"]
            day["volume_kg"] += session["volume_kg"]
    weeks = _weeks(days, first_week=first_week, this_week=this_week)

    # A week without a session yet does not break the streak until it is over.
    current = weeks[-1] if weeks[-1]["sessions"] else (weeks[-2] if len(weeks) > 1 else weeks[-1])
    last_week = this_week - datetime.timedelta(weeks=1)
    weekly = _weekly_volume(days, this_week=this_week)
    week_kg = {row["week"]: row["volume_kg"] for row in weekly}
    cells, months = _heat_map(days, first_week=first_week, today=today)
    return Dashboard(
        today=today,
        recent=recent,
        weeks=weeks[-12:],
        streak=current["streak"],
        per_week=weeks[-1]["per_week"].quantize(Decimal("0.1")),
        this_week_kg=week_kg.get(this_week, Decimal(0)),
        last_week_kg=week_kg.get(last_week, Decimal(0)),
        cells=cells,
        months=months,
        sessions_in_year=sum(row["sessions"] for row in days.values()),
        weekly_volume=weekly if any(row["sets"] for row in weekly) else [],
        exercises=exercises,
    )


PER_WEEK_OVER = 12  # weeks: "sessions a week" is the average over the last twelve


def _weeks(
    days: dict[datetime.date, dict[str, Any]], *, first_week: datetime.date, this_week: datetime.date
) -> list[dict[str, Any]]:
    """Each week from `first_week` to `this_week` (Mondays) with its sessions, the run of
    consecutive weeks with a session that it ends (0 for a week without one), and the average
    number of sessions a week over the PER_WEEK_OVER weeks up to it."""
    sessions: dict[datetime.date, int] = {}
    for day, row in days.items():
        week = day - datetime.timedelta(days=day.weekday())
        sessions[week] = sessions.get(week, 0) + row["sessions"]
    rows: list[dict[str, Any]] = []
    window: collections.deque[int] = collections.deque(maxlen=PER_WEEK_OVER)
    streak = 0
    week = first_week
    while week <= this_week:
        count = sessions.get(week, 0)
        streak = streak + 1 if count else 0
        window.append(count)
        rows.append({"week": week, "sessions": count, "streak": streak, "per_week": Decimal(sum(window)) / len(window)})
        week += datetime.timedelta(weeks=1)
    return rows


def _weekly_volume(days: dict[datetime.date, dict[str, Any]], *, this_week: datetime.date) -> list[dict[str, Any]]:
    """The last VOLUME_WEEKS weeks (Monday first), each with its volume and sets; weeks without a
    set are there with zeros, so the chart's bars keep their places."""
    weeks = [this_week - datetime.timedelta(weeks=n) for n in range(VOLUME_WEEKS - 1, -1, -1)]
    totals = {week: {"week": week, "volume_kg": Decimal(0), "sets": 0} for week in weeks}
    for day, row in days.items():
        week = totals.get(day - datetime.timedelta(days=day.weekday()))
        if week is not None:
            week["volume_kg"] += row["volume_kg"]
            week["sets"] += row["sets"]
    return list(totals.values())


CELL = 12  # px per day in the heat map's coordinates (10 px square, 2 px gap)


def _heat_map(
    days: dict[datetime.date, dict[str, Any]], *, first_week: datetime.date, today: datetime.date
) -> tuple[list[HeatCell], list[dict[str, Any]]]:
    """Cells of the calendar (weeks across, Monday to Sunday down), each with a level 0–4 by
    volume relative to the year's busiest day; and per-month totals for the table alternative."""
    top = max((row["volume_kg"] for row in days.values()), default=Decimal(0))
    cells: list[HeatCell] = []
    months: dict[tuple[int, int], dict[str, Any]] = {}
    zero = Decimal(0)
    one_day = datetime.timedelta(days=1)
    day, index = first_week, 0
    while day <= today:
        key = (day.year, day.month)
        month = months.get(key)
        if month is None:
            month = months[key] = {"month": day.replace(day=1), "sessions": 0, "sets": 0, "volume_kg": zero}
        row = days.get(day)
        x, y = (index // 7) * CELL, (index % 7) * CELL
        if row:
            level = 1 + min(3, int(row["volume_kg"] * 4 / top)) if top else 1
            cell = HeatCell(day, row["sessions"], row["sets"], row["volume_kg"], level, x, y)
            month["sessions"] += row["sessions"]
            month["sets"] += row["sets"]
            month["volume_kg"] += row["volume_kg"]
        else:
            cell = HeatCell(day, 0, 0, zero, 0, x, y)
        cells.append(cell)
        day += one_day
        index += 1
    return cells, list(months.values())


# --- Body weight -------------------------------------------------------------------------------

BODY_WEIGHT_SPAN = datetime.timedelta(days=365)  # the dashboard's chart: the last year


@dataclass
class BodyWeights:
    entries: list[tuple[datetime.date, Decimal]]  # (day, kg), oldest first

    @property
    def latest(self) -> tuple[datetime.date, Decimal] | None:
        return self.entries[-1] if self.entries else None


def body_weights(user: User, *, today: datetime.date) -> BodyWeights:
    """The member's body weights of the last year (and any dated later), oldest first; when they
    logged none in that year, their newest one alone, so that the latest is always among them. One
    query, bounded by the year, through the index of body_weights_one_a_day."""
    live = BodyWeight.objects.for_user(user)
    newest = live.order_by("-date").values("date")[:1]
    # LEAST skips a NULL (no entry at all): then simply the year.
    since = Least(Value(today - BODY_WEIGHT_SPAN), Subquery(newest), output_field=DateField())
    entries = list(live.filter(date__gte=since).order_by("date").values_list("date", "weight_kg"))
    return BodyWeights(entries=entries)


# --- Search ------------------------------------------------------------------------------------

# Highlight marks that cannot come from a member's text (private-use characters, stripped from
# the notes before highlighting): everything is HTML-escaped, then only these become <mark>.
MARK_START, MARK_STOP = "\ue000", "\ue001"


def highlighted(text: str | None) -> SafeString:
    escaped = html.escape(text or "").replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308  # nosec B308 B703 - escaped above; only <mark> is added


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def _without_marks(column: str) -> Any:
    return Func(
        Func(F(column), Value(MARK_START), Value(""), function="replace"),
        Value(MARK_STOP),
        Value(""),
        function="replace",
    )


def session_search(
    user: User, text: str, *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> QuerySet[WorkoutSession]:
    """The member's live sessions whose notes match `text` (English stemming, web-search syntax:
    quotes, OR, -word), best match first, each with a highlighted snippet (`headline`). The
    match uses the GIN index on the stored tsvector `notes_search`."""
    query = _query(text)
    sessions = WorkoutSession.objects.for_user(user).filter(notes_search=query)
    if date_from:
        sessions = sessions.filter(date__gte=date_from)
    if date_to:
        sessions = sessions.filter(date__lte=date_to)
    return (
        sessions.select_related("plan")
        .annotate(
            rank=SearchRank(F("notes_search"), query),
            headline=SearchHeadline(
                _without_marks("notes"),
                query,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=10,
                max_fragments=2,
            ),
        )
        .order_by("-rank", "-date", "id")
    )


def exercise_search(user: User, text: str) -> list[dict[str, Any]]:
    """The member's exercises whose names match `text`, from the statistics table (one row per
    exercise, so this is as small as the member's exercise list), with highlighted names."""
    rows = _fetch(
        """
        SELECT exercise, display_name, sets, last_performed,
               ts_headline('english', replace(replace(display_name, %(start)s, ''), %(stop)s, ''), q,
                           'HighlightAll=true, StartSel=' || %(start)s || ', StopSel=' || %(stop)s) AS headline
        FROM exercise_stats, websearch_to_tsquery('english', %(text)s) AS q
        WHERE user_id = %(user)s AND to_tsvector('english', display_name) @@ q
        ORDER BY ts_rank(to_tsvector('english', display_name), q) DESC, exercise
        LIMIT 20
        """,
        {"user": user.pk, "text": text, "start": MARK_START, "stop": MARK_STOP},
    )
    for row in rows:
        row["headline"] = highlighted(row["headline"])
    return rows
