"""Column-level encryption for sensitive text that nobody searches (health and injury notes).

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256, from `cryptography`) made with the first
of FIELD_ENCRYPTION_KEYS; every key in the list can still decrypt. To rotate: put a new key first,
run `manage.py rotate_encryption_keys`, then drop the old key.
"""

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def current_fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return current_fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return current_fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same plaintext, encrypted again with the newest key."""
    return current_fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; plaintext in Python, ciphertext in the database.

    Tokens are randomised, so the column cannot be filtered or searched; that is the point.
    """

    description = "Text, encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
