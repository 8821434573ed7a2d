"""Column-level encryption for sensitive text that nobody searches (health and injury notes).

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256, from `cryptography`) made with the first
of FIELD_ENCRYPTION_KEYS; every key in the list can still decrypt. To rotate: put a new key first,
run `manage.py rotate_encryption_keys`, then drop the old key.
"""

import logging
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

log = logging.getLogger(__name__)


class UnreadableText(str):
    """What a token no listed key decrypts reads as (a rotation gone wrong): empty text that
    says so, so a page can show "cannot be shown" instead of failing. It is never written back:
    saving it would replace the member's notes with nothing."""

    unreadable = True

    def __new__(cls) -> "UnreadableText":
        return super().__new__(cls, "")


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
        if value is None:
            return None
        try:
            return decrypt(value)
        except InvalidToken:
            log.error("An encrypted value could not be decrypted with any of FIELD_ENCRYPTION_KEYS.")
            return UnreadableText()

    def get_prep_value(self, value: Any) -> str | None:
        if isinstance(value, UnreadableText):
            raise ValueError("Text that could not be decrypted cannot be saved back.")
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
