from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from psycopg import sql

from gymtracker import crypto, rls

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypts every encrypted column with the first key of FIELD_ENCRYPTION_KEYS. Put the new "
        "key first (keeping the old ones after it), run this, then remove the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, crypto.EncryptedTextField):
                    count = self._rotate(model._meta.db_table, str(model._meta.pk.column), str(field.column))
                    self.stdout.write(f"{model._meta.label}.{field.name}: {count} values re-encrypted")

    def _rotate(self, table: str, key: str, column: str) -> int:
        # The raw tokens, not the model's decrypted values: rotation never holds plaintext long.
        names = {"table": sql.Identifier(table), "key": sql.Identifier(key), "column": sql.Identifier(column)}
        first = sql.SQL("SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY {key} LIMIT %s")
        after = sql.SQL(
            "SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL AND {key} > %s ORDER BY {key} LIMIT %s"
        )
        update = sql.SQL("UPDATE {table} SET {column} = %s WHERE {key} = %s")
        done, last = 0, None
        while True:
            # One transaction per batch: a long rotation never holds many rows locked at once.
            with transaction.atomic(), rls.system_context("rotate_encryption_keys"), connection.cursor() as cursor:
                if last is None:
                    cursor.execute(first.format(**names), [BATCH])
                else:
                    cursor.execute(after.format(**names), [last, BATCH])
                rows = cursor.fetchall()
                for pk, token in rows:
                    cursor.execute(update.format(**names), [crypto.rotate(token), pk])
            done += len(rows)
            if len(rows) < BATCH:
                return done
            last = rows[-1][0]
