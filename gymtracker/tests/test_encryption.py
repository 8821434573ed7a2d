"""Health notes are ciphertext in the database, plaintext in the app, and survive key rotation."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from accounts.models import HealthProfile
from gymtracker.crypto import UnreadableText

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_notes(user):
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM health_profiles WHERE user_id = %s", [user.pk])
        return cursor.fetchone()[0]


def test_notes_are_ciphertext_in_sql_and_plaintext_in_the_app(member, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    HealthProfile.objects.create(user=member, notes="Torn meniscus, left knee")

    raw = raw_notes(member)
    assert "meniscus" not in raw
    assert Fernet(OLD_KEY).decrypt(raw.encode()) == b"Torn meniscus, left knee"
    assert HealthProfile.objects.get(user=member).notes == "Torn meniscus, left knee"


def test_the_same_text_never_encrypts_the_same_way(member, other_member, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    HealthProfile.objects.create(user=member, notes="Asthma")
    HealthProfile.objects.create(user=other_member, notes="Asthma")
    assert raw_notes(member) != raw_notes(other_member)


def test_rotation_re_encrypts_with_the_new_key_and_the_old_key_can_then_go(member, other_member, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    HealthProfile.objects.create(user=member, notes="Shoulder impingement")
    HealthProfile.objects.create(user=other_member, notes="")
    before = raw_notes(member)

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "accounts.HealthProfile.notes: 2 values re-encrypted" in out.getvalue()

    after = raw_notes(member)
    assert after != before
    assert Fernet(NEW_KEY).decrypt(after.encode()) == b"Shoulder impingement"
    with pytest.raises(InvalidToken):
        Fernet(OLD_KEY).decrypt(after.encode())

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert HealthProfile.objects.get(user=member).notes == "Shoulder impingement"
    assert HealthProfile.objects.get(user=other_member).notes == ""


def test_a_value_encrypted_with_an_unknown_key_reads_as_unreadable_not_garbage(member, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    HealthProfile.objects.create(user=member, notes="Private")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    notes = HealthProfile.objects.get(user=member).notes
    assert isinstance(notes, UnreadableText)
    assert notes.unreadable
    assert notes == ""
    # The stored token is still the one the old key made: nothing was lost by reading.
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    assert HealthProfile.objects.get(user=member).notes == "Private"
