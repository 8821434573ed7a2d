"""Fills the database with realistic, deterministic training history, fast, for benchmarks.

What is drawn: `progress.generator.draw`; how it is written and what the database derives from
it: `progress.generator.load`.
"""

from __future__ import annotations

import datetime
import os
import random
import secrets
import sys
import time
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from gymtracker import rls
from progress.generator.draw import MEMBERS_PER_SEED, Span, username
from progress.generator.load import CONTEXT, WORKOUT_TABLES, Counts, Load, fast_load_possible, histories_load

SIZES = {"small": (10, 1), "large": (1000, 3), "single": (1, 5)}  # members, years

PASSWORD_ENV = "GENERATE_HISTORY_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Progress:
    """A one-line progress bar on stderr (or nothing, when quiet)."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.stream, self.started = total, stream, time.monotonic()
        self.members: dict[str, int] = {}
        self.counts = Counts()

    def update(self, stage: str, numbers: range, counts: Counts) -> None:
        self.members[stage] = self.members.get(stage, 0) + len(numbers)
        self.counts.add(counts)
        if self.stream is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        done = self.members[stage]
        filled = int(30 * done / self.total)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} members {stage}, "
            f"{self.counts.sets:,} sets, {self.counts.records:,} records, {self.counts.sets / elapsed:,.0f} sets/s "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")


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
        if members > MEMBERS_PER_SEED:
            raise CommandError(f"At most {MEMBERS_PER_SEED:,} members per seed.")
        seed = options["seed"]
        prefix = options["prefix"] if options["prefix"] is not None else f"gen{seed}_"
        span = Span.of_years(years, end=options["end_date"] or timezone.localdate())

        password = os.environ.get(PASSWORD_ENV)
        shown = None
        if not password:
            password = secrets.token_urlsafe(12)
            shown = password
        # One hash for every member: hashing is deliberately slow. The salt comes from the seed
        # so the rows are repeatable too.
        salt = random.Random(f"salt:{seed}").randbytes(12).hex()  # noqa: S311 - a salt, not a secret
        password_hash = make_password(password, salt=salt)

        with rls.system_context(CONTEXT):
            if User.objects.filter(username__in=[username(prefix, n) for n in (0, members - 1)]).exists():
                raise CommandError(f"Members named {prefix}… exist already: use another --seed or --prefix.")
            member_group = Group.objects.get(name="member").pk
        load = Load(
            seed=seed,
            prefix=prefix,
            span=span,
            password_hash=password_hash,
            member_group=member_group,
            fast=fast_load_possible(WORKOUT_TABLES),
        )
        batches = [range(n, min(n + options["batch"], members)) for n in range(0, members, options["batch"])]
        progress = Progress(members, None if options["quiet"] else sys.stderr)
        started = time.monotonic()
        counts = histories_load(load, batches, jobs=options["jobs"], done=progress.update)
        elapsed = time.monotonic() - started
        progress.close()

        self.stdout.write(
            f"Generated {counts.users:,} members, {counts.plans:,} plans, {counts.templates:,} exercises, "
            f"{counts.sessions:,} sessions, {counts.sets:,} sets and {counts.records:,} personal records "
            f"({span.start} to {span.end}, seed {seed}) in {elapsed:.1f} s: {counts.sets / elapsed:,.0f} sets/s, "
            f"{counts.rows / elapsed:,.0f} rows/s"
            f"{' (into empty tables, their keys and indexes added back after)' if load.fast else ''}."
        )
        if shown:
            self.stdout.write(f"Members' password (shared, for benchmarks): {shown}")
        elif settings.DEBUG:
            self.stdout.write(f"Members' password: from ${PASSWORD_ENV}.")
