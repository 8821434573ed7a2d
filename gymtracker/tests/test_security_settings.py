"""Production settings pass Django's deployment checks; responses carry the security headers."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def production_environment(**overrides):
    # The database stays the one the suite runs on (some checks ask the server for its version):
    # the embedded one, or the test database on the DATABASE_URL server.
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT"}}
    if "DATABASE_URL" in env:
        url = urlsplit(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    env.update(
        {
            "SECRET_KEY": "p" + Fernet.generate_key().decode() * 2,
            "ALLOWED_HOSTS": "gym.example.com",
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        }
    )
    env.update(overrides)
    return env


def manage(*args, env):
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def test_deployment_checks_pass_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = production_environment()
    del env[missing]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_the_database_url_passes_sslmode_through():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['sslmode'])",
        env=production_environment(DATABASE_URL="postgres://u:p@db.example:5432/gym?sslmode=verify-full"),
    )
    assert result.stdout.strip() == "verify-full", result.stderr


def test_responses_carry_the_security_headers(client):
    response = client.get(reverse("home"), secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_cookies_are_secure_and_not_readable_by_scripts():
    assert django_settings.SESSION_COOKIE_SECURE
    assert django_settings.CSRF_COOKIE_SECURE
    assert django_settings.SESSION_COOKIE_HTTPONLY
    assert django_settings.CSRF_COOKIE_HTTPONLY
    assert django_settings.SESSION_COOKIE_AGE <= 14 * 24 * 3600


def test_session_cookie_set_at_login_is_secure_and_http_only(client, staff):
    from gymtracker.testing import TEST_PASSWORD

    response = client.post(reverse("admin:login"), {"username": staff.username, "password": TEST_PASSWORD}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_passwords_must_be_strong():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short1", "password123", "1234567890123"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("squat-rack-at-dawn-47")
