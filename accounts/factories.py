"""factory-boy factories for the accounts app's models (tests only)."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from gymtracker.testing import TEST_PASSWORD


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(TEST_PASSWORD)
