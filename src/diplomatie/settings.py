"""Django settings, read from the environment (see the table in README.md)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import django_stubs_ext
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from diplomatie import env

# Lets generic Django classes (QuerySet[Model], ModelAdmin[Model]) be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent

# `diplomatie demo` sets DIPLOMATIE_DEMO: debug on, cookies without the Secure flag,
# mail written to files. Everywhere else the defaults are those of production.
DEMO = env.get_bool("DIPLOMATIE_DEMO", default=False)
DATA_DIR = env.data_dir()
SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.get_bool("DEBUG", default=DEMO)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "django_countries",
    "axes",
    "csp",
    "django_htmx",
    "diplomatie.core",
    "diplomatie.directory",
    "diplomatie.accounts",
    "diplomatie.access",
    "diplomatie.audit",
    "diplomatie.publications",
    "diplomatie.routing",
    "diplomatie.journal",
    "diplomatie.notifications",
    "diplomatie.communities",
    "diplomatie.audience",
    "diplomatie.signatures",
    "diplomatie.parapheur",
    "diplomatie.demo",
    "django_tasks",
    "django_tasks_db",
]

# --- Second factor (TOTP, passkeys, recovery codes): django-otp and django-otp-webauthn.
# OTPMiddleware right after AuthenticationMiddleware (it makes `request.user.is_verified()`);
# our gate after the messages, so that it can say why it redirects.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # second factor
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "diplomatie.accounts.second_factor.middleware.SecondFactorMiddleware",  # second factor
    # Accreditation and security charter: an external's account works only while their
    # accreditation is current, and leads to the charter until they accept it (after the
    # second factor of a sign-in, whose pages are exempt from the charter).
    "diplomatie.accounts.gate.ExternalAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "diplomatie.urls"
WSGI_APPLICATION = "diplomatie.wsgi.application"
ASGI_APPLICATION = "diplomatie.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "diplomatie.core.context_processors.platform",
                "diplomatie.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: DATABASE_URL, else a SQLite file in the data directory (WAL, busy timeout).
DATABASES = {"default": env.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: Django's Tasks API, stored in the database and run by `diplomatie worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Attachments: size limit, checked on the content as it arrives.
ATTACHMENT_MAX_BYTES = env.get_int("ATTACHMENT_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Signatures: master key of the stored private keys, public address printed in certificates
# (CRL distribution point), external RFC 3161 time-stamping authority (else the instance's own).
SIGNATURE_KEY = env.signature_key(DATA_DIR)
PUBLIC_URL = env.get_str("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
TSA_URL = env.get_str("TSA_URL", "").strip()
TSA_CA_FILE = env.get_str("TSA_CA_FILE", "").strip()
SIGNATURE_ORGANISATION = env.get_str("SIGNATURE_ORGANISATION", "Ministère des Affaires étrangères")

# Cache: Redis when REDIS_URL is set, else in process memory.
REDIS_URL = env.get_str("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "diplomatie",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "directory.Agent"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Throttling of failed sign-ins (django-axes): locked for a while after repeated failures.
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.get_int("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "diplomatie.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# --- Single sign-on and sessions (accounts: sso.py, sessions.py, middleware.py) ---------
# OpenID Connect for the ministry's agents, on when OIDC_RP_CLIENT_ID is set: give the
# provider's OIDC_ISSUER (endpoints discovered) or each OIDC_OP_*_ENDPOINT.
OIDC_ISSUER = env.get_str("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_RP_CLIENT_ID = env.get_str("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = env.get_str("OIDC_RP_CLIENT_SECRET", "").strip()
OIDC_OP_AUTHORIZATION_ENDPOINT = env.get_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = env.get_str("OIDC_OP_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = env.get_str("OIDC_OP_USER_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = env.get_str("OIDC_OP_JWKS_ENDPOINT", "").strip()
OIDC_OP_LOGOUT_ENDPOINT = env.get_str("OIDC_OP_LOGOUT_ENDPOINT", "").strip()
OIDC_ENABLED = env.oidc_enabled(
    client_id=OIDC_RP_CLIENT_ID,
    client_secret=OIDC_RP_CLIENT_SECRET,
    issuer=OIDC_ISSUER,
    endpoints={
        "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
        "OIDC_OP_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
    },
)
OIDC_RP_SIGN_ALGO = env.get_str("OIDC_RP_SIGN_ALGO", "RS256")
if OIDC_RP_SIGN_ALGO not in {"RS256", "RS384", "RS512", "PS256", "ES256", "ES384"}:
    raise env.ConfigurationError(
        f"OIDC_RP_SIGN_ALGO={OIDC_RP_SIGN_ALGO!r}: use an asymmetric algorithm such as RS256 "
        "(the ID token is checked against the provider's published keys)."
    )
OIDC_RP_SCOPES = "openid email"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = env.get_int("OIDC_TIMEOUT_SECONDS", default=10)
OIDC_VERIFY_SSL: bool | str = env.get_str("OIDC_CA_FILE", "").strip() or True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
OIDC_REDIRECT_ALLOWED_HOSTS: list[str] = []
AUTHENTICATION_BACKENDS += ["diplomatie.accounts.sso.MinistryOIDCBackend"]
# Sessions end after SESSION_IDLE_MINUTES without activity, and SESSION_ABSOLUTE_HOURS
# after sign-in whatever the activity.
SESSION_IDLE_TIMEOUT = env.get_int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_TIMEOUT = env.get_int("SESSION_ABSOLUTE_HOURS", default=10) * 60 * 60
if SESSION_IDLE_TIMEOUT <= 0 or SESSION_ABSOLUTE_TIMEOUT <= 0:
    raise env.ConfigurationError(
        "SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS must be whole numbers above zero."
    )
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "diplomatie.accounts.middleware.SessionTimeoutMiddleware",
)
# --- end of single sign-on and sessions ---------------------------------------------------

# --- Second factor. The relying party of the passkeys is PUBLIC_URL's host; the issuer
# shown by authenticator apps is the platform's name. The libraries' own throttling is off:
# failures are counted in the audit log and lock like the password (5 in 15 minutes).
OTP_TOTP_ISSUER = "Diplomatie"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_WEBAUTHN_RP_NAME = "Diplomatie"
OTP_WEBAUTHN_RP_ID = urlsplit(PUBLIC_URL).hostname or "localhost"
# The library's own checks read this list; our helper takes PUBLIC_URL when a ceremony runs.
# Browsers offer passkeys on https:// or http://localhost only: on another plain-HTTP address
# (the demo's 127.0.0.1) the passkey button stays hidden and authenticator apps still work.
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    PUBLIC_URL if PUBLIC_URL.startswith(("https://", "http://localhost")) else "http://localhost"
]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "diplomatie.accounts.second_factor.passkeys.Helper"
SECOND_FACTOR_MAX_FAILURES = env.get_int("SECOND_FACTOR_MAX_FAILURES", default=5)
SECOND_FACTOR_LOCK_MINUTES = env.get_int("SECOND_FACTOR_LOCK_MINUTES", default=15)
# --- end of second factor.

# Sessions and cookies.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.get_bool("SESSION_COOKIE_SECURE", default=not DEMO)
SESSION_COOKIE_AGE = env.get_int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", default=0 if DEMO else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEMO
# --- Security test suite (issue 9): `check --deploy` clean in production ---------------
# The HSTS header asks browsers to preload the domain (production only); the load
# balancer's health probe may stay on plain HTTP when every other address goes to HTTPS.
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", default=not DEMO)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
# --- end of the security test suite's block ---------------------------------------------
if env.get_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Internationalisation: French and English, chosen from the browser and switchable.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.get_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# Static and uploaded files, served by the application itself (WhiteNoise): no CDN.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
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
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: EMAIL_URL (smtp://user:password@host:587/?tls=True) when set.
_email = env.email(DEMO, DATA_DIR)
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
for _key, _value in _email.items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Diplomatie <no-reply@diplomatie.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "diplomatie": {"level": env.get_str("LOG_LEVEL", "INFO")},
        # Failed sign-ins are in the audit log already.
        "axes": {"level": "ERROR"},
    },
}
