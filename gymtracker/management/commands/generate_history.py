"""Fills the database with realistic, deterministic training history, fast, for benchmarks.

Rows go in with PostgreSQL COPY (psycopg's copy support), never through the ORM: members in the
`member` group with one shared, usable password (hashed once), 2–3 plans of 4–8 exercises each,
3–5 sessions a week with weights and reps that progress (and a deload now and then), notes made of
real gym words for full-text search, and every set completed.

Deterministic: the same --seed, --prefix, sizes and --end-date give the same rows, ids included
(each member draws from a random generator of its own, so neither batch size nor --jobs matters).
Ids are UUIDs whose high bits are drawn from the seed and whose low bits count up, so each run
appends to the primary-key indexes in order instead of scattering writes over them.

Row-level security stays on. PostgreSQL refuses COPY FROM into a table whose policies bind the
role, so each batch COPYs into temporary tables (which have no policies) and moves the rows with
INSERT … SELECT, which the policies check row by row — one transaction per batch, in the named
system context "generate_history". Nothing is dropped, disabled or recreated; foreign keys are
checked at commit and triggers on these tables fire as for any insert. History rows
(django-simple-history) are deliberately not written: generated data has no edits to record.

The progress app's derived tables are exact when each batch commits, as if every set had been
logged: the triggers of the statistics and the weekly volume stand aside for the batch (a bulk
load, progress migrations 0005 and 0011) and PostgreSQL recomputes the batch's members from their
raw sets, in one pass, before the commit; personal records
are found while the sets are drawn, in the order that decides them (session date, then logging
time), by the rules of `progress_records_rederive` (progress migration 0008), and inserted with
the sets.
"""

from __future__ import annotations

import datetime
import math
import multiprocessing
import multiprocessing.util
import os
import random
import secrets
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections, transaction
from django.utils import timezone
from psycopg import sql

from accounts.models import User
from gymtracker import rls

SIZES = {"small": (10, 1), "large": (1000, 3), "single": (1, 5)}

PASSWORD_ENV = "GENERATE_HISTORY_PASSWORD"  # noqa: S105 - the name of a variable, not a password

# name, starting weight in kg for a typical member (0: body weight), smallest plate step in kg
Exercise = tuple[str, float, float]
POOLS: dict[str, list[Exercise]] = {
    "push": [
        ("Bench press", 60, 2.5),
        ("Overhead press", 35, 2.5),
        ("Incline dumbbell press", 22, 2),
        ("Dips", 0, 0),
        ("Lateral raise", 8, 1),
        ("Triceps pushdown", 25, 2.5),
        ("Cable fly", 12, 2.5),
        ("Close-grip bench press", 50, 2.5),
        ("Push-up", 0, 0),
    ],
    "pull": [
        ("Deadlift", 100, 5),
        ("Barbell row", 55, 2.5),
        ("Pull-up", 0, 0),
        ("Lat pulldown", 50, 2.5),
        ("Seated cable row", 45, 2.5),
        ("Face pull", 20, 2.5),
        ("Biceps curl", 12, 1),
        ("Hammer curl", 12, 1),
        ("Chin-up", 0, 0),
    ],
    "legs": [
        ("Back squat", 80, 2.5),
        ("Romanian deadlift", 60, 2.5),
        ("Leg press", 120, 5),
        ("Walking lunge", 20, 2),
        ("Leg curl", 35, 2.5),
        ("Leg extension", 40, 2.5),
        ("Standing calf raise", 50, 5),
        ("Hip thrust", 70, 5),
        ("Front squat", 60, 2.5),
    ],
}
PROGRAMMES = [
    [("Push day", ["push"]), ("Pull day", ["pull"]), ("Leg day", ["legs"])],
    [("Upper body", ["push", "pull"]), ("Lower body", ["legs"])],
    [("Full body A", ["legs", "push"]), ("Full body B", ["pull", "legs"]), ("Full body C", ["push", "pull"])],
]
NOTE_PHRASES = [
    "felt strong today",
    "slept badly, energy was low",
    "new personal record on the main lift",
    "left shoulder a little tight during warm-up",
    "lower back tired after deadlifts, kept the weight moderate",
    "gym was crowded, waited for the squat rack",
    "great pump, increased the weight",
    "short on time, rushed the accessories",
    "knee felt fine after the physio exercises",
    "focused on slow eccentrics and tempo",
    "grip gave out before the back",
    "easy session, deload week",
    "trained with a friend, good motivation",
    "forgot my belt, went lighter",
    "elbow ache on curls, switched to hammer grip",
    "tried the new programme, heavier than expected",
    "warm-up took longer, hamstrings stiff",
    "breathing and bracing felt much better",
    "hot day, drank plenty of water",
    "after a long run yesterday, legs heavy",
]
TIME_ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]
REPETITIONS = [5, 6, 8, 8, 10, 10, 12]
SETS = [2, 3, 3, 3, 4]
SESSIONS_A_WEEK = [3, 3, 4, 4, 5]
RPES = ["7", "7.5", "8", "8", "8.5", "9", "\\N", "\\N"]
# "HH:MM:SS+00" for every minute of a day, so timestamps cost a lookup instead of a strftime; a
# session that would run past midnight stops the clock at 23:59 (the list runs on for that).
STAMPS = [f"{min(m, 1439) // 60:02d}:{min(m, 1439) % 60:02d}:00+00" for m in range(2 * 24 * 60)]

