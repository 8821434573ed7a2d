#!/bin/sh
# The image's build step (Dockerfile), replayed as it is by `make image-check`: collect the static
# files. The settings refuse to load without their secrets, none of which collectstatic uses, so
# it gets values made for the build alone (never the running app's: those come at run time).
set -eu
SECRET_KEY=build-only-not-a-secret \
FIELD_ENCRYPTION_KEYS=YnVpbGQtb25seS1rZXktbm90LWEtc2VjcmV0LTAwMDA= \
DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput --verbosity 0
