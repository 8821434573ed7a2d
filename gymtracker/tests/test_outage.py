"""A database outage is a 503 with Retry-After and the styled page, and the app comes back by
itself when the database does.

Stopping the suite's own embedded PostgreSQL would break every other test's connection, so this
test points the app's connection at a second, throwaway embedded cluster of its own (made in a
temporary folder, with the app's role and no tables), stops it, and starts it again.
"""

import contextlib
import os
import tempfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from gymtracker import rls
from gymtracker.embedded_db import embedded_database, stop_embedded_database

NAME = "outage"


@pytest.fixture
def throwaway_database(django_db_blocker):
    folder = Path(tempfile.mkdtemp(prefix="gymtracker-outage-"))
    os.chmod(folder, 0o777)  # noqa: S103 - the server runs as its own user when the tests run as root
    data_dir = folder / "pg"
    params = embedded_database(data_dir, name=NAME)
    with psycopg.connect(dbname=NAME, user=params["USER"], host=params["HOST"], port=params["PORT"]) as bare:
        bare.execute(f'CREATE ROLE "{rls.app_role()}" NOLOGIN')  # the role every connection switches to
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(NAME=NAME, HOST=params["HOST"], PORT=params["PORT"])
        try:
            yield data_dir
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)
            with contextlib.suppress(Exception):
                stop_embedded_database(data_dir, delete=True)


def test_while_the_database_is_down_pages_are_503_with_retry_after_and_all_is_well_after(throwaway_database):
    client = Client(raise_request_exception=False)  # as a browser sees it: the page, not the error
    assert client.get("/").status_code == 200
    assert client.get("/readyz").status_code == 200

    stop_embedded_database(throwaway_database)
    page = client.get("/")
    assert page.status_code == 503
    assert page["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert "briefly unavailable" in page.content.decode()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert ready.json()["database"] is False
    # Liveness does not depend on the database: the process itself is fine.
    assert client.get("/healthz").status_code == 200

    embedded_database(throwaway_database, name=NAME)
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 200