COLUMNS = {
    "users": (
        "id",
        "username",
        "email",
        "password",
        "is_superuser",
        "is_staff",
        "is_active",
        "weight_unit",
        "time_zone",
        "created_at",
        "updated_at",
    ),
    "users_groups": ("user_id", "group_id"),
    "workout_plans": ("id", "user_id", "name", "description", "created_at", "updated_at"),
    "workout_templates": (
        "id",
        "workout_plan_id",
        "exercise_name",
        "sets",
        "repetitions",
        "position",
        "created_at",
        "updated_at",
    ),
    "workout_sessions": (
        "id",
        "user_id",
        "workout_plan_id",
        "date",
        "notes",
        "finished_at",
        "created_at",
        "updated_at",
    ),
    "workout_sets": (
        "id",
        "workout_session_id",
        "workout_template_id",
        "actual_reps",
        "position",
        "target_reps",
        "weight_kg",
        "rpe",
        "completed_at",
        "created_at",
    ),
    "personal_records": (
        "id",
        "user_id",
        "workout_set_id",
        "exercise",
        "kind",
        "weight_kg",
        "reps",
        "value",
        "date",
        "created_at",
    ),
}


# Columns the move fills from another staged column instead of text of their own (less to draw,
# send and parse): a generated set was last updated when it was logged.
SAME_AS = {"workout_sets": {"updated_at": "completed_at"}}


class Ids:
    """Deterministic UUIDs: a prefix drawn from the seed, then the member's number and a counter
    (see the module doc)."""

    def __init__(self, seed: int, prefix: str) -> None:
        rng = random.Random(f"ids:{seed}:{prefix}")  # noqa: S311 - test data, not security
        self.prefix = (
            f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-7{rng.getrandbits(12):03x}-"
            f"{0x8000 | rng.getrandbits(14):04x}-"
        )

    def block(self, member: int, *, first: int = 0) -> Iterator[str]:
        # Each member owns a range of 2**32 ids, so its ids do not depend on other members. Its
        # records count from the middle of the range (`first`), so they take none of the others'.
        if not 0 <= member < 1 << 16:
            raise CommandError("At most 65,536 members per seed.")
        start = f"{self.prefix}{member:04x}"
        for n in range(first, 1 << 32):
            yield f"{start}{n:08x}"


@dataclass
class Template:
    id: str
    name: str
    exercise: str  # the name lower-cased: what statistics and records group by
    sets: int
    repetitions: int
    start_kg: float
    step: float
    gain: float


@dataclass
class Plan:
    id: str
    templates: list[Template] = field(default_factory=list)


