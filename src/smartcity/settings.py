"""Settings, all from the environment with safe defaults.

SMARTCITY_MODE: dev (default), demo or production. Production refuses to start without
SECRET_KEY and never runs with DEBUG. The embedded default is SQLite in WAL mode under var/.
"""
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from smartcity.i18n import compile_catalogues

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SMARTCITY_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATA_DIR = Path(os.environ.get("SMARTCITY_DATA_DIR", VAR_DIR / "data")).resolve()

MODE = os.environ.get("SMARTCITY_MODE", "dev").strip().lower()
if MODE not in {"dev", "demo", "production"}:
    raise ImproperlyConfigured(f"SMARTCITY_MODE must be dev, demo or production, not {MODE!r}")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False if MODE == "production" else _env_bool("DEBUG", MODE == "dev")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if MODE == "production":
        raise ImproperlyConfigured("SECRET_KEY must be set in production mode")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _field_keys() -> list[str]:
    """Fernet keys for personal data at rest (one-stop dossiers). The first encrypts, all
    decrypt (rotation): SMARTCITY_FIELD_KEYS=new,old. Outside production a key is made once
    into var/field_key; production requires the variable."""
    keys = [k.strip() for k in os.environ.get("SMARTCITY_FIELD_KEYS", "").split(",") if k.strip()]
    if keys:
        return keys
    if MODE == "production":
        raise ImproperlyConfigured("SMARTCITY_FIELD_KEYS must be set in production mode")
    key_file = VAR_DIR / "field_key"
    if not key_file.exists():
        import base64

        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        key_file.chmod(0o600)
    return [key_file.read_text().strip()]


FIELD_ENCRYPTION_KEYS = _field_keys()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "smartcity.core",
    "smartcity.hub",
    "smartcity.alerts",
    "smartcity.environment",
    "smartcity.mobility",
    "smartcity.programme",
    "smartcity.onestop",
    "smartcity.gis",
    "smartcity.lighting",
    "smartcity.sanitation",
    "smartcity.toilets",
    "smartcity.water",
    "smartcity.maintenance",
    "smartcity.economy",
    "smartcity.surveys",
    "smartcity.innovation",
    "smartcity.research",
    "smartcity.schools",
    "smartcity.opendata",
    "smartcity.wifi",
    "smartcity.participation",
    "smartcity.portal",
    "smartcity.opscentre",
    "smartcity.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "smartcity.portal.cache.CacheHitMiddleware",  # cached public website pages, before sessions and auth
    "django.contrib.sessions.middleware.SessionMiddleware",
    "smartcity.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "smartcity.urls"
WSGI_APPLICATION = "smartcity.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

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
                "django.template.context_processors.i18n",
                "smartcity.core.context_processors.platform",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if os.environ.get("SMARTCITY_TEST_DB_NAME"):
            db["TEST"] = {"NAME": os.environ["SMARTCITY_TEST_DB_NAME"]}
    else:
        # persistent like the DATABASE_URL ones: opening a SQLite connection runs the PRAGMAs
        # below and closing the last one checkpoints the WAL, ~4 ms each per request
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "smartcity.sqlite3"),
              "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the single writer; IMMEDIATE avoids lock upgrades
        # that fail under concurrent writers; the busy timeout queues writers instead.
        db.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            }
        )
        db["TEST"] = {"NAME": os.environ.get("SMARTCITY_TEST_SQLITE") or None}
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
compile_catalogues()

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = []
try:  # Leaflet comes from its PyPI package, never from a CDN
    import xstatic.pkg.leaflet as _leaflet

    STATICFILES_DIRS.append(("leaflet", _leaflet.BASE_DIR))
except ImportError:  # pragma: no cover - declared dependency
    pass
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

