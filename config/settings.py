"""Convergence settings: one module, read from the environment.

Every knob a deployment turns is an environment variable (see README.md). Development
and production differ only in what the environment says, never in which file is loaded.
"""

import os
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from core.abuse import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, valid: range | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if valid is not None and number not in valid:
        raise ImproperlyConfigured(
            f"{name} must be from {valid.start} to {valid.stop - 1}, not {number}."
        )
    return number


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be {' or '.join(choices)}, not {value!r}.")
    return value


def env_time(name: str, default: str) -> time:
    """A time of day like 07:00, checked at start-up."""
    value = os.environ.get(name, "").strip() or default
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a time of day like 07:00, not {value!r}."
        ) from None


def env_rate(name: str, default: str) -> str:
    """A rate like 5/m, checked at start-up; empty turns the limit off."""
    value = os.environ.get(name, default).strip()
    if value:
        try:
            parse_rate(value)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {error}.") from None
    return value


# --- Core -------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Never generated, never defaulted: a guessable key signs sessions and CSRF tokens.
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (see README.md).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "Convergence")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "Curated briefings where AI meets Web3")
SITE_DISCLAIMER = os.environ.get(
    "SITE_DISCLAIMER",
    "Briefings are for information only and are not financial, investment or legal advice. "
    "Crypto-assets are volatile; do your own research before acting on anything you read here.",
)

INSTALLED_APPS = [
    # The admin with its login throttled and a second factor (staff/sites.py).
    "staff.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "staff",
    "images",
    "articles",
    "comments",
    "tickers",
    "newsletter",
    "sponsors",
]

MIDDLEWARE = [
    "core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.compression.CompressionMiddleware",
    # Before sessions and auth: a cached page for an anonymous reader costs none of them.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "staff.middleware.SecondFactorMiddleware",
    "staff.middleware.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
    {
        # Only `.jinja` files: the comment thread, which compiles to Python (comments/jinja.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "comments.jinja.environment"},
    },
]

# --- Data -------------------------------------------------------------------------------

# Without DATABASE_URL the site runs on an embedded SQLite file, so `make run` needs nothing.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=env_int("CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL and immediate transactions let several gunicorn workers share the file.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caching (README.md "Caching") -------------------------------------------------------

# One cache every process shares, so no two workers ever show different data: Redis when
# REDIS_URL is set (failing soft: core/cache.py), else diskcache, which all the processes of
# one machine share with atomic add/incr (the rate limits count right under several workers;
# Django's own file cache reads then writes). README.md "Caching" has the measurements.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "core.cache.LocalCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            # Least recently stored entries go first past this size.
            "OPTIONS": {"size_limit": 512 * 1024 * 1024},
        }
    )
}
# How long an anonymous reader's page is kept at most (purges end it sooner); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60, valid=range(7 * 24 * 3600 + 1))
# Varnish (or any cache that takes `PURGE` with an `xkey` header) to purge on every change,
# e.g. http://10.0.0.5:6081/ ; the task worker sends the purges.
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URLS")
HTTP_CACHE_PURGE_TIMEOUT = 3.0

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The site serves uploads itself (gunicorn too), so images work with no front server; turn it
# off where nginx or a bucket serves /media/ (README.md "Images").
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# An S3-compatible bucket (django-storages) when named, so several app servers share one
# library; else files under MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Public, content-named files: plain URLs a CDN can cache, no expiring signatures.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if AWS_STORAGE_BUCKET_NAME
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

# --- Security ---------------------------------------------------------------------------

# HTTPS is assumed wherever DEBUG is off; `make run` sets HTTPS=0 for plain http on localhost.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain http
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# HSTS starts at one minute, as cookiecutter-django does: a mistake is undone a minute later.
# Raise it, add subdomains and preload step by step once HTTPS is proven (README "Production").
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Logging ----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Briefings --------------------------------------------------------------------------

ARTICLES_PER_PAGE = 10

# --- Price ticker -----------------------------------------------------------------------

# `demo` walks prices offline; `coingecko` calls /simple/price (README.md "Prices").
TICKER_PROVIDER = env_choice("TICKER_PROVIDER", "demo", ("demo", "coingecko"))
# Providers in order of preference; a coin the first cannot price is asked of the next.
TICKER_PROVIDERS = env_list("TICKER_PROVIDERS") or [TICKER_PROVIDER]
TICKER_PROVIDERS = [name.lower() for name in TICKER_PROVIDERS]
if unknown := set(TICKER_PROVIDERS) - {"demo", "coingecko", "coinpaprika"}:
    raise ImproperlyConfigured(
        f"TICKER_PROVIDERS may name demo, coingecko and coinpaprika, not {sorted(unknown)}."
    )
if len(set(TICKER_PROVIDERS)) != len(TICKER_PROVIDERS):
    raise ImproperlyConfigured("TICKER_PROVIDERS names a provider twice.")
