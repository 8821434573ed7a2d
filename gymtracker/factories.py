"""factory-boy factories for tests (and nothing else)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from plans.models import WorkoutPlan, WorkoutTemplate
from sessions.models import WorkoutSession, WorkoutSet

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(TEST_PASSWORD)


class WorkoutPlanFactory(DjangoModelFactory[WorkoutPlan]):
    class Meta:
        model = WorkoutPlan

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Plan {n}")
    description = "Three days a week."


class WorkoutTemplateFactory(DjangoModelFactory[WorkoutTemplate]):
    class Meta:
        model = WorkoutTemplate

    plan = factory.SubFactory(WorkoutPlanFactory)
    exercise_name = factory.Iterator(["Bench press", "Back squat", "Deadlift", "Barbell row"])
    sets = 3
    repetitions = 10
    position = factory.Sequence(lambda n: n)


class WorkoutSessionFactory(DjangoModelFactory[WorkoutSession]):
    class Meta:
        model = WorkoutSession

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    notes = "Felt strong."


class WorkoutSetFactory(DjangoModelFactory[WorkoutSet]):
    class Meta:
        model = WorkoutSet

    session = factory.SubFactory(WorkoutSessionFactory)
    template = factory.SubFactory(WorkoutTemplateFactory, plan__user=factory.SelfAttribute("...session.user"))
    actual_reps = 8
    position = factory.Sequence(lambda n: n)