# the address people reach the platform at, for links in e-mails and webhooks
SMARTCITY_BASE_URL = os.environ.get("SMARTCITY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ALERTS_INDEX_TTL = float(os.environ.get("ALERTS_INDEX_TTL", 2))
ALERTS_NOTIFY_MAX_AGE_S = int(os.environ.get("ALERTS_NOTIFY_MAX_AGE_S", 86400))
ALERTS_WEBHOOK_TIMEOUT = float(os.environ.get("ALERTS_WEBHOOK_TIMEOUT", 5))
MQTT_URL = os.environ.get("MQTT_URL", "").strip()
MQTT_CLIENT_ID = os.environ.get("MQTT_CLIENT_ID", "smartcity-bridge").strip()
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
SMARTCITY_MAP_TILES = os.environ.get("SMARTCITY_MAP_TILES", "").strip()

# Background jobs: Huey, stored in SQLite under var/ by default, in Redis when REDIS_URL is set.
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "smartcity", "url": REDIS_URL, "immediate": False}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "name": "smartcity", "filename": str(VAR_DIR / "tasks.sqlite3"), "immediate": False}
HUEY["immediate"] = _env_bool("HUEY_IMMEDIATE", False)

# Cache (rate limits of public forms and APIs, cached catalogue files): one shared by every
# web process when REDIS_URL is set, otherwise each process's own memory.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "smartcity"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Hub ingestion limits
HUB_MAX_BODY_BYTES = int(os.environ.get("HUB_MAX_BODY_BYTES", 32 * 1024 * 1024))
HUB_MAX_ROWS = int(os.environ.get("HUB_MAX_ROWS", 100_000))
HUB_FUTURE_TOLERANCE_S = int(os.environ.get("HUB_FUTURE_TOLERANCE_S", 300))
DATA_UPLOAD_MAX_MEMORY_SIZE = HUB_MAX_BODY_BYTES
# hourly rollups older than this are trimmed (daily rollups are kept); unset: keep all
HUB_HOURLY_ROLLUP_RETENTION_DAYS = int(os.environ.get("HUB_HOURLY_ROLLUP_RETENTION_DAYS") or 0) or None

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "smartcity.core.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["smartcity.core.permissions.OwnerPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "smartcity.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Binh Duong Smart City API",
    "DESCRIPTION": "Nền tảng Thành phố Thông minh Bình Dương / Binh Duong Smart City platform",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AlertSeverityEnum": "smartcity.alerts.models.Severity",
        "AlertRuleKindEnum": "smartcity.alerts.models.RuleKind",
        "AlertEventActionEnum": "smartcity.alerts.models.EventAction",
    },
}

# The demo keeps its mail and notices in var/outbox/ (one file per message batch, and
# notices.log), so the console shows the platform's own messages, not a thousand e-mails.
OUTBOX_DIR = VAR_DIR / "outbox"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", {"production": "django.core.mail.backends.smtp.EmailBackend",
                                                 "demo": "django.core.mail.backends.filebased.EmailBackend"}.get(
                                                     MODE, "django.core.mail.backends.console.EmailBackend"))
EMAIL_FILE_PATH = str(OUTBOX_DIR)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thongbao@smartcity.local")

if MODE == "production":
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"smartcity": {"level": os.environ.get("SMARTCITY_LOG_LEVEL", "INFO"), "propagate": True}},
}
if MODE == "demo":  # the log sender's notices to applicants go to var/outbox/notices.log
    OUTBOX_DIR.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["outbox"] = {"class": "logging.FileHandler", "filename": str(OUTBOX_DIR / "notices.log"),
                                     "encoding": "utf-8", "delay": True}
    LOGGING["loggers"]["smartcity.onestop.notify"] = {"handlers": ["outbox"], "level": "INFO", "propagate": False}

# One-stop notices to applicants: a sender per channel (dotted path; the log sender by
# default, so the demo never sends anything), the SMS gateway of the operator in use.
ONESTOP_SENDERS = {channel: os.environ[var] for channel, var in (("email", "ONESTOP_EMAIL_SENDER"), ("sms", "ONESTOP_SMS_SENDER"))
                   if os.environ.get(var)}
ONESTOP_SMS_GATEWAY_URL = os.environ.get("ONESTOP_SMS_GATEWAY_URL", "")
ONESTOP_SMS_GATEWAY_TOKEN = os.environ.get("ONESTOP_SMS_GATEWAY_TOKEN", "")