COINGECKO_API_KEY = os.environ.get("COINGECKO_API_KEY", "")
COINGECKO_BASE_URL = os.environ.get(
    "COINGECKO_BASE_URL", "https://api.coingecko.com/api/v3"
).rstrip("/")
COINPAPRIKA_BASE_URL = os.environ.get(
    "COINPAPRIKA_BASE_URL", "https://api.coinpaprika.com/v1"
).rstrip("/")
TICKER_CONNECT_TIMEOUT = 3.0
TICKER_READ_TIMEOUT = 5.0
# All providers of one refresh share this many seconds; one left without time is not asked.
TICKER_REFRESH_BUDGET = 20.0
# A provider failing this many refreshes in a row rests for the cool-off (a 429's Retry-After
# when it sends one, capped by the maximum), then is tried again.
TICKER_BREAKER_FAILURES = 3
TICKER_BREAKER_COOLOFF_SECONDS = 5 * 60
TICKER_BREAKER_MAX_COOLOFF_SECONDS = 60 * 60
# A price that moved more than this share within the window is held back unless another
# provider agrees within the tolerance.
try:
    TICKER_MAX_JUMP = float(os.environ.get("TICKER_MAX_JUMP", "").strip() or 0.5)
except ValueError:
    raise ImproperlyConfigured("TICKER_MAX_JUMP must be a fraction such as 0.5.") from None
if not 0 < TICKER_MAX_JUMP < 1000:
    raise ImproperlyConfigured("TICKER_MAX_JUMP must be a fraction above 0, such as 0.5.")
TICKER_JUMP_WINDOW_SECONDS = 10 * 60
TICKER_AGREE_TOLERANCE = 0.02
# Quotes older than this are shown as delayed.
TICKER_STALE_AFTER_SECONDS = 10 * 60
TICKER_HISTORY_DAYS = 7
# Every refresh and coin edit rewrites the cached strip in the shared cache; the lifetime is a
# safety net for changes that bypass them (a bulk update in a shell, a restored backup).
TICKER_CACHE_SECONDS = 60
TICKER_JSON_MAX_AGE = 30
# refresh_prices says in one line what it did; httpx would add a line per request.
LOGGING["loggers"]["httpx"] = {"level": "WARNING"}

# --- Comments ---------------------------------------------------------------------------

COMMENTS_MODERATION = env_choice("COMMENTS_MODERATION", "first-time", ("first-time", "all", "none"))
COMMENTS_RATE_LIMIT = env_rate("COMMENTS_RATE_LIMIT", "5/m")  # posts per IP: N/s|m|h|d
# A comment's stored path holds 12 levels (comments/models.py).
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 5, valid=range(1, 13))
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)  # 0: never close by age
COMMENTS_DISALLOWED_WORDS = env_list("COMMENTS_DISALLOWED_WORDS")
COMMENTS_MIN_SECONDS_TO_POST = env_int("COMMENTS_MIN_SECONDS_TO_POST", 3)
COMMENTS_NOTIFY_MODERATORS = env_bool("COMMENTS_NOTIFY_MODERATORS", False)
# Top-level conversations per page of a thread; which page comes first (oldest|newest).
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 100, valid=range(1, 10_001))
COMMENTS_PAGE_ORDER = env_choice("COMMENTS_PAGE_ORDER", "oldest", ("oldest", "newest"))
COMMENTS_EDIT_SECONDS = env_int("COMMENTS_EDIT_SECONDS", 600)  # the author's edit window
COMMENTS_REPLY_EMAIL_SECONDS = env_int("COMMENTS_REPLY_EMAIL_SECONDS", 600)  # min gap per address

# --- Public forms ---------------------------------------------------------------------------

# X-Forwarded-For is read only when the connection comes from one of these addresses
# (core/abuse.py). COMMENTS_TRUSTED_PROXIES is the earlier name, still honoured.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES") or env_list("COMMENTS_TRUSTED_PROXIES")

# --- Email and background tasks ---------------------------------------------------------------

# Every email is sent by `manage.py db_worker` (django-tasks' database backend), never during
# a request: a task row is written in the same transaction as what caused it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Work that failed on an outside service (SMTP, an HTTP cache purge) is tried again after
# 30 s, 60 s, 120 s, ... and given up after this many attempts, with an error in the log.
TASK_RETRY_ATTEMPTS = 6
TASK_RETRY_SECONDS = 30
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Convergence <noreply@localhost>")

# --- Discovery --------------------------------------------------------------------------

# Bylines, feeds and JSON-LD link a user to their author page.
ABSOLUTE_URL_OVERRIDES = {
    "auth.user": lambda user: reverse("articles:author", kwargs={"username": user.username}),
}

# --- Newsletter -----------------------------------------------------------------------------

