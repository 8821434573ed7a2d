"""factory-boy factories for the progress app's models (tests only)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.factories import UserFactory
from progress.models import BodyWeight


class BodyWeightFactory(DjangoModelFactory[BodyWeight]):
    class Meta:
        model = BodyWeight

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    weight_kg = Decimal("80.5")
