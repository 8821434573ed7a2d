#!/bin/sh
# The image's start command (Dockerfile CMD), replayed by `make image-check`. Migrations are a
# release step of their own (README: "Production image"); MIGRATE_ON_START=true runs them first,
# for a single container with nobody else migrating.
set -eu
if [ "${MIGRATE_ON_START:-false}" = "true" ]; then
    python manage.py migrate --noinput
fi
exec gunicorn --config gunicorn.conf.py gymtracker.wsgi