@dataclass
class Counts:
    users: int = 0
    plans: int = 0
    templates: int = 0
    sessions: int = 0
    sets: int = 0
    records: int = 0

    def add(self, other: Counts) -> None:
        for name in ("users", "plans", "templates", "sessions", "sets", "records"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def rows(self) -> int:
        return 2 * self.users + self.plans + self.templates + self.sessions + self.sets + self.records


class Best:
    """The best a member's earlier sets of one exercise reached, in hundredths of a kilogram
    (-1: no such set yet), and the most reps at each weight."""

    __slots__ = ("e1rm", "reps", "weight")

    def __init__(self) -> None:
        self.weight = -1
        self.e1rm = -1
        self.reps: dict[int, int] = {}


class Member:
    """One member's rows, drawn from a generator seeded with (seed, member number)."""

    def __init__(self, *, number: int, seed: int, prefix: str, ids: Ids, start: datetime.date, days: int) -> None:
        self.rng = random.Random(f"member:{seed}:{number}")  # noqa: S311 - test data, not security
        self.ids = ids.block(number)
        self.record_ids = ids.block(number, first=1 << 31)
        self.number = number
        self.username = f"{prefix}{number:05d}"
        self.id = next(self.ids)
        self.start = start
        self.days = days
        self.strength = self.rng.uniform(0.6, 1.4)
        self.hour = self.rng.choice([6, 7, 12, 17, 18, 19, 20])
        self.plans: list[Plan] = []
        self.best: dict[str, Best] = {}

    def user_rows(self, password_hash: str, member_group: int) -> tuple[str, str]:
        rng = self.rng
        unit = "lb" if rng.random() < 0.15 else "kg"
        zone = rng.choice(TIME_ZONES)
        joined = f"{self.start.isoformat()} 08:00:00+00"
        user = "\t".join(
            [
                self.id,
                self.username,
                f"{self.username}@example.com",
                password_hash,
                "f",
                "f",
                "t",
                unit,
                zone,
                joined,
                joined,
            ]
        )
        return user + "\n", f"{self.id}\t{member_group}\n"

    def plan_rows(self, plans: list[str], templates: list[str]) -> None:
        rng = self.rng
        created = f"{self.start.isoformat()} 08:05:00+00"
        for name, pools in rng.choice(PROGRAMMES):
            plan = Plan(id=next(self.ids))
            plans.append(f"{plan.id}\t{self.id}\t{name}\t{name}, generated history.\t{created}\t{created}\n")
            candidates = [e for pool in pools for e in POOLS[pool]]
            for position, (exercise, start_kg, step) in enumerate(rng.sample(candidates, rng.randint(4, 8))):
                template = Template(
                    id=next(self.ids),
                    name=exercise,
                    exercise=exercise.lower(),
                    sets=rng.choice(SETS),
                    repetitions=rng.choice(REPETITIONS),
                    start_kg=start_kg * self.strength * rng.uniform(0.8, 1.2),
                    step=step,
                    gain=rng.uniform(0.3, 0.9),
                )
                plan.templates.append(template)
                self.best.setdefault(template.exercise, Best())
                templates.append(
                    f"{template.id}\t{plan.id}\t{exercise}\t{template.sets}\t{template.repetitions}\t"
                    f"{position}\t{created}\t{created}\n"
                )
            self.plans.append(plan)

    def sessions(self, sessions: list[str], records: list[str], out: TextIO, counts: Counts) -> None:
        """Writes the sessions' rows to `sessions`, their sets straight to `out` and the sets'
        personal records to `records`.

        Records follow `progress_records_rederive` (progress migration 0008): a set is a record
        when it beats every earlier counted set of its exercise, in the order of session date,
        then logging time, then id. Sets are drawn in exactly that order (one session a day, sets
        three minutes apart, ids counting up), so one pass keeps the bests so far: the heaviest
        weight of a set with reps; the best estimated 1RM (Epley, rounded half up to the
        hundredth, as `progress_e1rm` does); the most reps at each weight, where the first visit
        to a weight is no record. Ties are not records. Weights are compared in hundredths of a
        kilogram, parsed from the text PostgreSQL receives, so no float rounding can differ."""
        rng = self.rng
        choice = rng.choice
        next_id = self.ids.__next__
        next_record_id = self.record_ids.__next__
        plans = self.plans
        turn = 0
        write = out.write
        user = self.id
        for week_start in range(0, self.days, 7):
            if rng.random() < 0.05:
                continue  # a week off: holidays, illness
            weeks = week_start / 7
            deload = 0.9 if int(weeks) % 8 == 7 else 1.0
            for weekday in sorted(rng.sample(range(7), rng.choice(SESSIONS_A_WEEK))):
                offset = week_start + weekday
                if offset >= self.days:
                    break
                plan = plans[turn % len(plans)]
                turn += 1
                date = (self.start + datetime.timedelta(days=offset)).isoformat()
                day = f"{date} "
                minute = self.hour * 60 + rng.randrange(60)
                started = day + STAMPS[minute]
                session_id = next_id()
                lines = []
                position = 0
                for template in plan.templates:
                    growth = 1 + template.gain * (1 - math.exp(-weeks / 52))
                    if template.step:
                        kg = template.start_kg * growth * deload
                        weight = f"{max(template.step, round(kg / template.step) * template.step):.2f}"
                        centi = int(weight.replace(".", ""))
                        extra = 0
                    else:
                        weight = "\\N"
                        centi = 0
                        extra = int(template.repetitions * (growth - 1))
                    target = template.repetitions + extra
                    # The parts of the set's line that are the same for each of its sets.
                    head = f"\t{session_id}\t{template.id}\t"
                    middle = f"\t{target}\t{weight}\t"
                    tail = f"\t{started}\n"
                    exercise = template.exercise
                    best = self.best[exercise]
                    best_weight, best_e1rm, best_reps = best.weight, best.e1rm, best.reps
                    for index in range(template.sets):
                        done = target - (0 if index == 0 else choice((0, 0, 0, 1, 2)))
                        minute += 3
                        at = day + STAMPS[minute]
                        set_id = next_id()
                        lines.append(f"{set_id}{head}{done}\t{position}{middle}{choice(RPES)}\t{at}{tail}")
                        position += 1
                        if done > 0 and centi > best_weight:
                            if centi:
                                records.append(
                                    f"{next_record_id()}\t{user}\t{set_id}\t{exercise}\tweight\t"
                                    f"{weight}\t{done}\t{weight}\t{date}\t{at}\n"
                                )
                            best_weight = centi
                        if done > 0 and centi:
                            e1rm = (centi * (30 + done) * 2 + 30) // 60
                            if e1rm > best_e1rm:
                                records.append(
                                    f"{next_record_id()}\t{user}\t{set_id}\t{exercise}\te1rm\t"
                                    f"{weight}\t{done}\t{e1rm // 100}.{e1rm % 100:02d}\t{date}\t{at}\n"
                                )
                                best_e1rm = e1rm
                        before = best_reps.get(centi)
                        if before is None or done > before:
                            if before is not None and done > 0:
                                records.append(
                                    f"{next_record_id()}\t{user}\t{set_id}\t{exercise}\treps\t"
                                    f"{weight if centi else 0}\t{done}\t{done}\t{date}\t{at}\n"
                                )
                            best_reps[centi] = done
                    best.weight, best.e1rm = best_weight, best_e1rm
                write("".join(lines))
                counts.sets += position
                finished = day + STAMPS[minute + 5]
                if rng.random() < 0.6:
                    notes = ". ".join(rng.sample(NOTE_PHRASES, rng.randint(1, 3))).capitalize() + "."
                else:
                    notes = "\\N"
                sessions.append(
                    f"{session_id}\t{self.id}\t{plan.id}\t{date}\t{notes}\t{finished}\t{started}\t{finished}\n"
                )
                counts.sessions += 1


class Progress:
    """A one-line progress bar on stderr (or nothing, when quiet)."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.stream, self.started = total, stream, time.monotonic()

    def update(self, done: int, sets: int) -> None:
        if self.stream is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        filled = int(30 * done / self.total)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} members, "
            f"{sets:,} sets, {sets / elapsed:,.0f} sets/s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")


def _names(columns: Iterable[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(c) for c in columns)


def _staging(cursor: Any) -> None:
    """Temporary tables shaped like the targets (temporary tables have no row-level security)."""
    for table in COLUMNS:
        cursor.execute(
            sql.SQL("CREATE TEMPORARY TABLE IF NOT EXISTS {} AS SELECT {} FROM {} WITH NO DATA").format(
                sql.Identifier(f"gen_{table}"), _names(COLUMNS[table]), sql.Identifier(table)
            )
        )


def _copy_statement(table: str) -> sql.Composed:
    return sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(f"gen_{table}"), _names(COLUMNS[table]))


def _move(cursor: Any, table: str) -> None:
    """Staged rows into the real table: an INSERT, so the policies' WITH CHECK applies to each."""
    staged = sql.Identifier(f"gen_{table}")
    same = SAME_AS.get(table, {})
    cursor.execute(
        sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(
            sql.Identifier(table), _names([*COLUMNS[table], *same]), _names([*COLUMNS[table], *same.values()]), staged
        )
    )
    cursor.execute(sql.SQL("TRUNCATE {}").format(staged))


def _copy(cursor: Any, table: str, data: str) -> None:
    if not data:
        return
    with cursor.copy(_copy_statement(table)) as copy:
        copy.write(data)
    _move(cursor, table)


class _CopyStream:
    """A file-like `write` that feeds an open COPY in chunks of about a megabyte."""

    def __init__(self, copy: Any) -> None:
        self.copy = copy
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= 1 << 20:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.copy.write("".join(self.parts))
            self.parts, self.size = [], 0


class Command(BaseCommand):
    help = "Fills the database with deterministic training history (COPY, no ORM) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small", help="small, large or single.")
        parser.add_argument("--members", type=int, help="Members to create (overrides --size).")
        parser.add_argument("--years", type=float, help="Years of history per member (overrides --size).")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data (default 1).")
        parser.add_argument(
            "--end-date",
            type=datetime.date.fromisoformat,
            help="Last day of the history (default: today); part of what makes a run repeatable.",
        )
        parser.add_argument(
            "--prefix", default=None, help="Username prefix (default gen<seed>_); usernames are <prefix><number>."
        )
        parser.add_argument(
            "--batch", type=int, default=25, help="Members per transaction (default 25); bounds memory."
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="Worker processes, each with its own connection (default 1)."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        members, years = SIZES[options["size"]]
        members = options["members"] if options["members"] is not None else members
        years = options["years"] if options["years"] is not None else years
        if members < 1 or years <= 0 or options["batch"] < 1 or options["jobs"] < 1:
            raise CommandError("--members, --years, --batch and --jobs must be positive.")
        seed = options["seed"]
        prefix = options["prefix"] if options["prefix"] is not None else f"gen{seed}_"
        end = options["end_date"] or timezone.localdate()
        days = round(365.25 * years)
        start = end - datetime.timedelta(days=days - 1)

        password = os.environ.get(PASSWORD_ENV)
        shown = None
        if not password:
            password = secrets.token_urlsafe(12)
            shown = password
        # One hash for every member: hashing is deliberately slow. The salt comes from the seed
        # so the rows are repeatable too.
        salt = random.Random(f"salt:{seed}").randbytes(12).hex()  # noqa: S311 - a salt, not a secret
        password_hash = make_password(password, salt=salt)

        counts = Counts()
        started = time.monotonic()
        progress = Progress(members, None if options["quiet"] else sys.stderr)
        ids = Ids(seed, prefix)
        with rls.system_context("generate_history"):
            if User.objects.filter(username__in=[f"{prefix}{n:05d}" for n in (0, members - 1)]).exists():
                raise CommandError(f"Members named {prefix}… exist already: use another --seed or --prefix.")
            member_group = Group.objects.get(name="member").pk
        job = Job(seed, prefix, ids, start, days, password_hash, member_group)
        batches = [range(n, min(n + options["batch"], members)) for n in range(0, members, options["batch"])]
        done = 0
        if options["jobs"] == 1:
            for numbers in batches:
                counts.add(_batch(job, numbers))
                done += len(numbers)
                progress.update(done, counts.sets)
        else:
            # Each member draws from its own generator, so the rows do not depend on which
            # process makes them. Workers open connections of their own (forked after closing ours).
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(
                max_workers=options["jobs"], mp_context=context, initializer=_worker_start
            ) as pool:
                futures = {pool.submit(_batch, job, numbers): numbers for numbers in batches}
                for future in as_completed(futures):
                    counts.add(future.result())
                    done += len(futures[future])
                    progress.update(done, counts.sets)
        progress.close()
        elapsed = time.monotonic() - started

        self.stdout.write(
            f"Generated {counts.users:,} members, {counts.plans:,} plans, {counts.templates:,} exercises, "
            f"{counts.sessions:,} sessions, {counts.sets:,} sets and {counts.records:,} personal records "
            f"({start} to {end}, seed {seed}) in {elapsed:.1f} s: {counts.sets / elapsed:,.0f} sets/s, "
            f"{counts.rows / elapsed:,.0f} rows/s."
        )
        if shown:
            self.stdout.write(f"Members' password (shared, for benchmarks): {shown}")
        elif settings.DEBUG:
            self.stdout.write(f"Members' password: from ${PASSWORD_ENV}.")


@dataclass(frozen=True)
class Job:
    """What every batch needs to know, whichever process runs it."""

    seed: int
    prefix: str
    ids: Ids
    start: datetime.date
    days: int
    password_hash: str
    member_group: int


def _worker_start() -> None:
    # A worker keeps its connection for all its batches (a new one per batch would cost a server
    # process, cold caches and freshly prepared foreign-key checks each time) and closes it on
    # the way out: multiprocessing runs its finalizers, not atexit, when a worker ends.
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=0)


