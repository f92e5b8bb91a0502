"""motcua settings. Everything that differs between machines comes from the environment.

MOTCUA_ENV=production switches DEBUG off and makes the secret key, the allowed hosts and the
database URL required; see docs/deployment.md for every variable.
"""

import json
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

import dj_database_url
import xstatic.pkg.leaflet

from motcua.env import env_bool, env_int, env_list, env_str


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("MOTCUA_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY",
    None if PRODUCTION else "development-only-key-never-used-in-production",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated host names) in production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("MOTCUA_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "motcua.core",
    "motcua.accounts",
    "motcua.units",
    "motcua.catalogue",
    "motcua.documents",
    "motcua.eforms",
    "motcua.notifications",
    "motcua.dossiers",
    "motcua.workflow",
    "motcua.payments",
    "motcua.engagement",
    "motcua.assistant",
    "motcua.exchange",
    "motcua.indicators",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves the collected static files with far-future caching; runserver does it in development.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
                "motcua.notifications.context_processors.notices",
                "motcua.indicators.context_processors.reports",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the zero-set-up default; PostgreSQL (DATABASE_URL=postgres://...) in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if PRODUCTION and DATABASES["default"]["ENGINE"].endswith("sqlite3") and not env_bool("MOTCUA_ALLOW_SQLITE", False):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL (or MOTCUA_ALLOW_SQLITE=true).")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue instead of failing with "database is locked"; WAL lets readers go on.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses a locked-out account before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dossiers:mine"
LOGOUT_REDIRECT_URL = "catalogue:home"
AXES_FAILURE_LIMIT = env_int("MOTCUA_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MOTCUA_SIGNIN_LOCKOUT_MINUTES", 15))
# Locks the account, whatever address the attempts come from. Not by IP: a whole service centre
# or post office shares one address, and one person's typos must not lock everyone out.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Sign-in through an OpenID Connect provider (VNeID, the national portal); off when no issuer.
MOTCUA_OIDC = {
    "name": env_str("MOTCUA_OIDC_NAME", "vneid"),
    "label": env_str("MOTCUA_OIDC_LABEL", "Đăng nhập bằng tài khoản định danh điện tử"),
    "issuer": env_str("MOTCUA_OIDC_ISSUER", ""),
    "client_id": env_str("MOTCUA_OIDC_CLIENT_ID", ""),
    "client_secret": env_str("MOTCUA_OIDC_CLIENT_SECRET", ""),
    "scope": env_str("MOTCUA_OIDC_SCOPE", "openid profile email phone"),
    "national_id_claim": env_str("MOTCUA_OIDC_NATIONAL_ID_CLAIM", "national_id"),
}
PASSWORD_RESET_TIMEOUT = env_int("MOTCUA_SET_PASSWORD_LINK_SECONDS", 3 * 24 * 3600)
MOTCUA_RESET_CODE_MINUTES = env_int("MOTCUA_RESET_CODE_MINUTES", 15)

# --- Language, time ----------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
FORMAT_MODULE_PATH = ["motcua.formats"]
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
# Leaflet for the map, served from the xstatic-leaflet package like the rest of the static files.
STATICFILES_DIRS = [("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
# Map tiles: any XYZ tile server (OpenStreetMap's by default, the city's own in production);
# empty shows the service points as a list only.
MOTCUA_MAP_TILES = env_str("MOTCUA_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MOTCUA_MAP_ATTRIBUTION = env_str("MOTCUA_MAP_ATTRIBUTION", "© OpenStreetMap contributors")
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
S3_BUCKET = env_str("MOTCUA_S3_BUCKET", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": env_str("MOTCUA_S3_ENDPOINT_URL", "") or None,
                "region_name": env_str("MOTCUA_S3_REGION", "") or None,
                "access_key": env_str("MOTCUA_S3_ACCESS_KEY", ""),
                "secret_key": env_str("MOTCUA_S3_SECRET_KEY", ""),
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads stream to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MOTCUA_UPLOAD_MAX_BYTES = env_int("MOTCUA_UPLOAD_MAX_MB", 50) * 1024 * 1024

# VNPay (payment gateway). The defaults point at the local sandbox shipped with motcua.
MOTCUA_VNPAY = {
    "url": env_str("MOTCUA_VNPAY_URL", f"{SITE_URL.rstrip('/')}/thanh-toan/sandbox/vnpay/"),
    "tmn_code": env_str("MOTCUA_VNPAY_TMN_CODE", "MOTCUADEV"),
    "hash_secret": env_str("MOTCUA_VNPAY_HASH_SECRET", "" if PRODUCTION else "motcua-vnpay-sandbox-secret"),
    # The merchant API (querydr), e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction
    "api_url": env_str("MOTCUA_VNPAY_API_URL", f"{SITE_URL.rstrip('/')}/thanh-toan/sandbox/vnpay/api"),
}


# Exchange with the national public-service portal: the shared key id and secret both sides sign
# requests with, and where status changes are sent (the shipped simulator in development).
class NationalPortalSettings(TypedDict):
    """The type of MOTCUA_NATIONAL_PORTAL (strings and one flag), for the type checker."""

    key: str
    secret: str
    status_url: str
    catalogue_url: str
    sync_local: bool


MOTCUA_NATIONAL_PORTAL: NationalPortalSettings = {
    "key": env_str("MOTCUA_NATIONAL_PORTAL_KEY", "dvcqg-dev"),
    "secret": env_str("MOTCUA_NATIONAL_PORTAL_SECRET", "" if PRODUCTION else "motcua-dvcqg-dev-secret"),
    "status_url": env_str("MOTCUA_NATIONAL_PORTAL_STATUS_URL", "http://127.0.0.1:8025/dvcqg"),
    # The national procedures database's changes feed (catalogue sync, manage.py sync_catalogue).
    "catalogue_url": env_str("MOTCUA_NATIONAL_PORTAL_CATALOGUE_URL", "http://127.0.0.1:8025/dvcqg/thu-tuc"),
    # Sync the states of dossiers submitted here too (Decision 766 counts every dossier's sync).
    "sync_local": env_bool("MOTCUA_NATIONAL_PORTAL_SYNC_LOCAL", True),
}

# Working days an agency has to answer a phản ánh, kiến nghị (Decree 20/2008/NĐ-CP: 10).
MOTCUA_FEEDBACK_DAYS = env_int("MOTCUA_FEEDBACK_DAYS", 10)
MOTCUA_FEEDBACK_RATE = env_str("MOTCUA_FEEDBACK_RATE", "5/h")  # per address
MOTCUA_ASSISTANT_RATE = env_str("MOTCUA_ASSISTANT_RATE", "30/m")  # questions per address

# The national public-service portal's payment platform (INIT / CONFIRM / QUERY with MaXacThuc).
MOTCUA_PAYGOV = {
    "url": env_str("MOTCUA_PAYGOV_URL", f"{SITE_URL.rstrip('/')}/thanh-toan/sandbox/paygov/"),
    "partner_code": env_str("MOTCUA_PAYGOV_PARTNER_CODE", "MOTCUADEV"),
    "secret": env_str("MOTCUA_PAYGOV_SECRET", "" if PRODUCTION else "motcua-paygov-sandbox-secret"),
    # Where the platform's payment pages live (for the Content-Security-Policy), when not at the API's origin.
    "pages_origin": env_str("MOTCUA_PAYGOV_PAGES_ORIGIN", ""),
}

# Signing certificates (PKCS#12 per agency) and the roots signatures are checked against.
MOTCUA_PKI_DIR = Path(env_str("MOTCUA_PKI_DIR", str(VAR_DIR / "pki")))
MOTCUA_PKI_PASSWORD = env_str("MOTCUA_PKI_PASSWORD", "" if PRODUCTION else "motcua-dev")
MOTCUA_PKI_TRUST_ROOTS = env_list("MOTCUA_PKI_TRUST_ROOTS", [])
# Development: make an agency's certificate from the local CA the first time it signs.
MOTCUA_PKI_AUTO_DEV = env_bool("MOTCUA_PKI_AUTO_DEV", not PRODUCTION)

# --- Cache: per process by default; search results are keyed by the catalogue's revision, so
# several processes never serve a stale catalogue for more than two seconds.
CACHES = {
    "default": {
        "BACKEND": env_str("MOTCUA_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("MOTCUA_CACHE_LOCATION", "motcua"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
MOTCUA_SEARCH_CACHE_SECONDS = env_int("MOTCUA_SEARCH_CACHE_SECONDS", 600)
MOTCUA_CATALOGUE_REVISION_SECONDS = env_int("MOTCUA_CATALOGUE_REVISION_SECONDS", 2)

# --- Background tasks (Django's tasks framework; worker: manage.py db_worker) ----------------
TASKS = {
    "default": {
        "BACKEND": env_str("MOTCUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Messages to people (the outbox delivers them through these) ---------------------------
_SMTP = env_str("DJANGO_EMAIL_HOST", "")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _SMTP,
                "port": env_int("DJANGO_EMAIL_PORT", 587),
                "username": env_str("DJANGO_EMAIL_USER", ""),
                "password": env_str("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_TLS", True),
                "timeout": 20,
            },
        }
        if _SMTP
        # No mail server configured (development): messages are printed by the worker.
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Cổng Dịch vụ công Đà Nẵng <khongtraloi@localhost>")
MOTCUA_SMS_GATEWAY_URL = env_str("MOTCUA_SMS_GATEWAY_URL", "")
MOTCUA_ZALO_GATEWAY_URL = env_str("MOTCUA_ZALO_GATEWAY_URL", "")
MOTCUA_GATEWAY_TOKEN = env_str("MOTCUA_GATEWAY_TOKEN", "")
MOTCUA_GATEWAY_TIMEOUT = env_int("MOTCUA_GATEWAY_TIMEOUT", 10)  # seconds before a gateway counts as down
# Brand-name SMS gateways bill by message; GSM 7-bit (no diacritics) fits 160 characters, Unicode 70.
MOTCUA_SMS_UNACCENTED = env_bool("MOTCUA_SMS_UNACCENTED", True)
# Zalo Notification Service: the Official Account's access token and the approved template per event
# (JSON, e.g. {"dossier.received": "231456"}); admins may also set them per template.
MOTCUA_ZALO_ACCESS_TOKEN = env_str("MOTCUA_ZALO_ACCESS_TOKEN", "")
MOTCUA_ZALO_TEMPLATE_IDS = json.loads(env_str("MOTCUA_ZALO_TEMPLATE_IDS", "{}"))

# --- Security ----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
if env_bool("DJANGO_BEHIND_PROXY", PRODUCTION):
    # The reverse proxy (nginx, a load balancer) terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# Where the client's address is, for per-address limits (the public status look-up). Behind a
# proxy that sets it (and overwrites what the client sent): e.g. HTTP_X_REAL_IP.
RATELIMIT_IP_META_KEY = env_str("MOTCUA_CLIENT_IP_HEADER", "REMOTE_ADDR")
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *([_origin(MOTCUA_MAP_TILES.replace("{s}", "a"))] if MOTCUA_MAP_TILES else [])],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    # The pay button's form redirects to the payment gateway, which form-action must allow.
    "form-action": [
        "'self'",
        *sorted(
            {_origin(MOTCUA_VNPAY["url"]), _origin(MOTCUA_PAYGOV["pages_origin"] or MOTCUA_PAYGOV["url"])}
            - {_origin(SITE_URL)}
        ),
    ],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "motcua.core.api.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "motcua.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "API của Cổng dịch vụ công và hệ thống một cửa điện tử (phiên bản 1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ChannelKindEnum": "motcua.catalogue.models.Channel.Kind",
        "FeeKindEnum": "motcua.catalogue.models.Fee.Kind",
        "TimeUnitEnum": "motcua.catalogue.models.TimeUnit",
        "DossierStatusEnum": "motcua.dossiers.models.Status",
        "UnitKindEnum": "motcua.units.models.AdministrativeUnit.Kind",
        "AgencyKindEnum": "motcua.units.models.Agency.Kind",
        "UnitLevelEnum": "motcua.units.models.AdministrativeUnit.Level",
        "ProcedureLevelEnum": "motcua.catalogue.models.Level",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Site facts shown in the layout ----------------------------------------------------------
MOTCUA_SITE = {
    "name": env_str("MOTCUA_SITE_NAME", "Cổng Dịch vụ công thành phố Đà Nẵng"),
    "owner": env_str("MOTCUA_SITE_OWNER", "Ủy ban nhân dân thành phố Đà Nẵng"),
    "hotline": env_str("MOTCUA_HOTLINE", "1022"),
    "email": env_str("MOTCUA_CONTACT_EMAIL", ""),
    "address": env_str("MOTCUA_CONTACT_ADDRESS", ""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("MOTCUA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
