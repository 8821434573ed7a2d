"""Migrations are complete (no model change without one) and reversible to nothing and back."""

import io

import pytest
from django.core.management import call_command
from django.db import connection


def test_models_and_migrations_agree(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def public_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_every_migration_reverses_to_an_empty_schema_and_applies_again():
    before = public_tables()
    assert "workout_sets" in before

    # Unapplying an app unapplies everything that depends on it; these cover every app.
    for app_label in ["accounts", "sessions", "axes", "auth", "contenttypes"]:
        call_command("migrate", app_label, "zero", verbosity=0)
    assert public_tables() == ["django_migrations"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace")
        assert cursor.fetchall() == []  # the functions of every app's sql/ went with its migrations

    call_command("migrate", verbosity=0)
    assert public_tables() == before
