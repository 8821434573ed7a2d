"""factory-boy factories for the sessions app's models (tests only)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.factories import UserFactory
from plans.factories import WorkoutTemplateFactory
from sessions.models import WorkoutSession, WorkoutSet


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
