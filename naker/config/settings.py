"""Settings for Kadin for Naker: one module, read from the environment.

Every secret comes from the environment. In development (NAKER_ENV unset or "development") missing
secrets are generated once into var/dev-secrets.json so that `make run` works on a fresh machine;
in production a missing secret stops the start.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from naker.core.secrets import load_secrets

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NAKER_VAR_DIR", BASE_DIR / "var"))

NAKER_ENV = os.environ.get("NAKER_ENV", "development")
PRODUCTION = NAKER_ENV == "production"
DEBUG = os.environ.get("DJANGO_DEBUG", "0" if PRODUCTION else "1") == "1"

_secrets = load_secrets(VAR_DIR, production=PRODUCTION)
SECRET_KEY = _secrets["SECRET_KEY"]
# Fernet keys for encrypted fields; the first encrypts, all decrypt (rotation).
NAKER_FIELD_KEYS: list[str] = _secrets["NAKER_FIELD_KEYS"].split(",")
# Key of the HMAC that makes the NIK's lookup hash.
NAKER_HASH_KEY: str = _secrets["NAKER_HASH_KEY"]
# Private key (PEM) that signs credentials; used by the credentials app.
NAKER_SIGNING_KEY_PEM: str = _secrets.get("NAKER_SIGNING_KEY_PEM", "")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "naker.core",
    "naker.regions",
    "naker.skills",
    "naker.accounts",
    "naker.organizations",
    "naker.learning",
    "naker.credentials",
    "naker.jobs",
    "naker.outreach",
    "naker.insights",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request (naker.core.jsonlog).
    "naker.core.jsonlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed (static files come pre-compressed from whitenoise, above). Django's
    # GZip middleware pads each response with random bytes in the gzip header against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "naker.core.pages.DomainErrorMiddleware",
    # Last, so its process_exception runs first: a database that cannot answer is a 503, not a 500.
    "naker.core.pages.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "naker.config.urls"
WSGI_APPLICATION = "naker.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "naker" / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # The request's one masked CSRF token, for every form of the response (naker.core.shell).
                "naker.core.shell.csrf",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The menu's cache key (naker.core.layout); the two below are only read when the
                # menu is made again.
                "naker.core.layout.layout",
                "naker.organizations.context_processors.navigation",
                "naker.insights.context_processors.navigation",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------------
# SQLite by default: WAL so readers never wait for the writer, IMMEDIATE transactions so that two
# writers queue on the busy timeout instead of failing with "database is locked".
SQLITE_PATH = VAR_DIR / "naker.sqlite3"
# An empty DATABASE_URL means "the default" too (CI runs the suite once with it blanked).
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}"
# Connections are kept between requests (one per gunicorn worker and thread) and checked before
# reuse, so a restarted database costs one failed check, not an error page
# (docs/decisions/0013-fast-pages.md). NAKER_CONN_MAX_AGE=0 opens one per request again.
CONN_MAX_AGE = int(os.environ.get("NAKER_CONN_MAX_AGE", "600"))
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's PostgreSQL backend, with the health check made by the request's first statement where
    # it may run twice (a SELECT outside a transaction), not by a SELECT 1 before it (naker.core.postgres).
    DATABASES["default"]["ENGINE"] = "naker.core.postgres"
    # Statements whose text is made once (naker.core.kept_sql) are prepared on the server after this
    # many runs on a connection, so PostgreSQL plans them once (issue 13). Django's own cursors bind
    # on the client and never prepare. Behind PgBouncer in transaction mode (older than 1.21, or
    # without max_prepared_statements) set NAKER_DB_PREPARE_THRESHOLD=off.
    _prepare = os.environ.get("NAKER_DB_PREPARE_THRESHOLD", "5").strip().lower()
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = int(_prepare) if _prepare.isdigit() else None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            # secure_delete: an erased person's data is overwritten, not left in free pages (UU PDP).
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
            " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, tasks -----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis, and the database while Redis cannot be reached (naker.core.cache): a stopped Redis costs
    # cache misses, never an error page; throttling counters go on counting in the database.
    CACHES = {
        "default": {
            "BACKEND": "naker.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "FALLBACK": "fallback",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
        "fallback": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "naker_cache"},
    }
else:
    # Room for each signed-in person's session and menu and the kept parts of pages (issue 13):
    # Django's default of 300 entries would drop them for each other with a hundred people about.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 10000}}
    }

TASKS: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": os.environ.get("NAKER_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# The production layout runs tasks on RQ (Redis) through django-tasks-rq; its workers are
# `manage.py rqworker default --job-class django_tasks_rq.Job` (deploy/).
# naker.core.task_backend.RQBackendWithOutbox is RQ that keeps tasks in the database ("outbox") while
# Redis cannot be reached; the scheduler moves them onto RQ when it answers again.
RQ_BACKENDS = ("django_tasks_rq.RQBackend", "naker.core.task_backend.RQBackendWithOutbox")
if TASKS["default"]["BACKEND"] in RQ_BACKENDS:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    TASKS["outbox"] = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    RQ_QUEUES = {"default": {"URL": os.environ.get("NAKER_RQ_URL", REDIS_URL), "DEFAULT_TIMEOUT": 3600}}

# Periodic work, scheduled by the platform itself (`manage.py run_scheduler`, naker.core.periodic):
# cron in TIME_ZONE. Apps add their own jobs (retention of what they keep) with
# naker.core.periodic.register()/retention() in their AppConfig.ready().
NAKER_PERIODIC_JOBS = [
    {
        "name": "insights.refresh",
        "func": "naker.insights.services.refresh_aggregates",
        "cron": os.environ.get("NAKER_CRON_INSIGHTS_REFRESH", "*/15 * * * *"),
        "description": "Adds what happened since the last refresh to the dashboards' aggregates",
    },
    {
        "name": "insights.weekly_summaries",
        "func": "naker.insights.services.send_weekly_summaries",
        "cron": os.environ.get("NAKER_CRON_WEEKLY_SUMMARIES", "0 7 * * mon"),
        "description": "Monday 07:00: each officer's weekly summary by email",
        "min_interval_hours": 24 * 6,
    },
]
# Where `manage.py backup` writes (keep it on another disk or copy it off the machine).
NAKER_BACKUP_DIR = Path(os.environ.get("NAKER_BACKUP_DIR", VAR_DIR / "backups"))
NAKER_LOGIN_RECORDS_DAYS = int(os.environ.get("NAKER_LOGIN_RECORDS_DAYS", "90"))

# Sessions: read from the cache, written through to the database (naker.core.sessions: Django's
# "cached_db", so a cache restart logs nobody out), so that a page costs no session query. With the
# per-process local-memory cache a process keeps a session at most NAKER_SESSION_CACHE_SECONDS, so a
# logout reaches the other processes within a minute; with Redis (shared) no cap is needed.
SESSION_ENGINE = os.environ.get("NAKER_SESSION_ENGINE", "naker.core.sessions")
NAKER_SESSION_CACHE_SECONDS: int | None = None if REDIS_URL else 60
# Bearer tokens are resolved once and cached this long (revoking one drops it from the cache at
# once; with the per-process cache, other processes drop it within this time).
NAKER_TOKEN_CACHE_SECONDS = 60 if REDIS_URL else 30
# Each person's menu is rendered once and kept (naker.core.layout); a change to what it shows makes
# a new one at once in the process that made the change, and in the others within this time with the
# per-process cache (with Redis: at once everywhere; the time then bounds what no signal reports).
NAKER_MENU_CACHE_SECONDS = 600 if REDIS_URL else 60
# What the catalogue and the course pages show is the same for everyone and kept per catalogue
# version (naker.learning.catalogue): a change shows at once in the process that made it, in the
# others within this time with the per-process cache; the "most learners" order lags by as much.
NAKER_CATALOGUE_CACHE_SECONDS = 300 if REDIS_URL else 60

# --- auth -------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "naker.accounts.backends.PhoneOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "core:home"

# Throttle per account and per account + address, never per address alone: many workers share
# one carrier-grade NAT address or an event's Wi-Fi.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# Hard lock per account + address only; per account (any address) a growing delay instead
# (naker.accounts.selectors.login_delay), so a stranger who knows a phone number cannot lock its owner out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "naker.accounts.backends.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "naker.accounts.views.locked_out"
AXES_VERBOSE = False

NAKER_TOKEN_TTL_DAYS = 30
NAKER_RESET_CODE_TTL_MINUTES = 30
NAKER_CONSENT_VERSION = "2026-11"
# Member imports (and their refused rows' files, which name people) are deleted after this many days.
NAKER_IMPORT_RETENTION_DAYS = int(os.environ.get("NAKER_IMPORT_RETENTION_DAYS", "30"))

# Evidence for competency certification (scans, photos): outside the web root, served only through
# a view that checks who asks (naker.credentials.certification.files).
NAKER_EVIDENCE_DIR = Path(os.environ.get("NAKER_EVIDENCE_DIR", VAR_DIR / "evidence"))
NAKER_EVIDENCE_MAX_BYTES = int(os.environ.get("NAKER_EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))

# A JSON body or form above 2.5 MiB is refused with 413 (docs/decisions/0009-input-limits.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "naker" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- static -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Tests and `make dev` serve straight from the apps' static folders under their plain names;
# `make run` and production serve what collectstatic gathered: hashed names, cached for a year,
# pre-compressed (gzip/brotli), which is what a phone downloads (naker.core.staticfiles).
WHITENOISE_USE_FINDERS = not PRODUCTION and os.environ.get("NAKER_STATIC_COLLECTED") != "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {"BACKEND": "naker.core.staticfiles.ManifestStaticStorage"},
}
# Uploaded lesson media (images, recordings) live under media/public/ and are served at /media/public/
# (by nginx in production, by naker.core.views.public_media otherwise); the rest of media/ is private.
MEDIA_URL = "/media/"

# --- email ------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
# Used by the file-based email backend (the loopback production layout has no mail server).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kadin for Naker <noreply@naker.id>")

# --- security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Behind nginx (production): the client's address is the last one nginx appended to X-Forwarded-For
# (login throttling counts per account + address; registrations per address). django-ipware is not
# installed, so axes asks naker.core.audit.client_ip (which reads NAKER_PROXY_COUNT) for it.
NAKER_PROXY_COUNT = int(os.environ.get("NAKER_PROXY_COUNT", "1" if PRODUCTION else "0"))
AXES_CLIENT_IP_CALLABLE = "naker.core.audit.client_ip"

# Logs: plain text by default; in production one JSON object a line, one line per request (request
# id, user id, route pattern, status, duration), never a NIK, phone, name or token (naker.core.jsonlog).
NAKER_LOG_FORMAT = os.environ.get("NAKER_LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "naker.core.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"} | ({"formatter": "json"} if NAKER_LOG_FORMAT == "json" else {}),
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# /metrics (Prometheus) answers loopback only; with a token set, whoever sends it as a bearer token.
NAKER_METRICS_TOKEN = os.environ.get("NAKER_METRICS_TOKEN", "")

# Where links in messages (invitations) point.
NAKER_PUBLIC_URL = os.environ.get("NAKER_PUBLIC_URL", "http://127.0.0.1:8000")
# Invitation links and password-reset links stay valid for a week.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600