def _batch(job: Job, numbers: range) -> Counts:
    """One transaction: the members numbered `numbers`, with everything they own."""
    counts = Counts()
    users: list[str] = []
    groups: list[str] = []
    plans: list[str] = []
    templates: list[str] = []
    sessions: list[str] = []
    records: list[str] = []
    batch = [
        Member(number=n, seed=job.seed, prefix=job.prefix, ids=job.ids, start=job.start, days=job.days) for n in numbers
    ]
    for member in batch:
        user, group = member.user_rows(job.password_hash, job.member_group)
        users.append(user)
        groups.append(group)
        member.plan_rows(plans, templates)
    # PostgreSQL refuses COPY FROM into a table under row-level security, so rows are
    # copied into temporary tables and moved with INSERT … SELECT, which the policies check;
    # the system context must be set in the same transaction.
    with transaction.atomic(), rls.system_context("generate_history"), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for its copy support
        # Generated rows can be generated again: a crash may lose the last committed batches
        # (never part of one), so the commit need not wait for the disk.
        raw.execute("SET LOCAL synchronous_commit = off")
        # The insert trigger's transition table holds the batch's sets: in memory, not a temp file.
        raw.execute("SET LOCAL work_mem = '64MB'")
        # The statistics triggers stand aside until progress_bulk_load_finish below recomputes
        # the batch's members, in this transaction (progress migration 0005).
        raw.execute("SELECT progress_bulk_load_start()")
        _staging(raw)
        _copy(raw, "users", "".join(users))
        _copy(raw, "users_groups", "".join(groups))
        _copy(raw, "workout_plans", "".join(plans))
        _copy(raw, "workout_templates", "".join(templates))
        # Sets stream out while they are drawn; their sessions and records follow (the foreign
        # keys are checked at commit, so the order inside the transaction does not matter).
        with raw.copy(_copy_statement("workout_sets")) as copy:
            stream = _CopyStream(copy)
            for member in batch:
                member.sessions(sessions, records, stream, counts)  # type: ignore[arg-type]
            stream.flush()
        _copy(raw, "workout_sessions", "".join(sessions))
        _move(raw, "workout_sets")
        _copy(raw, "personal_records", "".join(records))
        raw.execute("SELECT progress_bulk_load_finish(%s::uuid[])", [[member.id for member in batch]])
    counts.users += len(batch)
    counts.plans += len(plans)
    counts.templates += len(templates)
    counts.records += len(records)
    return counts
