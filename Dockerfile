# Production image: runtime dependencies only (no embedded PostgreSQL). Two stages: wheels are
# built in the first, the second installs them and nothing else. `make image-check` replays these
# steps without a container engine (docker/image_check.py): the build's and the start's commands
# are the scripts in docker/, run by both.
FROM python:3.13-slim AS wheels
WORKDIR /build
COPY requirements.txt .
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8000
RUN useradd --system --user-group --home-dir /app gymtracker
WORKDIR /app
COPY requirements.txt .
COPY --from=wheels /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels -r requirements.txt && rm -rf /wheels
COPY --chown=gymtracker:gymtracker . .
RUN sh docker/build.sh
USER gymtracker
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "docker/healthcheck.py"]
# Migrations are a release step: `docker run --rm … python manage.py migrate` before starting
# (or MIGRATE_ON_START=true for a single container).
CMD ["sh", "docker/start.sh"]
