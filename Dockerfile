# Production image: runtime dependencies only (no embedded PostgreSQL); DATABASE_URL is required.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8000

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic needs settings but no database or real secret.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build python manage.py collectstatic --noinput

RUN useradd --system --home /app gymtracker
USER gymtracker

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn gymtracker.wsgi --bind 0.0.0.0:${PORT} --workers 2 --threads 4"]
