"""One env-driven settings module. SQLite under var/ by default; DATABASE_URL selects PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("SAMEN_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("SAMEN_DEBUG", "0") == "1"
# Demo mode creates one account per role with a known password; never on outside demo mode.
DEMO_MODE = os.environ.get("SAMEN_DEMO", "1") == "1"
DEMO_PASSWORD = os.environ.get("SAMEN_DEMO_PASSWORD", "samen-demo")

_secret = os.environ.get("SAMEN_SECRET_KEY", "")
if not _secret:
    if not DEMO_MODE and not DEBUG:
        raise RuntimeError("SAMEN_SECRET_KEY must be set outside demo mode")
    _secret = "samen-demo-only-insecure-key-not-for-production-use-0123456789"
SECRET_KEY = _secret
ALLOWED_HOSTS = [h for h in os.environ.get("SAMEN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "samen.accounts",
    "samen.audit",
    "samen.agreements",
    "samen.parties",
    "samen.governance",
    "samen.records",
    "samen.proposals",
    "samen.cooperation",
    "samen.documents",
    "samen.disputes",
    "samen.invoicing",
    "samen.web",
    # Reminders by e-mail (samen.reminders), run by django-tasks with its database backend (no broker).
    "django_tasks",
    "django_tasks_db",
    "samen.reminders",
    "samen.budgets",
]

MIDDLEWARE = [
    # First: API-Version, problem+json and the HTTPS and body limits on everything under /api/.
    "samen.api_support.ApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # GET /healthz answers here, before any session, CSRF or login middleware (samen.ops.health).
    "samen.ops.health.HealthCheckMiddleware",
    # Then a repeated bearer-token GET of an API list nothing has changed since gets the first answer's bytes and
    # headers (samen.api_support.KeptListMiddleware), without the session, login and page middleware below.
    "samen.api_support.KeptListMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samen.accounts.middleware.SessionRenewalMiddleware",
    "samen.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Accounts: whether the session passed the second factor, and refusing it where it must have.
    "samen.accounts.middleware.OTPMiddleware",
    "samen.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy built once while nothing changes it (samen.core.csp).
    "samen.core.csp.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samen.urls"
WSGI_APPLICATION = "samen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The forms' CSRF token masked with one read of the OS's randomness (Django's built-in reads it
                # once per character); overrides the built-in processor's `csrf_token`.
                "samen.web.csrf_token.csrf",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'samen.sqlite3'}"
# Persistent connections: each worker thread keeps its connection for up to SAMEN_DB_CONN_MAX_AGE seconds (default 60)
# instead of opening one per request (for PostgreSQL a new server process each time); checked before reuse, so a
# restarted database costs one failed check, not a failed request (docs/operations.md).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db),
        conn_max_age=int(os.environ.get("SAMEN_DB_CONN_MAX_AGE", "60") or "0"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE takes the write lock at BEGIN, so two
    # writers queue instead of failing halfway (this also serialises the audit chain's appends).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

# Login lockout (BIO / OWASP ASVS V2.2): five failures for one username from one address lock
# that combination for fifteen minutes. The lockout backend must come first.
# The model backend is samen's demo guard (accounts/demo_guard.py): outside demo mode the demo
# accounts neither log in nor keep a session.
AUTHENTICATION_BACKENDS = ["samen.accounts.backends.LockoutBackend", "samen.accounts.demo_guard.DemoGuardedModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("SAMEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# --- Accounts (issue 7, section 3): two factors, passwords, sessions, lockout, tokens ------------
# docs/security.md explains each choice.
# Two-factor login (django-otp, TOTP + recovery codes) for the roles in TWO_FACTOR_ROLES.
TWO_FACTOR_ROLES = ("secretariat", "chair", "finance")
OTP_TOTP_ISSUER = "samen"
# In demo mode only: the demo accounts of those roles are enrolled with this base32 secret.
DEMO_TOTP_SECRET = os.environ.get("SAMEN_DEMO_TOTP_SECRET", "SAMENDEMOSECRET2SAMENDEMOSECRET2")
# Sessions end after this many minutes without a request (a request renews the cookie, at most once a minute).
SESSION_IDLE_MINUTES = int(os.environ.get("SAMEN_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Django's database sessions, read by a statement compiled once per connection (samen.accounts.sessions).
SESSION_ENGINE = "samen.accounts.sessions"
# Renewed on a request at most once a minute (accounts.middleware.SessionRenewalMiddleware), not saved on every one.
SESSION_SAVE_EVERY_REQUEST = False
# Lockout per username across addresses (besides django-axes' per username+address above):
# this many failures for one username within the window lock that username, from any address.
LOGIN_USERNAME_FAILURE_LIMIT = int(os.environ.get("SAMEN_LOGIN_USERNAME_FAILURE_LIMIT", "20"))
LOGIN_USERNAME_WINDOW_MINUTES = int(os.environ.get("SAMEN_LOGIN_USERNAME_WINDOW_MINUTES", "15"))
# API bearer tokens expire after this many days.
TOKEN_DAYS = int(os.environ.get("SAMEN_TOKEN_DAYS", "90"))
# Password reset by e-mail: files under var/mail/ in demo mode, SMTP from SAMEN_EMAIL_* otherwise.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link works for two hours
DEFAULT_FROM_EMAIL = os.environ.get("SAMEN_EMAIL_FROM", "samen@localhost")
if DEMO_MODE and not os.environ.get("SAMEN_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("SAMEN_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("SAMEN_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("SAMEN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("SAMEN_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("SAMEN_EMAIL_USE_TLS", "1") == "1"
    EMAIL_TIMEOUT = 20
# --- end of accounts -----------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Serve from the finders too, so tests and a fresh checkout need no collectstatic first.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [p for p in [PROJECT_DIR / "build" / "static"] if p.exists()]

# Content Security Policy: only our own scripts, styles and forms; no inline script, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF, "data:"],
        "connect-src": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "base-uri": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
        "object-src": [csp_constants.NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Production security (issue 7 §2; docs/operations.md lists the production environment) ---
# Outside demo mode the defaults are the safe ones: cookies only over HTTPS and plain HTTP
# redirected to HTTPS. Behind a TLS proxy, SAMEN_BEHIND_TLS_PROXY=1 trusts its X-Forwarded-Proto
# (the proxy must set it and strip it from clients). HSTS is off until SAMEN_HSTS_SECONDS is set,
# because a browser remembers it. `python -m django check --deploy` is clean with the documented
# environment (tests/ops/test_deploy_check.py).


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    return default if not raw else raw in ("1", "true", "yes", "on")


SECURE_SSL_REDIRECT = _flag("SAMEN_SSL_REDIRECT", not DEMO_MODE)
# Load balancers probe /healthz over plain HTTP on the app server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if _flag("SAMEN_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = _flag("SAMEN_SECURE_COOKIES", not DEMO_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SAMEN_HSTS_SECONDS", "0") or "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SAMEN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("SAMEN_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SAMEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Uploaded files: readable by the service user only (var/ itself is 0700, see samen.ops.files).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SAMEN_MEDIA_DIR", VAR_DIR / "media"))
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Documents (samen.documents; docs/operations.md, "Stukken") ---
# Uploaded agendas, memos, minutes and decisions: PDF, ODT, DOCX or XLSX, type checked by content, at most
# SAMEN_DOCUMENT_MAX_BYTES (20 MB). Stored under random names in the storage alias "documents": a directory
# under var/ (files 0600, directories 0700) by default, or S3-compatible object storage with
# SAMEN_DOCUMENT_STORAGE=s3 (django-storages; needs `pip install boto3`).
SAMEN_DOCUMENT_MAX_BYTES = int(os.environ.get("SAMEN_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
SAMEN_DOCUMENTS_DIR = Path(os.environ.get("SAMEN_DOCUMENTS_DIR", VAR_DIR / "documents"))
SAMEN_DOCUMENT_STORAGE = os.environ.get("SAMEN_DOCUMENT_STORAGE", "filesystem").strip().lower() or "filesystem"
if SAMEN_DOCUMENT_STORAGE == "s3":
    _documents_storage: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("SAMEN_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("SAMEN_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SAMEN_S3_REGION") or None,
            "access_key": os.environ.get("SAMEN_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("SAMEN_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("SAMEN_S3_PREFIX", "documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif SAMEN_DOCUMENT_STORAGE == "filesystem":
    _documents_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": SAMEN_DOCUMENTS_DIR, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    }
else:
    raise ImproperlyConfigured(f"SAMEN_DOCUMENT_STORAGE must be 'filesystem' or 's3', not {SAMEN_DOCUMENT_STORAGE!r}")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": _documents_storage,
}
# --- end of production security ---

# --- The API: cache and limits (NL API Design Rules; issue 7, "Unbounded anonymous work") -----------------
# The rate limit counts in Django's cache; the database cache table (`samen setup` and the tests create it
# with createcachetable) is shared by every app process and server, so the limit holds when scaled out.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samen_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
    }
}
# A request body above this many bytes answers 413 before anything reads it (2.5 MB, Django's own default).
SAMEN_API_MAX_BODY_BYTES = int(os.environ.get("SAMEN_API_MAX_BODY_BYTES", str(2_621_440)))
DATA_UPLOAD_MAX_MEMORY_SIZE = SAMEN_API_MAX_BODY_BYTES
# POST /api/v1/evaluate: facts per scenario without and with login; requests per window per address
# (anonymous) or per user.
SAMEN_API_MAX_FACTS_ANON = int(os.environ.get("SAMEN_API_MAX_FACTS_ANON", "1000"))
SAMEN_API_MAX_FACTS_USER = int(os.environ.get("SAMEN_API_MAX_FACTS_USER", "20000"))
SAMEN_API_ANON_RATE = int(os.environ.get("SAMEN_API_ANON_RATE", "30"))
SAMEN_API_USER_RATE = int(os.environ.get("SAMEN_API_USER_RATE", "120"))
SAMEN_API_RATE_WINDOW = int(os.environ.get("SAMEN_API_RATE_WINDOW", "60"))  # seconds
# The header a reverse proxy sets to the client's address (e.g. HTTP_X_REAL_IP); empty: REMOTE_ADDR.
SAMEN_CLIENT_ADDRESS_HEADER = os.environ.get("SAMEN_CLIENT_ADDRESS_HEADER", "")
# API clients must not be redirected from HTTP to HTTPS (they would follow with their token already sent):
# outside demo mode the API answers 403 api.https-required instead (samen.api_support.ApiMiddleware).
SECURE_REDIRECT_EXEMPT = [*SECURE_REDIRECT_EXEMPT, r"^api/"]
# --- end of the API block ------------------------------------------------------------------------------------

# --- Publication: calendar feeds and the ORI export (docs/operations.md, "Public address") ---------------
# The address users and the public reach samen at (scheme and host, no trailing slash), e.g.
# https://samen.enschede.nl. The calendar feed links on the account page and the @id's of the ORI export
# are built on it, so they stay the same whichever server or command makes them. Empty: pages use the
# address of the request, the command line http://localhost:8000.
SAMEN_BASE_URL = os.environ.get("SAMEN_BASE_URL", "").strip().rstrip("/")
# Older secret keys that still open calendar feed links (and verify audit MACs) after SAMEN_SECRET_KEY
# was rotated: a comma-separated list. Drop a key once the users had time to follow the new links.
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SAMEN_SECRET_KEY_FALLBACKS", "").split(",") if k]
# Requests per minute one user's calendar feed answers (calendar clients ask every 15-60 minutes).
SAMEN_CALENDAR_RATE = int(os.environ.get("SAMEN_CALENDAR_RATE", "30"))
# --- end of publication ----------------------------------------------------------------------------------

SAMEN_AGREEMENTS_DIR = Path(os.environ.get("SAMEN_AGREEMENTS_DIR", PROJECT_DIR / "agreements"))
SAMEN_DEFAULT_AGREEMENT = os.environ.get("SAMEN_AGREEMENT", "twente-vth-2024")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMEN_LOG_LEVEL", "WARNING")},
}

# --- Reminders by e-mail (samen.reminders; docs/operations.md, "Reminders") --------------------------------
# The task queue is the database (django-tasks with django-tasks-db): `samen reminders worker` runs it,
# `samen reminders send [--as-of DATE]` runs the reminders once (cron, tests). Mail goes where EMAIL_BACKEND says.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _days(raw: str) -> tuple[int, ...]:
    """ "30,7" -> (30, 7): how many days before a deadline a reminder goes, largest first (1-366 each)."""
    found = sorted({int(x) for x in raw.replace(" ", "").split(",") if x}, reverse=True)
    if not found or any(not 1 <= d <= 366 for d in found):
        raise ValueError(f"SAMEN_REMINDER_DAYS: days between 1 and 366, comma-separated, not {raw!r}")
    return tuple(found)


SAMEN_REMINDER_DAYS = _days(os.environ.get("SAMEN_REMINDER_DAYS", "30,7"))
# A "passed" reminder goes for a deadline that passed (overdue or passed) at most this many days ago,
# so that a first run on an old database does not mail years of history.
SAMEN_REMINDER_PASSED_WINDOW = int(os.environ.get("SAMEN_REMINDER_PASSED_WINDOW", "14"))
# The weekday (0 = Monday) the weekly digest (weekoverzicht) goes on; a digest also goes when its oldest
# reminder waited a week (a missed day), so nothing waits longer than that.
SAMEN_REMINDER_DIGEST_WEEKDAY = int(os.environ.get("SAMEN_REMINDER_DIGEST_WEEKDAY", "0"))
# When the daily run starts (hour, Europe/Amsterdam) under `samen reminders worker`.
SAMEN_REMINDER_HOUR = int(os.environ.get("SAMEN_REMINDER_HOUR", "7"))
