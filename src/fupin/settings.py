"""The one settings module. Deployment values come from environment variables:

- ``DATABASE_URL``: ``sqlite:////srv/fupin/fupin.sqlite3`` or ``postgres://user:pass@host/db``;
  without it, ``fupin.sqlite3`` in the data directory.
- ``FUPIN_DATA_DIR``: where the SQLite file, uploads and generated files live (default ``var/``
  beside the source tree).
- ``FUPIN_SECRET_KEY``: the signing key; without it a key is generated once and kept in the data
  directory (give it explicitly when several servers share one database).
- ``FUPIN_ALLOWED_HOSTS``: comma-separated host names (default: localhost names).
- ``FUPIN_HTTPS=1``: the site is served over HTTPS behind a proxy; cookies are then marked secure,
  and ``fupin serve`` trusts X-Forwarded-Proto from ``FUPIN_TRUSTED_PROXY`` (default 127.0.0.1).
- ``FUPIN_DEBUG=1``: development mode.
- ``FUPIN_BACKUP_DIR``, ``FUPIN_BACKUP_KEEP``: where ``fupin backup --rotate`` writes the daily
  backup and how many it keeps (default 7); ``FUPIN_PG_BIN``: the directory of ``pg_dump`` and
  ``psql`` when they are not found by themselves.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_DIR.parent.parent

DATA_DIR = Path(os.environ.get("FUPIN_DATA_DIR", SOURCE_ROOT / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """A key from the environment, or one generated on first start and kept in the data directory,
    so that a fresh office install needs no manual step and sessions survive a restart."""
    if key := os.environ.get("FUPIN_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="ascii")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("FUPIN_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("FUPIN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "fupin.core",
    "fupin.regions",
    "fupin.accounts",
    "fupin.jobs",
    "fupin.registry",
    "fupin.standards",
    "fupin.rules",
    "fupin.assessment",
    "fupin.alerts",
    "fupin.monitoring",
    "fupin.benefits",
    "fupin.grid",
    "fupin.visits",
    "fupin.projects",
    "fupin.ledger",
    "fupin.reports",
    "fupin.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fupin.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who may open each address: one table (accounts/permissions.py), before any view runs.
    "fupin.accounts.permissions.PermissionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fupin.urls"
WSGI_APPLICATION = "fupin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fupin.accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fupin.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the background worker writes; IMMEDIATE transactions
    # take the write lock up front, so two writers queue instead of failing with "locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=30000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security -------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "fupin.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fupin.accounts.passwords.LettersAndDigitsValidator"},
]

# Login throttling: after this many failures in a row a user name is locked for the period.
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCK_PERIOD = timedelta(minutes=15)

# Sessions end after two idle hours and when the browser closes: office PCs are shared.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "fupin.core.views.csrf_failure"

HTTPS = os.environ.get("FUPIN_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = False  # TLS is terminated by the office's reverse proxy, if any
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60

# --- Language, time ----------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["fupin.formats"]  # dates as 2020-04-16, numbers as 12,345
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: everything is served by fupin itself, for offline intranets -----------------

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at every start when it is missing
# The project-level assets (fupin's CSS and JS, vendored htmx and ECharts): ``fupin`` itself is not
# an installed app, so the app-directories finder would not see them.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the package so that no collectstatic step is needed on an office PC.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

# --- Background work ---------------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": os.environ.get("FUPIN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Backups (docs/operations.md §5) -----------------------------------------------------------

BACKUP_DIR = Path(os.environ["FUPIN_BACKUP_DIR"]) if os.environ.get("FUPIN_BACKUP_DIR") else None
BACKUP_KEEP = int(os.environ.get("FUPIN_BACKUP_KEEP", "7"))
PG_BIN_DIR = os.environ.get("FUPIN_PG_BIN") or None

# --- Logging -------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"fupin": {"level": "INFO"}},
}

# --- API -------------------------------------------------------------------------------------

NINJA_PAGINATION_PER_PAGE = 50
