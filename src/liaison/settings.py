"""Liaison settings: everything that differs between machines comes from the environment.

DATABASE_URL      sqlite:///path or postgres://user@host:port/name (default: var/liaison.sqlite3)
SECRET_KEY        required when DEBUG is off
DEBUG             "1" to turn on debugging (default off; `make run` turns it on)
ALLOWED_HOSTS     comma-separated host names (default: localhost names)
REDIS_URL         the shared cache (rate limits, the "now on stage" cache); unset: the
                  database's cache table in production, this process's memory with DEBUG
CELERY_BROKER_URL redis://127.0.0.1:6379/0 to run background tasks in Celery; unset = inline
JITSI_BASE_URL    a self-hosted Jitsi Meet server, e.g. https://meet.example.org/ (online channel)
VIDEO_MAX_BYTES   the largest video message accepted (default 2 GB)
EMAIL_BACKEND     console (default), smtp, or filebased (with EMAIL_FILE_PATH); EMAIL_HOST,
                  EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL for smtp
SITE_URL          the public address links in e-mails start with, e.g. https://liaison.example
NEWSROOM_SEAL_KEY key of the seals on published news releases (HMAC-SHA256); required when
                  DEBUG is off; kept out of the database so a database write cannot forge a seal
MEDIA_ROOT        where uploaded files go (default: var/media); MEDIA_STORAGE=s3 with the
                  AWS_* variables puts them in an S3-compatible bucket instead
STATIC_ROOT       where `liaison serve` collects the static files (default: staticfiles/)
README.md, "Running in production", lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LIAISON_VAR_DIR", PROJECT_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DEBUG")
# Set by the test suite's own settings module (tests/settings.py), never guessed.
TESTING = _flag("LIAISON_TESTING")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set the SECRET_KEY environment variable (or DEBUG=1 "
            "for a development server)"
        )
    # The development server only (DEBUG=1); the tests set their own key.
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105

# The newsroom seals every published revision with an HMAC under this key (see
# liaison.newsroom.seal). It must live outside the database: whoever can write the database
# must not be able to forge a seal.
NEWSROOM_SEAL_KEY = os.environ.get("NEWSROOM_SEAL_KEY", "")
if not NEWSROOM_SEAL_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "NEWSROOM_SEAL_KEY is not set: set the NEWSROOM_SEAL_KEY environment variable to a "
            'long random secret (e.g. the output of `python -c "import secrets; '
            'print(secrets.token_hex(32))"`), kept outside the database; the newsroom seals '
            "published releases with it"
        )
    # The development server and the tests only.
    NEWSROOM_SEAL_KEY = "insecure-development-newsroom-seal-key"  # noqa: S105

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "liaison.sqlite3",
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:  # the library raises several kinds; all mean a bad URL
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL Liaison can use ({exc}); expected e.g. "
            "postgres://user@127.0.0.1:5432/liaison or sqlite:///var/liaison.sqlite3"
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database ({engine or 'unknown'}); "
            "use postgres:// or sqlite://"
        )
    if engine.endswith("sqlite3") and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL (sqlite) must name a file: sqlite:///path")
    return config


DATABASES = {"default": _database()}
# A connection kept between requests (CONN_MAX_AGE) is checked before it is reused, so that
# a web process recovers by itself after the database restarts (a stale connection would
# fail one request per process otherwise).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "DB_CONN_MAX_AGE" in os.environ:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["DB_CONN_MAX_AGE"])
if TESTING:
    # Tests (and the live server of the browser tests) must not keep connections open,
    # or PostgreSQL refuses to drop the test database at the end.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "liaison.core",
    "liaison.search",
    "liaison.events",
    "liaison.registration",
    "liaison.attendance",
    "liaison.programme",
    "liaison.site",
    "liaison.console",
    "liaison.api",
    "liaison.newsroom",
    "liaison.matchmaking",
    "liaison.privacy",
]

MIDDLEWARE = [
    "liaison.core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "liaison.core.security.ContentSecurityPolicyMiddleware",
    # GET .../now/ answered here, before sessions, users, CSRF (liaison.programme.middleware)
    "liaison.programme.middleware.NowMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "liaison.urls"
WSGI_APPLICATION = "liaison.wsgi.application"

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
            ],
        },
    },
]

# Argon2 for new and changed passwords; older hashes still verify and are upgraded on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:events"
LOGOUT_REDIRECT_URL = "site:index"

# Languages: the public reads English, Simplified Chinese and Japanese. This list is the
# one place that names them; an event's ``languages`` picks among them.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ja", _("Japanese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"  # storage; pages show each event's own zone
USE_TZ = True

# Cache: Redis when REDIS_URL is set (shared by every web process: rate limits, the "now on
# stage" cache); without it, production shares the database's cache table (`liaison serve`
# creates it) and the development server and the tests use this process's memory. The
# Redis backend answers "not cached" when Redis is down instead of failing the request
# (liaison.core.resilient_cache), so that the site keeps serving from the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "liaison.core.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
elif DEBUG or TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "liaison_cache",
        }
    }
# Sessions in the database: every web process sees the same sessions.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Uploaded files (videos, images): a local folder by default (MEDIA_ROOT; share it between
# machines, e.g. over NFS), or an S3-compatible bucket (MEDIA_STORAGE=s3, django-storages)
# that every web process and worker reaches. Files are served through Liaison's views
# (permissions, ranges), so the bucket needs no public access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local").strip().lower()

STATIC_URL = os.environ.get("STATIC_URL", "/static/")
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))


def _media_storage() -> dict:
    if MEDIA_STORAGE in ("", "local"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if MEDIA_STORAGE != "s3":
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE={MEDIA_STORAGE!r} is not known: use 'local' (the default, "
            "MEDIA_ROOT) or 's3' (an S3-compatible bucket named by AWS_STORAGE_BUCKET_NAME)"
        )
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and AWS_ACCESS_KEY_ID, "
            "AWS_SECRET_ACCESS_KEY, AWS_S3_ENDPOINT_URL for a service other than AWS)"
        )
    options = {
        "bucket_name": bucket,
        "location": os.environ.get("AWS_LOCATION", "media"),
        "default_acl": None,
        "querystring_auth": _flag("AWS_QUERYSTRING_AUTH", default=True),
        "file_overwrite": False,
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),
    ):
        if os.environ.get(variable, "").strip():
            options[option] = os.environ[variable].strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": _media_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if not (DEBUG or TESTING):
    # Production serves collected static files itself (run `liaison collectstatic` first);
    # the development server and the tests serve them from the apps' folders.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

# REST API v1 (../shared/design/api.md): token or session auth, one error format.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": [
        "liaison.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "liaison.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "liaison.api.errors.handle",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liaison API",
    "DESCRIPTION": "REST API v1 of Liaison: events, registration, check-in, programme, "
    "matchmaking and news.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents the API's common error answers (400, 401, 403, 404, 429).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "liaison.api.schema.add_common_errors",
    ],
    # Several models have a "status" or "kind" choice: each gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "EventStatusEnum": "liaison.events.models.EventStatus",
        "RegistrationStatusEnum": "liaison.registration.models.RegistrationStatus",
        "MeetingRequestStatusEnum": "liaison.matchmaking.models.RequestStatus",
        "ScheduleRunStatusEnum": "liaison.matchmaking.models.RunStatus",
        "ScheduleRunKindEnum": "liaison.matchmaking.models.RunKind",
        "AgendaKindEnum": "liaison.programme.models.AgendaKind",
        "OpportunityKindEnum": "liaison.matchmaking.models.OpportunityKind",
    },
}

# The hybrid programme: the online channel's Jitsi Meet server (room names are generated per
# event and per parallel session), and the size limit of a video message.
JITSI_BASE_URL = os.environ.get("JITSI_BASE_URL", "").strip()
VIDEO_MAX_BYTES = int(os.environ.get("VIDEO_MAX_BYTES", str(2 * 1024**3)))
VIDEO_MAX_SECONDS = 2 * 60 * 60

# E-mail: console by default, so nothing leaves the machine unless configured. In production
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST and friends; the
# file-based backend (EMAIL_FILE_PATH) writes each message to a file (scripts/production-stack).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Liaison <noreply@liaison.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = _flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# The public address of the site (links in e-mails), e.g. https://liaison.example.org
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# Background tasks: inline without a broker, Celery on Redis with one.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is given to another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "liaison"
# Beat's record of when each periodic task last ran (run beat on ONE worker of a deployment).
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(VAR_DIR / "celerybeat-schedule")
)

# Security defaults.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind TLS (the default outside DEBUG and the tests; HTTPS=0 for a plain-HTTP trial on
# one machine): secure cookies, HSTS, redirect to https, and trust the proxy's
# X-Forwarded-Proto to say that a request came in over https.
HTTPS = _flag("HTTPS", default=not (DEBUG or TESTING))
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = _flag("HSTS_PRELOAD", default=True)
    # /healthz and /readyz answer the load balancer's plain-HTTP probes.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Logs: JSON lines with the request id (LOG_FORMAT=json, the default outside DEBUG), or
# plain text for a developer's terminal (LOG_FORMAT=text, the default with DEBUG).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "liaison.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "liaison.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "liaison": {"level": os.environ.get("LIAISON_LOG_LEVEL", "INFO"), "propagate": True},
    },
}

# Matchmaking: scheduling runs (seconds for a full run and for a repair after a change; a
# running run without a heartbeat for MATCHMAKING_HEARTBEAT_TIMEOUT seconds is failed).
MATCHMAKING_TIME_LIMIT = float(os.environ.get("MATCHMAKING_TIME_LIMIT", "30"))
MATCHMAKING_REPAIR_TIME_LIMIT = float(os.environ.get("MATCHMAKING_REPAIR_TIME_LIMIT", "10"))
MATCHMAKING_HEARTBEAT_TIMEOUT = float(os.environ.get("MATCHMAKING_HEARTBEAT_TIMEOUT", "60"))
MATCHMAKING_WORKERS = int(os.environ.get("MATCHMAKING_WORKERS", "1"))
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    "matchmaking-reminders": {"task": "matchmaking.send_reminders", "schedule": 300.0},
    "matchmaking-reap-runs": {"task": "matchmaking.reap_stale_runs", "schedule": 60.0},
    # Import previews left without a confirmation or a cancel (liaison.registration.previews).
    "registration-purge-import-previews": {
        "task": "registration.purge_import_previews",
        "schedule": 3600.0,
    },
    # Background work recorded in the outbox whose hand-over to the broker failed (or whose
    # worker died) is run again from there (liaison.core.outbox).
    "core-outbox-flush": {"task": "core.outbox_flush", "schedule": 15.0},
}
