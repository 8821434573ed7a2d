"""factory-boy factories for the plans app's models (tests only)."""

import factory
from factory.django import DjangoModelFactory

from accounts.factories import UserFactory
from plans.models import Exercise, WorkoutPlan, WorkoutTemplate


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
    exercise_name = factory.Iterator(
        ["Bench Press (Barbell)", "Squat (Barbell)", "Deadlift (Barbell)", "Bent Over Row (Barbell)"]
    )
    sets = 3
    repetitions = 10
    position = factory.Sequence(lambda n: n)


class ExerciseFactory(DjangoModelFactory[Exercise]):
    """A member's own exercise (the library's are loaded by migration)."""

    class Meta:
        model = Exercise

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Custom lift {n}")
