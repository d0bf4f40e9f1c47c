"""Django settings for the dashboard: every value from the environment (config.py), none to edit here."""

from __future__ import annotations

import os
from pathlib import Path

from . import config

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = config.secret_key()
DEBUG = False
ALLOWED_HOSTS = config.allowed_hosts()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csc_scorecard.web.apps.WebConfig",
]
OIDC = config.flag(config.ENV_OIDC)
if OIDC:
    INSTALLED_APPS.append("mozilla_django_oidc")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csc_scorecard.web.middleware.ContentSecurityPolicy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "csc_scorecard.web.middleware.SlidingSession",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "csc_scorecard.web.urls"
WSGI_APPLICATION = "csc_scorecard.web.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "csc_scorecard.web.roles.context",
    ]},
}]

DATABASES = {"default": config.database_setting()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new passwords are hashed with it; the others only verify older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
if OIDC:
    AUTHENTICATION_BACKENDS.append("csc_scorecard.web.oidc.Backend")
    OIDC_RP_CLIENT_ID = config.required("SCORECARD_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = config.required("SCORECARD_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = config.required("SCORECARD_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = config.required("SCORECARD_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = config.required("SCORECARD_OIDC_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = config.required("SCORECARD_OIDC_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "scorecard"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins: 5 in a row for one user name from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "scorecard_web/locked.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("SCORECARD_PROXY_COUNT", "0")) or None

# Sessions end after inactivity: requests push the expiry on (middleware.SlidingSession, at most once a
# minute); closing the browser ends them too.
SESSION_COOKIE_AGE = 60 * config.session_minutes()
# Sessions live in the app database, read through a per-process memory cache (a miss reads the database,
# so several gunicorn workers stay consistent; signing out deletes both).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "scorecard"}}
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Served over HTTPS (behind a proxy): cookies only ever over HTTPS, HSTS, and the proxy's scheme trusted.
HTTPS = config.flag(config.ENV_HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith((".", "["))]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True  # serve the package's static files without a collectstatic step
WHITENOISE_AUTOREFRESH = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # uploads go to a temporary file, never held in memory
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Nothing child-level is logged: Django's request logging would write URLs, which hold no child IDs,
# and errors go to stderr without the request body.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"plain_refusals": {"()": "csc_scorecard.web.logfilter.PlainRefusals"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "filters": ["plain_refusals"]}},
    "loggers": {"django": {"handlers": ["stderr"], "level": "WARNING"},
                "axes": {"handlers": ["stderr"], "level": "WARNING"},
                "csc_scorecard": {"handlers": ["stderr"], "level": "WARNING"}},
}
