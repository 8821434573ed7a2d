"""Fills an empty development database with demo accounts, plans and weeks of sessions.

It lives in coaching, the app above all the others, because it writes through every app's
services (a coach and their member included)."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import HealthProfile, User
from coaching.services import invite_accept, invite_create
from plans.models import ExerciseKind
from plans.services import ExerciseSpec, plan_create
from progress.models import BodyWeight
from sessions.services import session_start, set_log

# Printed to the console and only ever set in development mode (DEBUG on).
DEMO_PASSWORD = "demo-lift-2026"  # noqa: S105

PLANS = {
    "Push day": [("Bench press", 4, 8, 60), ("Overhead press", 3, 8, 35), ("Dips", 3, 10, 0)],
    "Pull day": [("Deadlift", 3, 5, 100), ("Barbell row", 4, 8, 55), ("Pull-up", 3, 8, 0)],
    "Leg day": [
        ("Back squat", 5, 5, 80),
        ("Romanian deadlift", 3, 10, 60),
        ("Dumbbell lunge", 3, 12, 20),
        ("Plank", 2, 1, 0),  # timed: logged as 45 s and more
    ],
}
NOTES = [
    "Felt strong today, slept well.",
    "Lower back a little tight after deadlifts; kept the weight moderate.",
    "Short on time, skipped the last set.",
    "Great pump, increased the weight on the main lift.",
    "Gym was crowded, waited for the squat rack.",
    None,
]


class Command(BaseCommand):
    help = "Creates demo accounts (member, coach, staff) with plans and sessions, once, in development mode."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--weeks", type=int, default=6, help="Weeks of sessions to create (default 6).")

    def handle(self, *args: Any, weeks: int, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only (DEBUG=true); nothing was created.")
        if User.objects.exists():
            self.stdout.write("Demo data: the database already has accounts; nothing created.")
        else:
            self._create(weeks)
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        if User.objects.filter(username__in=["member", "coach", "staff"]).exists():
            self.stdout.write(
                f"Development accounts: member, coach, staff — password {DEMO_PASSWORD!r} (development only)."
            )

    @transaction.atomic
    def _create(self, weeks: int) -> None:
        rng = random.Random(2026)  # noqa: S311 - demo data, not security
        member = User.objects.create_user("member", "member@example.com", DEMO_PASSWORD)
        coach = User.objects.create_user("coach", "coach@example.com", DEMO_PASSWORD)
        staff = User.objects.create_superuser("staff", "staff@example.com", DEMO_PASSWORD)
        for user, role in [(member, "member"), (coach, "coach"), (staff, "staff")]:
            user.groups.add(Group.objects.get(name=role))
        HealthProfile.objects.create(
            user=member, notes="Old shoulder injury (right); no overhead barbell work.", shared_with_coach=True
        )
        # The coach coaches the member, as if the member had accepted an invite.
        invite_accept(member=member, code=invite_create(coach=coach).code)

        plans = []
        for name, exercises in PLANS.items():
            plan = plan_create(
                user=member,
                name=name,
                description=f"{name} from the demo programme: three training days a week.",
                exercises=[ExerciseSpec(exercise_name=e, sets=s, repetitions=r) for e, s, r, _ in exercises],
            )
            # By exercise of the plan (the plan shows the library's names for what was typed).
            templates = plan.templates.order_by("position")
            plans.append((plan, {t.pk: Decimal(w) for t, (_, _, _, w) in zip(templates, exercises, strict=True)}))

        today = timezone.localdate()
        start = today - datetime.timedelta(weeks=weeks)
        # A body weight each week, so the bodyweight exercises (dips, pull-ups) count their load.
        for week in range(weeks + 1):
            weighed = start + datetime.timedelta(weeks=week)
            BodyWeight.objects.create(user=member, date=weighed, weight_kg=Decimal("82") - Decimal("0.3") * week)
        day = start
        index = 0
        while day < today:
            if day.weekday() in (0, 2, 4):  # Monday, Wednesday, Friday
                plan, start_weights = plans[index % len(plans)]
                week = (day - start).days // 7
                session = session_start(user=member, plan=plan, date=day, notes=rng.choice(NOTES))
                for workout_set in session.sets.select_related("template"):
                    base = start_weights[workout_set.template_id]
                    target = workout_set.target_reps or 0
                    if workout_set.kind == ExerciseKind.DURATION:
                        set_log(
                            workout_set=workout_set,
                            duration_seconds=45 + 5 * week,
                            completed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0))),
                        )
                        continue
                    set_log(
                        workout_set=workout_set,
                        actual_reps=max(0, target - rng.choice([0, 0, 0, 1, 2])),
                        weight_kg=base + Decimal("2.5") * week if base else None,
                        rpe=Decimal(rng.choice(["7", "7.5", "8", "8.5", "9"])),
                        completed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0))),
                    )
                index += 1
            day += datetime.timedelta(days=1)