# Signups per IP (N/s|m|h|d), and how fast a person can possibly fill in the form.
NEWSLETTER_RATE_LIMIT = os.environ.get("NEWSLETTER_RATE_LIMIT", "10/h")
NEWSLETTER_MIN_SECONDS_TO_SUBMIT = env_int("NEWSLETTER_MIN_SECONDS_TO_SUBMIT", 2)
NEWSLETTER_CONFIRM_DAYS = 7  # how long a confirmation link works
NEWSLETTER_RESEND_MINUTES = 10  # at most one confirmation email per address in this time
NEWSLETTER_WEEKLY_WEEKDAY = env_int("NEWSLETTER_WEEKLY_WEEKDAY", 0)  # weekly digest: Monday
# When send_digest runs, in UTC (deploy/systemd/convergence-digest.timer): the editorial
# calendar marks it. Keep the two in step.
NEWSLETTER_DIGEST_TIME = env_time("NEWSLETTER_DIGEST_TIME", "07:00")
# Sending (newsletter/sending.py): deliveries per batch (one SMTP connection each), parallel
# senders per digest, how long a claim holds, retries of 4xx/timeouts with doubling pauses.
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)
NEWSLETTER_SENDERS = env_int("NEWSLETTER_SENDERS", 4)
NEWSLETTER_BATCHES_PER_TASK = 10
NEWSLETTER_CLAIM_SECONDS = 600
NEWSLETTER_MAX_ATTEMPTS = 5
NEWSLETTER_RETRY_SECONDS = 60
NEWSLETTER_HARD_BOUNCES = 3  # permanent refusals before a subscriber is marked bounced
NEWSLETTER_QUEUE_CHUNK = 2000  # subscribers read and deliveries inserted per round trip

# --- Sponsors ---------------------------------------------------------------------------

# Enquiries from /advertise/ go to these addresses, else to the members of the Editors group.
ADVERTISING_EMAIL = env_list("ADVERTISING_EMAIL")
SPONSORS_RATE_LIMIT = os.environ.get("SPONSORS_RATE_LIMIT", "3/h")  # enquiries per IP
SPONSORS_MIN_SECONDS_TO_POST = env_int("SPONSORS_MIN_SECONDS_TO_POST", 3)
SPONSORS_MAX_LINKS = 3  # links in an enquiry's message
SPONSORS_IMAGE_MAX_BYTES = 1024 * 1024
# An edit clears the day's cached choice for every process (the cache is shared); the lifetime
# is a safety net for changes that bypass the admin.
SPONSORS_CACHE_SECONDS = 60

# --- Images -----------------------------------------------------------------------------

# Uploads refused beyond these (README.md "Images"): bytes, pixels a side, pixels in all (Pillow
# refuses a decompression bomb before decoding it), frames of an animation.
IMAGES_MAX_UPLOAD_BYTES = env_int("IMAGES_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
IMAGES_MAX_SIDE = env_int("IMAGES_MAX_SIDE", 10_000)
IMAGES_MAX_PIXELS = env_int("IMAGES_MAX_PIXELS", 50_000_000)
IMAGES_MAX_FRAMES = env_int("IMAGES_MAX_FRAMES", 100)

# --- Staff accounts (README.md "Staff accounts") ---------------------------------------------

# django-axes counts failed sign-ins per account and address, and per address across accounts.
AUTHENTICATION_BACKENDS = [
    "staff.lockout.StaffAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
ADMIN_LOGIN_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5, valid=range(1, 1001))
ADMIN_LOCKOUT_MINUTES = env_int("ADMIN_LOCKOUT_MINUTES", 15, valid=range(1, 7 * 24 * 60 + 1))
# One address may fail this often across all accounts: an office behind one NAT mistypes
# now and then; a script trying names does not stop at four times one person's allowance.
ADMIN_ADDRESS_FAILURE_LIMIT = ADMIN_LOGIN_FAILURE_LIMIT * 4
AXES_FAILURE_LIMIT = ADMIN_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=ADMIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "staff.lockout.StaffLoginHandler"
AXES_CLIENT_IP_CALLABLE = "core.abuse.client_ip"  # the same TRUSTED_PROXIES rule as the forms
AXES_LOCKOUT_CALLABLE = "staff.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# A lockout lasts ADMIN_LOCKOUT_MINUTES from the last counted failure, not from every refusal.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Sign-ins are in the audit trail; axes' own log and admin pages would repeat it.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # lockouts, not every attempt

# optional: a second factor is asked of those who set one up; required: everyone sets one up.
STAFF_2FA = env_choice("STAFF_2FA", "optional", ("optional", "required"))
OTP_TOTP_ISSUER = SITE_NAME
OTP_WEBAUTHN_RP_NAME = SITE_NAME
# Passkeys belong to the site's host name. Browsers refuse them on an IP address, so a local
# SITE_URL of http://127.0.0.1:8000 offers them on http://localhost:8000 instead.
_site = urlsplit(SITE_URL)
if _site.hostname and not _site.hostname.replace(".", "").isdigit():
    OTP_WEBAUTHN_RP_ID = _site.hostname
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [SITE_URL]
else:
    OTP_WEBAUTHN_RP_ID = "localhost"
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"http://localhost:{_site.port or 80}"]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second factor, after the password
